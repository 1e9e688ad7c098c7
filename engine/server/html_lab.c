/* html_lab.c: lab results on the browser pages (see html.h): an upload's
 * answer, the flags table with its filters, the dashboard's summary, and the
 * clerk's stored samples, batches and a sample's history, each drawn from the
 * JSON the library gives, so that the pages and the API cannot disagree. */
#include "html.h"
#include "i18n.h"

#include <string.h>

/* "1 sample" or "2 samples": a count and its noun, singular or plural. */
static void counted(FILE *out, double n, const char *one, const char *many) {
    fprintf(out, "%.0f %s", n, n == 1 ? one : many);
}

/* A link with href escaped. */
static void link(FILE *out, const char *href, const char *text) {
    fputs("<a href=\"", out);
    poshan_html_escape(out, href);
    fputs("\">", out);
    poshan_html_escape(out, text);
    fputs("</a>", out);
}

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

/* The parts of an ingest that happened, as "2 new samples stored, 1 row rejected". */
static void ingest_parts(FILE *out, const cJSON *answer) {
    static const char *const keys[] = {"rows_stored", "rows_amended", "rows_already_stored", "rows_rejected"};
    static const char *const one[] = {"new sample stored", "sample corrected", "sample already stored unchanged",
                                      "row rejected"};
    static const char *const many[] = {"new samples stored", "samples corrected",
                                       "samples already stored unchanged", "rows rejected"};
    int first = 1;
    for (size_t i = 0; i < 4; i++) {
        double n = poshan_html_number(answer, keys[i]);
        if (n == 0) continue;
        fputs(first ? "" : ", ", out);
        counted(out, n, one[i], many[i]);
        first = 0;
    }
}

void poshan_html_lab_ingest(FILE *out, const cJSON *answer) {
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(answer, "stored"))) {
        double changed = poshan_html_number(answer, "rows_stored") + poshan_html_number(answer, "rows_amended");
        fprintf(out, "<p class=\"%s\" id=\"ingest-result\">%s <strong>", changed > 0 ? "stored" : "notice",
                changed > 0 ? "Stored from" : "Nothing new was stored from");
        poshan_html_escape(out, poshan_html_text(answer, "file"));
        fputs("</strong>: ", out);
        ingest_parts(out, answer);
        fputs(" (", out);
        counted(out, poshan_html_number(answer, "rows_read"), "row", "rows");
        fprintf(out, " read; batch %.0f).", poshan_html_number(answer, "batch_id"));
        const char *rejects = poshan_html_text(answer, "rejects_url");
        if (rejects[0]) {
            fputs(" <a id=\"rejects\" download href=\"", out);
            poshan_html_escape(out, rejects);
            fputs("\">Download the rejected rows</a> (CSV) to correct them and upload them again.", out);
        }
        fputs("</p>\n", out);
    } else {
        fputs("<p class=\"error\" role=\"alert\" id=\"ingest-result\"><strong>", out);
        poshan_html_escape(out, poshan_html_text(answer, "file"));
        fputs(":</strong> ", out);
        poshan_html_escape(out, poshan_html_text(answer, "error"));
        fputs("<br>Nothing was stored.</p>\n", out);
    }
    bad_rows(out, answer);
}

void poshan_html_pager(FILE *out, const char *id, const char *path, const char *query, double offset,
                       double limit, int shown, double total, const char *noun) {
    fprintf(out, "<p id=\"%s\">", id);
    if (shown == 0) fprintf(out, "None of %.0f %s.", total, noun);
    else fprintf(out, "%.0f to %.0f of %.0f %s.", offset + 1, offset + shown, total, noun);
    char href[2048];
    if (offset > 0) {
        snprintf(href, sizeof href, "%s?%s%soffset=%.0f", path, query, query[0] ? "&" : "",
                 offset > limit ? offset - limit : 0);
        fputs(" ", out);
        link(out, href, "The page before");
        fputs(".", out);
    }
    if (offset + shown < total) {
        snprintf(href, sizeof href, "%s?%s%soffset=%.0f", path, query, query[0] ? "&" : "", offset + shown);
        fputs(" ", out);
        link(out, href, "The next page");
        fputs(".", out);
    }
    fputs("</p>\n", out);
}

