/* report_title.c: the report's page head and title page (see report.h): the
 * title, when the report was made and by which poshan, the period each input
 * covers, and every file it was made from with its SHA-256, so that a reader
 * can tell later whether a file is the one the report was made from. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "date.h"
#include "i18n.h"
#include "report.h"

/* Print on A4 with 14 mm margins; the text column is the page's 182 mm. Charts
 * scale to the column as a whole (svg.h), so their texts keep their places. */
static const char style[] =
    "@page{size:A4;margin:14mm}"
    /* Devanagari: Lohit, and for bold text Annapurna SIL, which has a bold face
     * (Lohit has none, and WeasyPrint does not embolden a face it lacks) */
    "body{font-family:'DejaVu Sans','Lohit Devanagari',Arial,sans-serif;font-size:10pt;color:#222;"
    "max-width:182mm;margin:auto}"
    "h1,h2,h3,th,figcaption,b,strong,.below{font-family:'DejaVu Sans','Annapurna SIL',Arial,sans-serif}"
    "h1{font-size:18pt;margin:30mm 0 4mm}h2{font-size:13.5pt;border-bottom:1px solid #999;margin-top:8mm;"
    "break-after:avoid}h3{font-size:11.5pt;margin-bottom:1mm;break-after:avoid}"
    "table{border-collapse:collapse;margin:2mm 0;break-inside:auto}tr{break-inside:avoid}"
    "th,td{padding:1px 5px;border-bottom:1px solid #ddd;vertical-align:top}"
    "td.n{text-align:right;white-space:nowrap}td.code{white-space:nowrap}th{text-align:left;background:#f2f2f2}"
    ".below{color:#c0392b;font-weight:bold}.ok{color:#1e7b34}"
    "figure.chart{margin:3mm 0;break-inside:avoid}figcaption{font-weight:bold;font-size:10pt;margin-bottom:1mm}"
    "svg.chart{width:100%;height:auto;font-family:'DejaVu Sans','Lohit Devanagari',Arial,sans-serif}"
    ".title-page{break-after:page}.hash{font-family:'DejaVu Sans Mono',monospace;font-size:7pt;"
    "word-break:break-all;color:#444}.reading{border-left:3px solid #2e6da4;padding-left:3mm}"
    ".note{color:#555;font-size:9pt}section{break-before:auto}";

void poshan_report_meta_init(poshan_report_meta *meta, const char *title, const char *version, time_t made) {
    memset(meta, 0, sizeof *meta);
    snprintf(meta->title, sizeof meta->title, "%s", title);
    snprintf(meta->version, sizeof meta->version, "%s", version);
    struct tm tm;
    gmtime_r(&made, &tm);
    char ymd[16], day[48], hm[16];
    strftime(ymd, sizeof ymd, "%Y-%m-%d", &tm);
    strftime(hm, sizeof hm, "%H:%M UTC", &tm);
    poshan_date_for_reader(ymd, day, sizeof day);
    snprintf(meta->made_at, sizeof meta->made_at, "%s %s", day, hm);
}

static poshan_report_source *next_source(poshan_report_meta *meta) {
    if (meta->nsources == POSHAN_REPORT_MAX_SOURCES) {
        meta->sources_left_out++;
        return NULL;
    }
    return &meta->sources[meta->nsources++];
}

static poshan_report_source *add(poshan_report_meta *meta, const char *what, const char *path,
                                 const char *sha256, const char *note) {
    poshan_report_source *s = next_source(meta);
    if (s == NULL) return NULL;
    snprintf(s->what, sizeof s->what, "%s", what);
    snprintf(s->path, sizeof s->path, "%s", path);
    snprintf(s->sha256, sizeof s->sha256, "%s", sha256 ? sha256 : "");
    snprintf(s->note, sizeof s->note, "%s", note ? note : "");
    s->bytes = -1;
    return s;
}

void poshan_report_add_source(poshan_report_meta *meta, const char *what, const char *path,
                              const char *sha256, const char *note) {
    add(meta, what, path, sha256, note);
}

