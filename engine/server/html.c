/* html.c: page templates, escaping and the menu result table (see html.h). */
#define _GNU_SOURCE
#include "html.h"

#include <stdlib.h>
#include <string.h>

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

void poshan_html_cell(FILE *out, const char *text) {
    fputs("<td>", out);
    poshan_html_escape(out, text);
    fputs("</td>", out);
}

void poshan_html_level_cell(FILE *out, const char *level) {
    char words[64];
    poshan_html_cell(out, poshan_level_words(level, words, sizeof words));
}

double poshan_html_number(const cJSON *o, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

const char *poshan_html_text(const cJSON *o, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* Writes template to out with each {{name}} replaced by its var's html. */
static void fill(FILE *out, const char *template, const poshan_html_var *vars, size_t nvars) {
    const char *p = template;
    for (const char *open; (open = strstr(p, "{{")) != NULL;) {
        const char *close = strstr(open + 2, "}}");
        if (close == NULL) break;
        fwrite(p, 1, (size_t)(open - p), out);
        size_t len = (size_t)(close - open - 2);
        for (size_t i = 0; i < nvars; i++)
            if (strlen(vars[i].name) == len && strncmp(vars[i].name, open + 2, len) == 0)
                fputs(vars[i].html ? vars[i].html : "", out);
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

void poshan_html_nav(FILE *out, const poshan_user *user) {
    if (user == NULL) return;
    fputs("<nav><a href=\"/dashboard\">Dashboard</a>", out);
    if (poshan_auth_allows(user, POSHAN_ACCESS_READ))
        fputs(" <a href=\"/menu\">Menu checker</a> <a href=\"/flags\">Lab flags</a>"
              " <a href=\"/plans\">Plans</a>", out);
    if (poshan_auth_allows(user, POSHAN_ACCESS_LAB_WRITE))
        fputs(" <a href=\"/lab\">Upload results</a> <a href=\"/lab/samples\">Stored samples</a>"
              " <a href=\"/lab/batches\">Batches</a>", out);
    if (poshan_auth_allows(user, POSHAN_ACCESS_ADMIN)) fputs(" <a href=\"/users\">Users</a>", out);
    fputs(" <form method=\"post\" action=\"/logout\" class=\"logout\"><span>", out);
    poshan_html_escape(out, user->name);
    fprintf(out, " (%s)</span> <button type=\"submit\">Log out</button></form></nav>",
            poshan_role_name(user->role));
}

void poshan_html_error(FILE *out, const poshan_error *err) {
    fputs("<p class=\"error\" role=\"alert\">", out);
    if (err->file[0] || err->line > 0 || err->field[0]) {
        /* "file line 3, column 2 at protein_g:", or only what there is ("district:") */
        fputs("<strong>", out);
        poshan_html_escape(out, err->file);
        if (err->line > 0) fprintf(out, "%sline %ld", err->file[0] ? " " : "", err->line);
        if (err->column > 0) fprintf(out, ", column %ld", err->column);
        if (err->field[0]) {
            if (err->file[0] || err->line > 0) fputs(" at ", out);
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
        fputs("<td class=\"ok\">ok</td>", out);
    else
        fprintf(out, "<td class=\"below\">below by %.*f %s</td>",
                poshan_shortfall_decimals(below, decimals), below, unit);
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
    char words[64];
    fputs("<section class=\"level\"><h2>", out);
    poshan_html_escape(out, poshan_level_words(level, words, sizeof words));
    fprintf(out, "</h2>\n<p>Norms per child per meal: %.0f kcal, %.0f g protein.</p>\n",
            number(norms, "energy_kcal"), number(norms, "protein_g"));
    fputs("<table><thead><tr><th>day</th><th>energy (kcal)</th><th>protein (g)</th><th>fat (g)</th>"
          "<th>iron (mg)</th><th>calcium (mg)</th><th>energy norm</th><th>protein norm</th></tr>"
          "</thead>\n<tbody>\n", out);
    const cJSON *day;
    cJSON_ArrayForEach(day, cJSON_GetObjectItemCaseSensitive(lv, "days")) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(day, "day");
        result_row(out, cJSON_IsString(name) ? name->valuestring : "", day, norms);
    }
    fputs("</tbody><tfoot>", out);
    result_row(out, "week average", cJSON_GetObjectItemCaseSensitive(lv, "week"), norms);
    fputs("</tfoot></table></section>\n", out);
}

void poshan_html_menu_result(FILE *out, const cJSON *result) {
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(result, "menu");
    fputs("<h2 class=\"menu-name\">", out);
    poshan_html_escape(out, cJSON_IsString(name) ? name->valuestring : "");
    fputs("</h2>\n", out);
    static const char *const lists[][2] = {{"warnings", "warning"}, {"notes", "note"}};
    for (size_t k = 0; k < 2; k++) {
        const cJSON *items = cJSON_GetObjectItemCaseSensitive(result, lists[k][0]), *item;
        if (cJSON_GetArraySize(items) == 0) continue;
        fprintf(out, "<ul class=\"%s\">\n", lists[k][0]);
        cJSON_ArrayForEach(item, items) {
            fprintf(out, "<li><strong>%s:</strong> ", lists[k][1]);
            poshan_html_escape(out, cJSON_IsString(item) ? item->valuestring : "");
            fputs("</li>\n", out);
        }
        fputs("</ul>\n", out);
    }
    const cJSON *lv;
    cJSON_ArrayForEach(lv, cJSON_GetObjectItemCaseSensitive(result, "levels")) level_table(out, lv->string, lv);
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
