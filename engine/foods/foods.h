/* foods.h: the food composition tables (IFCT 2017, products, a user's own).
 *
 * Values are held per 100 g of raw edible portion in the units their names
 * say. Every table is a CSV with the same columns as nutrients/ifct2017.csv;
 * conversions (kJ, grams of minerals, per-100-ml products) happen once, when
 * a table is imported or loaded, never while menus are evaluated. */
#ifndef POSHAN_FOODS_H
#define POSHAN_FOODS_H

#include <stddef.h>
#include "error.h"

/* The nutrient columns, in file order: X(ENUM_NAME, "column_name", "unit"). */
#define POSHAN_NUTRIENTS(X)                              \
    X(ENERGY_KCAL, "energy_kcal", "kcal")                \
    X(ENERGY_KJ, "energy_kj", "kJ")                      \
    X(PROTEIN_G, "protein_g", "g")                       \
    X(FAT_G, "fat_g", "g")                               \
    X(CARBOHYDRATE_G, "carbohydrate_g", "g")             \
    X(FIBRE_G, "fibre_g", "g")                           \
    X(WATER_G, "water_g", "g")                           \
    X(CALCIUM_MG, "calcium_mg", "mg")                    \
    X(IRON_MG, "iron_mg", "mg")                          \
    X(ZINC_MG, "zinc_mg", "mg")                          \
    X(MAGNESIUM_MG, "magnesium_mg", "mg")                \
    X(PHOSPHORUS_MG, "phosphorus_mg", "mg")              \
    X(POTASSIUM_MG, "potassium_mg", "mg")                \
    X(SODIUM_MG, "sodium_mg", "mg")                      \
    X(VITAMIN_C_MG, "vitamin_c_mg", "mg")                \
    X(FOLATE_UG, "folate_ug", "ug")                      \
    X(THIAMINE_MG, "thiamine_mg", "mg")                  \
    X(RIBOFLAVIN_MG, "riboflavin_mg", "mg")              \
    X(NIACIN_MG, "niacin_mg", "mg")                      \
    X(RETINOL_UG, "retinol_ug", "ug")                    \
    X(BETA_CAROTENE_UG, "beta_carotene_ug", "ug")

typedef enum {
#define POSHAN_NUTRIENT_ENUM(id, column, unit) POSHAN_##id,
    POSHAN_NUTRIENTS(POSHAN_NUTRIENT_ENUM)
#undef POSHAN_NUTRIENT_ENUM
    POSHAN_NUTRIENT_COUNT
} poshan_nutrient;

const char *poshan_nutrient_column(poshan_nutrient n); /* "iron_mg" */
const char *poshan_nutrient_unit(poshan_nutrient n);   /* "mg" */

/* Energy factors of IFCT 2017 (and FAO): kcal and kJ per gram. */
#define POSHAN_KCAL_PER_G_PROTEIN 4.0
#define POSHAN_KCAL_PER_G_FAT 9.0
#define POSHAN_KCAL_PER_G_CARBOHYDRATE 4.0
#define POSHAN_KCAL_PER_G_FIBRE 2.0
#define POSHAN_KJ_PER_G_PROTEIN 17.0
#define POSHAN_KJ_PER_G_FAT 37.0
#define POSHAN_KJ_PER_G_CARBOHYDRATE 17.0
#define POSHAN_KJ_PER_G_FIBRE 8.0
#define POSHAN_KJ_PER_KCAL 4.184 /* the thermochemical calorie, as IFCT uses */

typedef enum { POSHAN_ENERGY_TABLE, POSHAN_ENERGY_COMPUTED } poshan_energy_source;

/* One food of a composite's recipe and its share of the composite's raw weight. */
typedef struct poshan_recipe_part {
    char code[16];
    double share;        /* a fraction: the parts of a recipe sum to 1 */
} poshan_recipe_part;

