/* html.c: page templates, escaping and the menu result table (see html.h). */
#define _GNU_SOURCE
#include "html.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "jsonread.h"
#include "menu.h"

void poshan_html_escape(FILE *out, const char *text) {
    for (const char *p = text ? text : ""; *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(*p, out);
        }
    }
}

static void cell(FILE *out, const char *open, const char *text) {
    fputs(open, out);
    poshan_html_escape(out, text);
    fputs("</td>", out);
}

void poshan_html_cell(FILE *out, const char *text) { cell(out, "<td>", text); }

void poshan_html_word_cell(FILE *out, const char *text) { cell(out, "<td class=\"word\">", text); }

double poshan_html_number(const cJSON *o, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

const char *poshan_html_text(const cJSON *o, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* The end of the placeholder whose "{{" is at open: its "}}", skipping the
 * placeholders inside a translated text ({{_ ... {{name}} ...}}); NULL when unclosed. */
static const char *placeholder_end(const char *open) {
    int depth = 0;
    for (const char *p = open; *p; p++) {
        if (p[0] == '{' && p[1] == '{') depth++, p++;
        else if (p[0] == '}' && p[1] == '}' && --depth == 0) return p;
        else if (p[0] == '}' && p[1] == '}') p++;
    }
    return NULL;
}

static void fill(FILE *out, const char *template, const poshan_html_var *vars, size_t nvars);

/* {{_ English text}}: the text with its runs of white space made one space
 * (as scripts/web-strings.py extracts it for xgettext), in the reader's
 * language, its own placeholders filled. The catalogue's text is ours and is
 * HTML as the template's is. */
static void fill_translated(FILE *out, const char *text, size_t len, const poshan_html_var *vars, size_t nvars) {
    char msgid[len + 1];
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        int space = text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r';
        if (!space) msgid[n++] = text[i];
        else if (n > 0 && msgid[n - 1] != ' ') msgid[n++] = ' ';
    }
    while (n > 0 && msgid[n - 1] == ' ') n--;
    msgid[n] = '\0';
    fill(out, n ? _(msgid) : "", vars, nvars);
}

/* Writes template to out with each {{name}} replaced by its var's html, and
 * each {{_ text}} by the text in the reader's language. */
static void fill(FILE *out, const char *template, const poshan_html_var *vars, size_t nvars) {
    const char *p = template;
    for (const char *open; (open = strstr(p, "{{")) != NULL;) {
        const char *close = placeholder_end(open);
        if (close == NULL) break;
        fwrite(p, 1, (size_t)(open - p), out);
        size_t len = (size_t)(close - open - 2);
        if (len >= 2 && open[2] == '_' && (open[3] == ' ' || open[3] == '\n')) {
            fill_translated(out, open + 4, len - 2, vars, nvars);
        } else {
            for (size_t i = 0; i < nvars; i++)
                if (strlen(vars[i].name) == len && strncmp(vars[i].name, open + 2, len) == 0)
                    fputs(vars[i].html ? vars[i].html : "", out);
        }
        p = close + 2;
    }
    fputs(p, out);
}

static poshan_status read_template(const char *dir, const char *name, char **out, poshan_error *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return poshan_read_file(path, out, NULL, err);
}

poshan_status poshan_html_page(const char *pages_dir, const char *fragment,
                               const poshan_html_var *vars, size_t nvars, char **out,
                               size_t *size, poshan_error *err) {
    char *layout = NULL, *body = NULL, *content = NULL;
    size_t content_size;
    poshan_status st = read_template(pages_dir, "layout.html", &layout, err);
    if (st == POSHAN_OK) st = read_template(pages_dir, fragment, &body, err);
    FILE *f = st == POSHAN_OK ? open_memstream(&content, &content_size) : NULL;
    if (f) {
        fill(f, body, vars, nvars);
        fclose(f);
        poshan_html_var all[nvars + 1];
        memcpy(all, vars, nvars * sizeof *vars);
        all[nvars] = (poshan_html_var){"content", content};
        FILE *page = open_memstream(out, size);
        if (page) {
            fill(page, layout, all, nvars + 1);
            fclose(page);
        } else {
            st = poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, "out of memory");
        }
    } else if (st == POSHAN_OK) {
        st = poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, "out of memory");
    }
    free(layout);
    free(body);
    free(content);
    return st;
}

