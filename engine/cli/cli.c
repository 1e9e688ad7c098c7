/* cli.c: the `poshan` command: dispatch to sub-commands and shared helpers.
 * Each sub-command lives in its own cmd_*.c file. */
#include "cli.h"
#include "i18n.h"

#include <cjson/cJSON.h>
#include <malloc.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef POSHAN_VERSION
#define POSHAN_VERSION "0.1.0"
#endif
#ifndef POSHAN_DATADIR
#define POSHAN_DATADIR "nutrients"
#endif

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"foods", poshan_cmd_foods, N_("look up foods in IFCT 2017 and the product table")},
    {"menu", poshan_cmd_menu, N_("evaluate a menu (or every school's menus) against the norms")},
    {"report", poshan_cmd_report, N_("write an HTML report with charts (opens offline, prints on A4)")},
    {"serve", poshan_cmd_serve, N_("the web server: pages and a JSON API over the same library")},
    {"users", poshan_cmd_users, N_("add and list the users of the web server and their API tokens")},
    {"impact", poshan_cmd_impact, N_("effect of an intervention against comparison areas; power")},
    {"plan", poshan_cmd_plan, N_("what an intervention (soy milk, egg, breakfast) costs and adds")},
    {"lab", poshan_cmd_lab, N_("store lab results of meal samples; flag, summarise, export them")},
    {"growth", poshan_cmd_growth, N_("WHO 2007 z-scores of children's height and weight; prevalence")},
};
static const size_t ncommands = sizeof commands / sizeof commands[0];

static void print_help(FILE *out) {
    fprintf(out,
            _("poshan %s: nutrition analysis for the PM POSHAN Mid-Day Meal\n\n"
              "usage: poshan COMMAND [options]\n\ncommands:\n"),
            POSHAN_VERSION);
    for (size_t i = 0; i < ncommands; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, _(commands[i].summary));
    fprintf(out,
            _("\n`poshan COMMAND --help` describes a command.\n"
              "Data (foods, norms) come from %s; set POSHAN_DATA to use another directory.\n"
              "Exit status: 0 success, 1 bad input (the message names file, line and field), "
              "2 usage error.\n"),
            poshan_cli_data_dir());
}

/* A command runs for a second or two over files of a million rows, on the
 * virtual machines poshan is run on, where a first touch of a 4 KiB page
 * costs microseconds: page faults were a quarter of `impact estimate` on a
 * million rows. So the heap is grown once, by 48 MiB of address space (no
 * memory until touched), and that range is asked to be backed by 2 MiB
 * huge pages (Linux transparent huge pages, madvise(2) MADV_HUGEPAGE: a
 * hint, which the kernel may ignore); what is freed is kept for use again
 * rather than given back. A long-running server gives memory back as usual
 * and is left as it is. Anything that does not go as expected (another
 * allocator, as under AddressSanitizer) leaves the heap untouched. */
static void grow_heap_in_huge_pages(void) {
    enum { PIECE = 24 << 20 };   /* below the mmap threshold: from the heap */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);   /* glibc's largest */
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    void *a = malloc(PIECE), *b = malloc(PIECE);
    uintptr_t end = (uintptr_t)sbrk(0), start = ((uintptr_t)a + 4095) & ~(uintptr_t)4095;
    if (a && b && start < end && (uintptr_t)b < end && end - start <= 3 * (size_t)PIECE)   /* both in the heap */
        madvise((void *)start, end - start, MADV_HUGEPAGE);
    free(b);
    free(a);
}

int main(int argc, char **argv) {
    /* The command line speaks the user's language, as gettext programs do
     * (LANGUAGE, LC_ALL, LC_MESSAGES, LANG); a command's --lang overrides it. */
    poshan_i18n_init();
    poshan_lang_begin(poshan_lang_from_environment());
    if (argc < 2) {
        print_help(stderr);
        return POSHAN_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        print_help(stdout);
        return POSHAN_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("poshan %s\n", POSHAN_VERSION);
        return POSHAN_EXIT_OK;
    }
    if (strcmp(argv[1], "serve") != 0) grow_heap_in_huge_pages();
    for (size_t i = 0; i < ncommands; i++)
        if (strcmp(argv[1], commands[i].name) == 0) return commands[i].run(argc - 1, argv + 1);
    return poshan_cli_usage(NULL, _("unknown command '%s'"), argv[1]);
}

