/* menu.c: reading a menu (a JSON file under menus/) and evaluating it per child (see menu.h).
 *
 * Every quantity is checked and resolved to grams per child per level while the
 * menu is read, so that evaluation cannot fail on the data. Error messages name
 * the day, dish and ingredient, because cJSON keeps no line numbers of values. */
#include "menu.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "jsonread.h"

typedef struct parse_ctx {
    const char *file;
    const poshan_foods *foods;
    const poshan_norms *norms;
    poshan_menu *menu;
    poshan_error_list *errors; /* may be NULL: then only counted */
    size_t nerrors;            /* every error found, listed or not */
    int out_of_memory;
    char where[160];           /* "Monday > Arhar dal > B021" */
    unsigned dish_levels;      /* the dish being read: its "levels" (0: every level) */
    const poshan_food *composites_noted[32]; /* said once a menu, not once a day */
    size_t ncomposites_noted;
    const char *assumptions_noted[32];       /* the same for a name of several kinds */
    size_t nassumptions_noted;
} parse_ctx;

/* A message located at p->where (day > dish > ingredient) and field, added to list. */
static void located(parse_ctx *p, poshan_error_list *list, const char *field, const char *fmt,
                    va_list ap) {
    poshan_error e;
    char full[sizeof p->where + 200];
    snprintf(full, sizeof full, "%s%s%.190s", p->where, p->where[0] && field && field[0] ? ": " : "",
             field ? field : "");
    memset(&e, 0, sizeof e);
    snprintf(e.file, sizeof e.file, "%.255s", p->file);
    snprintf(e.field, sizeof e.field, "%.159s", full);
    vsnprintf(e.message, sizeof e.message, fmt, ap);
    if (list && poshan_error_list_add(list, &e) != POSHAN_OK) p->out_of_memory = 1;
}

