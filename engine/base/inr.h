/* inr.h: numbers written the Indian way for committee tables, and the
 * source's rounding rule. Digits grouped
 * in thousands, then lakhs and crores (45,45,310; 1,646.62). JSON and CSV
 * output keep plain numbers; only the table format uses this. */
#ifndef POSHAN_INR_H
#define POSHAN_INR_H

#include <stddef.h>

/* x rounded to `decimals` places, half away from zero: the rule of every table
 * in the source (Kanker 321,310.5 litres is printed 321,311; Khadgawan
 * Rs 1,08,23,827.5 is printed 1,08,23,828). Inputs carry a few decimals at
 * most, so a product within 1e-6 of a half is a half that binary floating
 * point missed (9 children x 0.9 x 3 x 225 = 5,467.5 comes out as 5467.4999...). */
double poshan_round_half_up(double x, int decimals);

/* value rounded half up to `decimals` places, grouped 2-2-3 before the point. */
void poshan_format_indian(double value, int decimals, char *buf, size_t size);

#endif
