/* composites.c: generic items as a state's menu writes them ("मिश्रित सब्जी",
 * "seasonal fruit", "dal" without a kind), each defined in nutrients/composites.csv
 * as a stated mix of foods of the tables (see foods.h).
 *
 * A composite becomes one more food of the table, with values per 100 g worked out
 * here once, when it is loaded, so that a menu naming it is evaluated like any other.
 * What the mix assumes travels with it (assumption, assumption_source) for the
 * outputs to name. This file must not judge menus or print. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvread.h"
#include "foods.h"
#include "i18n.h"

enum { C_CODE, C_NAME, C_NAMES, C_GROUP, C_RECIPE, C_ASSUMPTION, C_SOURCE, C_NCOLS };

static const poshan_csv_column composite_columns[C_NCOLS] = {
    [C_CODE] = {"code", 1},       [C_NAME] = {"name", 1},   [C_NAMES] = {"names", 0},
    [C_GROUP] = {"group", 1},     [C_RECIPE] = {"recipe", 1},
    [C_ASSUMPTION] = {"assumption", 1}, [C_SOURCE] = {"source", 1},
};

/* A recipe names at most this many foods: a generic item is a mix of a few. */
#define MAX_PARTS 32

typedef struct composite_ctx {
    poshan_foods *foods;
    const char *path;
} composite_ctx;

/* "F006 75; D066 40" into codes and shares of their sum. Returns the number of
 * parts, or 0 after an error. */
static size_t parse_recipe(composite_ctx *c, long line, const char *text, poshan_recipe_part *parts,
                           poshan_error *err) {
    size_t n = 0;
    double total = 0, amount[MAX_PARTS];
    const char *p = text;
    while (*p) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char item[96], code[16], rest[64];
        if (len >= sizeof item) len = sizeof item - 1;
        memcpy(item, p, len);
        item[len] = '\0';
        p += end ? len + 1 : len;
        if (strspn(item, " \t") == strlen(item)) continue;
        double parts_of = 0;
        if (sscanf(item, " %15s %63s", code, rest) != 2 || poshan_parse_number(rest, &parts_of) != 1 ||
            !(parts_of > 0) || !isfinite(parts_of)) {
            poshan_error_set(err, POSHAN_EINPUT, c->path, line, "recipe",
                             _("'%s' is not a part of a recipe; write a food code and its parts by raw "
                               "weight, such as 'F006 75; D066 40'"), item);
            return 0;
        }
        const poshan_food *f = poshan_foods_find(c->foods, code);
        if (f == NULL || f->nrecipe > 0) {
            poshan_error_set(err, POSHAN_EINPUT, c->path, line, "recipe",
                             f ? _("%s is itself a composite; a recipe names foods of the tables")
                               : _("'%s' is no food code of the food tables"), code);
            return 0;
        }
        if (n == MAX_PARTS) {
            poshan_error_set(err, POSHAN_EINPUT, c->path, line, "recipe",
                             _("a recipe names at most %d foods"), MAX_PARTS);
            return 0;
        }
        for (size_t i = 0; i < n; i++)
            if (strcasecmp(parts[i].code, f->code) == 0) {
                poshan_error_set(err, POSHAN_EINPUT, c->path, line, "recipe",
                                 _("%s is named twice in the recipe; give it once"), f->code);
                return 0;
            }
        snprintf(parts[n].code, sizeof parts[n].code, "%s", f->code);
        amount[n++] = parts_of;
        total += parts_of;
    }
    if (n == 0) {
        poshan_error_set(err, POSHAN_EINPUT, c->path, line, "recipe",
                         _("the recipe names no food; write codes and parts, such as 'F006 75; D066 40'"));
        return 0;
    }
    for (size_t i = 0; i < n; i++) parts[i].share = amount[i] / total;
    return n;
}

/* The mix's values per 100 g: each part's per 100 g times its share. A value is
 * blank (below detection) only where it is blank in every part. */
static void mix_values(const poshan_foods *foods, poshan_food *f) {
    unsigned long blank_in_all = ~0UL;
    int computed = 0;
    for (size_t i = 0; i < f->nrecipe; i++) {
        const poshan_food *part = poshan_foods_find(foods, f->recipe[i].code);
        for (int n = 0; n < POSHAN_NUTRIENT_COUNT; n++) f->per_100g[n] += f->recipe[i].share * part->per_100g[n];
        blank_in_all &= part->blank;
        computed |= part->energy_source == POSHAN_ENERGY_COMPUTED;
    }
    f->blank = blank_in_all & ((1UL << POSHAN_NUTRIENT_COUNT) - 1);
    f->energy_source = computed ? POSHAN_ENERGY_COMPUTED : POSHAN_ENERGY_TABLE;
}

static char *dup_field(const poshan_csv_row *row, int index) {
    return strdup(poshan_csv_field(row, index));
}