/* An input error: listed (up to POSHAN_MENU_MAX_ERRORS) and counted; parsing goes on. */
static poshan_status fail(parse_ctx *p, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static poshan_status fail(parse_ctx *p, const char *field, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    if (p->nerrors++ < POSHAN_MENU_MAX_ERRORS) located(p, p->errors, field, fmt, ap);
    va_end(ap);
    return POSHAN_EINPUT;
}

static void note(parse_ctx *p, poshan_error_list *list, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void note(parse_ctx *p, poshan_error_list *list, const char *field, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    located(p, list, field, fmt, ap);
    va_end(ap);
}

static char *dup_string(const char *s) {
    char *d = strdup(s ? s : "");
    return d;
}

static void *alloc_items(parse_ctx *p, size_t n, size_t size) {
    void *items = calloc(n, size);
    if (items == NULL) p->out_of_memory = 1;
    return items;
}

/* Refuses keys a part of the menu does not have ("gms" for "grams"), naming the
 * nearest one, and a key given twice (JSON would keep one of them silently). */
static poshan_status check_keys(parse_ctx *p, const cJSON *object, const char *const *known, size_t n,
                                const char *what) {
    poshan_status st = POSHAN_OK;
    const cJSON *item;
    cJSON_ArrayForEach(item, object) {
        int found = 0;
        for (size_t k = 0; k < n && !found; k++) found = strcmp(item->string, known[k]) == 0;
        if (!found) {
            char list[256];
            size_t used = 0;
            for (size_t k = 0; k < n && used < sizeof list; k++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s\"%s\"", k ? ", " : "", known[k]);
            const char *near = poshan_nearest_name(item->string, known, n);
            char hint[96] = "";
            if (near) snprintf(hint, sizeof hint, _("did you mean \"%s\"? "), near);
            st = fail(p, item->string, _("\"%s\" is not a key of %s; %sthe keys are %s"), item->string, what,
                      hint, list);
            continue;
        }
        for (const cJSON *other = object->child; other != item; other = other->next)
            if (strcmp(other->string, item->string) == 0) {
                st = fail(p, item->string, _("\"%s\" is given twice in one %s; give it once"), item->string, what);
                break;
            }
    }
    return st;
}

/* The level a key names (any case), or -1 after an error naming the nearest level. */
static int level_key(parse_ctx *p, const char *field, const char *key) {
    int L = poshan_norms_level_index(p->norms, key);
    if (L >= 0) return L;
    const char *names[POSHAN_MAX_LEVELS];
    for (size_t i = 0; i < p->norms->nlevels; i++) names[i] = p->norms->levels[i].name;
    const char *near = poshan_nearest_name(key, names, p->norms->nlevels);
    char hint[96] = "";
    if (near) snprintf(hint, sizeof hint, _("did you mean '%s'? "), near);
    fail(p, field, _("'%s' is not a level; %sthe levels are those of norms.json (primary, "
         "upper_primary)"), key, hint);
    return -1;
}

/* A quantity per level: one number for every level, or {"primary": 100, ...}.
 * *per_level says which it was. Counts (serves) must be whole numbers. */
static poshan_status read_per_level(parse_ctx *p, const cJSON *value, const char *key, int count,
                                    double out[POSHAN_MAX_LEVELS], int *per_level) {
    const poshan_norms *norms = p->norms;
    const cJSON *given[POSHAN_MAX_LEVELS] = {0};
    poshan_status st = POSHAN_OK;
    *per_level = cJSON_IsObject(value);
    int misspelt = 0;
    if (*per_level) {
        const cJSON *item;
        cJSON_ArrayForEach(item, value) {
            int L = level_key(p, key, item->string);
            if (L < 0) st = POSHAN_EINPUT, misspelt = 1;
            else if (given[L]) st = fail(p, key, _("level '%s' is given twice"), norms->levels[L].name);
            else if (p->dish_levels && !(p->dish_levels >> L & 1u))
                st = fail(p, key, _("level '%s' is not among the dish's \"levels\"; give it there too, or drop it "
                                    "here"), norms->levels[L].name);
            else given[L] = item;
        }
    }
    for (size_t L = 0; L < norms->nlevels; L++) {
        if (p->dish_levels && !(p->dish_levels >> L & 1u)) {
            out[L] = 0;   /* a level the dish is not served to gets none */
            continue;
        }
        const cJSON *v = *per_level ? given[L] : value;
        const char *level = norms->levels[L].name;
        if (v == NULL) {
            if (misspelt) continue;   /* the misspelt key, already named, is the one missing */
            st = fail(p, key, _("no %s for level '%s'; give one number for every level or one per level"),
                      count ? "number of children" : "quantity", level);
            continue;
        }
        if (!cJSON_IsNumber(v)) {
            st = fail(p, key, _("the %s%s%s must be a number, such as %s"), count ? "number of children" : "quantity",
                      *per_level ? " for " : "", *per_level ? level : "", count ? "120" : "100");
            if (!*per_level) return st;
            continue;
        }
        double x = v->valuedouble;
        if (!isfinite(x) || x < 0) {
            char text[64];
            snprintf(text, sizeof text, "%g", x);
            st = fail(p, key, _("%s is not a %s: it must be zero or more"), text, count ? "number of children" : "quantity");
        } else if (count && x != floor(x)) {
            st = fail(p, key, _("%g children: a number of children is a whole number"), x);
        }
        out[L] = x;
        if (!*per_level && st != POSHAN_OK) return st;
    }
    return st;
}

/* ---- ingredients and their units --------------------------------------------- */

/* Units of an ingredient: per child, or (in a pot dish) for the whole pot. */
typedef enum { U_GRAMS, U_KG, U_G, U_ML, U_LITRES, U_PIECES, NUNITS } unit;
static const char *const unit_keys[NUNITS] = {"grams", "kg", "g", "ml", "litres", "pieces"};

/* Grams of food in one of a unit, or 0 after an error when the food has no such measure. */
static double grams_per_unit(parse_ctx *p, const poshan_food *food, unit u) {
    switch (u) {
    case U_GRAMS: case U_G: return 1.0;
    case U_KG: return 1000.0;
    case U_ML: case U_LITRES:
        if (food->density_g_per_ml > 0) return food->density_g_per_ml * (u == U_LITRES ? 1000.0 : 1.0);
        fail(p, unit_keys[u], _("%s (%s) has no density in the food tables (nutrients/household.csv), "
             "so it cannot be measured in %s; give its weight"), food->code, food->name, unit_keys[u]);
        return 0;
    default:
        if (food->piece_g > 0) return food->piece_g;
        fail(p, "pieces", _("%s (%s) has no weight per piece in the food tables (nutrients/household.csv); "
             "give its weight"), food->code, food->name);
        return 0;
    }
}

/* The share of a shared pot each child of a level eats, relative: the level's
 * norm for the food's group (cereals 100 : 150 g, so 1 : 1.5), or for a food of
 * no norm group, the level's norms of all groups together. */
static double level_weight(const poshan_norms *norms, const poshan_food *food, size_t L) {
    int group = poshan_norms_group_of(norms, food->group);
    if (group >= 0 && norms->levels[L].group_g[group] > 0) return norms->levels[L].group_g[group];
    double all = 0;
    for (size_t g = 0; g < norms->ngroups; g++) all += norms->levels[L].group_g[g];
    return all > 0 ? all : 1;
}

/* The unit a thousand times smaller that a pot's amount in u was likely meant in
 * (g for kg, ml for litres: oil is measured in ml, never in grams), or NULL. */
static const char *thousandth_unit(unit u) {
    return u == U_KG ? "g" : u == U_LITRES ? "ml" : NULL;
}

/* A pot's per-child amounts that look like a typing mistake get a warning, not an error:
 * below a tenth of the level's food-group norm (one child's share written as the pot)
 * or, given in kg or litres, above five times it (grams typed as kg). */
static void check_pot_amount(parse_ctx *p, const poshan_ingredient *in, unit u, const double pot[],
                             int per_level_amount, const double children[], int shared) {
    int group = poshan_norms_group_of(p->norms, in->food->group);
    if (group < 0) return;
    for (size_t L = 0; L < p->norms->nlevels; L++) {
        double norm = p->norms->levels[L].group_g[group], g = in->grams[L];
        double amount = pot[per_level_amount ? L : 0];
        if (norm <= 0 || amount <= 0 || (p->dish_levels && !(p->dish_levels >> L & 1u))) continue;
        const char *level = p->norms->levels[L].name;
        if (g < norm / 10) {
            note(p, &p->menu->warnings, unit_keys[u],
                 _("%g %s for the pot gives %.2f g per %s child, under a tenth of the %s norm (%g g): "
                 "was one child's share written as the pot? For %g children the pot would be %g times as much"),
                 amount, unit_keys[u], g, level, p->norms->groups[group].name, norm,
                 shared ? children[0] + children[1] : children[L], shared ? children[0] + children[1] : children[L]);
            return;
        }
        if ((u == U_KG || u == U_LITRES) && g > 5 * norm) {
            const char *meant = thousandth_unit(u);
            note(p, &p->menu->warnings, unit_keys[u],
                 _("%g %s for the pot gives %.0f g per %s child, over five times the %s norm (%g g): "
                   "was %s meant, typed as %s? %g %s would be %.1f g per child"),
                 amount, unit_keys[u], g, level, p->norms->groups[group].name, norm, meant, unit_keys[u],
                 amount, meant, g / 1000.0);
            return;
        }
    }
}

/* A generic item ("sabzi") is evaluated as its stated mix: the output says which mix,
 * and what that assumes, once for the menu. */
static void note_composite(parse_ctx *p, const char *written, const poshan_food *food) {
    for (size_t i = 0; i < p->ncomposites_noted; i++)
        if (p->composites_noted[i] == food) return;
    if (p->ncomposites_noted < sizeof p->composites_noted / sizeof *p->composites_noted)
        p->composites_noted[p->ncomposites_noted++] = food;
    char text[sizeof p->menu->notes.items->message];
    poshan_composite_note(p->foods, food, written, text, sizeof text);
    note(p, &p->menu->notes, "food", "%s", text);
}

/* A name of several kinds ("milk", "chawal") is read as the alias table's
 * pick: the output says which, and what that assumes, once for the menu. */
static void note_assumption(parse_ctx *p, const char *written, const poshan_food_match *match) {
    char text[sizeof p->menu->notes.items->message];
    const char *assumes = poshan_alias_note(p->foods, match->food, match->name, written, text, sizeof text);
    if (assumes == NULL) return;
    for (size_t i = 0; i < p->nassumptions_noted; i++)   /* "milk" and "दूध" say the same: once */
        if (strcmp(p->assumptions_noted[i], assumes) == 0) return;
    if (p->nassumptions_noted < sizeof p->assumptions_noted / sizeof *p->assumptions_noted)
        p->assumptions_noted[p->nassumptions_noted++] = assumes;
    note(p, &p->menu->notes, "food", "%s", text);
}

static poshan_status read_ingredient(parse_ctx *p, const cJSON *j, const cJSON *serves,
                                     poshan_ingredient *out) {
    static const char *const keys[] = {"food", "grams", "kg", "g", "ml", "litres", "pieces", "note"};
    if (!cJSON_IsObject(j))
        return fail(p, NULL, _("an ingredient is an object such as {\"food\": \"B021\", \"grams\": 20}"));
    const cJSON *food = cJSON_GetObjectItemCaseSensitive(j, "food");
    if (!cJSON_IsString(food) || food->valuestring[0] == '\0') {
        check_keys(p, j, keys, 8, "an ingredient");
        return fail(p, "food", _("each ingredient needs \"food\": a food code or name, in quotes"));
    }
    size_t n = strlen(p->where);
    snprintf(p->where + n, sizeof p->where - n, " > %s", food->valuestring);
    /* listed; the ingredient is still read, unless a misspelt key held its quantity */
    int bad_keys = check_keys(p, j, keys, 8, "an ingredient") != POSHAN_OK;
    const cJSON *note_text = cJSON_GetObjectItemCaseSensitive(j, "note");
    if (note_text && !cJSON_IsString(note_text)) fail(p, "note", _("a note is text, in quotes"));
    poshan_food_match match;
    poshan_error e;
    if (poshan_foods_resolve_match(p->foods, food->valuestring, 1, &match, &e) != POSHAN_OK)
        return fail(p, "food", _("%s"), e.message);
    out->food = match.food;
    if (match.kind >= POSHAN_MATCH_WORDS)
        note(p, &p->menu->notes, "food", _("'%s' was read as %s (%s): the only food with '%s' (%s); "
             "write the code to be sure"), food->valuestring, match.food->code, match.food->name,
             match.name, poshan_match_kind_name(match.kind));
    if (match.food->nrecipe > 0) note_composite(p, food->valuestring, match.food);
    if (match.kind == POSHAN_MATCH_ALIAS) note_assumption(p, food->valuestring, &match);

    /* which unit: per child, or for the pot */
    const cJSON *given = NULL;
    unit u = NUNITS;
    size_t nunits = 0;
    for (unit k = 0; k < NUNITS; k++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, unit_keys[k]);
        if (v) { given = v; u = k; nunits++; }
    }
    if (nunits == 0 && bad_keys) return POSHAN_EINPUT;
    if (nunits != 1)
        return fail(p, "grams", serves ? _("this dish is a pot (\"serves\"): give exactly one of \"kg\", \"g\", "
                    "\"litres\", \"ml\" or \"pieces\" for the whole pot")
                    : _("give exactly one of \"grams\", \"ml\", \"litres\" or \"pieces\" (per child), or make the "
                    "dish a pot with \"serves\" and give \"kg\" or \"g\" for the whole pot"));
    if (serves == NULL && (u == U_KG || u == U_G))
        return fail(p, unit_keys[u], _("\"%s\" is for pot recipes: the dish needs \"serves\", the number "
                    "of children the pot feeds (or give \"grams\" per child)"), unit_keys[u]);
    if (serves != NULL && u == U_GRAMS)
        return fail(p, "grams", _("this dish is a pot recipe (\"serves\"): give \"kg\" or \"g\" for the pot"));
    double factor = grams_per_unit(p, out->food, u);
    if (factor <= 0) return POSHAN_EINPUT;
    double amount[POSHAN_MAX_LEVELS] = {0};
    int per_level_amount;
    if (read_per_level(p, given, unit_keys[u], 0, amount, &per_level_amount) != POSHAN_OK) return POSHAN_EINPUT;
    if (serves == NULL) {
        for (size_t L = 0; L < p->norms->nlevels; L++) out->grams[L] = amount[L] * factor;
    } else {
        double children[POSHAN_MAX_LEVELS] = {0};
        int per_level_count;
        if (read_per_level(p, serves, "serves", 1, children, &per_level_count) != POSHAN_OK) return POSHAN_EINPUT;
        int shared = per_level_count && !per_level_amount;
        if (shared) {
            /* one pot for every level: shared as the levels' norms share (1 : 1.5) */
            double total = 0;
            for (size_t L = 0; L < p->norms->nlevels; L++) total += children[L] * level_weight(p->norms, out->food, L);
            if (total <= 0) return fail(p, "serves", _("a pot must serve at least one child"));
            for (size_t L = 0; L < p->norms->nlevels; L++)
                out->grams[L] = amount[0] * factor * level_weight(p->norms, out->food, L) / total;
        } else {
            for (size_t L = 0; L < p->norms->nlevels; L++) {
                if (p->dish_levels && !(p->dish_levels >> L & 1u)) continue;
                if (children[L] < 1) return fail(p, "serves", _("a pot must serve at least one child"));
                out->grams[L] = amount[L] * factor / children[L];   /* the pot divided per child */
            }
        }
        check_pot_amount(p, out, u, amount, per_level_amount, children, shared);
    }
    for (size_t L = 0; L < p->norms->nlevels; L++) {
        if (out->grams[L] <= POSHAN_MAX_GRAMS_PER_CHILD) continue;
        const char *level = p->norms->levels[L].name;
        if (serves == NULL)
            return fail(p, unit_keys[u], _("%.0f g per child (level %s) is not believable: above 1 kg of one "
                        "ingredient; was a whole pot written as one child's share? Then make the dish a "
                        "pot with \"serves\" and \"kg\""), out->grams[L], level);
        const char *meant = thousandth_unit(u);
        if (meant == NULL)
            return fail(p, unit_keys[u], _("%.0f g per child (level %s) is not believable: above 1 kg of one "
                        "ingredient; check the amount for the pot and the number of children it serves"),
                        out->grams[L], level);
        return fail(p, unit_keys[u], _("%.0f g per child (level %s) is not believable: above 1 kg of one "
                    "ingredient; was %s meant, typed as %s? %g %s for the pot would be %.1f g per child"),
                    out->grams[L], level, meant, unit_keys[u], amount[per_level_amount ? L : 0], meant,
                    out->grams[L] / 1000.0);
    }
    return POSHAN_OK;
}

/* "levels": ["primary"]: the levels a dish is served to, as bits; 0 when not given
 * (every level) or wrong (after an error). */
static unsigned read_dish_levels(parse_ctx *p, const cJSON *levels) {
    if (levels == NULL) return 0;
    if (!cJSON_IsArray(levels) || cJSON_GetArraySize(levels) == 0) {
        fail(p, "levels", _("\"levels\" lists the levels the dish is served to, such as [\"primary\"]"));
        return 0;
    }
    unsigned bits = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, levels) {
        if (!cJSON_IsString(item)) {
            fail(p, "levels", _("a level is a name in quotes, such as \"primary\""));
            return 0;
        }
        int L = level_key(p, "levels", item->valuestring);
        if (L < 0) return 0;
        if (bits >> L & 1u) {
            fail(p, "levels", _("level '%s' is given twice"), p->norms->levels[L].name);
            return 0;
        }
        bits |= 1u << L;
    }
    return bits;
}

