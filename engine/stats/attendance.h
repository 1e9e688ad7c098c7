/* attendance.h: the effect of an intervention (the breakfast) on school
 * attendance, from monthly school returns: difference-in-differences on the
 * attendance rate, weighted by enrolment, before and after a start month,
 * with the inference of inference.h. Reads one CSV; prints nothing. */
#ifndef POSHAN_ATTENDANCE_H
#define POSHAN_ATTENDANCE_H

#include "error.h"
#include "inference.h"
#include "trial.h"

typedef struct poshan_attendance_options {
    poshan_trial_arms arms;
    char start[8];               /* "YYYY-MM": months from this one on are "after" */
    poshan_inference_options inference;
} poshan_attendance_options;

typedef struct poshan_attendance_arm {
    long school_months[2];       /* 0 before the start, 1 from it */
    double enrolled[2];          /* sum of enrolment over those school-months */
    double attended_rate_sum[2]; /* sum of enrolled x rate, for the weighted mean */
} poshan_attendance_arm;

typedef struct poshan_attendance_result {
    poshan_attendance_arm arm[2];  /* POSHAN_ARM_CONTROL, POSHAN_ARM_TREATED */
    long records, records_outside;
    poshan_did_result did;
} poshan_attendance_result;

/* Checks start is YYYY-MM with a month 01-12; 0 when it is, -1 otherwise. */
int poshan_month_parse(const char *text);

poshan_status poshan_attendance_estimate(const char *path, const poshan_attendance_options *opt,
                                         poshan_attendance_result *out, poshan_error *err);

#endif
