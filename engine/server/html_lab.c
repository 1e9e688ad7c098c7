/* html_lab.c: lab results on the browser pages (see html.h): an upload's
 * answer, the flags table with its filters, the dashboard's summary, and the
 * clerk's stored samples, batches and a sample's history, each drawn from the
 * JSON the library gives, so that the pages and the API cannot disagree. */
#include "html.h"
#include "i18n.h"

#include <string.h>

#include "i18n.h"
#include "inr.h"

/* A count grouped the Indian way (1,12,723), as text. */
static const char *indian(double n, char *buf, size_t size) {
    poshan_format_indian(n, 0, buf, size);
    return buf;
}

/* "1 sample" or "2 samples": a count and its noun (N_() marked), singular or plural, in the reader's language. */
static void counted(FILE *out, double n, const char *one, const char *many) {
    char buf[48];
    fprintf(out, "%s %s", indian(n, buf, sizeof buf), n == 1 ? _(one) : _(many));
}

/* <td>date</td> in the reader's form. */
static void date_cell(FILE *out, const char *text) {
    fputs("<td>", out);
    poshan_html_date(out, text);
    fputs("</td>", out);
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
    static const char *const heads[] = {N_("line"), N_("field"), N_("what is wrong")};
    fputs("<table id=\"bad-rows\">", out);
    poshan_html_thead(out, heads, 3);
    fputs("\n<tbody>\n", out);
    const cJSON *row;
    cJSON_ArrayForEach(row, bad) {
        fprintf(out, "<tr class=\"bad-row\"><td>%.0f</td>", poshan_html_number(row, "line"));
        poshan_html_cell(out, poshan_html_text(row, "field"));
        poshan_html_cell(out, poshan_html_text(row, "error"));
        fputs("</tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
    if (poshan_html_number(answer, "bad_rows_not_listed") > 0) {
        fputs("<p>", out);
        fprintf(out, _("... and %.0f more bad rows."), poshan_html_number(answer, "bad_rows_not_listed"));
        fputs("</p>\n", out);
    }
}

/* The parts of an ingest that happened, as "2 new samples stored, 1 row rejected". */
static void ingest_parts(FILE *out, const cJSON *answer) {
    static const char *const keys[] = {"rows_stored", "rows_amended", "rows_already_stored", "rows_rejected"};
    static const char *const one[] = {N_("new sample stored"), N_("sample corrected"),
                                      N_("sample already stored unchanged"), N_("row rejected")};
    static const char *const many[] = {N_("new samples stored"), N_("samples corrected"),
                                       N_("samples already stored unchanged"), N_("rows rejected")};
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
                changed > 0 ? _("Stored from") : _("Nothing new was stored from"));
        poshan_html_escape(out, poshan_html_text(answer, "file"));
        fputs("</strong>: ", out);
        ingest_parts(out, answer);
        fputs(" (", out);
        counted(out, poshan_html_number(answer, "rows_read"), N_("row read"), N_("rows read"));
        fputs("; ", out);
        fprintf(out, _("batch %.0f"), poshan_html_number(answer, "batch_id"));
        fputs(").", out);
        const char *rejects = poshan_html_text(answer, "rejects_url");
        if (rejects[0]) {
            fputs(" <a id=\"rejects\" download href=\"", out);
            poshan_html_escape(out, rejects);
            fprintf(out, "\">%s</a> %s", _("Download the rejected rows"),
                    _("(CSV) to correct them and upload them again."));
        }
        fputs("</p>\n", out);
    } else {
        fputs("<p class=\"error\" role=\"alert\" id=\"ingest-result\"><strong>", out);
        poshan_html_escape(out, poshan_html_text(answer, "file"));
        fputs(":</strong> ", out);
        poshan_html_escape(out, poshan_html_text(answer, "error"));
        fprintf(out, "<br>%s</p>\n", _("Nothing was stored."));
    }
    bad_rows(out, answer);
}

