/* foods.c: loading and looking up food composition tables (see foods.h).
 *
 * This file owns the in-memory table and its code index; it knows nothing of
 * menus or norms. The IFCT source format is handled by ifct_import.c, which
 * writes the table this file reads. */
#include "foods.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvread.h"
#include "grow.h"
#include "i18n.h"

static const char *const nutrient_columns[] = {
#define COLUMN(id, column, unit) column,
    POSHAN_NUTRIENTS(COLUMN)
#undef COLUMN
};
static const char *const nutrient_units[] = {
#define UNIT(id, column, unit) unit,
    POSHAN_NUTRIENTS(UNIT)
#undef UNIT
};

const char *poshan_nutrient_column(poshan_nutrient n) { return nutrient_columns[n]; }
const char *poshan_nutrient_unit(poshan_nutrient n) { return nutrient_units[n]; }

double poshan_energy_kcal_from_macros(double protein_g, double fat_g, double carbohydrate_g,
                                      double fibre_g) {
    return POSHAN_KCAL_PER_G_PROTEIN * protein_g + POSHAN_KCAL_PER_G_FAT * fat_g +
           POSHAN_KCAL_PER_G_CARBOHYDRATE * carbohydrate_g + POSHAN_KCAL_PER_G_FIBRE * fibre_g;
}

double poshan_energy_kj_from_macros(double protein_g, double fat_g, double carbohydrate_g,
                                    double fibre_g) {
    return POSHAN_KJ_PER_G_PROTEIN * protein_g + POSHAN_KJ_PER_G_FAT * fat_g +
           POSHAN_KJ_PER_G_CARBOHYDRATE * carbohydrate_g + POSHAN_KJ_PER_G_FIBRE * fibre_g;
}

/* ---- the code index ---------------------------------------------------- */

static size_t hash_code(const char *code) {
    size_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *code; code++) h = (h ^ (unsigned char)toupper((unsigned char)*code)) * 1099511628211ULL;
    return h;
}

static int index_rebuild(poshan_foods *foods) {
    size_t nslots = 64;
    while (nslots < foods->count * 2 + 1) nslots *= 2;
    size_t *slots = calloc(nslots, sizeof *slots);
    if (slots == NULL) return -1;
    for (size_t i = 0; i < foods->count; i++) {
        size_t s = hash_code(foods->items[i].code) & (nslots - 1);
        while (slots[s]) s = (s + 1) & (nslots - 1);
        slots[s] = i + 1;
    }
    free(foods->slots);
    foods->slots = slots;
    foods->nslots = nslots;
    return 0;
}

const poshan_food *poshan_foods_find(const poshan_foods *foods, const char *code) {
    if (foods->nslots == 0) return NULL;
    size_t s = hash_code(code) & (foods->nslots - 1);
    while (foods->slots[s]) {
        const poshan_food *f = &foods->items[foods->slots[s] - 1];
        if (strcasecmp(f->code, code) == 0) return f;
        s = (s + 1) & (foods->nslots - 1);
    }
    return NULL;
}

/* ---- loading a table --------------------------------------------------- */

enum { COL_CODE, COL_NAME, COL_LOCAL, COL_GROUP, COL_SOURCE, COL_PER, COL_DENSITY, COL_NOTES,
       COL_NUTRIENT0 };
#define NCOLUMNS (COL_NUTRIENT0 + POSHAN_NUTRIENT_COUNT)

typedef struct load_ctx {
    poshan_foods *foods;
    const char *path;
    const char *source;  /* owned copy of path */
    const int *index;    /* where each of our columns is in the file */
} load_ctx;

static void food_free_strings(poshan_food *f) {
    free(f->name);
    free(f->local_names);
    free(f->aliases);
    free(f->group);
    free(f->recipe);
    free(f->assumption);
    free(f->assumption_source);
}

static char *dup_trimmed(const char *s) {
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1])) n--;
    char *d = malloc(n + 1);
    if (d) { memcpy(d, s, n); d[n] = '\0'; }
    return d;
}