static poshan_status composite_row(void *ctx, const poshan_csv_row *row, const int *index,
                                   poshan_error *err) {
    composite_ctx *c = ctx;
    const char *code = poshan_csv_field(row, index[C_CODE]);
    poshan_food f;
    memset(&f, 0, sizeof f);
    if (code[0] == '\0' || strlen(code) >= sizeof f.code)
        return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, "code",
                                _("a food code must have 1 to %zu characters, got '%s'"), sizeof f.code - 1, code);
    const poshan_food *other = poshan_foods_find(c->foods, code);
    if (other)
        return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, "code",
                                _("food code %s is already defined (%s, in %s); every code must be unique "
                                  "across all food files"), code, other->name, other->source);
    static const int needed[] = {C_NAME, C_GROUP, C_ASSUMPTION, C_SOURCE};
    for (size_t i = 0; i < 4; i++)
        if (poshan_csv_field(row, index[needed[i]])[0] == '\0')
            return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, composite_columns[needed[i]].name,
                                    _("composite %s has no %s: a generic item is named with what it assumes "
                                      "and where that comes from"), code, composite_columns[needed[i]].name);
    poshan_recipe_part parts[MAX_PARTS];
    size_t nparts = parse_recipe(c, row->line, poshan_csv_field(row, index[C_RECIPE]), parts, err);
    if (nparts == 0) return POSHAN_EINPUT;

    snprintf(f.code, sizeof f.code, "%s", code);
    f.name = dup_field(row, index[C_NAME]);
    f.local_names = strdup("");
    f.aliases = strdup("");
    f.group = dup_field(row, index[C_GROUP]);
    f.assumption = dup_field(row, index[C_ASSUMPTION]);
    f.assumption_source = dup_field(row, index[C_SOURCE]);
    f.recipe = malloc(nparts * sizeof *f.recipe);
    int ok = f.name && f.local_names && f.aliases && f.group && f.assumption && f.assumption_source && f.recipe;
    if (ok) {
        memcpy(f.recipe, parts, nparts * sizeof *parts);
        f.nrecipe = nparts;
        mix_values(c->foods, &f);
    }
    if (!ok || poshan_foods_append(c->foods, &f, c->path) != 0) {
        free(f.name), free(f.local_names), free(f.aliases), free(f.group);
        free(f.assumption), free(f.assumption_source), free(f.recipe);
        return poshan_error_set(err, POSHAN_ESYSTEM, c->path, row->line, NULL, "out of memory");
    }
    /* its names, as the alias table's: they name this food before any loose match */
    poshan_food *added = &c->foods->items[c->foods->count - 1];
    const char *p = poshan_csv_field(row, index[C_NAMES]);
    while (*p) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char name[128];
        while (len > 0 && (*p == ' ')) p++, len--;
        while (len > 0 && p[len - 1] == ' ') len--;
        if (len >= sizeof name || memchr(p, ',', len))
            return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, "names",
                                    _("a name of a composite has at most %zu bytes and no ','; separate "
                                      "names with ';'"), sizeof name - 1);
        memcpy(name, p, len);
        name[len] = '\0';
        const poshan_food *owner;
        int taken = len ? poshan_foods_add_alias(c->foods, added, name, &owner) : 0;
        if (taken > 0)
            return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, "names",
                                    _("'%s' already names %s (%s); a name names one food only"), name,
                                    owner->code, owner->name);
        if (taken < 0) return poshan_error_set(err, POSHAN_ESYSTEM, c->path, row->line, NULL, "out of memory");
        p = end ? end + 1 : p + strlen(p);
    }
    return POSHAN_OK;
}

poshan_status poshan_foods_load_composites(poshan_foods *foods, const char *path, poshan_error *err) {
    size_t before = foods->count;
    composite_ctx c = {.foods = foods, .path = path};
    poshan_status st = poshan_csv_read_table_file(path, composite_columns, C_NCOLS, 0, composite_row, &c, err);
    if (st != POSHAN_OK) poshan_foods_truncate(foods, before);
    return st;
}

void poshan_food_recipe_text(const poshan_foods *foods, const poshan_food *food, int with_names, char *buf,
                             size_t size) {
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < food->nrecipe && used < size; i++) {
        const poshan_food *part = poshan_foods_find(foods, food->recipe[i].code);
        int n = snprintf(buf + used, size - used, "%s%.4g %% %s%s%s%s", i ? ", " : "", 100 * food->recipe[i].share,
                         food->recipe[i].code, with_names ? " (" : "", with_names && part ? part->name : "",
                         with_names ? ")" : "");
        if (n < 0) break;
        used += (size_t)n;
    }
}

void poshan_composite_note(const poshan_foods *foods, const poshan_food *food, const char *written, char *buf,
                           size_t size) {
    char recipe[512];   /* the parts by name too: an advisor does not know IFCT codes by heart */
    poshan_food_recipe_text(foods, food, 1, recipe, sizeof recipe);
    snprintf(buf, size, _("'%s' is %s, %s: a mix of %s by raw weight. %s"), written, food->code, food->name,
             recipe, food->assumption);
}
