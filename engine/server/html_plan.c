/* html_plan.c: intervention plans on the browser pages (see html.h): the list
 * of plans and one plan, drawn from the JSON of GET /api/plans and
 * /api/plans/NAME (plan_json.h), so that the pages and the API cannot disagree. */

#include "html.h"

#include <math.h>
#include <string.h>

#include "i18n.h"
#include "inr.h"

static const cJSON *member(const cJSON *o, const char *key) { return cJSON_GetObjectItemCaseSensitive(o, key); }

void poshan_html_plan_list(FILE *out, const cJSON *list) {
    if (cJSON_GetArraySize(list) == 0) {
        fprintf(out, "<p id=\"plans\">%s</p>\n", _("No intervention plan is in the plans directory."));
        return;
    }
    static const char *const heads[] = {N_("plan"), N_("cost (Rs lakh a year)"), N_("Rs a child a year"),
                                        N_("figures of the source that contradict each other")};
    fputs("<table id=\"plans\">", out);
    poshan_html_thead(out, heads, sizeof heads / sizeof heads[0]);
    fputs("\n<tbody>\n", out);
    const cJSON *p;
    cJSON_ArrayForEach(p, list) {
        fputs("<tr><td><a href=\"/plans/", out);
        poshan_html_escape(out, poshan_html_text(p, "name"));
        fputs("\">", out);
        poshan_html_escape(out, poshan_html_text(p, "title"));
        fprintf(out, "</a></td><td>%.2f</td><td>%.0f</td><td>%.0f</td></tr>\n",
                poshan_html_number(p, "cost_lakh"), poshan_html_number(p, "rs_per_child_year"),
                poshan_html_number(p, "contradictions"));
    }
    fputs("</tbody></table>\n", out);
}

static void contradictions(FILE *out, const cJSON *plan) {
    const cJSON *list = member(plan, "contradictions"), *c;
    if (cJSON_GetArraySize(list) == 0) return;
    fprintf(out, "<div class=\"warning\" id=\"contradictions\"><p>%s</p><ul>\n", _("The source contradicts itself:"));
    cJSON_ArrayForEach(c, list) {
        fputs("<li>", out);
        poshan_html_escape(out, cJSON_IsString(c) ? c->valuestring : "");
        fputs("</li>\n", out);
    }
    fputs("</ul></div>\n", out);
}

/* A count or an amount grouped the Indian way (1,12,723; 1,920.39). */
static void number_cell(FILE *out, double v, int decimals) {
    char buf[48];
    poshan_format_indian(v, decimals, buf, sizeof buf);
    fprintf(out, "<td>%s</td>", buf);
}

/* Decimal places a stated figure was printed with (454.33: 2), at most 2. */
static int figure_decimals(double v) {
    return fabs(v - round(v)) < 1e-9 ? 0 : fabs(v * 10 - round(v * 10)) < 1e-9 ? 1 : 2;
}

/* What the page shows of a plan's budgets: the source gives schools for some
 * tables only, and nothing is bought when nothing is served (kitchen garden). */
typedef struct plan_columns {
    int schools;
    const char *quantity_unit;   /* "litres", "kg", "pieces"; "" when nothing is served */
} plan_columns;

/* One area (or the total) of a budget: where, schools, children, attending, quantity, cost. */
static void area_row(FILE *out, const cJSON *a, const char *name, const plan_columns *c) {
    fputs("<tr>", out);
    if (name) {
        poshan_html_cell(out, _(name));
    } else {
        fputs("<td>", out);
        poshan_html_escape(out, poshan_html_text(a, "district"));
        if (poshan_html_text(a, "block")[0]) {
            fputs(", ", out);
            poshan_html_escape(out, poshan_html_text(a, "block"));
        }
        fputs("</td>", out);
    }
    if (c->schools) number_cell(out, poshan_html_number(a, "schools"), 0);
    number_cell(out, poshan_html_number(a, "children"), 0);
    double attending = poshan_html_number(a, "attending_total");
    number_cell(out, attending, fabs(attending - round(attending)) < 1e-9 ? 0 : 1);
    if (c->quantity_unit[0]) number_cell(out, poshan_html_number(a, "quantity_total"), 0);
    number_cell(out, poshan_html_number(a, "cost_lakh"), 2);
    fputs("</tr>\n", out);
}

