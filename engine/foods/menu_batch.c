/* menu_batch.c: every school's menu from one long CSV, streamed (see menu.h).
 *
 * A district holds thousands of school menus, so this reads one ingredient
 * row at a time and keeps only the school-day being summed: memory does not
 * grow with the file. That needs a school's rows together; a school (or a
 * school's day) that comes back after others is reported as a bad row rather
 * than silently split into two answers. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "i18n.h"
#include "menu.h"

enum { COL_SCHOOL, COL_LEVEL, COL_DAY, COL_DISH, COL_FOOD, COL_GRAMS, NCOLS };

/* A set of UDISE codes (11 digits, so they fit in 64 bits). */
typedef struct udise_set {
    uint64_t *slots;   /* 0 = empty; codes are stored + 1 */
    size_t nslots, count;
} udise_set;

static int udise_set_add(udise_set *s, uint64_t code) {
    if ((s->count + 1) * 2 > s->nslots) {
        size_t n = s->nslots ? s->nslots * 2 : 1024;
        uint64_t *slots = calloc(n, sizeof *slots);
        if (slots == NULL) return -1;
        for (size_t i = 0; i < s->nslots; i++) {
            if (!s->slots[i]) continue;
            size_t j = (s->slots[i] * 0x9E3779B97F4A7C15ULL) >> 20 & (n - 1);
            while (slots[j]) j = (j + 1) & (n - 1);
            slots[j] = s->slots[i];
        }
        free(s->slots);
        s->slots = slots;
        s->nslots = n;
    }
    size_t j = ((code + 1) * 0x9E3779B97F4A7C15ULL) >> 20 & (s->nslots - 1);
    while (s->slots[j] && s->slots[j] != code + 1) j = (j + 1) & (s->nslots - 1);
    if (!s->slots[j]) { s->slots[j] = code + 1; s->count++; }
    return 0;
}

static int udise_set_has(const udise_set *s, uint64_t code) {
    if (s->nslots == 0) return 0;
    size_t j = ((code + 1) * 0x9E3779B97F4A7C15ULL) >> 20 & (s->nslots - 1);
    while (s->slots[j]) {
        if (s->slots[j] == code + 1) return 1;
        j = (j + 1) & (s->nslots - 1);
    }
    return 0;
}

/* What the batch knows of each food, worked out the first time it is used. */
typedef struct food_facts {
    int known;
    int group;          /* norm group, -1 none */
    int counts_in_cost; /* not supplied free */
    double rs_per_kg;   /* negative: no price */
} food_facts;

typedef struct batch {
    const char *name;
    const poshan_foods *foods;
    const poshan_norms *norms;
    const poshan_batch_options *options;
    poshan_school_day_fn fn;
    void *ctx;
    poshan_batch_stats *stats;
    food_facts *facts;
    udise_set finished;            /* schools whose rows have ended */
    /* the school and school-day being summed */
    int have_school, active;
    uint64_t school;
    char school_text[16];
    int level;
    char day[64];
    char (*days_done)[64];         /* this school's finished (level, day)s */
    int *days_done_level;
    size_t ndays_done, days_done_cap;
    poshan_school_day current;
    size_t pending_bad;            /* bad rows for the next school-day (see count_left_out) */
} batch;

