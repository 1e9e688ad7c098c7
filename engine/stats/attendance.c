/* attendance.c: attendance-rate difference-in-differences (see attendance.h).
 * The rate of a school-month is attendance_days / (enrolled x school_days):
 * attendance_days counts child-days present (the sum over the month's school
 * days of the children present), as the monthly MDM returns report it. */
#include "attendance.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "i18n.h"

enum { COL_SCHOOL, COL_DISTRICT, COL_BLOCK, COL_MONTH, COL_ENROLLED, COL_ATTENDANCE, COL_DAYS, NCOLS };
static const poshan_csv_column columns[NCOLS] = {
    {"school_udise", 1}, {"district", 1}, {"block", 1}, {"month", 1},
    {"enrolled", 1}, {"attendance_days", 1}, {"school_days", 1}};

typedef struct reader {
    const char *path;
    const poshan_attendance_options *opt;
    poshan_attendance_result *out;
    int index[NCOLS];
    int header_done;
    poshan_trial trial;
    poshan_groups groups;
} reader;

int poshan_month_parse(const char *text) {
    if (strlen(text) != 7 || text[4] != '-') return -1;
    for (int i = 0; i < 7; i++)
        if (i != 4 && !isdigit((unsigned char)text[i])) return -1;
    int month = (text[5] - '0') * 10 + (text[6] - '0');
    return month >= 1 && month <= 12 ? 0 : -1;
}

static poshan_status whole_number(const reader *r, const poshan_csv_row *row, int col, double lo, double hi,
                                  double *out, poshan_error *err) {
    const char *text = poshan_csv_field(row, r->index[col]);
    int ok = poshan_parse_number(text, out);
    if (ok == 1 && *out >= lo && *out <= hi && *out == (double)(long)*out) return POSHAN_OK;
    return poshan_error_set(err, POSHAN_EINPUT, r->path, row->line, columns[col].name,
                            ok == 0 ? "is empty: every school-month needs it"
                                    : "'%s' is not a whole number from %.0f to %.0f", text, lo, hi);
}

/* A month has at most 31 school days; attendance at most every enrolled
 * child on every school day; no school enrols a million children (the
 * largest bound we accept, to catch typing errors). */
static poshan_status parse_rate(const reader *r, const poshan_csv_row *row, double *enrolled,
                                double *rate, poshan_error *err) {
    double days = 0, attended = 0;
    poshan_status st = whole_number(r, row, COL_ENROLLED, 1, 1e6, enrolled, err);
    if (st == POSHAN_OK) st = whole_number(r, row, COL_DAYS, 1, 31, &days, err);
    if (st == POSHAN_OK) st = whole_number(r, row, COL_ATTENDANCE, 0, *enrolled * days, &attended, err);
    if (st == POSHAN_OK) *rate = attended / (*enrolled * days);
    else if (strcmp(err->field, "attendance_days") == 0)
        snprintf(err->message, sizeof err->message,
                 "'%s' child-days cannot be: %.0f children on %.0f school days make at most %.0f",
                 poshan_csv_field(row, r->index[COL_ATTENDANCE]), *enrolled, days, *enrolled * days);
    return st;
}

static poshan_status on_row(void *ctx, const poshan_csv_row *row, poshan_error *err) {
    reader *r = ctx;
    if (!r->header_done) {
        r->header_done = 1;
        return poshan_csv_map_header(row, columns, NCOLS, 1, r->index, r->path, err);
    }
    r->out->records++;
    const char *month = poshan_csv_field(row, r->index[COL_MONTH]);
    if (poshan_month_parse(month) != 0)
        return poshan_error_set(err, POSHAN_EINPUT, r->path, row->line, "month",
                                _("'%s' is not a month: write it as YYYY-MM, e.g. 2019-11"), month);
    double enrolled = 0, rate = 0;
    size_t school, group;
    poshan_status st = parse_rate(r, row, &enrolled, &rate, err);
    if (st == POSHAN_OK)
        st = poshan_trial_school_of(&r->trial, poshan_csv_field(row, r->index[COL_SCHOOL]),
                                    poshan_csv_field(row, r->index[COL_DISTRICT]),
                                    poshan_csv_field(row, r->index[COL_BLOCK]), r->path, row->line,
                                    &school, err);
    if (st != POSHAN_OK) return st;
    poshan_trial_school *s = &r->trial.info[school];
    if (s->arm == POSHAN_ARM_OUTSIDE) {
        r->out->records_outside++;
        return POSHAN_OK;
    }
    if (s->group == SIZE_MAX) {
        size_t cluster, boot, unit;
        poshan_trial_ids(&r->trial, school, &cluster, &boot, &unit);
        st = poshan_groups_add(&r->groups, s->arm, cluster, boot, unit, &s->group, err);
        if (st != POSHAN_OK) return st;
    }
    group = s->group;
    int post = strcmp(month, r->opt->start) >= 0;
    double z[2] = {1.0, post};
    poshan_groups_accumulate(&r->groups, group, z, rate, enrolled);
    poshan_attendance_arm *a = &r->out->arm[s->arm];
    a->school_months[post]++;
    a->enrolled[post] += enrolled;
    a->attended_rate_sum[post] += enrolled * rate;
    return POSHAN_OK;
}

poshan_status poshan_attendance_estimate(const char *path, const poshan_attendance_options *opt,
                                         poshan_attendance_result *out, poshan_error *err) {
    memset(out, 0, sizeof *out);
    if (poshan_month_parse(opt->start) != 0)
        return poshan_error_set(err, POSHAN_EUSAGE, NULL, 0, "--start",
                                _("'%s' is not a month: write it as YYYY-MM, e.g. 2019-11"), opt->start);
    reader r = {.path = path, .opt = opt, .out = out};
    poshan_design design;
    poshan_design_did(&design, 0, NULL);
    poshan_status st = poshan_trial_init(&r.trial, &opt->arms, err);
    if (st == POSHAN_OK) st = poshan_groups_init(&r.groups, design.kz, err);
    if (st == POSHAN_OK) st = poshan_csv_read_file(path, on_row, &r, err);
    if (st == POSHAN_OK && !r.header_done)
        st = poshan_error_set(err, POSHAN_EINPUT, path, 0, NULL, _("the file is empty"));
    if (st == POSHAN_OK) st = poshan_trial_check_seen(&r.trial, path, err);
    poshan_groups_settle(&r.groups);
    if (st == POSHAN_OK) st = poshan_did_estimate(&r.groups, &design, &opt->inference, &out->did, err);
    if (st == POSHAN_EINPUT && err->file[0] == '\0') snprintf(err->file, sizeof err->file, "%s", path);
    poshan_groups_free(&r.groups);
    poshan_trial_free(&r.trial);
    return st;
}