typedef struct poshan_food {
    char code[16];
    char *name;
    char *local_names;   /* may be "" */
    char *aliases;       /* from aliases.csv, ';'-separated, may be "" */
    char *group;         /* IFCT food group, e.g. "Grain Legumes" */
    double per_100g[POSHAN_NUTRIENT_COUNT];
    unsigned long blank; /* bit n: column n was blank in the file (below detection limit) */
    poshan_energy_source energy_source;
    double density_g_per_ml; /* > 0 for liquids and fats measured in ml (household.csv or the table) */
    double piece_g;          /* > 0 for foods counted in pieces: an egg, a banana (household.csv) */
    int given_per_100ml;     /* the file gave values per 100 ml */
    const char *source;      /* the file it came from */
    /* A composite (composites.csv): a generic item such as "mixed vegetables", defined
     * as a stated mix of other foods; its values per 100 g are the mix's. nrecipe is 0
     * for every other food, and then the rest are NULL. */
    poshan_recipe_part *recipe;
    size_t nrecipe;
    char *assumption;        /* what the mix assumes, in words */
    char *assumption_source; /* where the assumption comes from */
} poshan_food;

/* An alias that picks one food for a name of several kinds ("milk": cow's
 * or buffalo's), with the sentence that says so (aliases.csv, assumes). */
typedef struct poshan_alias_assumption {
    char *alias, *text;
} poshan_alias_assumption;

typedef struct poshan_foods {
    poshan_food *items;
    size_t count, capacity;
    size_t *slots;        /* open-addressing index by code: item index + 1, 0 = empty */
    size_t nslots;
    char **sources;       /* file names, owned */
    size_t nsources;
    poshan_alias_assumption *assumptions;
    size_t nassumptions, assumptions_capacity;
} poshan_foods;

/* Adds every food of a CSV table. A code already loaded (from any file) is an
 * error naming both files. On error nothing of that file is kept. */
poshan_status poshan_foods_load(poshan_foods *foods, const char *path, poshan_error *err);

/* Adds alternative names (market names such as "toor") from a CSV
 * `alias,code[,source][,assumes]`. */
poshan_status poshan_foods_load_aliases(poshan_foods *foods, const char *path, poshan_error *err);
/* What the alias (as the alias table writes it) assumes in picking its
 * food, or NULL when it names one kind of food only. */
const char *poshan_foods_alias_assumption(const poshan_foods *foods, const char *alias);
/* When alias (as the table writes it) is such an alias of food: the note
 * for a menu that wrote it as `written` ("'दूध' is read as L002, ...: milk
 * of no named kind ..."), in buf, and the assumption's text returned (the
 * same text for two names of one choice); else NULL, buf untouched. A menu
 * and the batch say it once. */
const char *poshan_alias_note(const poshan_foods *foods, const poshan_food *food, const char *alias,
                              const char *written, char *buf, size_t size);

/* Household measures from a CSV `code,density_g_per_ml,piece_g,source`: the density of
 * a liquid or fat (to read ml and litres) and the weight of one piece (an egg), each
 * with where it comes from. */
poshan_status poshan_foods_load_household(poshan_foods *foods, const char *path, poshan_error *err);

/* Composite foods from a CSV `code,name,names,group,recipe,assumption,source`: each a
 * generic item a menu may name ("सब्जी", "dal") as a stated mix of foods already
 * loaded ("F006 75; D066 40": codes and parts by raw weight, any total). Its values
 * per 100 g are the parts' values in those shares; its names act as aliases. On
 * error nothing of the file is kept. */
poshan_status poshan_foods_load_composites(poshan_foods *foods, const char *path, poshan_error *err);

/* A composite's recipe in words: "37.5 % F006 (Potato, brown skin, big), ...", or
 * without the names "37.5 % F006, ...". */
void poshan_food_recipe_text(const poshan_foods *foods, const poshan_food *food, int with_names, char *buf,
                             size_t size);

/* What a menu that names a composite should be told: "'sabzi' is X001, Mixed
 * vegetables (composite): a mix of 37.5 % F006, ... by raw weight. <assumption>". */
void poshan_composite_note(const poshan_foods *foods, const poshan_food *food, const char *written, char *buf,
                           size_t size);

/* Loads DIR/ifct2017.csv, DIR/products.csv, the composites (DIR/composites.csv, or
 * composites when not NULL: a state's own definitions), DIR/aliases.csv and
 * DIR/household.csv. */
poshan_status poshan_foods_load_with(poshan_foods *foods, const char *dir, const char *composites,
                                     poshan_error *err);
/* poshan_foods_load_with the shipped composites. */
poshan_status poshan_foods_load_default(poshan_foods *foods, const char *dir, poshan_error *err);

