/* ifct_import.c: the IFCT 2017 source CSV to poshan's food table (see ifct_import.h). */
#include "ifct_import.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "foods.h"
#include "i18n.h"
#include "table.h"

/* ---- representations: unit and factor of each source column -------------- */

typedef struct unit_info {
    char column[32];
    char unit[16];
    double factor;   /* source grams times factor gives the value in unit */
} unit_info;

typedef struct rep_ctx {
    const char *path;
    unit_info items[512];
    size_t count;
} rep_ctx;

static const poshan_csv_column rep_columns[] = {{"code", 1}, {"type", 1}, {"factor", 1}, {"unit", 1}};

static poshan_status rep_row(void *ctx, const poshan_csv_row *row, const int *index,
                             poshan_error *err) {
    rep_ctx *c = ctx;
    if (c->count == sizeof c->items / sizeof c->items[0])
        return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, NULL, _("too many columns described"));
    unit_info *u = &c->items[c->count++];
    snprintf(u->column, sizeof u->column, "%s", poshan_csv_field(row, index[0]));
    snprintf(u->unit, sizeof u->unit, "%s", poshan_csv_field(row, index[3]));
    if (poshan_parse_number(poshan_csv_field(row, index[2]), &u->factor) != 1)
        return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, "factor",
                                _("'%s' is not a number"), poshan_csv_field(row, index[2]));
    return POSHAN_OK;
}

static const unit_info *rep_find(const rep_ctx *c, const char *column) {
    for (size_t i = 0; i < c->count; i++)
        if (strcmp(c->items[i].column, column) == 0) return &c->items[i];
    return NULL;
}

/* Grams in one of a unit, for the mass units the tables use. */
static double grams_per_unit(const char *unit) {
    if (strcmp(unit, "g") == 0) return 1;
    if (strcmp(unit, "mg") == 0) return 1e-3;
    if (strcmp(unit, "ug") == 0) return 1e-6;
    return 0;
}

/* ---- the column map: our nutrient <- source column, with a multiplier ---- */

typedef struct column_map {
    const char *path;
    int source_of[POSHAN_NUTRIENT_COUNT];   /* index in the compositions header, -1 none */
    char source_name[POSHAN_NUTRIENT_COUNT][32];
    double multiplier[POSHAN_NUTRIENT_COUNT];
} column_map;

static const poshan_csv_column map_columns[] = {{"column", 1}, {"ifct_column", 1}};

static poshan_status map_row(void *ctx, const poshan_csv_row *row, const int *index,
                             poshan_error *err) {
    column_map *m = ctx;
    const char *ours = poshan_csv_field(row, index[0]);
    for (int n = 0; n < POSHAN_NUTRIENT_COUNT; n++) {
        if (strcmp(poshan_nutrient_column(n), ours) == 0) {
            snprintf(m->source_name[n], sizeof m->source_name[n], "%s",
                     poshan_csv_field(row, index[1]));
            return POSHAN_OK;
        }
    }
    return poshan_error_set(err, POSHAN_EINPUT, m->path, row->line, "column",
                            _("'%s' is not one of poshan's nutrient columns"), ours);
}

/* The multiplier from a source value to ours, checked against the unit. */
static poshan_status resolve_units(column_map *m, const rep_ctx *reps, poshan_error *err) {
    for (int n = 0; n < POSHAN_NUTRIENT_COUNT; n++) {
        m->multiplier[n] = 0;
        if (m->source_name[n][0] == '\0') continue;
        const unit_info *u = rep_find(reps, m->source_name[n]);
        if (u == NULL)
            return poshan_error_set(err, POSHAN_EINPUT, reps->path, 0, m->source_name[n],
                                    _("the representations table does not describe column '%s'"),
                                    m->source_name[n]);
        const char *want = poshan_nutrient_unit(n);
        if (strcmp(want, "kJ") == 0 || strcmp(want, "kcal") == 0) {
            if (strcmp(u->unit, want) != 0 || u->factor != 1)
                return poshan_error_set(err, POSHAN_EINPUT, reps->path, 0, m->source_name[n],
                                        _("expected energy in %s, the table says %s (factor %g)"),
                                        want, u->unit, u->factor);
            m->multiplier[n] = 1;
            continue;
        }
        /* Mass: the source stores grams; the representation's factor must be
         * what its unit implies, else the source changed and we stop. */
        double g_src = grams_per_unit(u->unit), g_want = grams_per_unit(want);
        if (g_src == 0 || g_want == 0 || fabs(u->factor * g_src - 1) > 1e-9)
            return poshan_error_set(err, POSHAN_EINPUT, reps->path, 0, m->source_name[n],
                                    _("column '%s' has unit '%s' and factor %g, which do not "
                                    "agree; the import does not know how to read it"),
                                    m->source_name[n], u->unit, u->factor);
        m->multiplier[n] = 1.0 / g_want;
    }
    return POSHAN_OK;
}

/* ---- the compositions table ---------------------------------------------- */

enum { SRC_CODE, SRC_NAME, SRC_LANG, SRC_GROUP, SRC_FIXED };

typedef struct comp_ctx {
    const char *path;
    column_map *map;
    FILE *out;
    int fixed[SRC_FIXED];
    int have_header;
    size_t nfoods;
} comp_ctx;

/* "Food Code; code" -> "code" */
static const char *short_name(const char *header) {
    const char *semi = strrchr(header, ';');
    if (semi == NULL) return header;
    semi++;
    while (*semi == ' ') semi++;
    return semi;
}