/* Reports a bad row: fatal with --strict, else told to on_bad_row and skipped. */
static poshan_status bad_row(batch *b, poshan_error *err, long line, const char *field,
                             const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static poshan_status bad_row(batch *b, poshan_error *err, long line, const char *field,
                             const char *fmt, ...) {
    char message[sizeof err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    poshan_error e;
    poshan_error_set(&e, POSHAN_EINPUT, b->name, line, field, _("%s"), message);
    b->stats->bad_rows++;
    if (b->options->strict) {
        *err = e;
        return POSHAN_EINPUT;
    }
    if (b->options->on_bad_row) {
        poshan_status st = b->options->on_bad_row(b->ctx, &e);
        if (st != POSHAN_OK) { *err = e; return st; }
    }
    return POSHAN_OK;
}

static poshan_status emit(batch *b, poshan_error *err) {
    if (!b->active) return POSHAN_OK;
    b->active = 0;
    poshan_school_day *d = &b->current;
    d->school_udise = b->school_text;
    d->level = b->level;
    d->day = b->day;
    poshan_meal_settle(&d->meal, &b->norms->levels[b->level]);
    poshan_meal_judge(&d->meal, &b->norms->levels[b->level], &d->judged);
    b->stats->school_days++;
    /* remember the day so that its coming back later is caught */
    if (b->ndays_done == b->days_done_cap) {
        size_t cap = b->days_done_cap ? b->days_done_cap * 2 : 16;
        char (*days)[64] = realloc(b->days_done, cap * sizeof *days);
        if (days) b->days_done = days;
        int *levels = realloc(b->days_done_level, cap * sizeof *levels);
        if (levels) b->days_done_level = levels;
        if (!days || !levels) return poshan_error_set(err, POSHAN_ESYSTEM, b->name, 0, NULL, _("out of memory"));
        b->days_done_cap = cap;
    }
    memcpy(b->days_done[b->ndays_done], b->day, sizeof b->day);
    b->days_done_level[b->ndays_done++] = b->level;
    return b->fn(b->ctx, d, err);
}

static int parse_udise(const char *text, uint64_t *out) {
    uint64_t v = 0;
    size_t n = 0;
    for (; text[n]; n++) {
        if (!isdigit((unsigned char)text[n])) return -1;
        v = v * 10 + (uint64_t)(text[n] - '0');
    }
    if (n != 11) return -1;
    *out = v;
    return 0;
}

static const food_facts *facts_of(batch *b, const poshan_food *food) {
    food_facts *f = &b->facts[food - b->foods->items];
    if (!f->known) {
        f->known = 1;
        f->group = poshan_norms_group_of(b->norms, food->group);
        f->counts_in_cost = f->group < 0 || !b->norms->groups[f->group].supplied_free;
        f->rs_per_kg = poshan_prices_rs_per_kg(b->options->prices, food);
    }
    return f;
}

static void add_food(poshan_meal *meal, const poshan_food *food, const food_facts *f, double grams) {
    double share = grams / 100.0;
    for (int n = 0; n < POSHAN_NUTRIENT_COUNT; n++) meal->nutrient[n] += share * food->per_100g[n];
    if (f->group >= 0) meal->group_g[f->group] += grams;
    if (!f->counts_in_cost) return;
    if (f->rs_per_kg >= 0) meal->cost_rs += grams / 1000.0 * f->rs_per_kg;
    else if (grams > 0) meal->unpriced++;
}

/* Every row left out is counted in a school-day's bad_rows, so that no total is
 * silently short: in its own school-day when that is the one being summed; when its
 * school-day cannot be told (an unreadable level or UDISE code) or was already
 * written (rows that come back), in the school-day being summed when the row names
 * its day, else in the next one to start. */
static void count_left_out(batch *b, const char *school_text, const char *day) {
    if (b->active && (school_text == NULL || strcmp(b->school_text, school_text) == 0) &&
        (day == NULL || strcmp(b->day, day) == 0))
        b->current.bad_rows++;
    else
        b->pending_bad++;
}

/* A school or day that comes back after its rows ended: counted in the school-day it
 * interrupts, which stays open. */
static int comes_back(batch *b, uint64_t school, const char *school_text, int level,
                      const char *day, long line, poshan_status *st, poshan_error *err) {
    const char *what = NULL;
    if ((!b->have_school || b->school != school) && udise_set_has(&b->finished, school))
        what = "school_udise";
    for (size_t i = 0; !what && b->have_school && b->school == school && i < b->ndays_done; i++)
        if (b->days_done_level[i] == level && strcmp(b->days_done[i], day) == 0) what = "day";
    if (!what) return 0;
    if (b->active) b->current.bad_rows++;
    else b->pending_bad++;
    if (strcmp(what, "day") == 0)
        *st = bad_row(b, err, line, "day", _("the rows of %s for this school and level must be "
                      "together: this day appeared earlier for school %s"), day, school_text);
    else
        *st = bad_row(b, err, line, "school_udise", _("the rows of school %s must be together: it "
                      "appeared earlier in the file, before other schools"), school_text);
    return 1;
}

/* Starts a new school-day if the key changed; refuses a school or day that
 * comes back after its rows ended. Returns 1 when the row must be skipped. */
static int switch_school_day(batch *b, uint64_t school, const char *school_text, int level,
                             const char *day, long line, poshan_status *st, poshan_error *err) {
    if (b->active && b->school == school && b->level == level && strcmp(b->day, day) == 0) return 0;
    if (comes_back(b, school, school_text, level, day, line, st, err)) return 1;
    if ((*st = emit(b, err)) != POSHAN_OK) return 1;
    if (!b->have_school || b->school != school) {
        if (b->have_school && udise_set_add(&b->finished, b->school) != 0) {
            *st = poshan_error_set(err, POSHAN_ESYSTEM, b->name, line, NULL, _("out of memory"));
            return 1;
        }
        b->have_school = 1;
        b->school = school;
        b->stats->schools++;
        b->ndays_done = 0;
    }
    b->active = 1;
    snprintf(b->school_text, sizeof b->school_text, "%s", school_text);
    b->level = level;
    snprintf(b->day, sizeof b->day, "%s", day);
    memset(&b->current, 0, sizeof b->current);
    b->current.first_line = line;
    b->current.bad_rows = b->pending_bad;
    b->pending_bad = 0;
    return 0;
}

static const poshan_csv_column batch_columns[NCOLS] = {
    {"school_udise", 1}, {"level", 1}, {"day", 1}, {"dish", 0}, {"food", 1}, {"grams", 1}};

static poshan_status batch_row(void *ctx, const poshan_csv_row *row, const int *index,
                               poshan_error *err) {
    batch *b = ctx;
    b->stats->lines++;
    const char *school_text = poshan_csv_field(row, index[COL_SCHOOL]);
    const char *level_text = poshan_csv_field(row, index[COL_LEVEL]);
    const char *day = poshan_csv_field(row, index[COL_DAY]);
    const char *food_text = poshan_csv_field(row, index[COL_FOOD]);
    const char *grams_text = poshan_csv_field(row, index[COL_GRAMS]);
    uint64_t school;
    if (parse_udise(school_text, &school) != 0) {
        count_left_out(b, NULL, day);
        return bad_row(b, err, row->line, "school_udise", _("'%s' is not a UDISE code: it must be "
                       "11 digits"), school_text);
    }
    int level = poshan_norms_level_index(b->norms, level_text);
    if (level < 0) {
        count_left_out(b, school_text, day);
        return bad_row(b, err, row->line, "level", _("'%s' is not a level; write primary or "
                       "upper_primary (in any case)"), level_text);
    }
    if (day[0] == '\0' || strlen(day) >= sizeof b->day) {
        count_left_out(b, school_text, NULL);
        return bad_row(b, err, row->line, "day", _("the day is empty or longer than %zu characters"),
                       sizeof b->day - 1);
    }
    poshan_status st = POSHAN_OK;
    if (switch_school_day(b, school, school_text, level, day, row->line, &st, err)) return st;

    const poshan_food *food = poshan_foods_find(b->foods, food_text);
    if (food == NULL) {
        poshan_error e;
        if (poshan_foods_resolve(b->foods, food_text, &food, &e) != POSHAN_OK) {
            b->current.bad_rows++;
            return bad_row(b, err, row->line, "food", _("%s"), e.message);
        }
    }
    double grams;
    if (poshan_parse_number(grams_text, &grams) != 1 || grams < 0 || grams > POSHAN_MAX_GRAMS_PER_CHILD) {
        b->current.bad_rows++;
        return bad_row(b, err, row->line, "grams", _("'%s' is not a quantity per child: write raw "
                       "edible grams from 0 to 1000"), grams_text);
    }
    /* a generic item's mix, or a name of several kinds: said the first time the food is met */
    if (!b->facts[food - b->foods->items].known && b->options->on_note) {
        poshan_error e;
        poshan_error_set(&e, POSHAN_OK, b->name, row->line, "food", "%s", "");
        if (food->nrecipe > 0) poshan_composite_note(b->foods, food, food_text, e.message, sizeof e.message);
        if (e.message[0] != '\0' || poshan_alias_note(b->foods, food, food_text, food_text, e.message, sizeof e.message)) {
            poshan_status st = b->options->on_note(b->ctx, &e);
            if (st != POSHAN_OK) { *err = e; return st; }
        }
    }
    add_food(&b->current.meal, food, facts_of(b, food), grams);
    return POSHAN_OK;
}

poshan_status poshan_menu_batch(FILE *in, const char *name, const poshan_foods *foods,
                                const poshan_norms *norms, const poshan_batch_options *options,
                                poshan_school_day_fn fn, void *ctx, poshan_batch_stats *stats,
                                poshan_error *err) {
    static const poshan_batch_options defaults = {0};
    batch b = {.name = name, .foods = foods, .norms = norms, .options = options ? options : &defaults,
               .fn = fn, .ctx = ctx, .stats = stats};
    memset(stats, 0, sizeof *stats);
    b.facts = calloc(foods->count + 1, sizeof *b.facts);
    if (b.facts == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, name, 0, NULL, _("out of memory"));
    poshan_status st = poshan_csv_read_table(in, name, batch_columns, NCOLS, 0, batch_row, &b, err);
    if (st == POSHAN_OK) st = emit(&b, err);
    free(b.facts);
    free(b.finished.slots);
    free(b.days_done);
    free(b.days_done_level);
    return st;
}