/* "Samples 1 to 200 of 4,512 flagged" and links to the pages before and after, keeping the filters. */
static void page_links(FILE *out, const cJSON *page, int shown, const char *query) {
    if (page == NULL) return;
    poshan_html_pager(out, "flags-page", "/flags", query, poshan_html_number(page, "offset"),
                      poshan_html_number(page, "limit"), shown, poshan_html_number(page, "samples_total"),
                      "flagged samples");
}

/* <select> of the choices (values[i], labels[i]), chosen selected. */
static void select_field(FILE *out, const char *id, const char *label, const char *const *values,
                         const char *const *labels, size_t n, const char *chosen) {
    fprintf(out, "<div class=\"field\"><label for=\"%s\">%s</label><select id=\"%s\" name=\"%s\">", id, label, id, id);
    for (size_t i = 0; i < n; i++) {
        fputs("<option value=\"", out);
        poshan_html_escape(out, values[i]);
        fprintf(out, "\"%s>", chosen && strcmp(chosen, values[i]) == 0 ? " selected" : "");
        poshan_html_escape(out, labels[i]);
        fputs("</option>", out);
    }
    fputs("</select></div>", out);
}

static void input_field(FILE *out, const char *id, const char *label, const char *type, const char *value) {
    fprintf(out, "<div class=\"field\"><label for=\"%s\">%s</label><input id=\"%s\" name=\"%s\" type=\"%s\" value=\"",
            id, label, id, id, type);
    poshan_html_escape(out, value ? value : "");
    fputs("\"></div>", out);
}

/* A date as people in India write it, dd-mm-yyyy: a text field saying so (a
 * field of type date shows the browser's own form, mm/dd/yyyy in an English
 * browser). The server takes dd-mm-yyyy and yyyy-mm-dd alike (api_lab.c). */
static void date_field(FILE *out, const char *id, const char *label, const char *value) {
    fprintf(out, "<div class=\"field\"><label for=\"%s\">%s <span class=\"hint\">(%s)</span></label>"
                 "<input id=\"%s\" name=\"%s\" type=\"text\" inputmode=\"numeric\" size=\"10\" "
                 "placeholder=\"%s\" pattern=\"[0-9]{2}-[0-9]{2}-[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}\" "
                 "title=\"%s\" value=\"",
            id, label, _("dd-mm-yyyy"), id, id, _("dd-mm-yyyy"), _("a date such as 23-11-2018 (day-month-year)"));
    poshan_html_escape(out, value ? value : "");
    fputs("\"></div>", out);
}

void poshan_html_flag_filters(FILE *out, const poshan_norms *norms, const poshan_flag_filter_values *v) {
    const char *levels[POSHAN_MAX_LEVELS + 1] = {""}, *labels[POSHAN_MAX_LEVELS + 1] = {"every level"};
    for (size_t i = 0; i < norms->nlevels; i++) {
        levels[i + 1] = norms->levels[i].name;
        labels[i + 1] = norms->levels[i].label;
    }
    static const char *const kitchens[] = {"", "school", "centralized"};
    static const char *const kitchen_labels[] = {"every kitchen", "school kitchen", "centralized kitchen"};
    fputs("<form id=\"flag-filters\" method=\"get\" action=\"/flags\" class=\"filters\">", out);
    input_field(out, "district", "District", "text", v->district);
    input_field(out, "block", _("Block"), "text", v->block);
    select_field(out, "level", "Level", levels, labels, norms->nlevels + 1, v->level);
    select_field(out, "kitchen", "Kitchen", kitchens, kitchen_labels, 3, v->kitchen);
    input_field(out, "lab", "Lab", "text", v->lab);
    date_field(out, "from", _("Sampled from"), v->from);
    date_field(out, "to", _("to"), v->to);
    fputs("<div class=\"field buttons\"><button type=\"submit\">Show</button> <a href=\"/flags\">Clear</a></div></form>\n",
          out);
}