poshan_status poshan_report_add_file(poshan_report_meta *meta, const char *what, const char *path,
                                     const char *note, poshan_error *err) {
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return poshan_error_set(err, POSHAN_EINPUT, path, 0, NULL, _("cannot read the file to record its "
                                "SHA-256 on the title page: %s"), strerror(errno));
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char buf[1 << 16], digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    long long bytes = 0;
    int ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        ok = EVP_DigestUpdate(ctx, buf, n) == 1;
        bytes += (long long)n;
    }
    ok = ok && !ferror(f) && EVP_DigestFinal_ex(ctx, digest, &size) == 1;
    EVP_MD_CTX_free(ctx);
    fclose(f);
    if (!ok) return poshan_error_set(err, POSHAN_ESYSTEM, path, 0, NULL, _("cannot work out the file's SHA-256"));
    char hex[65];
    for (unsigned int i = 0; i < size && i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    poshan_report_source *s = add(meta, what, path, hex, note);
    if (s) s->bytes = bytes;
    return POSHAN_OK;
}

void poshan_report_add_period(poshan_report_meta *meta, const char *fmt, ...) {
    if (meta->nperiods == POSHAN_REPORT_MAX_PERIODS) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(meta->periods[meta->nperiods++], sizeof meta->periods[0], fmt, ap);
    va_end(ap);
}

static void title_page(poshan_buf *out, const poshan_report_meta *m) {
    poshan_buf_puts(out, "<section class=\"title-page\"><h1>");
    poshan_buf_escape(out, m->title);
    poshan_buf_printf(out, "</h1>\n<table class=\"made\"><tr><th>%s</th><td id=\"made-at\">", _("made"));
    poshan_buf_escape(out, m->made_at);
    /* TRANSLATORS: "by" as in "made by poshan 0.1.0" */
    poshan_buf_printf(out, "</td></tr>\n<tr><th>%s</th><td id=\"version\">poshan ", _("by"));
    poshan_buf_escape(out, m->version);
    poshan_buf_printf(out, "</td></tr>\n<tr><th>%s</th><td id=\"period\">", _("period the data cover"));
    for (size_t i = 0; i < m->nperiods; i++) {
        poshan_buf_puts(out, i ? "<br>" : "");
        poshan_buf_escape(out, m->periods[i]);
    }
    poshan_buf_printf(out, "</td></tr></table>\n<h3>%s</h3>\n<table id=\"sources\"><tr><th>%s</th><th>%s</th>"
                      "<th>%s</th></tr>\n", _("Made from these files"), _("what"), _("file and its SHA-256"),
                      _("bytes"));
    for (size_t i = 0; i < m->nsources; i++) {
        const poshan_report_source *s = &m->sources[i];
        poshan_buf_puts(out, "<tr><td>");
        poshan_buf_escape(out, s->what);
        poshan_buf_puts(out, "</td><td>");
        poshan_buf_escape(out, s->path);
        if (s->note[0]) {
            poshan_buf_puts(out, " <span class=\"note\">(");
            poshan_buf_escape(out, s->note);
            poshan_buf_puts(out, ")</span>");
        }
        poshan_buf_puts(out, "<div class=\"hash\">");
        poshan_buf_escape(out, s->sha256);
        poshan_buf_puts(out, "</div></td><td class=\"n\">");
        if (s->bytes >= 0) poshan_buf_printf(out, "%lld", s->bytes);
        else poshan_buf_puts(out, _("as ingested"));
        poshan_buf_puts(out, "</td></tr>\n");
    }
    poshan_buf_puts(out, "</table>\n");
    if (m->sources_left_out)
    {
        poshan_buf_puts(out, "<p class=\"note\">");
        poshan_buf_printf(out, _("%zu more files are not listed."), m->sources_left_out);
        poshan_buf_puts(out, "</p>\n");
    }
    poshan_buf_printf(out, "<p class=\"note\">%s</p></section>\n",
                      _("To tell whether a file is the one this report was made from, compare its SHA-256 "
                        "(<code>sha256sum FILE</code>) with the one above. A database changes with every ingest, "
                        "so its SHA-256 holds for the moment the report was made; the lab files show the SHA-256 "
                        "recorded when each was ingested."));
}

void poshan_report_begin(poshan_buf *out, const poshan_report_meta *meta) {
    /* the language the thread speaks, as every text below is in it */
    poshan_buf_printf(out, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>",
                      poshan_lang_code(poshan_lang_current()));
    poshan_buf_escape(out, meta->title);
    poshan_buf_printf(out, "</title><style>%s</style></head><body>\n", style);
    title_page(out, meta);
}

void poshan_report_end(poshan_buf *out) {
    poshan_buf_printf(out, "<p class=\"note\">%s</p>\n</body></html>\n",
                      _("Made by poshan from IFCT 2017 and the Mid-Day Meal norms (nutrients/norms.json). "
                        "Numbers here are those of the command line."));
}