static poshan_status comp_header(comp_ctx *c, const poshan_csv_row *row, poshan_error *err) {
    static const char *const fixed[SRC_FIXED] = {"code", "name", "lang", "grup"};
    for (int k = 0; k < SRC_FIXED; k++) c->fixed[k] = -1;
    for (int n = 0; n < POSHAN_NUTRIENT_COUNT; n++) c->map->source_of[n] = -1;
    for (size_t f = 0; f < row->count; f++) {
        const char *name = short_name(row->fields[f]);
        for (int k = 0; k < SRC_FIXED; k++)
            if (strcmp(name, fixed[k]) == 0) c->fixed[k] = (int)f;
        for (int n = 0; n < POSHAN_NUTRIENT_COUNT; n++)
            if (c->map->source_name[n][0] && strcmp(name, c->map->source_name[n]) == 0)
                c->map->source_of[n] = (int)f;
    }
    for (int k = 0; k < SRC_FIXED; k++)
        if (c->fixed[k] < 0)
            return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, fixed[k],
                                    _("the source has no column '%s'"), fixed[k]);
    for (int n = 0; n < POSHAN_NUTRIENT_COUNT; n++)
        if (c->map->source_name[n][0] && c->map->source_of[n] < 0)
            return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, c->map->source_name[n],
                                    _("the source has no column '%s'"), c->map->source_name[n]);
    fputs("code,name,local_names,group", c->out);
    for (int n = 0; n < POSHAN_NUTRIENT_COUNT; n++) fprintf(c->out, ",%s", poshan_nutrient_column(n));
    fputs(",energy_source\n", c->out);
    c->have_header = 1;
    return POSHAN_OK;
}

static void write_text(FILE *out, const char *s) {
    fputc(',', out);
    poshan_csv_write_field(out, s);
}

static poshan_status comp_row(void *ctx, const poshan_csv_row *row, poshan_error *err) {
    comp_ctx *c = ctx;
    if (!c->have_header) return comp_header(c, row, err);
    double v[POSHAN_NUTRIENT_COUNT];
    int blank[POSHAN_NUTRIENT_COUNT];
    for (int n = 0; n < POSHAN_NUTRIENT_COUNT; n++) {
        v[n] = 0;
        blank[n] = 1;
        if (c->map->source_of[n] < 0) continue;
        const char *text = poshan_csv_field(row, c->map->source_of[n]);
        int got = poshan_parse_number(text, &v[n]);
        if (got < 0 || v[n] < 0)
            return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, c->map->source_name[n],
                                    _("'%s' is not a non-negative number"), text);
        blank[n] = got == 0; /* blank in IFCT: below detectable limit */
        v[n] *= c->map->multiplier[n];
    }
    const char *source = "table";
    if (v[POSHAN_ENERGY_KJ] > 0) {
        v[POSHAN_ENERGY_KCAL] = v[POSHAN_ENERGY_KJ] / POSHAN_KJ_PER_KCAL;
    } else {
        /* IFCT gives the oils and fats energy 0: compute it from the macronutrients. */
        double p = v[POSHAN_PROTEIN_G], f = v[POSHAN_FAT_G], ch = v[POSHAN_CARBOHYDRATE_G],
               fib = v[POSHAN_FIBRE_G];
        v[POSHAN_ENERGY_KCAL] = poshan_energy_kcal_from_macros(p, f, ch, fib);
        v[POSHAN_ENERGY_KJ] = poshan_energy_kj_from_macros(p, f, ch, fib);
        source = "computed";
    }
    blank[POSHAN_ENERGY_KCAL] = blank[POSHAN_ENERGY_KJ] = 0;
    poshan_csv_write_field(c->out, poshan_csv_field(row, c->fixed[SRC_CODE]));
    write_text(c->out, poshan_csv_field(row, c->fixed[SRC_NAME]));
    write_text(c->out, poshan_csv_field(row, c->fixed[SRC_LANG]));
    write_text(c->out, poshan_csv_field(row, c->fixed[SRC_GROUP]));
    for (int n = 0; n < POSHAN_NUTRIENT_COUNT; n++) {
        if (blank[n]) fputc(',', c->out);
        else fprintf(c->out, ",%.12g", v[n]);
    }
    fprintf(c->out, ",%s\n", source);
    c->nfoods++;
    return POSHAN_OK;
}

poshan_status poshan_ifct_import(const poshan_ifct_sources *src, FILE *out, size_t *nfoods,
                                 poshan_error *err) {
    rep_ctx *reps = calloc(1, sizeof *reps);
    if (reps == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    reps->path = src->representations;
    column_map map = {.path = src->columns};
    comp_ctx comp = {.path = src->compositions, .map = &map, .out = out};
    poshan_status st = poshan_csv_read_table_file(src->representations, rep_columns, 4, 0, rep_row,
                                                  reps, err);
    if (st == POSHAN_OK) st = poshan_csv_read_table_file(src->columns, map_columns, 2, 0, map_row, &map, err);
    if (st == POSHAN_OK) st = resolve_units(&map, reps, err);
    if (st == POSHAN_OK) st = poshan_csv_read_file(src->compositions, comp_row, &comp, err);
    if (st == POSHAN_OK && comp.nfoods == 0)
        st = poshan_error_set(err, POSHAN_EINPUT, src->compositions, 0, NULL, _("no foods in the source"));
    if (nfoods) *nfoods = comp.nfoods;
    free(reps);
    return st;
}
