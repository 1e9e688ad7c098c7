/* html_plan.c: intervention plans on the browser pages (see html.h): the list
 * of plans and one plan, drawn from the JSON of GET /api/plans and
 * /api/plans/NAME (plan_json.h), so that the pages and the API cannot disagree. */

#include "html.h"

static const cJSON *member(const cJSON *o, const char *key) { return cJSON_GetObjectItemCaseSensitive(o, key); }

void poshan_html_plan_list(FILE *out, const cJSON *list) {
    if (cJSON_GetArraySize(list) == 0) {
        fputs("<p id=\"plans\">No intervention plan is in the plans directory.</p>\n", out);
        return;
    }
    fputs("<table id=\"plans\"><thead><tr><th>plan</th><th>cost (Rs lakh a year)</th>"
          "<th>Rs a child a year</th><th>figures of the source that contradict each other</th></tr>"
          "</thead>\n<tbody>\n", out);
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
    fputs("<div class=\"warning\" id=\"contradictions\"><p>The source contradicts itself:</p><ul>\n", out);
    cJSON_ArrayForEach(c, list) {
        fputs("<li>", out);
        poshan_html_escape(out, cJSON_IsString(c) ? c->valuestring : "");
        fputs("</li>\n", out);
    }
    fputs("</ul></div>\n", out);
}

/* One area (or the total) of a budget: where, schools, children, attending, quantity, cost. */
static void area_row(FILE *out, const cJSON *a, const char *name) {
    fputs("<tr>", out);
    if (name) {
        poshan_html_cell(out, name);
    } else {
        fputs("<td>", out);
        poshan_html_escape(out, poshan_html_text(a, "district"));
        if (poshan_html_text(a, "block")[0]) {
            fputs(", ", out);
            poshan_html_escape(out, poshan_html_text(a, "block"));
        }
        fputs("</td>", out);
    }
    fprintf(out, "<td>%.0f</td><td>%.0f</td><td>%.0f</td><td>%.0f</td><td>%.2f</td></tr>\n",
            poshan_html_number(a, "schools"), poshan_html_number(a, "children"),
            poshan_html_number(a, "attending_total"), poshan_html_number(a, "quantity_total"),
            poshan_html_number(a, "cost_lakh"));
}

static void added_rows(FILE *out, const cJSON *by_level, const char *basis) {
    const cJSON *level;
    cJSON_ArrayForEach(level, by_level) {
        fputs("<tr>", out);
        poshan_html_cell(out, level->string);
        poshan_html_cell(out, basis);
        fprintf(out, "<td>%.1f</td><td>%.2f</td><td>%.1f</td><td>%.2f</td></tr>\n",
                poshan_html_number(level, "energy_kcal"), poshan_html_number(level, "protein_g"),
                poshan_html_number(level, "calcium_mg"), poshan_html_number(level, "iron_mg"));
    }
}

static void budget(FILE *out, const cJSON *b, const char *label, const char *id) {
    if (!cJSON_IsObject(b)) return;
    fprintf(out, "<section id=\"%s\"><h2>Budget %s</h2>\n", id, label);
    fputs("<table class=\"areas\"><thead><tr><th>area</th><th>schools</th><th>children</th><th>attending</th>"
          "<th>quantity a year</th><th>cost (Rs lakh)</th></tr></thead>\n<tbody>\n", out);
    const cJSON *a;
    cJSON_ArrayForEach(a, member(b, "areas")) area_row(out, a, NULL);
    area_row(out, member(b, "total"), "total");
    fputs("</tbody></table>\n", out);
    fputs("<table class=\"added\"><thead><tr><th>level</th><th>added to a child's plate</th><th>energy (kcal)</th>"
          "<th>protein (g)</th><th>calcium (mg)</th><th>iron (mg)</th></tr></thead>\n<tbody>\n", out);
    added_rows(out, member(b, "added_per_serving_day"), "on a serving day");
    added_rows(out, member(b, "added_per_school_day_year_average"), "over the school year, a day");
    fputs("</tbody></table>\n", out);
    fprintf(out, "<p class=\"value\">Rs %.0f a child a year; Rs %.2f a gram of protein added; "
            "Rs %.2f per 100 kcal added.</p>\n</section>\n", poshan_html_number(b, "rs_per_child_year"),
            poshan_html_number(b, "rs_per_g_protein"), poshan_html_number(b, "rs_per_100_kcal"));
}

static void checks(FILE *out, const cJSON *b) {
    const cJSON *list = member(b, "checks"), *c;
    if (cJSON_GetArraySize(list) == 0) return;
    fputs("<h2>The source's own figures, worked out again</h2>\n<table id=\"checks\"><thead><tr><th>figure</th>"
          "<th>area</th><th>where</th><th>stated</th><th>worked out</th><th>agrees</th></tr></thead>\n<tbody>\n",
          out);
    cJSON_ArrayForEach(c, list) {
        int agrees = cJSON_IsTrue(member(c, "agrees"));
        fprintf(out, "<tr%s>", agrees ? "" : " class=\"fails\"");
        poshan_html_cell(out, poshan_html_text(c, "figure"));
        poshan_html_cell(out, poshan_html_text(c, "area"));
        poshan_html_cell(out, poshan_html_text(c, "where"));
        fprintf(out, "<td>%.2f</td><td>%.2f</td><td>%s</td></tr>\n", poshan_html_number(c, "stated"),
                poshan_html_number(c, "computed"), agrees ? "yes" : "no");
    }
    fputs("</tbody></table>\n", out);
}

void poshan_html_plan(FILE *out, const cJSON *plan) {
    fprintf(out, "<p>Item <code>");
    poshan_html_escape(out, poshan_html_text(plan, "item"));
    fprintf(out, "</code>, %.0f serving days a year. The same figures as <code>poshan plan</code> and "
            "<a href=\"/api/plans/", poshan_html_number(plan, "days_per_year"));
    poshan_html_escape(out, poshan_html_text(plan, "file")  /* the plan's name: api_plans.c */);
    fputs("\">the JSON</a>.</p>\n", out);
    contradictions(out, plan);
    budget(out, member(plan, "as_written"), "as the text says", "as-written");
    budget(out, member(plan, "as_table_implies"), "as the source's table implies", "as-table-implies");
    checks(out, member(plan, "as_written"));
}