static void added_rows(FILE *out, const cJSON *by_level, const char *basis) {
    const cJSON *level;
    cJSON_ArrayForEach(level, by_level) {
        fputs("<tr>", out);
        poshan_html_cell(out, poshan_html_level(level->string));
        poshan_html_cell(out, _(basis));
        fprintf(out, "<td>%.1f</td><td>%.2f</td><td>%.1f</td><td>%.2f</td></tr>\n",
                poshan_html_number(level, "energy_kcal"), poshan_html_number(level, "protein_g"),
                poshan_html_number(level, "calcium_mg"), poshan_html_number(level, "iron_mg"));
    }
}

/* A serving's unit (the plan file's "ml", "g", "piece") in the reader's language, plural when it is. */
static const char *unit_name(const char *unit, double n) {
    if (strcmp(unit, "piece") == 0) return n != 1 ? _("pieces") : _("piece");
    return unit;
}

/* "100 ml primary, 200 ml upper_primary": the servings a budget uses. */
static void servings(FILE *out, const cJSON *plan, const cJSON *b) {
    const char *unit = poshan_html_text(plan, "serving_unit");
    const cJSON *level;
    int first = 1;
    cJSON_ArrayForEach(level, member(b, "serving")) {
        fprintf(out, "%s%g %s ", first ? "" : ", ", level->valuedouble, unit_name(unit, level->valuedouble));
        poshan_html_escape(out, poshan_html_level(level->string));
        first = 0;
    }
}

/* A quantity's unit (the plan file's "litres", "kg", "pieces") in the reader's language. */
static const char *quantity_unit(const char *unit) {
    if (strcmp(unit, "litres") == 0) return _("litres");
    if (strcmp(unit, "pieces") == 0) return _("pieces");
    return unit;
}

static void budget(FILE *out, const cJSON *plan, const cJSON *b, const char *label, const char *id,
                   const plan_columns *c) {
    if (!cJSON_IsObject(b)) return;
    fprintf(out, "<section id=\"%s\"><h2>%s%s%s</h2>\n", id, _("Budget"), label[0] ? " " : "", label[0] ? _(label) : "");
    if (cJSON_IsObject(member(b, "serving"))) {
        fprintf(out, "<p>%s ", _("Servings:"));
        servings(out, plan, b);
        fputs(".</p>\n", out);
    }
    fprintf(out, "<table class=\"areas\"><thead><tr><th>%s</th>", _("area"));
    if (c->schools) fprintf(out, "<th>%s</th>", _("schools"));
    fprintf(out, "<th>%s</th><th>%s</th>", _("children enrolled"), _("children attending"));
    if (c->quantity_unit[0]) {
        char words[128];
        /* TRANSLATORS: a column: the quantity bought a year, %s its unit (litres, kg, pieces) */
        snprintf(words, sizeof words, _("%s a year"), quantity_unit(c->quantity_unit));
        fputs("<th>", out);
        poshan_html_escape(out, words);
        fputs("</th>", out);
    }
    fprintf(out, "<th>%s</th></tr></thead>\n<tbody>\n", _("cost (Rs lakh)"));
    const cJSON *a;
    cJSON_ArrayForEach(a, member(b, "areas")) area_row(out, a, NULL, c);
    area_row(out, member(b, "total"), N_("total"), c);
    fputs("</tbody></table>\n", out);
    if (!c->schools) fprintf(out, "<p class=\"hint\">%s</p>\n", _("The source gives no schools per area for this table."));
    if (c->quantity_unit[0]) {
        static const char *const heads[] = {N_("level"), N_("added to a child's plate"), N_("energy (kcal)"),
                                            N_("protein (g)"), N_("calcium (mg)"), N_("iron (mg)")};
        fputs("<table class=\"added\">", out);
        poshan_html_thead(out, heads, sizeof heads / sizeof heads[0]);
        fputs("\n<tbody>\n", out);
        added_rows(out, member(b, "added_per_serving_day"), N_("on a serving day"));
        added_rows(out, member(b, "added_per_school_day_year_average"), N_("over the school year, a day"));
        fputs("</tbody></table>\n", out);
        fputs("<p class=\"value\">", out);
        fprintf(out, _("Rs %.0f a child a year; Rs %.2f a gram of protein added; Rs %.2f per 100 kcal added."),
                poshan_html_number(b, "rs_per_child_year"), poshan_html_number(b, "rs_per_g_protein"),
                poshan_html_number(b, "rs_per_100_kcal"));
        fputs("</p>\n", out);
    } else {
        fputs("<p class=\"value\">", out);
        fprintf(out, _("Rs %.0f a child a year."), poshan_html_number(b, "rs_per_child_year"));
        fputs("</p>\n", out);
    }
    fputs("</section>\n", out);
}

