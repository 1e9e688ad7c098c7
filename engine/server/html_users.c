/* html_users.c: the admin's list of users on the users page (see html.h),
 * drawn from the JSON of GET /api/users, with a form a button for each action. */
#include "html.h"

#include <string.h>

/* A one-button form posting the user's name to action. */
static void action_button(FILE *out, const char *action, const char *name, const char *label, const char *css) {
    fprintf(out, "<form method=\"post\" action=\"%s\" class=\"inline\"><input type=\"hidden\" name=\"name\" value=\"",
            action);
    poshan_html_escape(out, name);
    fprintf(out, "\"><button type=\"submit\" class=\"%s\" aria-label=\"%s ", css, label);
    poshan_html_escape(out, name);
    fprintf(out, "\">%s</button></form>", label);
}

void poshan_html_users(FILE *out, const cJSON *users, const char *self) {
    fputs("<div class=\"table-wrap\"><table id=\"users\" class=\"wide\"><thead><tr><th>name</th><th>role</th><th>lab</th>"
          "<th>state</th><th>password</th><th>last use (UTC)</th><th>since</th><th>actions</th></tr></thead><tbody>\n",
          out);
    const cJSON *u;
    cJSON_ArrayForEach(u, users) {
        const char *name = poshan_html_text(u, "name"), *state = poshan_html_text(u, "state");
        const char *last = poshan_html_text(u, "last_used_at");
        fputs("<tr>", out);
        poshan_html_cell(out, name);
        poshan_html_cell(out, poshan_html_text(u, "role"));
        fputs("<td class=\"text\">", out);
        poshan_html_escape(out, poshan_html_text(u, "lab"));
        fputs("</td>", out);
        fprintf(out, "<td class=\"%s\">%s</td>", strcmp(state, "active") == 0 ? "ok" : "below", state);
        fputs(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(u, "password")) ? "<td>set</td>" : "<td>none</td>", out);
        poshan_html_cell(out, last[0] ? last : "never");
        poshan_html_cell(out, poshan_html_text(u, "created_at"));
        fputs("<td class=\"actions\">", out);
        action_button(out, "/users/token", name, "New token", "");
        if (strcmp(state, "active") == 0 && strcmp(name, self) != 0)
            action_button(out, "/users/revoke", name, "Revoke", "danger");
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table></div>\n", out);
}