static void read_dish(parse_ctx *p, const cJSON *j, size_t index, poshan_dish *out) {
    static const char *const keys[] = {"name", "ingredients", "serves", "levels", "note"};
    p->dish_levels = 0;
    size_t n = strlen(p->where);
    char fallback[32];
    snprintf(fallback, sizeof fallback, _("dish %zu"), index + 1);
    if (!cJSON_IsObject(j)) {
        snprintf(p->where + n, sizeof p->where - n, " > %s", fallback);
        fail(p, NULL, _("a dish is an object with \"name\" and \"ingredients\""));
        return;
    }
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(j, "name");
    int named = cJSON_IsString(name) && name->valuestring[0];
    snprintf(p->where + n, sizeof p->where - n, " > %s", named ? name->valuestring : fallback);
    out->name = dup_string(named ? name->valuestring : fallback);
    if (out->name == NULL) p->out_of_memory = 1;
    check_keys(p, j, keys, 5, "a dish");
    if (name && !cJSON_IsString(name)) fail(p, "name", _("a dish's name is text, in quotes"));
    out->only_levels = p->dish_levels = read_dish_levels(p, cJSON_GetObjectItemCaseSensitive(j, "levels"));
    const cJSON *serves = cJSON_GetObjectItemCaseSensitive(j, "serves");
    if (serves && !cJSON_IsNumber(serves) && !cJSON_IsObject(serves)) {
        fail(p, "serves", _("\"serves\" is the number of children the pot feeds, such as 120, or one per "
             "level, such as {\"primary\": 80, \"upper_primary\": 40}"));
        serves = NULL;
    }
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(j, "ingredients");
    if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) == 0) {
        fail(p, "ingredients", _("a dish needs a non-empty \"ingredients\" list"));
        return;
    }
    out->count = (size_t)cJSON_GetArraySize(list);
    out->ingredients = alloc_items(p, out->count, sizeof *out->ingredients);
    if (out->ingredients == NULL) return;
    size_t i = 0, base = strlen(p->where);
    const cJSON *item;
    cJSON_ArrayForEach(item, list) {
        p->where[base] = '\0';
        read_ingredient(p, item, serves, &out->ingredients[i++]);
    }
    p->where[base] = '\0';
    if (serves) {
        double children[POSHAN_MAX_LEVELS] = {0};
        int per_level = cJSON_IsObject(serves);
        out->shared_pot = per_level;
        for (size_t L = 0; L < p->norms->nlevels; L++) {
            const cJSON *v = serves;
            if (per_level) {
                v = NULL;
                const cJSON *k;
                cJSON_ArrayForEach(k, serves)
                    if (poshan_norms_level_index(p->norms, k->string) == (int)L) v = k;
            }
            children[L] = cJSON_IsNumber(v) ? v->valuedouble : 0;
            out->serves += per_level || L == 0 ? children[L] : 0;
        }
        /* a shared pot is one whose amounts are single numbers: say how it was shared */
        int any_shared = 0;
        const cJSON *ing;
        cJSON_ArrayForEach(ing, list)
            for (unit k = 0; k < NUNITS; k++) {
                const cJSON *v = cJSON_IsObject(ing) ? cJSON_GetObjectItemCaseSensitive(ing, unit_keys[k]) : NULL;
                if (v && cJSON_IsNumber(v)) any_shared = 1;
            }
        out->shared_pot = per_level && any_shared;
        if (out->shared_pot && p->norms->nlevels == 2) {
            const poshan_level_norm *a = &p->norms->levels[0], *b = &p->norms->levels[1];
            double wa = 0, wb = 0;
            for (size_t g = 0; g < p->norms->ngroups; g++) wa += a->group_g[g], wb += b->group_g[g];
            note(p, &p->menu->notes, "serves",
                 _("one pot for %g %s and %g %s children, shared in proportion to the levels' food-group "
                 "norms (1 : %g): each %s child gets %g times a %s child's share"),
                 children[0], a->name, children[1], b->name, wa > 0 ? wb / wa : 1, b->name,
                 wa > 0 ? wb / wa : 1, a->name);
        }
    }
}