/* One check's worked-out figure and whether it agrees, in one budget. */
static void check_cells(FILE *out, const cJSON *c, double stated) {
    int agrees = cJSON_IsTrue(member(c, "agrees"));
    number_cell(out, poshan_html_number(c, "computed"), figure_decimals(stated));
    fprintf(out, "<td class=\"%s\">%s</td>", agrees ? "ok" : "below", agrees ? _("yes") : _("no"));
}

/* The source's figures against the budget as the text says, and, when the
 * table implies other servings, against that budget too. */
static void checks(FILE *out, const cJSON *plan, const cJSON *written, const cJSON *implied) {
    const cJSON *list = member(written, "checks"), *other = member(implied, "checks"), *c;
    if (cJSON_GetArraySize(list) == 0) return;
    fprintf(out, "<h2>%s</h2>\n<p id=\"checks-basis\">", _("The source's own figures, worked out again"));
    fputs(_("Each row holds a figure the source prints against the same figure worked out from the file's inputs "
            "(enrolment, attendance, servings, days, price), as the last column but one says. \"Agrees\" means "
            "the worked-out figure rounds to what the source printed."), out);
    if (cJSON_IsObject(member(written, "serving"))) {
        fputs(cJSON_IsArray(other) ? _(" The first check is against the budget as the text says (")
                                   : _(" The check is against the budget as the text says ("), out);
        servings(out, plan, written);
        fputs(")", out);
    }
    if (cJSON_IsArray(other)) {
        fputs(_("; the second against the budget at the servings the source's table implies ("), out);
        servings(out, plan, implied);
        fputs(_("). A \"no\" in the first and a \"yes\" in the second is the contradiction above, not an error "
                "of the table's arithmetic"), out);
    }
    fprintf(out, ".</p>\n<table id=\"checks\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
            "<th>%s</th><th>%s</th>", _("figure"), _("area"), _("where in the source"), _("stated"),
            _("worked out as"), _("worked out (text)"), _("agrees"));
    if (cJSON_IsArray(other)) fprintf(out, "<th>%s</th><th>%s</th>", _("worked out (table)"), _("agrees"));
    fputs("</tr></thead>\n<tbody>\n", out);
    int i = 0;
    cJSON_ArrayForEach(c, list) {
        const cJSON *alt = cJSON_GetArrayItem(other, i++);
        int agrees = cJSON_IsTrue(member(c, "agrees")) && (alt == NULL || cJSON_IsTrue(member(alt, "agrees")));
        double stated = poshan_html_number(c, "stated");
        fprintf(out, "<tr%s>", agrees ? "" : " class=\"fails\"");
        poshan_html_cell(out, poshan_html_text(c, "label"));
        poshan_html_cell(out, poshan_html_text(c, "area"));
        poshan_html_cell(out, poshan_html_text(c, "where"));
        number_cell(out, stated, figure_decimals(stated));
        poshan_html_cell(out, poshan_html_text(c, "worked_out_as"));
        check_cells(out, c, stated);
        if (alt) check_cells(out, alt, stated);
        fputs("</tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
}

void poshan_html_plan(FILE *out, const cJSON *plan, const poshan_foods *foods, poshan_lang lang) {
    if (poshan_html_text(plan, "item")[0]) {
        fprintf(out, "<p>%s ", _("Item"));
        poshan_html_food(out, foods, poshan_html_text(plan, "item"), lang);
        fputs(", ", out);
        fprintf(out, _("%.0f serving days a year."), poshan_html_number(plan, "days_per_year"));
    } else {
        fprintf(out, "<p>%s", _("Nothing is served: the plan pays for schools."));
    }
    fprintf(out, " %s <a href=\"/api/plans/", _("The same figures as <code>poshan plan</code> and"));
    poshan_html_escape(out, poshan_html_text(plan, "file")  /* the plan's name: api_plans.c */);
    fprintf(out, "\">%s</a>.</p>\n", _("the JSON"));
    contradictions(out, plan);
    const cJSON *written = member(plan, "as_written"), *implied = member(plan, "as_table_implies");
    plan_columns c = {poshan_html_number(member(written, "total"), "schools") > 0,
                      poshan_html_text(plan, "quantity_unit")};
    budget(out, plan, written, implied ? N_("as the text says") : "", "as-written", &c);
    budget(out, plan, implied, N_("as the source's table implies"), "as-table-implies", &c);
    checks(out, plan, written, implied);
}