void poshan_html_lab_flags(FILE *out, const cJSON *flags, const char *query) {
    const cJSON *samples = cJSON_GetObjectItemCaseSensitive(flags, "samples");
    if (cJSON_GetArraySize(samples) == 0) {
        fputs("<p id=\"no-flags\">No stored sample is flagged", out);
        fputs(query[0] ? " among those chosen.</p>\n" : ".</p>\n", out);
        return;
    }
    fputs("<div class=\"table-wrap\"><table id=\"flags\" class=\"wide\"><thead><tr><th>sample</th><th>lab</th>"
          "<th>school</th><th>district</th><th>level</th><th>sampled on</th><th>energy (kcal)</th><th>protein (g)</th>"
          "<th>findings</th></tr></thead>\n<tbody>\n", out);
    const cJSON *f;
    cJSON_ArrayForEach(f, samples) {
        fputs("<tr>", out);
        poshan_html_cell(out, poshan_html_text(f, "sample_id"));
        fputs("<td class=\"text\">", out);
        poshan_html_escape(out, poshan_html_text(f, "lab"));
        fputs("</td><td class=\"text\">", out);
        poshan_html_escape(out, poshan_html_text(f, "school_name"));
        fputs("</td>", out);
        poshan_html_cell(out, poshan_html_text(f, "district"));
        poshan_html_level_cell(out, poshan_html_text(f, "level"));
        poshan_html_cell(out, poshan_html_text(f, "sampled_on"));
        fprintf(out, "<td>%.1f</td><td>%.2f</td>", poshan_html_number(f, "energy_kcal"), poshan_html_number(f, "protein_g"));
        fputs("<td class=\"text findings\">", out);
        poshan_html_escape(out, poshan_html_text(f, "findings"));
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table></div>\n", out);
    page_links(out, cJSON_GetObjectItemCaseSensitive(flags, "page"), cJSON_GetArraySize(samples), query);
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
        poshan_html_level_cell(out, poshan_html_text(g, "level"));
        fprintf(out, "<td>%.0f</td>", poshan_html_number(g, "samples"));
        measure_cells(out, cJSON_GetObjectItemCaseSensitive(g, "energy_kcal"));
        measure_cells(out, cJSON_GetObjectItemCaseSensitive(g, "protein_g"));
        fputs("</tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
}

/* ---- the clerk's pages ---------------------------------------------------- */

/* /lab/history?sample=ID for sample_id. */
static void history_link(FILE *out, const char *sample_id) {
    fputs("<a href=\"/lab/history?sample=", out);
    for (const unsigned char *p = (const unsigned char *)sample_id; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-_.~", *p))
            fputc(*p, out);
        else
            fprintf(out, "%%%02X", *p);
    }
    fputs("\">", out);
    poshan_html_escape(out, sample_id);
    fputs("</a>", out);
}

void poshan_html_lab_samples(FILE *out, const cJSON *page, const char *query) {
    const cJSON *samples = cJSON_GetObjectItemCaseSensitive(page, "samples");
    int shown = cJSON_GetArraySize(samples);
    if (shown > 0) {
        fputs("<div class=\"table-wrap\"><table id=\"samples\" class=\"wide\"><thead><tr><th>sample</th><th>school</th>"
              "<th>UDISE</th><th>district</th><th>level</th><th>kitchen</th><th>sampled on</th><th>energy (kcal)</th>"
              "<th>protein (g)</th><th>revision</th></tr></thead>\n<tbody>\n", out);
        const cJSON *s;
        cJSON_ArrayForEach(s, samples) {
            fputs("<tr><td>", out);
            history_link(out, poshan_html_text(s, "sample_id"));
            fputs("</td><td class=\"text\">", out);
            poshan_html_escape(out, poshan_html_text(s, "school_name"));
            fputs("</td>", out);
            static const char *const keys[] = {"school_udise", "district", "level", "kitchen", "sampled_on"};
            for (size_t i = 0; i < 5; i++) {
                if (strcmp(keys[i], "level") == 0) poshan_html_level_cell(out, poshan_html_text(s, keys[i]));
                else poshan_html_cell(out, poshan_html_text(s, keys[i]));
            }
            double revision = poshan_html_number(s, "revision");
            fprintf(out, "<td>%.1f</td><td>%.2f</td><td>%.0f%s</td></tr>\n", poshan_html_number(s, "energy_kcal"),
                    poshan_html_number(s, "protein_g"), revision, revision > 1 ? " (corrected)" : "");
        }
        fputs("</tbody></table></div>\n", out);
    }
    poshan_html_pager(out, "samples-page", "/lab/samples", query, poshan_html_number(page, "offset"),
                      poshan_html_number(page, "limit"), shown, poshan_html_number(page, "total"),
                      query[0] ? "stored samples found" : "stored samples");
}

void poshan_html_lab_batches(FILE *out, const cJSON *page) {
    const cJSON *batches = cJSON_GetObjectItemCaseSensitive(page, "batches");
    int shown = cJSON_GetArraySize(batches);
    if (shown > 0) {
        fputs("<div class=\"table-wrap\"><table id=\"batches\" class=\"wide\"><thead><tr><th>batch</th><th>file</th>"
              "<th>when (UTC)</th><th>sent by</th><th>rows read</th><th>new</th><th>corrected</th>"
              "<th>already stored</th><th>rejected</th><th>rejected rows</th></tr></thead>\n<tbody>\n", out);
        const cJSON *b;
        cJSON_ArrayForEach(b, batches) {
            fprintf(out, "<tr><td>%.0f</td><td class=\"text\">", poshan_html_number(b, "batch_id"));
            poshan_html_escape(out, poshan_html_text(b, "file"));
            fputs("</td>", out);
            poshan_html_cell(out, poshan_html_text(b, "ingested_at"));
            poshan_html_cell(out, poshan_html_text(b, "ingested_by"));
            static const char *const counts[] = {"rows_read", "rows_stored", "rows_amended", "rows_already_stored",
                                                 "rows_rejected"};
            for (size_t i = 0; i < 5; i++) fprintf(out, "<td>%.0f</td>", poshan_html_number(b, counts[i]));
            if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(b, "rejects")))
                fprintf(out, "<td><a download href=\"/lab/rejects/%.0f\">CSV</a></td>", poshan_html_number(b, "batch_id"));
            else
                fputs("<td></td>", out);
            fputs("</tr>\n", out);
        }
        fputs("</tbody></table></div>\n", out);
    }
    poshan_html_pager(out, "batches-page", "/lab/batches", "", poshan_html_number(page, "offset"),
                      poshan_html_number(page, "limit"), shown, poshan_html_number(page, "total"), "batches");
}