/* For the loaders of foods.c and composites.c: adds food (its strings then belong to
 * the table) read from path; the code must be new. Returns 0, or -1 out of memory. */
int poshan_foods_append(poshan_foods *foods, const poshan_food *food, const char *path);
/* Drops the foods from index count on (a file that failed part-way). */
void poshan_foods_truncate(poshan_foods *foods, size_t count);
/* Gives food another name. Returns 0 (also when food already has it), 1 when another
 * food has it (*owner says which), -1 out of memory. */
int poshan_foods_add_alias(poshan_foods *foods, poshan_food *food, const char *alias,
                           const poshan_food **owner);

void poshan_foods_free(poshan_foods *foods);

/* By code, case-insensitive; NULL when absent. */
const poshan_food *poshan_foods_find(const poshan_foods *foods, const char *code);

/* The food's Hindi name: its first alias written in Devanagari (aliases.csv,
 * "चावल" for A015), copied into buf; NULL when it has none. For Hindi pages
 * and reports, which show the IFCT name where no Hindi one is known. */
const char *poshan_food_hindi_name(const poshan_food *food, char *buf, size_t size);

/* How a name fits a food, best first. Case never matters (Latin letters);
 * Devanagari is compared as written. */
typedef enum {
    POSHAN_MATCH_CODE,    /* the food code */
    POSHAN_MATCH_ALIAS,   /* a name in the shipped alias table (nutrients/aliases.csv) */
    POSHAN_MATCH_NAME,    /* the English name, whole or one of its comma parts ("Rice") */
    POSHAN_MATCH_LOCAL,   /* one of IFCT's local names ("H. Arhar dal") */
    POSHAN_MATCH_WORDS,   /* every word typed is a whole word of a name (loose) */
    POSHAN_MATCH_PREFIX,  /* a word of a name starts with what was typed (loose) */
    POSHAN_MATCH_PART,    /* a name contains what was typed (loose: "gur" in "bulgur") */
    POSHAN_MATCH_FUZZY,   /* a name is one or two typing slips away (loose) */
    POSHAN_MATCH_NONE
} poshan_match_kind;

typedef struct poshan_food_match {
    const poshan_food *food;
    poshan_match_kind kind;
    char name[128];       /* the name that matched, as the table writes it */
} poshan_food_match;

const char *poshan_match_kind_name(poshan_match_kind kind); /* "alias", "local name", ... */

/* A menu's food reference. The best kind of match decides: a code, then the alias
 * table (which always wins), then English names, then local names; within that kind
 * the name must fit one food only, else it is refused with the candidates. With
 * allow_loose, a name that fits no food exactly may resolve by whole words or a
 * prefix, but only when one food fits better than every other (the caller should
 * say so: out->kind and out->name tell how); fuzzy matches never resolve. On failure
 * err->message says why and lists the closest foods. */
poshan_status poshan_foods_resolve_match(const poshan_foods *foods, const char *text, int allow_loose,
                                         poshan_food_match *out, poshan_error *err);

/* poshan_foods_resolve_match without loose matches, giving the food alone. */
poshan_status poshan_foods_resolve(const poshan_foods *foods, const char *text,
                                   const poshan_food **out, poshan_error *err);

/* Foods that text names in any way, best first: code, then alias or name or local
 * name, then whole words, prefixes, parts and typing slips; each with the name that
 * matched. Writes at most max to out and returns how many match. */
size_t poshan_foods_search_ranked(const poshan_foods *foods, const char *text,
                                  poshan_food_match *out, size_t max);

/* Of names, the one closest to text (fewest typing slips, any case); NULL when none is. */
const char *poshan_nearest_name(const char *text, const char *const *names, size_t count);

/* The same order, foods only. */
size_t poshan_foods_search(const poshan_foods *foods, const char *text,
                           const poshan_food **out, size_t max);

/* Energy from the macronutrients with the IFCT factors, per 100 g. */
double poshan_energy_kcal_from_macros(double protein_g, double fat_g, double carbohydrate_g,
                                      double fibre_g);
double poshan_energy_kj_from_macros(double protein_g, double fat_g, double carbohydrate_g,
                                    double fibre_g);

#endif
