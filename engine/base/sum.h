/* sum.h: sums whose value does not depend on the order of their terms.
 * Each sum carries the rounding error of its additions, kept exactly by
 * Knuth's TwoSum (TAOCP vol. 2, 4.2.2, theorem B), and the two are added
 * once at the end. The result is the sum correctly rounded but for
 * rounding errors some 2^-53 times smaller than one unit in the last
 * place, so a file read in another row order gives the same bits: the
 * order-free results of `impact estimate` rest on it. Needs strict IEEE
 * arithmetic (no -ffast-math). */
#ifndef POSHAN_SUM_H
#define POSHAN_SUM_H

/* *sum += x, the rounding error added to *error. *sum alone stays the
 * plain running sum. */
static inline void poshan_sum_add(double *sum, double *error, double x) {
    double s = *sum + x, x_part = s - *sum;
    *error += (*sum - (s - x_part)) + (x - x_part);
    *sum = s;
}

/* The sum with its error folded in; *error is then 0. */
static inline void poshan_sum_settle(double *sum, double *error) {
    *sum += *error;
    *error = 0;
}

#endif
