/* inr.c: Indian digit grouping and half-up rounding (see inr.h). */
#include "inr.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

double poshan_round_half_up(double x, int decimals) {
    double scale = pow(10, decimals);
    double r = floor(fabs(x) * scale + 0.5 + 1e-6) / scale;
    return x < 0 ? -r : r;
}

void poshan_format_indian(double value, int decimals, char *buf, size_t size) {
    char plain[64];
    double rounded = fabs(poshan_round_half_up(value, decimals));
    snprintf(plain, sizeof plain, "%.*f", decimals, rounded);
    const char *point = strchr(plain, '.');
    size_t ndigits = point ? (size_t)(point - plain) : strlen(plain);
    char out[96];
    size_t o = 0;
    if (value < 0 && rounded != 0) out[o++] = '-';
    for (size_t i = 0; i < ndigits; i++) {
        size_t left = ndigits - i; /* digits from here to the point */
        if (i > 0 && (left == 3 || (left > 3 && (left - 3) % 2 == 0))) out[o++] = ',';
        out[o++] = plain[i];
    }
    if (point) {
        size_t rest = strlen(point);
        memcpy(out + o, point, rest);
        o += rest;
    }
    out[o] = '\0';
    snprintf(buf, size, "%s", out);
}