static poshan_status food_energy(poshan_food *f, const char *source_field, const char *path,
                                 long line, poshan_error *err) {
    double *v = f->per_100g;
    double kcal = v[POSHAN_ENERGY_KCAL], kj = v[POSHAN_ENERGY_KJ];
    if (source_field[0] && strcmp(source_field, "table") != 0 &&
        strcmp(source_field, "computed") != 0)
        return poshan_error_set(err, POSHAN_EINPUT, path, line, "energy_source",
                                _("'%s' is not an energy source; write 'table' or 'computed'"),
                                source_field);
    f->energy_source = strcmp(source_field, "computed") == 0 ? POSHAN_ENERGY_COMPUTED
                                                             : POSHAN_ENERGY_TABLE;
    if (kcal <= 0 && kj <= 0) {
        /* No energy given (IFCT's oils and fats carry 0): from the macronutrients. */
        double p = v[POSHAN_PROTEIN_G], fat = v[POSHAN_FAT_G], c = v[POSHAN_CARBOHYDRATE_G],
               fib = v[POSHAN_FIBRE_G];
        v[POSHAN_ENERGY_KCAL] = poshan_energy_kcal_from_macros(p, fat, c, fib);
        v[POSHAN_ENERGY_KJ] = poshan_energy_kj_from_macros(p, fat, c, fib);
        f->energy_source = POSHAN_ENERGY_COMPUTED;
        f->blank &= ~((1UL << POSHAN_ENERGY_KCAL) | (1UL << POSHAN_ENERGY_KJ));
    } else if (kj > 0 && (kcal <= 0 || f->energy_source == POSHAN_ENERGY_TABLE)) {
        /* IFCT measures kilojoules; its kcal column is that figure divided once into text,
         * whose last digits are gone. Kept exact: kcal from kJ here, in full precision,
         * so that 2,928.8 kJ is 700 kcal and not 699.99999999896. */
        v[POSHAN_ENERGY_KCAL] = kj / POSHAN_KJ_PER_KCAL;
        f->blank &= ~(1UL << POSHAN_ENERGY_KCAL);
    } else if (kj <= 0) {
        v[POSHAN_ENERGY_KJ] = kcal * POSHAN_KJ_PER_KCAL;
        f->blank &= ~(1UL << POSHAN_ENERGY_KJ);
    }
    return POSHAN_OK;
}

static poshan_status food_from_row(load_ctx *c, const poshan_csv_row *row, poshan_food *f,
                                   poshan_error *err) {
    const char *code = poshan_csv_field(row, c->index[COL_CODE]);
    if (code[0] == '\0' || strlen(code) >= sizeof f->code)
        return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, "code",
                                _("a food code must have 1 to %zu characters, got '%s'"),
                                sizeof f->code - 1, code);
    snprintf(f->code, sizeof f->code, "%s", code);
    const char *name = poshan_csv_field(row, c->index[COL_NAME]);
    const char *group = poshan_csv_field(row, c->index[COL_GROUP]);
    if (name[0] == '\0')
        return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, "name",
                                _("food %s has no name"), code);
    if (group[0] == '\0')
        return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, "group",
                                _("food %s has no food group"), code);
    for (int n = 0; n < POSHAN_NUTRIENT_COUNT; n++) {
        const char *text = poshan_csv_field(row, c->index[COL_NUTRIENT0 + n]);
        double value = 0;
        int got = poshan_parse_number(text, &value);
        if (got < 0 || value < 0)
            return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, nutrient_columns[n],
                                    _("'%s' is not a quantity; write a number of %s per 100 g, "
                                    "0 or nothing for below detection"),
                                    text, nutrient_units[n]);
        if (got == 0) f->blank |= 1UL << n;
        f->per_100g[n] = value;
    }
    const char *per = poshan_csv_field(row, c->index[COL_PER]);
    const char *density = poshan_csv_field(row, c->index[COL_DENSITY]);
    if (per[0] == '\0' || strcmp(per, "100g") == 0) {
        f->given_per_100ml = 0;
    } else if (strcmp(per, "100ml") == 0) {
        f->given_per_100ml = 1;
    } else {
        return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, "per",
                                _("'%s' is not a basis; write 100g or 100ml"), per);
    }
    if (density[0]) {
        if (poshan_parse_number(density, &f->density_g_per_ml) != 1 || f->density_g_per_ml <= 0 ||
            f->density_g_per_ml > 3)
            return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, "density_g_per_ml",
                                    _("'%s' is not a density; write grams per millilitre, such as 1.03"),
                                    density);
    }
    if (f->given_per_100ml) {
        if (f->density_g_per_ml <= 0)
            return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, "density_g_per_ml",
                                    _("food %s is given per 100 ml, so it needs its density"), code);
        /* Held per 100 g like every other food: per 100 ml divided by g/ml. */
        for (int n = 0; n < POSHAN_NUTRIENT_COUNT; n++) f->per_100g[n] /= f->density_g_per_ml;
    }
    poshan_status st = food_energy(f, poshan_csv_field(row, c->index[COL_SOURCE]), c->path,
                                   row->line, err);
    if (st != POSHAN_OK) return st;
    f->name = dup_trimmed(name);
    f->local_names = dup_trimmed(poshan_csv_field(row, c->index[COL_LOCAL]));
    f->aliases = dup_trimmed("");
    f->group = dup_trimmed(group);
    f->source = c->source;
    if (!f->name || !f->local_names || !f->aliases || !f->group)
        return poshan_error_set(err, POSHAN_ESYSTEM, c->path, row->line, NULL, _("out of memory"));
    return POSHAN_OK;
}