void poshan_html_pager(FILE *out, const char *id, const char *path, const char *query, double offset,
                       double limit, int shown, double total, const char *noun) {
    char from[48], to[48], all[48];
    fprintf(out, "<p id=\"%s\">", id);
    /* TRANSLATORS: "None of 0 stored samples.": %1$s a count, %2$s what is counted */
    if (shown == 0) fprintf(out, _("None of %1$s %2$s."), indian(total, all, sizeof all), _(noun));
    /* TRANSLATORS: "1 to 50 of 312 stored samples.": the rows shown, the count, what is counted */
    else fprintf(out, _("%1$s to %2$s of %3$s %4$s."), indian(offset + 1, from, sizeof from),
                 indian(offset + shown, to, sizeof to), indian(total, all, sizeof all), _(noun));
    char href[2048];
    if (offset > 0) {
        snprintf(href, sizeof href, "%s?%s%soffset=%.0f", path, query, query[0] ? "&" : "",
                 offset > limit ? offset - limit : 0);
        fputs(" ", out);
        link(out, href, _("The page before"));
        fputs(".", out);
    }
    if (offset + shown < total) {
        snprintf(href, sizeof href, "%s?%s%soffset=%.0f", path, query, query[0] ? "&" : "", offset + shown);
        fputs(" ", out);
        link(out, href, _("The next page"));
        fputs(".", out);
    }
    fputs("</p>\n", out);
}

/* "Samples 1 to 200 of 4,512 flagged" and links to the pages before and after, keeping the filters. */
static void page_links(FILE *out, const cJSON *page, int shown, const char *query) {
    if (page == NULL) return;
    poshan_html_pager(out, "flags-page", "/flags", query, poshan_html_number(page, "offset"),
                      poshan_html_number(page, "limit"), shown, poshan_html_number(page, "samples_total"),
                      N_("flagged samples"));
}

/* <select> of the choices (values[i], labels[i]), chosen selected. */
static void select_field(FILE *out, const char *id, const char *label, const char *const *values,
                         const char *const *labels, size_t n, const char *chosen) {
    fprintf(out, "<div class=\"field\"><label for=\"%s\">%s</label><select id=\"%s\" name=\"%s\">", id, _(label), id, id);
    for (size_t i = 0; i < n; i++) {
        fputs("<option value=\"", out);
        poshan_html_escape(out, values[i]);
        fprintf(out, "\"%s>", chosen && strcmp(chosen, values[i]) == 0 ? " selected" : "");
        poshan_html_escape(out, labels[i][0] ? _(labels[i]) : "");
        fputs("</option>", out);
    }
    fputs("</select></div>", out);
}

static void input_field(FILE *out, const char *id, const char *label, const char *type, const char *value) {
    fprintf(out, "<div class=\"field\"><label for=\"%s\">%s</label><input id=\"%s\" name=\"%s\" type=\"%s\" value=\"",
            id, _(label), id, id, type);
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
    const char *levels[POSHAN_MAX_LEVELS + 1] = {""}, *labels[POSHAN_MAX_LEVELS + 1] = {N_("every level")};
    for (size_t i = 0; i < norms->nlevels; i++) {
        levels[i + 1] = norms->levels[i].name;
        labels[i + 1] = norms->levels[i].label;
    }
    static const char *const kitchens[] = {"", "school", "centralized"};
    static const char *const kitchen_labels[] = {N_("every kitchen"), N_("school kitchen"), N_("centralized kitchen")};
    fputs("<form id=\"flag-filters\" method=\"get\" action=\"/flags\" class=\"filters\">", out);
    input_field(out, "district", N_("District"), "text", v->district);
    input_field(out, "block", N_("Block"), "text", v->block);
    select_field(out, "level", N_("Level"), levels, labels, norms->nlevels + 1, v->level);
    select_field(out, "kitchen", N_("Kitchen"), kitchens, kitchen_labels, 3, v->kitchen);
    input_field(out, "lab", N_("Lab"), "text", v->lab);
    date_field(out, "from", _("Sampled from"), v->from);
    date_field(out, "to", _("to"), v->to);
    fprintf(out, "<div class=\"field buttons\"><button type=\"submit\">%s</button> <a href=\"/flags\">%s</a></div></form>\n",
            _("Show"), _("Clear"));
}