static void read_day(parse_ctx *p, const cJSON *j, size_t index, poshan_menu_day *out) {
    static const char *const keys[] = {"day", "dishes", "note"};
    snprintf(p->where, sizeof p->where, "days[%zu]", index);
    if (!cJSON_IsObject(j)) {
        fail(p, NULL, _("a day is an object with \"day\" and \"dishes\""));
        return;
    }
    const cJSON *day = cJSON_GetObjectItemCaseSensitive(j, "day");
    if (!cJSON_IsString(day) || day->valuestring[0] == '\0') {
        check_keys(p, j, keys, 3, "a day");
        fail(p, "day", _("each day needs a \"day\" name in quotes, such as \"Monday\""));
        return;
    }
    snprintf(p->where, sizeof p->where, "%s", day->valuestring);
    out->day = dup_string(day->valuestring);
    if (out->day == NULL) p->out_of_memory = 1;
    check_keys(p, j, keys, 3, "a day");
    for (size_t d = 0; d < index; d++)
        if (p->menu->days[d].day && strcasecmp(p->menu->days[d].day, day->valuestring) == 0) {
            fail(p, "day", _("%s is given twice (days %zu and %zu); give each day once, with all its dishes"),
                 day->valuestring, d + 1, index + 1);
            break;
        }
    const cJSON *dishes = cJSON_GetObjectItemCaseSensitive(j, "dishes");
    if (!cJSON_IsArray(dishes) || cJSON_GetArraySize(dishes) == 0) {
        fail(p, "dishes", _("a day needs a non-empty \"dishes\" list"));
        return;
    }
    out->count = (size_t)cJSON_GetArraySize(dishes);
    out->dishes = alloc_items(p, out->count, sizeof *out->dishes);
    if (out->dishes == NULL) return;
    size_t i = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, dishes) {
        snprintf(p->where, sizeof p->where, "%s", day->valuestring);
        read_dish(p, item, i, &out->dishes[i]);
        i++;
    }
}

