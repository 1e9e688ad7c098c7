/* prices.c: reading an ingredient price list (see prices.h). */
#include "prices.h"

#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "i18n.h"

typedef struct price_ctx {
    poshan_prices *prices;
    const char *path;
} price_ctx;

static const poshan_csv_column price_columns[] = {{"food", 1}, {"rs_per_kg", 1}};

static poshan_status price_row(void *ctx, const poshan_csv_row *row, const int *index,
                               poshan_error *err) {
    price_ctx *c = ctx;
    const char *text = poshan_csv_field(row, index[0]);
    const poshan_food *food;
    poshan_status st = poshan_foods_resolve(c->prices->foods, text, &food, err);
    if (st != POSHAN_OK) {
        err->line = row->line;
        snprintf(err->file, sizeof err->file, "%s", c->path);
        return st;
    }
    const char *price_text = poshan_csv_field(row, index[1]);
    double rs;
    if (poshan_parse_number(price_text, &rs) != 1 || rs < 0 || rs > 100000)
        return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, "rs_per_kg",
                                _("'%s' is not a price; write rupees per kg, such as 95.50"), price_text);
    size_t i = (size_t)(food - c->prices->foods->items);
    if (c->prices->rs_per_kg[i] >= 0)
        return poshan_error_set(err, POSHAN_EINPUT, c->path, row->line, "food",
                                _("%s (%s) is priced twice"), food->code, food->name);
    c->prices->rs_per_kg[i] = rs;
    return POSHAN_OK;
}

poshan_status poshan_prices_load(poshan_prices *prices, const char *path, const poshan_foods *foods,
                                 poshan_error *err) {
    prices->foods = foods;
    prices->rs_per_kg = malloc((foods->count + 1) * sizeof *prices->rs_per_kg);
    if (prices->rs_per_kg == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, path, 0, NULL, _("out of memory"));
    for (size_t i = 0; i < foods->count; i++) prices->rs_per_kg[i] = -1;
    price_ctx c = {.prices = prices, .path = path};
    poshan_status st = poshan_csv_read_table_file(path, price_columns, 2, 1, price_row, &c, err);
    if (st != POSHAN_OK) poshan_prices_free(prices);
    return st;
}

double poshan_prices_rs_per_kg(const poshan_prices *prices, const poshan_food *food) {
    if (prices == NULL || prices->rs_per_kg == NULL) return -1;
    return prices->rs_per_kg[food - prices->foods->items];
}

void poshan_prices_free(poshan_prices *prices) {
    free(prices->rs_per_kg);
    prices->rs_per_kg = NULL;
}