/* A link of the navigation, its words in the reader's language. */
static void nav_link(FILE *out, const char *href, const char *words) {
    fprintf(out, " <a href=\"%s\">", href);
    poshan_html_escape(out, words);
    fputs("</a>", out);
}

void poshan_html_nav(FILE *out, const poshan_user *user) {
    if (user == NULL) return;
    fputs("<nav>", out);
    nav_link(out, "/dashboard", _("Dashboard"));
    if (poshan_auth_allows(user, POSHAN_ACCESS_READ)) {
        nav_link(out, "/menu", _("Menu checker"));
        nav_link(out, "/flags", _("Lab flags"));
        nav_link(out, "/plans", _("Plans"));
    }
    if (poshan_auth_allows(user, POSHAN_ACCESS_LAB_WRITE)) {
        nav_link(out, "/lab", _("Upload results"));
        nav_link(out, "/lab/samples", _("Stored samples"));
        nav_link(out, "/lab/batches", _("Batches"));
    }
    if (poshan_auth_allows(user, POSHAN_ACCESS_ADMIN)) nav_link(out, "/users", _("Users"));
    fputs(" <form method=\"post\" action=\"/logout\" class=\"logout\"><span>", out);
    poshan_html_escape(out, user->name);
    fprintf(out, " (%s)</span> <button type=\"submit\">%s</button></form></nav>",
            poshan_html_role(user->role), _("Log out"));
}

const char *poshan_html_role(poshan_role role) {
    switch (role) {
    case POSHAN_ROLE_ADMIN: return _("admin");
    case POSHAN_ROLE_ADVISOR: return _("advisor");
    case POSHAN_ROLE_COMMITTEE: return _("committee");
    case POSHAN_ROLE_LAB: return _("lab");
    default: break;
    }
    return poshan_role_name(role);
}

void poshan_html_lang_switch(FILE *out, poshan_lang lang, const char *here) {
    static const poshan_lang langs[] = {POSHAN_LANG_HI, POSHAN_LANG_EN};
    /* each language named in itself, so a reader who cannot read the page still finds theirs */
    static const char *const names[] = {"\u0939\u093f\u0928\u094d\u0926\u0940", "English"};  /* हिन्दी */
    const char *const kv[] = {"next"};
    const char *const vv[] = {here && here[0] == '/' ? here : "/"};
    char *next = poshan_url_query(kv, vv, 1);
    fprintf(out, "<p class=\"langs\" id=\"language\"><span class=\"visually-hidden\">%s: </span>", _("Language"));
    for (size_t i = 0; i < 2; i++) {
        const char *code = poshan_lang_code(langs[i]);
        if (i) fputs(" <span aria-hidden=\"true\">|</span> ", out);
        if (langs[i] == lang) {
            fprintf(out, "<strong lang=\"%s\" aria-current=\"true\">%s</strong>", code, names[i]);
        } else {
            fprintf(out, "<a lang=\"%s\" hreflang=\"%s\" href=\"/language?to=%s&amp;", code, code, code);
            poshan_html_escape(out, next ? next : "next=%2F");
            fprintf(out, "\">%s</a>", names[i]);
        }
    }
    fputs("</p>", out);
    free(next);
}

void poshan_html_error(FILE *out, const poshan_error *err) {
    fputs("<p class=\"error\" role=\"alert\">", out);
    if (err->file[0] || err->line > 0 || err->field[0]) {
        /* "file line 3, column 2 at protein_g:", or only what there is ("district:") */
        fputs("<strong>", out);
        poshan_html_escape(out, err->file);
        if (err->line > 0) {
            fputs(err->file[0] ? " " : "", out);
            fprintf(out, _("line %ld"), err->line);
        }
        if (err->column > 0) fprintf(out, _(", column %ld"), err->column);
        if (err->field[0]) {
            if (err->file[0] || err->line > 0) fputs(_(" at "), out);
            poshan_html_escape(out, err->field);
        }
        fputs(":</strong> ", out);
    }
    poshan_html_escape(out, err->message);
    fputs("</p>\n", out);
}

