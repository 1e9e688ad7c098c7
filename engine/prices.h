/* prices.h: what ingredients cost, from a CSV `food,rs_per_kg` an advisor keeps. */
#ifndef POSHAN_PRICES_H
#define POSHAN_PRICES_H

#include "error.h"
#include "foods.h"

typedef struct poshan_prices {
    const poshan_food **foods;   /* parallel arrays, sorted by food pointer */
    double *rs_per_kg;
    size_t count;
} poshan_prices;

poshan_status poshan_prices_load(poshan_prices *prices, const char *path, const poshan_foods *foods,
                                 poshan_error *err);
/* Rupees per kg of that food, or a negative number when it has no price. */
double poshan_prices_rs_per_kg(const poshan_prices *prices, const poshan_food *food);
void poshan_prices_free(poshan_prices *prices);

#endif