static void read_menu(parse_ctx *p, const cJSON *root, poshan_menu *menu) {
    static const char *const keys[] = {"name", "days", "note", "source"};
    if (!cJSON_IsObject(root)) {
        fail(p, NULL, _("a menu is a JSON object with \"name\" and \"days\""));
        return;
    }
    check_keys(p, root, keys, 4, "a menu");
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    if (name && !cJSON_IsString(name)) fail(p, "name", _("the menu's name is text, in quotes"));
    menu->name = dup_string(cJSON_IsString(name) ? name->valuestring : p->file);
    if (menu->name == NULL) p->out_of_memory = 1;
    const cJSON *days = cJSON_GetObjectItemCaseSensitive(root, "days");
    if (!cJSON_IsArray(days) || cJSON_GetArraySize(days) == 0) {
        fail(p, "days", _("the menu has no days: \"days\" must list at least one day"));
        return;
    }
    menu->ndays = (size_t)cJSON_GetArraySize(days);
    menu->days = alloc_items(p, menu->ndays, sizeof *menu->days);
    if (menu->days == NULL) return;
    size_t i = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, days) {
        read_day(p, item, i, &menu->days[i]);
        i++;
    }
}

poshan_status poshan_menu_parse_all(poshan_menu *menu, const char *text, size_t size, const char *name,
                                    const poshan_foods *foods, const poshan_norms *norms,
                                    poshan_error_list *errors) {
    memset(menu, 0, sizeof *menu);
    cJSON *root;
    poshan_error e;
    poshan_status st = poshan_json_parse(text, size, name, &root, &e);
    if (st != POSHAN_OK) {
        if (errors) poshan_error_list_add(errors, &e);
        return st;
    }
    parse_ctx p = {.file = name, .foods = foods, .norms = norms, .menu = menu, .errors = errors};
    read_menu(&p, root, menu);
    cJSON_Delete(root);
    st = p.out_of_memory ? POSHAN_ESYSTEM : p.nerrors ? POSHAN_EINPUT : POSHAN_OK;
    if (p.out_of_memory && errors) {
        poshan_error_set(&e, POSHAN_ESYSTEM, name, 0, NULL, _("out of memory"));
        poshan_error_list_add(errors, &e);
    } else if (p.nerrors > POSHAN_MENU_MAX_ERRORS) {
        p.where[0] = '\0';
        note(&p, errors, NULL, _("and %zu more errors: fix these and run again to see them"),
             p.nerrors - POSHAN_MENU_MAX_ERRORS);
    }
    if (st != POSHAN_OK) poshan_menu_free(menu);
    return st;
}