static double number(const cJSON *o, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* A figure with the decimals that agree with its verdict (menu.h): energy from 1, protein from 2. */
static void judged_cell(FILE *out, const cJSON *row, const char *key, double norm, const char *meets,
                        int decimals) {
    double value = number(row, key);
    int met = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(row, meets));
    fprintf(out, "<td>%.*f</td>", poshan_judged_decimals(value, norm, met, decimals), value);
}

static void norm_cell(FILE *out, const cJSON *row, const char *meets, const char *shortfall,
                      const char *unit, int decimals) {
    double below = number(row, shortfall);
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(row, meets)))
        fprintf(out, "<td class=\"ok\">%s</td>", _("ok"));
    else {
        fputs("<td class=\"below\">", out);
        /* TRANSLATORS: a shortfall against the norm: "below by 0.58 g" */
        fprintf(out, _("below by %.*f %s"), poshan_shortfall_decimals(below, decimals), below, unit);
        fputs("</td>", out);
    }
}

static void result_row(FILE *out, const char *label, const cJSON *row, const cJSON *norms) {
    fputs("<tr><th scope=\"row\">", out);
    poshan_html_escape(out, label);
    fputs("</th>", out);
    judged_cell(out, row, "energy_kcal", number(norms, "energy_kcal"), "meets_energy_norm", 1);
    judged_cell(out, row, "protein_g", number(norms, "protein_g"), "meets_protein_norm", 2);
    fprintf(out, "<td>%.2f</td><td>%.2f</td><td>%.2f</td>", number(row, "fat_g"),
            number(row, "iron_mg"), number(row, "calcium_mg"));
    norm_cell(out, row, "meets_energy_norm", "energy_shortfall_kcal", "kcal", 1);
    norm_cell(out, row, "meets_protein_norm", "protein_shortfall_g", "g", 2);
    fputs("</tr>\n", out);
}

static void level_table(FILE *out, const char *level, const cJSON *lv) {
    const cJSON *norms = cJSON_GetObjectItemCaseSensitive(lv, "norms");
    fputs("<section class=\"level\"><h2>", out);
    poshan_html_escape(out, poshan_html_level(level));
    fputs("</h2>\n<p>", out);
    fprintf(out, _("Norms per child per meal: %.0f kcal, %.0f g protein."), number(norms, "energy_kcal"),
            number(norms, "protein_g"));
    fputs("</p>\n<table>", out);
    static const char *const heads[] = {N_("day"), N_("energy (kcal)"), N_("protein (g)"), N_("fat (g)"),
                                        N_("iron (mg)"), N_("calcium (mg)"), N_("energy norm"), N_("protein norm")};
    poshan_html_thead(out, heads, sizeof heads / sizeof heads[0]);
    fputs("\n<tbody>\n", out);
    const cJSON *day;
    cJSON_ArrayForEach(day, cJSON_GetObjectItemCaseSensitive(lv, "days")) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(day, "day");
        result_row(out, cJSON_IsString(name) ? name->valuestring : "", day, norms);
    }
    fputs("</tbody><tfoot>", out);
    result_row(out, _("week average"), cJSON_GetObjectItemCaseSensitive(lv, "week"), norms);
    fputs("</tfoot></table></section>\n", out);
}

void poshan_html_menu_result(FILE *out, const cJSON *result) {
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(result, "menu");
    fputs("<h2 class=\"menu-name\">", out);
    poshan_html_escape(out, cJSON_IsString(name) ? name->valuestring : "");
    fputs("</h2>\n", out);
    static const char *const lists[][2] = {{"warnings", N_("warning")}, {"notes", N_("note")}};
    for (size_t k = 0; k < 2; k++) {
        const cJSON *items = cJSON_GetObjectItemCaseSensitive(result, lists[k][0]), *item;
        if (cJSON_GetArraySize(items) == 0) continue;
        fprintf(out, "<ul class=\"%s\">\n", lists[k][0]);
        cJSON_ArrayForEach(item, items) {
            fprintf(out, "<li><strong>%s:</strong> ", _(lists[k][1]));
            poshan_html_escape(out, cJSON_IsString(item) ? item->valuestring : "");
            fputs("</li>\n", out);
        }
        fputs("</ul>\n", out);
    }
    const cJSON *lv;
    cJSON_ArrayForEach(lv, cJSON_GetObjectItemCaseSensitive(result, "levels")) level_table(out, lv->string, lv);
}

