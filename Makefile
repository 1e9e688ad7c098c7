# poshan: build, demo, test, bench, install. docs/development.md says what each does.
#
#   make          build/poshan and build/libposhan.a
#   make demo     install what is missing, build, evaluate the shipped weekly menu
#   make test     install what is missing, build, run every test, then again under ASan+UBSan,
#                 then every example of the docs (make check-docs), then the end-to-end test
#                 (headless Chromium against `poshan serve`), twice: against build/poshan and
#                 against the sanitizer build build/san/poshan
#   make e2e      the end-to-end test alone; screenshots in build/e2e/
#   make bench    the benchmarks, each as a ratio against a named baseline
#   make install PREFIX=/usr/local

PREFIX ?= /usr/local
VERSION = 0.1.0
CC ?= cc
OPT ?= -O2 -g
WARN = -std=gnu11 -Wall -Wextra -Werror
DATADIR ?= $(CURDIR)/nutrients
WEBDIR ?= $(CURDIR)/web
LOCALEDIR ?= $(CURDIR)/build/locale
DEFS = -DPOSHAN_VERSION='"$(VERSION)"' -DPOSHAN_DATADIR='"$(DATADIR)"' -DPOSHAN_WEBDIR='"$(WEBDIR)"' \
       -DPOSHAN_LOCALEDIR='"$(LOCALEDIR)"'
LIBS = -lglpk -lcsv -lcjson -lsqlite3 -lgsl -lgslcblas -lmicrohttpd -lsodium -lcrypto -lpthread -lm
SAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# The engine's layers are folders (engine/README.md says what each holds).
# The library is every folder but cli/ and server/, and it is compiled seeing
# only its own headers, so a library file that includes a command-line or web
# header does not build; `make check-layers` says the same in words.
# The languages poshan speaks besides English: po/LANG.po, compiled by msgfmt.
PO_LANGS = hi
MO_FILES = $(foreach l,$(PO_LANGS),build/locale/$(l)/LC_MESSAGES/poshan.mo)