/* The columns of a food table: the fixed ones, then one per nutrient. */
static void food_columns(poshan_csv_column columns[NCOLUMNS]) {
    static const poshan_csv_column fixed[COL_NUTRIENT0] = {
        [COL_CODE] = {"code", 1},          [COL_NAME] = {"name", 1},
        [COL_LOCAL] = {"local_names", 0},  [COL_GROUP] = {"group", 1},
        [COL_SOURCE] = {"energy_source", 0}, [COL_PER] = {"per", 0},
        [COL_DENSITY] = {"density_g_per_ml", 0}, [COL_NOTES] = {"notes", 0},
    };
    memcpy(columns, fixed, sizeof fixed);
    for (int n = 0; n < POSHAN_NUTRIENT_COUNT; n++) {
        columns[COL_NUTRIENT0 + n].name = nutrient_columns[n];
        /* The macronutrients are needed to compute energy; the rest may be absent. */
        columns[COL_NUTRIENT0 + n].required =
            n == POSHAN_PROTEIN_G || n == POSHAN_FAT_G || n == POSHAN_CARBOHYDRATE_G;
    }
}

/* Counts in the food just written at items[count] and indexes it. */
static int index_add_last(poshan_foods *foods) {
    foods->count++;
    if (foods->count * 2 >= foods->nslots && index_rebuild(foods) != 0) return -1;
    size_t s = hash_code(foods->items[foods->count - 1].code) & (foods->nslots - 1);
    while (foods->slots[s] && foods->slots[s] != foods->count) s = (s + 1) & (foods->nslots - 1);
    foods->slots[s] = foods->count;
    return 0;
}

/* The table's own copy of a file name, which its foods point to. */
static const char *add_source(poshan_foods *foods, const char *path) {
    for (size_t i = 0; i < foods->nsources; i++)
        if (strcmp(foods->sources[i], path) == 0) return foods->sources[i];
    char **sources = realloc(foods->sources, (foods->nsources + 1) * sizeof *sources);
    if (sources == NULL) return NULL;
    foods->sources = sources;
    char *source = strdup(path);
    if (source == NULL) return NULL;
    foods->sources[foods->nsources++] = source;
    return source;
}

int poshan_foods_append(poshan_foods *foods, const poshan_food *food, const char *path) {
    const char *source = add_source(foods, path);
    if (source == NULL ||
        poshan_grow((void **)&foods->items, &foods->capacity, foods->count + 1, sizeof *foods->items) != 0)
        return -1;
    foods->items[foods->count] = *food;
    foods->items[foods->count].source = source;
    return index_add_last(foods);
}

void poshan_foods_truncate(poshan_foods *foods, size_t count) {
    while (foods->count > count) food_free_strings(&foods->items[--foods->count]);
    index_rebuild(foods);
}

static poshan_status load_row(void *ctx, const poshan_csv_row *row, const int *index,
                              poshan_error *err) {
    load_ctx *c = ctx;
    c->index = index;
    poshan_foods *foods = c->foods;
    if (poshan_grow((void **)&foods->items, &foods->capacity, foods->count + 1, sizeof *foods->items) != 0)
        return poshan_error_set(err, POSHAN_ESYSTEM, c->path, row->line, NULL, _("out of memory"));
    poshan_food *f = &foods->items[foods->count];
    memset(f, 0, sizeof *f);
    poshan_status st = food_from_row(c, row, f, err);
    if (st == POSHAN_OK && poshan_foods_find(foods, f->code) != NULL) {
        const poshan_food *other = poshan_foods_find(foods, f->code);
        st = poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, "code",
                              _("food code %s is already defined (%s, in %s); every code must be "
                              "unique across all food files"),
                              f->code, other->name, other->source);
    }
    if (st != POSHAN_OK) {
        food_free_strings(f);
        return st;
    }
    if (index_add_last(foods) != 0)
        return poshan_error_set(err, POSHAN_ESYSTEM, c->path, row->line, NULL, _("out of memory"));
    return POSHAN_OK;
}

