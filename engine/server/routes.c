/* routes.c: the server's route table: method, path, kind of answer, who may
 * call it, the largest body it takes, and its handler (handlers.h). Paths
 * ending in '/' take one NAME segment (/api/plans/NAME). */
#include "handlers.h"

/* Body limits, in bytes. A six-day menu for both levels is about 5 kB; 1 MiB
 * leaves room for a month of pot recipes with long names. */
#define MENU_BODY_MAX (1u << 20)
/* A login form carries a user name (64 bytes) and a password of at most 256
 * characters, 1 KiB of UTF-8 and three times that percent-encoded; the users
 * page's forms carry a name. */
#define LOGIN_BODY_MAX 4096u
/* A lab file of 100,000 result rows of about 200 bytes is 20 MB. */
#define LAB_BODY_MAX (64u << 20)

const poshan_route poshan_routes[] = {
    /* JSON API */
    {"POST", "/api/menu/evaluate", POSHAN_ROUTE_API, POSHAN_ACCESS_READ, MENU_BODY_MAX, poshan_api_menu_evaluate},
    {"GET", "/api/users", POSHAN_ROUTE_API, POSHAN_ACCESS_ADMIN, 0, poshan_api_users},
    {"POST", "/api/lab/ingest", POSHAN_ROUTE_API, POSHAN_ACCESS_LAB_WRITE, LAB_BODY_MAX, poshan_api_lab_ingest},
    {"GET", "/api/lab/flags", POSHAN_ROUTE_API, POSHAN_ACCESS_READ, 0, poshan_api_lab_flags},
    {"GET", "/api/lab/summary", POSHAN_ROUTE_API, POSHAN_ACCESS_READ, 0, poshan_api_lab_summary},
    {"GET", "/api/plans", POSHAN_ROUTE_API, POSHAN_ACCESS_READ, 0, poshan_api_plans},
    {"GET", "/api/plans/", POSHAN_ROUTE_API, POSHAN_ACCESS_READ, 0, poshan_api_plan},
    /* browser pages */
    {"GET", "/", POSHAN_ROUTE_PAGE, POSHAN_ACCESS_PUBLIC, 0, poshan_page_home},
    {"GET", "/language", POSHAN_ROUTE_PAGE, POSHAN_ACCESS_PUBLIC, 0, poshan_page_language},
    {"GET", "/login", POSHAN_ROUTE_PAGE, POSHAN_ACCESS_PUBLIC, 0, poshan_page_login_form},
    {"POST", "/login", POSHAN_ROUTE_PAGE, POSHAN_ACCESS_PUBLIC, LOGIN_BODY_MAX, poshan_page_login},
    {"POST", "/logout", POSHAN_ROUTE_PAGE, POSHAN_ACCESS_ANY_USER, LOGIN_BODY_MAX, poshan_page_logout},
    {"GET", "/dashboard", POSHAN_ROUTE_PAGE, POSHAN_ACCESS_ANY_USER, 0, poshan_page_dashboard},
    {"GET", "/menu", POSHAN_ROUTE_PAGE, POSHAN_ACCESS_READ, 0, poshan_page_menu_form},
    {"POST", "/menu", POSHAN_ROUTE_PAGE, POSHAN_ACCESS_READ, MENU_BODY_MAX, poshan_page_menu_check},
    {"GET", "/lab", POSHAN_ROUTE_PAGE, POSHAN_ACCESS_LAB_WRITE, 0, poshan_page_lab_form},
    {"POST", "/lab", POSHAN_ROUTE_PAGE, POSHAN_ACCESS_LAB_WRITE, LAB_BODY_MAX, poshan_page_lab_upload},
    {"GET", "/lab/samples", POSHAN_ROUTE_PAGE, POSHAN_ACCESS_LAB_WRITE, 0, poshan_page_lab_samples},
    {"GET", "/lab/batches", POSHAN_ROUTE_PAGE, POSHAN_ACCESS_LAB_WRITE, 0, poshan_page_lab_batches},
    {"GET", "/lab/history", POSHAN_ROUTE_PAGE, POSHAN_ACCESS_LAB_WRITE, 0, poshan_page_lab_history},
    {"GET", "/lab/rejects/", POSHAN_ROUTE_PAGE, POSHAN_ACCESS_LAB_WRITE, 0, poshan_page_lab_rejects},
    {"GET", "/users", POSHAN_ROUTE_PAGE, POSHAN_ACCESS_ADMIN, 0, poshan_page_users},
    {"POST", "/users/token", POSHAN_ROUTE_PAGE, POSHAN_ACCESS_ADMIN, LOGIN_BODY_MAX, poshan_page_users_token},
    {"POST", "/users/revoke", POSHAN_ROUTE_PAGE, POSHAN_ACCESS_ADMIN, LOGIN_BODY_MAX, poshan_page_users_revoke},
    {"GET", "/flags", POSHAN_ROUTE_PAGE, POSHAN_ACCESS_READ, 0, poshan_page_lab_flags},
    {"GET", "/plans", POSHAN_ROUTE_PAGE, POSHAN_ACCESS_READ, 0, poshan_page_plans},
    {"GET", "/plans/", POSHAN_ROUTE_PAGE, POSHAN_ACCESS_READ, 0, poshan_page_plan},
    {"GET", "/static/", POSHAN_ROUTE_PAGE, POSHAN_ACCESS_PUBLIC, 0, poshan_serve_static},
};
const size_t poshan_nroutes = sizeof poshan_routes / sizeof poshan_routes[0];


/* The bodies that are neither a form (pages) nor JSON (the API). */
const poshan_route_body poshan_route_bodies[] = {
    {"POST", "/api/lab/ingest", "text/csv application/json"},
};
const size_t poshan_nroute_bodies = sizeof poshan_route_bodies / sizeof poshan_route_bodies[0];