poshan_status poshan_menu_load_all(poshan_menu *menu, const char *path, const poshan_foods *foods,
                                   const poshan_norms *norms, poshan_error_list *errors) {
    char *text;
    size_t size;
    poshan_error e;
    memset(menu, 0, sizeof *menu);
    poshan_status st = poshan_read_file(path, &text, &size, &e);
    if (st != POSHAN_OK) {
        if (errors) poshan_error_list_add(errors, &e);
        return st;
    }
    st = poshan_menu_parse_all(menu, text, size, path, foods, norms, errors);
    free(text);
    return st;
}

/* The first error, saying how many others the list holds. */
static poshan_status first_error(poshan_status st, poshan_error_list *errors, poshan_error *err) {
    if (st != POSHAN_OK && err) {
        if (errors->count == 0) {
            poshan_error_set(err, st, NULL, 0, NULL, _("out of memory"));
        } else {
            *err = errors->items[0];
            size_t n = strlen(err->message);
            if (errors->count > 1)
                snprintf(err->message + n, sizeof err->message - n, _(" (and %zu more errors in this menu)"),
                         errors->count - 1);
        }
    }
    poshan_error_list_free(errors);
    return st;
}

poshan_status poshan_menu_parse(poshan_menu *menu, const char *text, size_t size, const char *name,
                                const poshan_foods *foods, const poshan_norms *norms,
                                poshan_error *err) {
    poshan_error_list errors = {0};
    return first_error(poshan_menu_parse_all(menu, text, size, name, foods, norms, &errors), &errors, err);
}

