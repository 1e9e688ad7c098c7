/* html_lab.c: lab results on the browser pages (see html.h): an upload's
 * answer, the flags table and the dashboard's summary, each drawn from the
 * JSON the API gives, so that the pages and the API cannot disagree. */

#include "html.h"


static void bad_rows(FILE *out, const cJSON *answer) {
    const cJSON *bad = cJSON_GetObjectItemCaseSensitive(answer, "bad_rows");
    if (cJSON_GetArraySize(bad) == 0) return;
    fputs("<table id=\"bad-rows\"><thead><tr><th>line</th><th>field</th><th>what is wrong</th></tr>"
          "</thead>\n<tbody>\n", out);
    const cJSON *row;
    cJSON_ArrayForEach(row, bad) {
        fprintf(out, "<tr class=\"bad-row\"><td>%.0f</td>", poshan_html_number(row, "line"));
        poshan_html_cell(out, poshan_html_text(row, "field"));
        poshan_html_cell(out, poshan_html_text(row, "error"));
        fputs("</tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
    if (poshan_html_number(answer, "bad_rows_not_listed") > 0)
        fprintf(out, "<p>... and %.0f more bad rows.</p>\n", poshan_html_number(answer, "bad_rows_not_listed"));
}

void poshan_html_lab_ingest(FILE *out, const cJSON *answer) {
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(answer, "stored"))) {
        fputs("<p class=\"stored\" id=\"ingest-result\">Stored <strong>", out);
        poshan_html_escape(out, poshan_html_text(answer, "file"));
        fprintf(out, "</strong>: %.0f rows read, %.0f stored, %.0f already stored, %.0f amended, "
                "%.0f rejected (batch %.0f).</p>\n", poshan_html_number(answer, "rows_read"), poshan_html_number(answer, "rows_stored"),
                poshan_html_number(answer, "rows_already_stored"), poshan_html_number(answer, "rows_amended"),
                poshan_html_number(answer, "rows_rejected"), poshan_html_number(answer, "batch_id"));
    } else {
        fputs("<p class=\"error\" role=\"alert\" id=\"ingest-result\"><strong>", out);
        poshan_html_escape(out, poshan_html_text(answer, "file"));
        fputs(":</strong> ", out);
        poshan_html_escape(out, poshan_html_text(answer, "error"));
        fputs("<br>Nothing was stored.</p>\n", out);
    }
    bad_rows(out, answer);
}

/* "1 to 200 of 4,512" and links to the pages before and after, when the list is one page. */
static void page_links(FILE *out, const cJSON *page, int shown) {
    if (page == NULL) return;
    double offset = poshan_html_number(page, "offset"), limit = poshan_html_number(page, "limit"), total = poshan_html_number(page, "samples_total");
    fprintf(out, "<p id=\"flags-page\">Samples %.0f to %.0f of %.0f flagged.", offset + 1, offset + shown, total);
    if (offset > 0)
        fprintf(out, " <a href=\"/flags?offset=%.0f\">The %.0f before</a>.", offset > limit ? offset - limit : 0, limit);
    if (offset + shown < total)
        fprintf(out, " <a href=\"/flags?offset=%.0f\">The next %.0f</a>.", offset + shown, limit);
    fputs("</p>\n", out);
}

void poshan_html_lab_flags(FILE *out, const cJSON *flags) {
    const cJSON *samples = cJSON_GetObjectItemCaseSensitive(flags, "samples");
    if (cJSON_GetArraySize(samples) == 0) {
        fputs("<p id=\"no-flags\">No stored sample is flagged.</p>\n", out);
        return;
    }
    fputs("<table id=\"flags\"><thead><tr><th>sample</th><th>lab</th><th>school</th><th>level</th>"
          "<th>sampled on</th><th>energy (kcal)</th><th>protein (g)</th><th>findings</th></tr></thead>\n"
          "<tbody>\n", out);
    const cJSON *f;
    cJSON_ArrayForEach(f, samples) {
        fputs("<tr>", out);
        poshan_html_cell(out, poshan_html_text(f, "sample_id"));
        poshan_html_cell(out, poshan_html_text(f, "lab"));
        poshan_html_cell(out, poshan_html_text(f, "school_name"));
        poshan_html_cell(out, poshan_html_text(f, "level"));
        poshan_html_cell(out, poshan_html_text(f, "sampled_on"));
        fprintf(out, "<td>%.1f</td><td>%.2f</td>", poshan_html_number(f, "energy_kcal"), poshan_html_number(f, "protein_g"));
        poshan_html_cell(out, poshan_html_text(f, "findings"));
        fputs("</tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
    page_links(out, cJSON_GetObjectItemCaseSensitive(flags, "page"), cJSON_GetArraySize(samples));
}

static void measure_cells(FILE *out, const cJSON *m) {
    fprintf(out, "<td>%.1f</td><td>%.0f</td><td>%.1f %%</td>", poshan_html_number(m, "mean"), poshan_html_number(m, "norm"),
            poshan_html_number(m, "share_at_or_above_pct"));
}

void poshan_html_lab_summary(FILE *out, const cJSON *summary) {
    if (cJSON_GetArraySize(summary) == 0) {
        fputs("<p id=\"summary\">No lab results are stored yet.</p>\n", out);
        return;
    }
    fputs("<table id=\"summary\"><thead><tr><th>level</th><th>samples</th><th>mean energy (kcal)</th>"
          "<th>energy norm</th><th>meeting it</th><th>mean protein (g)</th><th>protein norm</th>"
          "<th>meeting it</th></tr></thead>\n<tbody>\n", out);
    const cJSON *g;
    cJSON_ArrayForEach(g, summary) {
        fputs("<tr>", out);
        poshan_html_cell(out, poshan_html_text(g, "level"));
        fprintf(out, "<td>%.0f</td>", poshan_html_number(g, "samples"));
        measure_cells(out, cJSON_GetObjectItemCaseSensitive(g, "energy_kcal"));
        measure_cells(out, cJSON_GetObjectItemCaseSensitive(g, "protein_g"));
        fputs("</tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
}