poshan_status poshan_foods_load(poshan_foods *foods, const char *path, poshan_error *err) {
    const char *source = add_source(foods, path);
    if (source == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, path, 0, NULL, _("out of memory"));

    size_t before = foods->count;
    load_ctx c = {.foods = foods, .path = path, .source = source};
    poshan_csv_column columns[NCOLUMNS];
    food_columns(columns);
    poshan_status st = poshan_csv_read_table_file(path, columns, NCOLUMNS, 0, load_row, &c, err);
    if (st != POSHAN_OK) {
        /* Keep nothing of a file that failed part-way. */
        while (foods->count > before) food_free_strings(&foods->items[--foods->count]);
        if (index_rebuild(foods) != 0) return POSHAN_ESYSTEM;
    }
    return st;
}

void poshan_foods_free(poshan_foods *foods) {
    for (size_t i = 0; i < foods->count; i++) food_free_strings(&foods->items[i]);
    for (size_t i = 0; i < foods->nsources; i++) free(foods->sources[i]);
    free(foods->items);
    free(foods->slots);
    free(foods->sources);
    for (size_t i = 0; i < foods->nassumptions; i++) {
        free(foods->assumptions[i].alias);
        free(foods->assumptions[i].text);
    }
    free(foods->assumptions);
    memset(foods, 0, sizeof *foods);
}

/* ---- aliases ------------------------------------------------------------ */

const char *poshan_food_hindi_name(const poshan_food *food, char *buf, size_t size) {
    for (const char *p = food->aliases; p && *p;) {
        size_t n = strcspn(p, ";");
        /* Devanagari is U+0900-U+097F: UTF-8 E0 A4 xx and E0 A5 xx */
        int devanagari = n >= 3 && (unsigned char)p[0] == 0xE0 &&
                         ((unsigned char)p[1] == 0xA4 || (unsigned char)p[1] == 0xA5);
        if (devanagari && n < size) {
            memcpy(buf, p, n);
            buf[n] = '\0';
            return buf;
        }
        p += n;
        while (*p == ';' || *p == ' ') p++;   /* joined with "; " */
    }
    return NULL;
}

typedef struct alias_ctx {
    poshan_foods *foods;
    const char *path;
} alias_ctx;

/* alias,code and (optional) source: where the name comes from, for a reader of
 * the file; assumes: for a name of several kinds, what taking this food assumes,
 * told to whoever writes the name in a menu */
static const poshan_csv_column alias_columns[] = {{"alias", 1}, {"code", 1}, {"source", 0}, {"assumes", 0}};

/* The food an alias already names, if any (case-blind, as menus match it). */
static const poshan_food *alias_owner(const poshan_foods *foods, const char *alias) {
    size_t m = strlen(alias);
    for (size_t i = 0; i < foods->count; i++) {
        const char *p = foods->items[i].aliases;
        while (*p) {
            const char *end = strchr(p, ';');
            size_t n = end ? (size_t)(end - p) : strlen(p);
            if (n == m && strncasecmp(p, alias, m) == 0) return &foods->items[i];
            p += n;
            while (*p == ';' || *p == ' ') p++;
        }
    }
    return NULL;
}

static poshan_status alias_row(void *ctx, const poshan_csv_row *row, const int *index,
                               poshan_error *err) {
    alias_ctx *c = ctx;
    const char *alias = poshan_csv_field(row, index[0]);
    const char *code = poshan_csv_field(row, index[1]);
    poshan_food *f = (poshan_food *)poshan_foods_find(c->foods, code);
    if (f == NULL)
        return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, "code",
                                _("alias '%s' names food code '%s', which no food table has"),
                                alias, code);
    if (alias[0] == '\0' || strchr(alias, ';') || strchr(alias, ','))
        return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, "alias",
                                _("an alias must be a non-empty name without ';' or ','"));
    const poshan_food *owner;
    int taken = poshan_foods_add_alias(c->foods, f, alias, &owner);
    if (taken > 0)
        return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, "alias",
                                _("alias '%s' already names %s (%s); an alias names one food only"),
                                alias, owner->code, owner->name);
    if (taken < 0) return poshan_error_set(err, POSHAN_ESYSTEM, c->path, row->line, NULL, _("out of memory"));
    const char *assumes = poshan_csv_field(row, index[3]);
    if (assumes[0] == '\0') return POSHAN_OK;
    poshan_foods *foods = c->foods;
    poshan_alias_assumption a = {strdup(alias), strdup(assumes)};
    if (a.alias == NULL || a.text == NULL ||
        poshan_grow((void **)&foods->assumptions, &foods->assumptions_capacity, foods->nassumptions + 1,
                    sizeof *foods->assumptions) != 0) {
        free(a.alias);
        free(a.text);
        return poshan_error_set(err, POSHAN_ESYSTEM, c->path, row->line, NULL, _("out of memory"));
    }
    foods->assumptions[foods->nassumptions++] = a;
    return POSHAN_OK;
}

