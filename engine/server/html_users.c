/* html_users.c: the admin's list of users on the users page (see html.h),
 * drawn from the JSON of GET /api/users, with a form a button for each action. */
#include "html.h"

#include <string.h>

#include "i18n.h"

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
    static const char *const heads[] = {N_("name"), N_("role"), N_("lab"), N_("state"), N_("password"),
                                        N_("last use (UTC)"), N_("since"), N_("actions")};
    fputs("<div class=\"table-wrap\" tabindex=\"0\"><table id=\"users\" class=\"wide\">", out);
    poshan_html_thead(out, heads, sizeof heads / sizeof heads[0]);
    fputs("<tbody>\n", out);
    const cJSON *u;
    cJSON_ArrayForEach(u, users) {
        const char *name = poshan_html_text(u, "name"), *state = poshan_html_text(u, "state");
        const char *last = poshan_html_text(u, "last_used_at");
        fputs("<tr>", out);
        poshan_html_cell(out, name);
        poshan_role role;
        poshan_html_cell(out, poshan_role_parse(poshan_html_text(u, "role"), &role) == 0 ? poshan_html_role(role)
                                                                                        : poshan_html_text(u, "role"));
        fputs("<td class=\"text\">", out);
        poshan_html_escape(out, poshan_html_text(u, "lab"));
        fputs("</td>", out);
        int active = strcmp(state, "active") == 0;
        fprintf(out, "<td class=\"%s\">", active ? "ok" : "below");
        poshan_html_escape(out, active ? _("active") : strcmp(state, "revoked") == 0 ? _("revoked") : state);
        fputs("</td>", out);
        fprintf(out, "<td>%s</td>", cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(u, "password")) ? _("set") : _("none"));
        fputs("<td>", out);
        poshan_html_date(out, last[0] ? last : _("never"));
        fputs("</td><td>", out);
        poshan_html_date(out, poshan_html_text(u, "created_at"));
        fputs("</td><td class=\"actions\">", out);
        action_button(out, "/users/token", name, _("New token"), "");
        if (active && strcmp(name, self) != 0) action_button(out, "/users/revoke", name, _("Revoke"), "danger");
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table></div>\n", out);
}