poshan_status poshan_menu_load(poshan_menu *menu, const char *path, const poshan_foods *foods,
                               const poshan_norms *norms, poshan_error *err) {
    poshan_error_list errors = {0};
    return first_error(poshan_menu_load_all(menu, path, foods, norms, &errors), &errors, err);
}

void poshan_menu_free(poshan_menu *menu) {
    for (size_t d = 0; menu->days && d < menu->ndays; d++) {
        poshan_menu_day *day = &menu->days[d];
        for (size_t k = 0; day->dishes && k < day->count; k++) {
            free(day->dishes[k].name);
            free(day->dishes[k].ingredients);
        }
        free(day->dishes);
        free(day->day);
    }
    free(menu->days);
    free(menu->name);
    poshan_error_list_free(&menu->notes);
    poshan_error_list_free(&menu->warnings);
    memset(menu, 0, sizeof *menu);
}

/* ---- evaluation ---------------------------------------------------------- */

void poshan_meal_add(poshan_meal *meal, const poshan_food *food, double grams,
                     const poshan_norms *norms, const poshan_prices *prices) {
    for (int n = 0; n < POSHAN_NUTRIENT_COUNT; n++) meal->nutrient[n] += grams * food->per_100g[n] / 100.0;
    int group = poshan_norms_group_of(norms, food->group);
    if (group >= 0) meal->group_g[group] += grams;
    if (group >= 0 && norms->groups[group].supplied_free) return; /* not paid from the cooking cost */
    double rs_per_kg = poshan_prices_rs_per_kg(prices, food);
    if (rs_per_kg >= 0) meal->cost_rs += grams / 1000.0 * rs_per_kg;
    else if (grams > 0) meal->unpriced++;
}

/* A norm met to within rounding noise counts as met: 449.9999999 kcal is 450. */
#define NORM_TOLERANCE 1e-9

void poshan_meal_judge(const poshan_meal *meal, const poshan_level_norm *norm, poshan_judgement *out) {
    double kcal = meal->nutrient[POSHAN_ENERGY_KCAL], protein = meal->nutrient[POSHAN_PROTEIN_G];
    out->meets_energy = kcal + NORM_TOLERANCE >= norm->energy_kcal;
    out->meets_protein = protein + NORM_TOLERANCE >= norm->protein_g;
    out->energy_shortfall_kcal = out->meets_energy ? 0 : norm->energy_kcal - kcal;
    out->protein_shortfall_g = out->meets_protein ? 0 : norm->protein_g - protein;
    out->energy_from_fat_pct = kcal > 0 ? 100.0 * POSHAN_KCAL_PER_G_FAT * meal->nutrient[POSHAN_FAT_G] / kcal : 0;
    out->energy_from_protein_pct = kcal > 0 ? 100.0 * POSHAN_KCAL_PER_G_PROTEIN * protein / kcal : 0;
}

