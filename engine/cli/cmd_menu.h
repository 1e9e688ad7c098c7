/* cmd_menu.h: what `poshan menu evaluate` and `poshan menu optimise` share. */
#ifndef POSHAN_CMD_MENU_H
#define POSHAN_CMD_MENU_H

#include "menu.h"

/* `menu optimise ...` (argv[0] is "menu", argv[1] "optimise"). */
int poshan_cmd_menu_optimise(int argc, char **argv);

/* One level of a menu as `menu evaluate` prints it on a terminal. */
void print_level_table(const poshan_menu *menu, const poshan_level_result *r,
                       const poshan_norms *norms, int priced);

/* The shipped foods (with the composites of composites_path, or the shipped ones
 * when NULL) and each --foods file, the norms (or --norms) and, when prices_path is
 * not NULL, the prices: what every `menu` sub-command reads first. */
poshan_status menu_load_data(char *const *foods_files, size_t nfoods, const char *composites_path,
                             const char *norms_path, const char *prices_path, poshan_foods *foods,
                             poshan_norms *norms, poshan_prices *prices, poshan_error *err);

#endif