LIB_DIRS = base foods lab store plans stats report
LIB_SRC = $(foreach d,$(LIB_DIRS),$(wildcard engine/$(d)/*.c))
SERVER_SRC = $(wildcard engine/server/*.c)
CLI_SRC = $(wildcard engine/cli/*.c)
TEST_SRC = $(wildcard tests/*.c)
LIB_HEADERS = $(foreach d,$(LIB_DIRS),$(wildcard engine/$(d)/*.h))
HEADERS = $(wildcard engine/*/*.h) $(wildcard tests/*.h)
LIB_INC = $(foreach d,$(LIB_DIRS),-Iengine/$(d))
ALL_INC = $(LIB_INC) -Iengine/server -Iengine/cli
# Which headers a source file may see: the library its own, the server the
# library's and its own, the command line and the tests everything.
inc = $(if $(filter engine/server/%,$(1)),$(LIB_INC) -Iengine/server,$(if $(filter engine/cli/% tests/% fuzz/%,$(1)),$(ALL_INC),$(LIB_INC)))

# Two builds from the same sources: build/ (optimised) and build/san/ (sanitizers).
obj = $(patsubst %.c,$(1)/obj/%.o,$(2))

.PHONY: all deps demo test check check-docs check-layers e2e bench install clean
all: build/poshan build/libposhan.a $(MO_FILES) build/poshan.1

deps:
	@scripts/install-deps.sh

define BUILD
$(1)/obj/%.o: %.c $(HEADERS)
	@mkdir -p $$(dir $$@)
	@echo "  CC $$@"
	@$(CC) $(WARN) $(2) $(DEFS) $$(call inc,$$<) -c $$< -o $$@

$(1)/libposhan.a: $(call obj,$(1),$(LIB_SRC) $(SERVER_SRC))
	@rm -f $$@ && ar rcs $$@ $$^

$(1)/poshan: $(call obj,$(1),$(CLI_SRC)) $(1)/libposhan.a
	@echo "  LD $$@"
	@$(CC) $(2) -o $$@ $$^ $(LIBS)

$(1)/test_poshan: $(call obj,$(1),$(TEST_SRC)) $(1)/libposhan.a $(1)/poshan $(MO_FILES)
	@echo "  LD $$@"
	@$(CC) $(2) -o $$@ $(call obj,$(1),$(TEST_SRC)) $(1)/libposhan.a -lcriterion $(LIBS)
endef
$(eval $(call BUILD,build,$(OPT)))
$(eval $(call BUILD,build/san,-O1 -g $(SAN)))

# Message catalogues (engine/base/i18n.h). `make pot` gathers every _() string
# of the C sources, and every {{_ text}} of the page templates (through
# scripts/web-strings.py), into po/poshan.pot and merges it into each po/LANG.po.
build/locale/%/LC_MESSAGES/poshan.mo: po/%.po
	@mkdir -p $(dir $@)
	@echo "  MSGFMT $@"
	@msgfmt --check -o $@ $<

# `make pot-template POT_OUT=FILE` writes the template alone (scripts/check-po.sh
# gathers a fresh one into a temporary file with it, so both read the same strings):
# the C sources' _() strings, then the page templates' {{_ text}} (scripts/web-strings.py).
POT_OUT ?= po/poshan.pot
.PHONY: pot pot-template
pot-template:
	@mkdir -p $(dir $(POT_OUT)) build/po
	xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=P_:1,2 --keyword=C_:1c,2 \
	  --add-comments=TRANSLATORS: --package-name=poshan --package-version=$(VERSION) \
	  --sort-by-file -o $(POT_OUT) $(sort $(LIB_SRC) $(SERVER_SRC) $(CLI_SRC))
	scripts/web-strings.py $(sort $(wildcard web/*.html)) >build/po/web.pot
	xgettext --join-existing --from-code=UTF-8 --sort-by-file -o $(POT_OUT) build/po/web.pot
pot: pot-template
	@for l in $(PO_LANGS); do msgmerge --quiet --update --backup=none po/$$l.po po/poshan.pot; done

# The manual page, from the same markdown as the docs (docs/poshan.1.md),
# converted by Debian's go-md2man; its examples run in `make check-docs`.
build/poshan.1: docs/poshan.1.md
	@mkdir -p build
	@echo "  MAN $@"
	@sed 's/@VERSION@/$(VERSION)/' $< | go-md2man -out $@

demo:
	@scripts/install-deps.sh
	@$(MAKE) --no-print-directory all
	./build/poshan menu evaluate menus/chhattisgarh-weekly.json

# The tests run from the top directory (fixtures are found by relative path);
# POSHAN_BIN tells the command-line tests which binary to run.
test:
	@scripts/install-deps.sh
	@scripts/check-layers.sh
	@scripts/check-po.sh
	@$(MAKE) --no-print-directory build/test_poshan build/san/test_poshan $(MO_FILES)
	POSHAN_BIN=build/poshan ./build/test_poshan --jobs 2
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  POSHAN_BIN=build/san/poshan ./build/san/test_poshan --jobs 2
	scripts/check-docs.sh
	tests/e2e.sh
	POSHAN_BIN=build/san/poshan E2E_OUT=build/e2e-san tests/e2e.sh
	@$(MAKE) --no-print-directory fuzz-short
check: test

# Every example of README.md and docs/ runs, so the docs cannot drift
# (scripts/check-docs.sh says how examples are marked).
check-docs: build/poshan $(MO_FILES)
	@scripts/check-docs.sh

# The library includes nothing of the command line or the web server.
check-layers:
	@scripts/check-layers.sh

e2e:
	@scripts/install-deps.sh
	@$(MAKE) --no-print-directory all
	tests/e2e.sh

bench:
	@scripts/install-deps.sh --bench
	@$(MAKE) --no-print-directory all
	scripts/bench.sh

install:
	$(MAKE) --no-print-directory clean-release
	$(MAKE) --no-print-directory all DATADIR=$(PREFIX)/share/poshan/nutrients WEBDIR=$(PREFIX)/share/poshan/web \
	  LOCALEDIR=$(PREFIX)/share/locale
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/poshan \
	  $(DESTDIR)$(PREFIX)/share/poshan/nutrients $(DESTDIR)$(PREFIX)/share/poshan/menus \
	  $(DESTDIR)$(PREFIX)/share/poshan/web $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 build/poshan $(DESTDIR)$(PREFIX)/bin/poshan
	install -m 644 build/poshan.1 $(DESTDIR)$(PREFIX)/share/man/man1/poshan.1
	install -m 644 build/libposhan.a $(DESTDIR)$(PREFIX)/lib/libposhan.a
	install -m 644 $(LIB_HEADERS) $(DESTDIR)$(PREFIX)/include/poshan/
	cp -R nutrients/. $(DESTDIR)$(PREFIX)/share/poshan/nutrients/
	cp -R menus/. $(DESTDIR)$(PREFIX)/share/poshan/menus/
	cp -R web/. $(DESTDIR)$(PREFIX)/share/poshan/web/
	for l in $(PO_LANGS); do \
	  install -D -m 644 build/locale/$$l/LC_MESSAGES/poshan.mo $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/poshan.mo; \
	done
	$(MAKE) --no-print-directory clean-release

clean-release:
	rm -rf build/obj build/poshan build/libposhan.a

clean:
	rm -rf build

# libFuzzer targets, one for each reader of outside input: fuzz/fuzz_NAME.c
# with its seed inputs in fuzz/corpus-NAME/. `make fuzz` runs each for
# FUZZ_SECONDS; `make test` runs a short, fixed number of inputs of each.
FUZZ_SECONDS ?= 120
FUZZ_RUNS ?= 20000
FUZZ_CC = clang
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_NAMES = $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_BINS = $(addprefix build/fuzz_,$(FUZZ_NAMES))
build/fuzz_%: fuzz/fuzz_%.c $(LIB_SRC) $(HEADERS)
	@mkdir -p build
	@echo "  LD $@"
	@$(FUZZ_CC) $(WARN) $(FUZZ_FLAGS) $(DEFS) $(LIB_INC) -o $@ $< $(LIB_SRC) $(LIBS)

# The login form is read by the server itself: its target runs the server in
# the process, so it links the server's sources as well.
build/fuzz_login: fuzz/fuzz_login.c $(LIB_SRC) $(SERVER_SRC) $(HEADERS)
	@mkdir -p build
	@echo "  LD $@"
	@$(FUZZ_CC) $(WARN) $(FUZZ_FLAGS) $(DEFS) $(LIB_INC) -Iengine/server -o $@ $< $(LIB_SRC) $(SERVER_SRC) $(LIBS)

# New inputs go to build/, never into the committed seeds under fuzz/.
.PHONY: fuzz fuzz-short
fuzz: $(FUZZ_BINS)
	@for n in $(FUZZ_NAMES); do \
	  mkdir -p build/fuzz-corpus-$$n && \
	  ./build/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) -max_len=4096 build/fuzz-corpus-$$n fuzz/corpus-$$n || exit 1; \
	done
fuzz-short: $(FUZZ_BINS)
	@for n in $(FUZZ_NAMES); do \
	  rm -rf build/fuzz-short-$$n && mkdir -p build/fuzz-short-$$n && \
	  ./build/fuzz_$$n -runs=$(FUZZ_RUNS) -max_len=4096 -seed=1 build/fuzz-short-$$n fuzz/corpus-$$n \
	    2>build/fuzz-short-$$n.log || { tail -40 build/fuzz-short-$$n.log; exit 1; }; \
	  echo "fuzz $$n: $$(tail -1 build/fuzz-short-$$n.log)"; \
	done
