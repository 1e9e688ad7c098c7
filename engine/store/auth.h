/* auth.h: who may use the server, and the record of what they changed.
 *
 * Users have a role (lab, advisor, committee, admin) and, for labs, the lab's
 * name. Each user has one API token, made from libsodium randomness and shown
 * once; the database keeps only a keyed BLAKE2b hash of it under a per-user
 * salt. Browser pages keep a session whose id is a second random token, also
 * stored only as a hash. Every write is recorded in the audit table.
 *
 * This file never opens the database: the caller passes an open sqlite3 * and
 * registers poshan_auth_migrate() as one migration of the store. */
#ifndef POSHAN_AUTH_H
#define POSHAN_AUTH_H

#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stddef.h>

#include "error.h"

typedef enum {
    POSHAN_ROLE_LAB,        /* loads its own lab's sample results */
    POSHAN_ROLE_ADVISOR,    /* reads: menus, flags, summaries, plans */
    POSHAN_ROLE_COMMITTEE,  /* reads, as advisors do */
    POSHAN_ROLE_ADMIN,      /* reads, and manages users */
    POSHAN_ROLE_COUNT
} poshan_role;

/* "lab", "advisor", "committee", "admin"; poshan_role_parse returns -1 for anything else. */
const char *poshan_role_name(poshan_role role);
int poshan_role_parse(const char *text, poshan_role *out);

/* What a route needs of its caller. */
typedef enum {
    POSHAN_ACCESS_PUBLIC,     /* anyone, logged in or not */
    POSHAN_ACCESS_ANY_USER,   /* any logged-in user */
    POSHAN_ACCESS_READ,       /* advisor, committee, admin */
    POSHAN_ACCESS_LAB_WRITE,  /* a lab user (which lab is checked on the data) */
    POSHAN_ACCESS_ADMIN       /* admin */
} poshan_access;

#define POSHAN_USER_NAME_MAX 64
#define POSHAN_LAB_NAME_MAX 128
/* "psh_" + 16 hex digits of public id + "_" + 64 hex digits (32 random bytes) */
#define POSHAN_TOKEN_SIZE 86
/* 64 hex digits (32 random bytes) */
#define POSHAN_SESSION_SIZE 65

typedef struct poshan_user {
    long long id;
    char name[POSHAN_USER_NAME_MAX + 1];
    poshan_role role;
    char lab[POSHAN_LAB_NAME_MAX + 1];  /* "" unless role is lab */
} poshan_user;

/* Creates the users, sessions and audit tables when missing. Idempotent. */
poshan_status poshan_auth_migrate(sqlite3 *db, poshan_error *err);
/* Adds what an office needs to run users (password hash, revocation, last use,
 * failed logins) to the tables poshan_auth_migrate made. Run once, after it. */
poshan_status poshan_auth_migrate_offices(sqlite3 *db, poshan_error *err);

/* A use is recorded when the last one recorded is at least this old: the last
 * use is known to the minute, and a busy API writes once a minute a user. */
#define POSHAN_AUTH_LAST_USE_STEP_S 60

/* Adds a user and writes its new API token (NUL-terminated) into token, which
 * holds POSHAN_TOKEN_SIZE bytes. A lab user needs a lab name; other roles must
 * not have one. actor names who did it, for the audit table. */
poshan_status poshan_auth_add_user(sqlite3 *db, const char *name, poshan_role role, const char *lab,
                                   const char *actor, char token[POSHAN_TOKEN_SIZE],
                                   poshan_error *err);

/* A new API token for the user called name (into token, shown once): the old
 * token stops working and the user's browser sessions end. A revoked user is
 * active again. Audited as users.token by actor. No such user is POSHAN_EINPUT. */
poshan_status poshan_auth_new_token(sqlite3 *db, const char *name, const char *actor,
                                    char token[POSHAN_TOKEN_SIZE], poshan_error *err);
/* Stores password_hash (an Argon2id string, login.h makes it) as the user's
 * password, ends the user's sessions and makes a revoked user active again;
 * audited as users.passwd. Call poshan_auth_set_password (login.h) instead. */
poshan_status poshan_auth_store_password(sqlite3 *db, const char *name, const char *password_hash,
                                         const char *actor, poshan_error *err);
/* Ends at once everything that lets the user in: the token (replaced by one
 * nobody holds), the password and every session. The user stays, revoked, so
 * the audit table keeps naming someone; audited as users.revoke. */
poshan_status poshan_auth_revoke(sqlite3 *db, const char *name, const char *actor, poshan_error *err);

/* The user a token belongs to. An unknown, malformed, wrong or revoked token is POSHAN_EINPUT. */
poshan_status poshan_auth_token_user(sqlite3 *db, const char *token, poshan_user *out,
                                     poshan_error *err);

/* Opens a browser session for user lasting lifetime_s seconds (audited as a login). */
poshan_status poshan_auth_session_start(sqlite3 *db, const poshan_user *user, long lifetime_s,
                                        char session[POSHAN_SESSION_SIZE], poshan_error *err);
/* The user of a live session; unknown or expired sessions are POSHAN_EINPUT. */
poshan_status poshan_auth_session_user(sqlite3 *db, const char *session, poshan_user *out,
                                       poshan_error *err);
/* Ends a session (a logout). Ending an unknown session is not an error. */
poshan_status poshan_auth_session_end(sqlite3 *db, const char *session, poshan_error *err);

/* Records a write: who (a user name or "cli:UNIX-USER"), what action, and its detail. */
poshan_status poshan_auth_audit(sqlite3 *db, const char *who, const char *action,
                                const char *detail, poshan_error *err);

/* Every user as [{"id", "name", "role", "lab", "created_at", "state" ("active" or
 * "revoked"), "revoked_at", "password" (whether one is set), "last_used_at" (to
 * the minute; null when never)}]; no secrets. */
poshan_status poshan_auth_users_json(sqlite3 *db, cJSON **out, poshan_error *err);

/* Whether user (NULL when nobody is logged in) may call a route needing `need`. */
int poshan_auth_allows(const poshan_user *user, poshan_access need);

/* Whether user may store results of the lab named lab: only a lab user, and only
 * its own lab (exact, case-sensitive match). POSHAN_EINPUT saying why when not. */
poshan_status poshan_auth_check_lab_write(const poshan_user *user, const char *lab,
                                          poshan_error *err);

#endif