void poshan_html_lab_history(FILE *out, const cJSON *revisions) {
    fputs("<div class=\"table-wrap\"><table id=\"history\" class=\"wide\"><thead><tr><th>revision</th><th>stored (UTC)</th>"
          "<th>by</th><th>file</th><th>why it changed</th><th>school</th><th>sampled on</th><th>energy (kcal)</th>"
          "<th>protein (g)</th><th>E. coli</th></tr></thead>\n<tbody>\n", out);
    const cJSON *r;
    cJSON_ArrayForEach(r, revisions) {
        fprintf(out, "<tr><td>%.0f%s</td>", poshan_html_number(r, "revision"),
                cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "latest")) ? " (now)" : "");
        poshan_html_cell(out, poshan_html_text(r, "ingested_at"));
        poshan_html_cell(out, poshan_html_text(r, "ingested_by"));
        static const char *const texts[] = {"file", "reason", "school_name"};
        for (size_t i = 0; i < 3; i++) {
            fputs("<td class=\"text\">", out);
            poshan_html_escape(out, poshan_html_text(r, texts[i]));
            fputs("</td>", out);
        }
        poshan_html_cell(out, poshan_html_text(r, "sampled_on"));
        fprintf(out, "<td>%.1f</td><td>%.2f</td>", poshan_html_number(r, "energy_kcal"), poshan_html_number(r, "protein_g"));
        poshan_html_cell(out, poshan_html_text(r, "e_coli")[0] ? poshan_html_text(r, "e_coli") : "not tested");
        fputs("</tr>\n", out);
    }
    fputs("</tbody></table></div>\n", out);
}