void poshan_html_lab_flags(FILE *out, const cJSON *flags, const char *query) {
    const cJSON *samples = cJSON_GetObjectItemCaseSensitive(flags, "samples");
    if (cJSON_GetArraySize(samples) == 0) {
        fprintf(out, "<p id=\"no-flags\">%s</p>\n",
                query[0] ? _("No stored sample is flagged among those chosen.") : _("No stored sample is flagged."));
        return;
    }
    static const char *const heads[] = {N_("sample"), N_("lab"), N_("school"), N_("district"), N_("level"),
                                        N_("sampled on"), N_("energy (kcal)"), N_("protein (g)"), N_("findings")};
    fputs("<div class=\"table-wrap\" tabindex=\"0\"><table id=\"flags\" class=\"wide\">", out);
    poshan_html_thead(out, heads, sizeof heads / sizeof heads[0]);
    fputs("\n<tbody>\n", out);
    const cJSON *f;
    cJSON_ArrayForEach(f, samples) {
        fputs("<tr>", out);
        poshan_html_cell(out, poshan_html_text(f, "sample_id"));
        fputs("<td class=\"text\">", out);
        poshan_html_escape(out, poshan_html_text(f, "lab"));
        fputs("</td><td class=\"text\">", out);
        poshan_html_escape(out, poshan_html_text(f, "school_name"));
        fputs("</td>", out);
        poshan_html_word_cell(out, poshan_html_text(f, "district"));
        poshan_html_word_cell(out, poshan_html_level(poshan_html_text(f, "level")));
        date_cell(out, poshan_html_text(f, "sampled_on"));
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
        fprintf(out, "<p id=\"summary\">%s</p>\n", _("No lab results are stored yet."));
        return;
    }
    static const char *const heads[] = {N_("level"), N_("samples"), N_("mean energy (kcal)"), N_("energy norm"),
                                        N_("meeting it"), N_("mean protein (g)"), N_("protein norm"), N_("meeting it")};
    fputs("<table id=\"summary\">", out);
    poshan_html_thead(out, heads, sizeof heads / sizeof heads[0]);
    fputs("\n<tbody>\n", out);
    const cJSON *g;
    cJSON_ArrayForEach(g, summary) {
        fputs("<tr>", out);
        char n[48];
        poshan_html_cell(out, poshan_html_level(poshan_html_text(g, "level")));
        fprintf(out, "<td>%s</td>", indian(poshan_html_number(g, "samples"), n, sizeof n));
        measure_cells(out, cJSON_GetObjectItemCaseSensitive(g, "energy_kcal"));
        measure_cells(out, cJSON_GetObjectItemCaseSensitive(g, "protein_g"));
        fputs("</tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
}

/* ---- the clerk's pages ---------------------------------------------------- */

/* A kitchen of lab_store ("school", "centralized") in the reader's language. */
static const char *kitchen_name(const char *kitchen) {
    if (strcmp(kitchen, "school") == 0) return _("school");
    if (strcmp(kitchen, "centralized") == 0) return _("centralized");
    return kitchen;
}

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
        static const char *const heads[] = {N_("sample"), N_("school"), N_("UDISE"), N_("district"), N_("level"),
                                            N_("kitchen"), N_("sampled on"), N_("energy (kcal)"), N_("protein (g)"),
                                            N_("revision")};
        fputs("<div class=\"table-wrap\" tabindex=\"0\"><table id=\"samples\" class=\"wide\">", out);
        poshan_html_thead(out, heads, sizeof heads / sizeof heads[0]);
        fputs("\n<tbody>\n", out);
        const cJSON *s;
        cJSON_ArrayForEach(s, samples) {
            fputs("<tr><td>", out);
            history_link(out, poshan_html_text(s, "sample_id"));
            fputs("</td><td class=\"text\">", out);
            poshan_html_escape(out, poshan_html_text(s, "school_name"));
            fputs("</td>", out);
            poshan_html_cell(out, poshan_html_text(s, "school_udise"));
            poshan_html_word_cell(out, poshan_html_text(s, "district"));
            poshan_html_word_cell(out, poshan_html_level(poshan_html_text(s, "level")));
            poshan_html_word_cell(out, kitchen_name(poshan_html_text(s, "kitchen")));
            date_cell(out, poshan_html_text(s, "sampled_on"));
            double revision = poshan_html_number(s, "revision");
            fprintf(out, "<td>%.1f</td><td>%.2f</td><td>%.0f%s</td></tr>\n", poshan_html_number(s, "energy_kcal"),
                    poshan_html_number(s, "protein_g"), revision, revision > 1 ? _(" (corrected)") : "");
        }
        fputs("</tbody></table></div>\n", out);
    }
    poshan_html_pager(out, "samples-page", "/lab/samples", query, poshan_html_number(page, "offset"),
                      poshan_html_number(page, "limit"), shown, poshan_html_number(page, "total"),
                      query[0] ? N_("stored samples found") : N_("stored samples"));
}