int poshan_cli_report(poshan_status status, const poshan_error *err) {
    char text[2048];
    poshan_error_format(err, text, sizeof text);
    fprintf(stderr, "poshan: %s\n", text);
    return status == POSHAN_EUSAGE ? POSHAN_EXIT_USAGE : POSHAN_EXIT_INPUT;
}

int poshan_cli_usage(const char *command, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("poshan: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, _("\nrun `poshan %s%s--help` for usage\n"), command ? command : "",
            command ? " " : "");
    return POSHAN_EXIT_USAGE;
}

const char *poshan_cli_account(void) {
    const char *user = getenv("USER");
    if (user && user[0]) return user;
    /* cron, systemd, containers and `sudo -i` may leave $USER unset: ask the system, as id(1) does */
    struct passwd *pw = getpwuid(geteuid());
    return pw && pw->pw_name && pw->pw_name[0] ? pw->pw_name : "unknown";
}

const char *poshan_cli_data_dir(void) {
    const char *env = getenv("POSHAN_DATA");
    return env && env[0] ? env : POSHAN_DATADIR;
}

poshan_status poshan_cli_load_foods(poshan_foods *foods, char *const *extra, size_t nextra,
                                    poshan_error *err) {
    return poshan_cli_load_foods_with(foods, NULL, extra, nextra, err);
}

poshan_status poshan_cli_load_foods_with(poshan_foods *foods, const char *composites, char *const *extra,
                                         size_t nextra, poshan_error *err) {
    poshan_status st = poshan_foods_load_with(foods, poshan_cli_data_dir(), composites, err);
    for (size_t i = 0; st == POSHAN_OK && i < nextra; i++) st = poshan_foods_load(foods, extra[i], err);
    return st;
}

poshan_status poshan_cli_load_norms(poshan_norms *norms, const char *path, poshan_error *err) {
    char shipped[4096];
    if (path == NULL) {
        snprintf(shipped, sizeof shipped, "%s/norms.json", poshan_cli_data_dir());
        path = shipped;
    }
    return poshan_norms_load(norms, path, err);
}

poshan_status poshan_cli_load_growth(poshan_growth_reference *ref, poshan_error *err) {
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/who2007", poshan_cli_data_dir());
    return poshan_growth_load(ref, dir, err);
}

int poshan_cli_outcome(const char *command, const char *text, poshan_growth_reference *growth,
                       poshan_impact_options *o) {
    if (strcmp(text, "weight_kg") == 0) o->outcome = POSHAN_OUTCOME_WEIGHT_KG;
    else if (strcmp(text, "height_cm") == 0) o->outcome = POSHAN_OUTCOME_HEIGHT_CM;
    else {
        poshan_error err;
        poshan_status st = growth->scale ? POSHAN_OK : poshan_cli_load_growth(growth, &err);
        if (st != POSHAN_OK) return poshan_cli_report(st, &err);
        if (poshan_growth_outcome_parse(growth, text, &o->growth) != 0)
            return poshan_cli_usage(command, _("--outcome must be weight_kg, height_cm, haz, waz, baz, stunted, thin "
                                               "or overweight, not '%s'"), text);
        o->outcome = POSHAN_OUTCOME_GROWTH;
    }
    return 0;
}

int poshan_cli_format(const char *command, const char *text, poshan_format *out) {
    if (poshan_format_parse(text, out) == 0) return POSHAN_EXIT_OK;
    return poshan_cli_usage(command, _("--format must be table, json or csv, not '%s'"), text);
}


const char **poshan_cli_split_list(char *text, size_t *n) {
    size_t cap = 1;
    for (const char *p = text; *p; p++) cap += *p == ',';
    const char **items = malloc(cap * sizeof *items);
    *n = 0;
    for (char *tok = strtok(text, ","); items && tok; tok = strtok(NULL, ",")) items[(*n)++] = tok;
    return items;
}