const char *poshan_foods_alias_assumption(const poshan_foods *foods, const char *alias) {
    for (size_t i = 0; i < foods->nassumptions; i++)
        if (strcasecmp(foods->assumptions[i].alias, alias) == 0) return foods->assumptions[i].text;
    return NULL;
}

const char *poshan_alias_note(const poshan_foods *foods, const poshan_food *food, const char *alias,
                              const char *written, char *buf, size_t size) {
    const char *assumes = poshan_foods_alias_assumption(foods, alias);
    if (assumes) snprintf(buf, size, _("'%s' is read as %s, %s: %s"), written, food->code, food->name, assumes);
    return assumes;
}

int poshan_foods_add_alias(poshan_foods *foods, poshan_food *f, const char *alias, const poshan_food **owner) {
    *owner = alias_owner(foods, alias);
    if (*owner == f) return 0;
    if (*owner != NULL) return 1;
    size_t n = strlen(f->aliases), m = strlen(alias);
    char *joined = realloc(f->aliases, n + m + 3);
    if (joined == NULL) return -1;
    if (n) memcpy(joined + n, "; ", 2), n += 2;
    memcpy(joined + n, alias, m + 1);
    f->aliases = joined;
    return 0;
}

poshan_status poshan_foods_load_aliases(poshan_foods *foods, const char *path, poshan_error *err) {
    alias_ctx c = {.foods = foods, .path = path};
    return poshan_csv_read_table_file(path, alias_columns, 4, 0, alias_row, &c, err);
}

/* ---- household measures ------------------------------------------------- */

static const poshan_csv_column household_columns[] = {
    {"code", 1}, {"density_g_per_ml", 1}, {"piece_g", 1}, {"source", 1}, {"food", 0}};

/* One measure: "" for none, else a number in (0, max]. Returns 0, or -1 when bad. */
static int household_number(const char *text, double max, double *out) {
    if (text[0] == '\0') return 0;
    return poshan_parse_number(text, out) == 1 && *out > 0 && *out <= max ? 0 : -1;
}

static poshan_status household_row(void *ctx, const poshan_csv_row *row, const int *index,
                                   poshan_error *err) {
    alias_ctx *c = ctx;
    const char *code = poshan_csv_field(row, index[0]);
    const char *density = poshan_csv_field(row, index[1]);
    const char *piece = poshan_csv_field(row, index[2]);
    poshan_food *f = (poshan_food *)poshan_foods_find(c->foods, code);
    if (f == NULL)
        return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, "code",
                                _("'%s' is no food code of the food tables"), code);
    double d = 0, g = 0;
    if (household_number(density, 3, &d) != 0)
        return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, "density_g_per_ml",
                                _("'%s' is not a density; write grams per millilitre, such as 0.921"), density);
    if (household_number(piece, 1000, &g) != 0)
        return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, "piece_g",
                                _("'%s' is not a weight per piece; write grams, such as 50"), piece);
    if (poshan_csv_field(row, index[3])[0] == '\0')
        return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, "source",
                                _("every measure needs its source: where the figure comes from"));
    if (d > 0) f->density_g_per_ml = d;
    if (g > 0) f->piece_g = g;
    return POSHAN_OK;
}

poshan_status poshan_foods_load_household(poshan_foods *foods, const char *path, poshan_error *err) {
    alias_ctx c = {.foods = foods, .path = path};
    return poshan_csv_read_table_file(path, household_columns, 5, 0, household_row, &c, err);
}

poshan_status poshan_foods_load_with(poshan_foods *foods, const char *dir, const char *composites,
                                     poshan_error *err) {
    static const char *const tables[] = {"ifct2017.csv", "products.csv"};
    char path[4096];
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, tables[i]);
        poshan_status st = poshan_foods_load(foods, path, err);
        if (st != POSHAN_OK) return st;
    }
    /* after the tables its recipes name, before the aliases, which must not take its names */
    snprintf(path, sizeof path, "%s/composites.csv", dir);
    poshan_status st = poshan_foods_load_composites(foods, composites ? composites : path, err);
    if (st != POSHAN_OK) return st;
    snprintf(path, sizeof path, "%s/aliases.csv", dir);
    st = poshan_foods_load_aliases(foods, path, err);
    if (st != POSHAN_OK) return st;
    snprintf(path, sizeof path, "%s/household.csv", dir);
    return poshan_foods_load_household(foods, path, err);
}

poshan_status poshan_foods_load_default(poshan_foods *foods, const char *dir, poshan_error *err) {
    return poshan_foods_load_with(foods, dir, NULL, err);
}