void poshan_html_lab_batches(FILE *out, const cJSON *page) {
    const cJSON *batches = cJSON_GetObjectItemCaseSensitive(page, "batches");
    int shown = cJSON_GetArraySize(batches);
    if (shown > 0) {
        static const char *const heads[] = {N_("batch"), N_("file"), N_("when (UTC)"), N_("sent by"), N_("rows read"),
                                            N_("new"), N_("corrected"), N_("already stored"), N_("rejected"),
                                            N_("rejected rows")};
        fputs("<div class=\"table-wrap\" tabindex=\"0\"><table id=\"batches\" class=\"wide\">", out);
        poshan_html_thead(out, heads, sizeof heads / sizeof heads[0]);
        fputs("\n<tbody>\n", out);
        const cJSON *b;
        cJSON_ArrayForEach(b, batches) {
            fprintf(out, "<tr><td>%.0f</td><td class=\"text\">", poshan_html_number(b, "batch_id"));
            poshan_html_escape(out, poshan_html_text(b, "file"));
            fputs("</td>", out);
            date_cell(out, poshan_html_text(b, "ingested_at"));
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
                      poshan_html_number(page, "limit"), shown, poshan_html_number(page, "total"), N_("batches"));
}

void poshan_html_lab_history(FILE *out, const cJSON *revisions) {
    static const char *const heads[] = {N_("revision"), N_("stored (UTC)"), N_("by"), N_("file"), N_("why it changed"),
                                        N_("school"), N_("sampled on"), N_("energy (kcal)"), N_("protein (g)"),
                                        N_("E. coli")};
    fputs("<div class=\"table-wrap\" tabindex=\"0\"><table id=\"history\" class=\"wide\">", out);
    poshan_html_thead(out, heads, sizeof heads / sizeof heads[0]);
    fputs("\n<tbody>\n", out);
    const cJSON *r;
    cJSON_ArrayForEach(r, revisions) {
        fprintf(out, "<tr><td>%.0f%s</td>", poshan_html_number(r, "revision"),
                cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "latest")) ? _(" (now)") : "");
        date_cell(out, poshan_html_text(r, "ingested_at"));
        poshan_html_cell(out, poshan_html_text(r, "ingested_by"));
        static const char *const texts[] = {"file", "reason", "school_name"};
        for (size_t i = 0; i < 3; i++) {
            fputs("<td class=\"text\">", out);
            poshan_html_escape(out, poshan_html_text(r, texts[i]));
            fputs("</td>", out);
        }
        date_cell(out, poshan_html_text(r, "sampled_on"));
        fprintf(out, "<td>%.1f</td><td>%.2f</td>", poshan_html_number(r, "energy_kcal"), poshan_html_number(r, "protein_g"));
        const char *e_coli = poshan_html_text(r, "e_coli");
        poshan_html_cell(out, strcmp(e_coli, "absent") == 0    ? _("absent")
                              : strcmp(e_coli, "present") == 0 ? _("present")
                              : e_coli[0]                      ? e_coli
                                                               : _("not tested"));
        fputs("</tr>\n", out);
    }
    fputs("</tbody></table></div>\n", out);
}