void poshan_html_thead(FILE *out, const char *const *labels, size_t n) {
    fputs("<thead><tr>", out);
    for (size_t i = 0; i < n; i++) {
        fputs("<th>", out);
        poshan_html_escape(out, labels[i][0] ? _(labels[i]) : "");
        fputs("</th>", out);
    }
    fputs("</tr></thead>", out);
}

const char *poshan_html_level(const char *name) {
    /* a level's key in words ("upper_primary": "upper primary", उच्च प्राथमिक), in a buffer
     * of the answering thread's own, good until its next call */
    static __thread char words[64];
    return poshan_level_words(name, words, sizeof words);
}

void poshan_html_date(FILE *out, const char *text) {
    /* "2025-11-05" or "2025-11-05 10:30:00": the date in the reader's form, the rest as it is */
    int y, m, d, n = 0;
    if (sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10) {
        char day[8], month[8], year[8];
        snprintf(day, sizeof day, "%02d", d);
        snprintf(month, sizeof month, "%02d", m);
        snprintf(year, sizeof year, "%04d", y);
        char date[64];
        /* TRANSLATORS: how a date is written: %1$s the day (05), %2$s the month (11), %3$s the year (2025) */
        snprintf(date, sizeof date, _("%3$s-%2$s-%1$s"), day, month, year);
        poshan_html_escape(out, date);
        const char *rest = text + 10;
        if (strncmp(date, text, 10) != 0 && (rest[0] == 'T' || rest[0] == ' ')) {
            /* a reader's date: its time after a space, not ISO's "T...Z" (the column says UTC) */
            char time[64];
            snprintf(time, sizeof time, " %s", rest + 1);
            size_t n = strlen(time);
            if (n > 1 && time[n - 1] == 'Z') time[n - 1] = '\0';
            poshan_html_escape(out, time);
        } else {
            poshan_html_escape(out, rest);
        }
    } else {
        poshan_html_escape(out, text);
    }
}

void poshan_html_food(FILE *out, const poshan_foods *foods, const char *code, poshan_lang lang) {
    const poshan_food *food = foods ? poshan_foods_find(foods, code) : NULL;
    char name[256];   /* its first Devanagari alias (foods.h) */
    const char *hindi = food && lang == POSHAN_LANG_HI ? poshan_food_hindi_name(food, name, sizeof name) : NULL;
    if (hindi) {
        /* the name a Hindi reader knows, the table's own name beside it */
        fputs("<span lang=\"hi\">", out);
        poshan_html_escape(out, hindi);
        fputs("</span> (", out);
        poshan_html_escape(out, food->name);
        fputs(", <code>", out);
    } else if (food) {
        fputs("<span lang=\"en\">", out);
        poshan_html_escape(out, food->name);
        fputs("</span> (<code>", out);
    } else {
        fputs("(<code>", out);
    }
    poshan_html_escape(out, code);
    fputs("</code>)", out);
}

char *poshan_url_query(const char *const *keys, const char *const *values, size_t n) {
    char *query = NULL;
    size_t size;
    FILE *out = open_memstream(&query, &size);
    if (out == NULL) return NULL;
    int first = 1;
    for (size_t i = 0; i < n; i++) {
        if (values[i] == NULL || values[i][0] == '\0') continue;
        fprintf(out, "%s%s=", first ? "" : "&", keys[i]);
        for (const unsigned char *p = (const unsigned char *)values[i]; *p; p++) {
            if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-_.~", *p))
                fputc(*p, out);
            else
                fprintf(out, "%%%02X", *p);
        }
        first = 0;
    }
    fclose(out);
    return query;
}
