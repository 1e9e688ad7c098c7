/* cli.h: what the `poshan` sub-commands share. The command line is a thin
 * layer: it parses options, calls the library and prints what it returns. */
#ifndef POSHAN_CLI_H
#define POSHAN_CLI_H

#include <stdio.h>

#include "error.h"
#include "foods.h"
#include "impact.h"
#include "norms.h"
#include "table.h"

/* Exit codes: 0 success, 1 bad input (the message names file, line, field), 2 usage. */
enum { POSHAN_EXIT_OK = 0, POSHAN_EXIT_INPUT = 1, POSHAN_EXIT_USAGE = 2 };

/* Prints "poshan: <error>" on stderr and returns the exit code for status. */
int poshan_cli_report(poshan_status status, const poshan_error *err);
/* Prints a usage complaint and the hint to run --help; returns 2. */
int poshan_cli_usage(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Who runs the command, for the records that say who acted: $USER, else the
 * operating system's name for the effective user (never refused for want of $USER). */
const char *poshan_cli_account(void);

/* The directory holding ifct2017.csv, products.csv, aliases.csv and norms.json:
 * $POSHAN_DATA, else the one the build was made with. */
const char *poshan_cli_data_dir(void);

/* The shipped foods plus each --foods file; the shipped norms or --norms. */
poshan_status poshan_cli_load_foods(poshan_foods *foods, char *const *extra, size_t nextra,
                                    poshan_error *err);
/* The same with a state's composites file instead of nutrients/composites.csv (NULL: shipped). */
poshan_status poshan_cli_load_foods_with(poshan_foods *foods, const char *composites, char *const *extra,
                                         size_t nextra, poshan_error *err);
poshan_status poshan_cli_load_norms(poshan_norms *norms, const char *path, poshan_error *err);

/* Parses --format's value; returns 2 (after a message) when it is not known. */
int poshan_cli_format(const char *command, const char *text, poshan_format *out);

/* The WHO 2007 growth reference shipped in the data directory (who2007/). */
poshan_status poshan_cli_load_growth(poshan_growth_reference *ref, poshan_error *err);

/* An impact outcome named as the user wrote it (weight_kg, height_cm, haz,
 * waz, baz, stunted, thin, overweight) into o, loading the growth reference
 * into growth the first time a growth outcome is named. 0, or an exit code
 * after the message. */
int poshan_cli_outcome(const char *command, const char *text, poshan_growth_reference *growth,
                       poshan_impact_options *o);

/* Splits a comma-separated list in place; the array (to free) points into text. */
const char **poshan_cli_split_list(char *text, size_t *n);

int poshan_cmd_foods(int argc, char **argv);
int poshan_cmd_menu(int argc, char **argv);
int poshan_cmd_report(int argc, char **argv);
int poshan_cmd_serve(int argc, char **argv);
int poshan_cmd_users(int argc, char **argv);
int poshan_cmd_impact(int argc, char **argv);
int poshan_cmd_plan(int argc, char **argv);
int poshan_cmd_lab(int argc, char **argv);
int poshan_cmd_growth(int argc, char **argv);

#endif