void poshan_meal_settle(poshan_meal *meal, const poshan_level_norm *norm) {
    double *kcal = &meal->nutrient[POSHAN_ENERGY_KCAL], *protein = &meal->nutrient[POSHAN_PROTEIN_G];
    if (*kcal < norm->energy_kcal && *kcal + NORM_TOLERANCE >= norm->energy_kcal) {
        *kcal = norm->energy_kcal;
        meal->nutrient[POSHAN_ENERGY_KJ] = norm->energy_kcal * POSHAN_KJ_PER_KCAL;
    }
    if (*protein < norm->protein_g && *protein + NORM_TOLERANCE >= norm->protein_g) *protein = norm->protein_g;
}

/* The number printf would print with that many decimals, read back. */
static double as_printed(double value, int decimals) {
    char text[64];
    snprintf(text, sizeof text, "%.*f", decimals, value);
    return strtod(text, NULL);
}

int poshan_judged_decimals(double value, double norm, int meets, int decimals) {
    /* Rounding moves a figure by at most half a unit of its last decimal. */
    if (!isfinite(value) || fabs(value - norm) >= 1.0) return decimals;
    while (decimals < POSHAN_MAX_DECIMALS && (as_printed(value, decimals) >= norm) != !!meets) decimals++;
    return decimals;
}

int poshan_meal_over_cost(const poshan_meal *meal, const poshan_level_norm *norm) {
    return meal->cost_rs > norm->cost_rs_per_meal + NORM_TOLERANCE;
}

int poshan_cost_decimals(double cost_rs, double allowed_rs, int over, int decimals) {
    /* within the allowed cost is "at or below": the norm rule mirrored, -cost >= -allowed */
    return poshan_judged_decimals(-cost_rs, -allowed_rs, !over, decimals);
}

int poshan_shortfall_decimals(double shortfall, int decimals) {
    if (!(shortfall > 0) || shortfall >= 1.0) return decimals;
    while (decimals < POSHAN_MAX_DECIMALS && as_printed(shortfall, decimals) == 0) decimals++;
    return decimals;
}

static void meal_accumulate(poshan_meal *sum, const poshan_meal *add, double weight) {
    for (int n = 0; n < POSHAN_NUTRIENT_COUNT; n++) sum->nutrient[n] += weight * add->nutrient[n];
    for (int g = 0; g < POSHAN_MAX_GROUPS; g++) sum->group_g[g] += weight * add->group_g[g];
    sum->cost_rs += weight * add->cost_rs;
    sum->unpriced += add->unpriced;
}

poshan_status poshan_menu_evaluate(const poshan_menu *menu, const poshan_norms *norms,
                                   const poshan_prices *prices, int level,
                                   poshan_level_result *out, poshan_error *err) {
    memset(out, 0, sizeof *out);
    if (level < 0 || (size_t)level >= norms->nlevels)
        return poshan_error_set(err, POSHAN_EUSAGE, NULL, 0, "level", _("no such level"));
    const poshan_level_norm *norm = &norms->levels[level];
    out->level = level;
    out->ndays = menu->ndays;
    out->days = calloc(menu->ndays, sizeof *out->days);
    if (out->days == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    for (size_t d = 0; d < menu->ndays; d++) {
        const poshan_menu_day *day = &menu->days[d];
        poshan_day_result *r = &out->days[d];
        r->day = day->day;
        r->ndishes = day->count;
        r->dishes = calloc(day->count, sizeof *r->dishes);
        if (r->dishes == NULL) {
            poshan_level_result_free(out);
            return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
        }
        for (size_t k = 0; k < day->count; k++) {
            const poshan_dish *dish = &day->dishes[k];
            for (size_t i = 0; i < dish->count; i++)
                poshan_meal_add(&r->dishes[k], dish->ingredients[i].food,
                                dish->ingredients[i].grams[level], norms, prices);
            meal_accumulate(&r->total, &r->dishes[k], 1.0);
        }
        poshan_meal_settle(&r->total, norm);
        poshan_meal_judge(&r->total, norm, &r->judged);
        out->days_below_energy += !r->judged.meets_energy;
        out->days_below_protein += !r->judged.meets_protein;
        meal_accumulate(&out->week, &r->total, 1.0 / (double)menu->ndays);
    }
    poshan_meal_settle(&out->week, norm);
    poshan_meal_judge(&out->week, norm, &out->week_judged);
    return POSHAN_OK;
}

void poshan_level_result_free(poshan_level_result *result) {
    for (size_t d = 0; result->days && d < result->ndays; d++) free(result->days[d].dishes);
    free(result->days);
    memset(result, 0, sizeof *result);
}
