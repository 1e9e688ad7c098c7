/* prices.h: what ingredients cost, from a CSV `food,rs_per_kg` an advisor keeps. */
#ifndef POSHAN_PRICES_H
#define POSHAN_PRICES_H

#include "error.h"
#include "foods.h"

typedef struct poshan_prices {
    const poshan_foods *foods;
    double *rs_per_kg;   /* by index into foods->items; negative: no price */
} poshan_prices;

/* `food` is a code or an unambiguous name; a food priced twice is an error. */
poshan_status poshan_prices_load(poshan_prices *prices, const char *path, const poshan_foods *foods,
                                 poshan_error *err);
/* Rupees per kg of that food, or a negative number when it has no price. */
double poshan_prices_rs_per_kg(const poshan_prices *prices, const poshan_food *food);
void poshan_prices_free(poshan_prices *prices);

#endif
