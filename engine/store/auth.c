/* auth.c: users, API tokens, browser sessions, the audit table (see auth.h).
 *
 * Why a keyed BLAKE2b (crypto_generichash) and not crypto_pwhash_str: a token
 * is 32 bytes from randombytes_buf, 256 bits of entropy, so nobody can guess it
 * from its hash however fast the hash is; a slow password hash only protects
 * low-entropy secrets, and Argon2 at its interactive limits would cost tens of
 * milliseconds and 64 MB for every API call. The per-user random salt is the
 * BLAKE2b key, so equal secrets never hash alike and no table can be precomputed.
 * A token carries a public id (looked up by index) and the secret (compared in
 * constant time with sodium_memcmp). Sessions are random too: only their
 * unkeyed hash is stored, so a copy of the database holds no live session. */
#include "auth.h"
#include "i18n.h"
#include "store.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define TOKEN_PREFIX "psh_"
#define TOKEN_ID_BYTES 8
#define SECRET_BYTES 32
#define HASH_BYTES 32
#define SALT_BYTES crypto_generichash_KEYBYTES

static const char *const role_names[POSHAN_ROLE_COUNT] = {"lab", "advisor", "committee", "admin"};

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS users ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  role TEXT NOT NULL CHECK (role IN ('lab', 'advisor', 'committee', 'admin')),"
    "  lab TEXT CHECK ((role = 'lab') = (lab IS NOT NULL)),"
    "  token_id TEXT NOT NULL UNIQUE,"
    "  token_salt BLOB NOT NULL,"
    "  token_hash BLOB NOT NULL,"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));"
    "CREATE TABLE IF NOT EXISTS sessions ("
    "  id_hash BLOB PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  expires_at INTEGER NOT NULL);"  /* unix seconds */
    "CREATE TABLE IF NOT EXISTS audit ("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),"
    "  who TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  detail TEXT NOT NULL);";

const char *poshan_role_name(poshan_role role) {
    return role < POSHAN_ROLE_COUNT ? role_names[role] : "?";
}

int poshan_role_parse(const char *text, poshan_role *out) {
    for (int r = 0; r < POSHAN_ROLE_COUNT; r++)
        if (text && strcmp(text, role_names[r]) == 0) {
            *out = (poshan_role)r;
            return 0;
        }
    return -1;
}

static poshan_status db_error(sqlite3 *db, poshan_error *err, const char *doing) {
    char what[200];
    snprintf(what, sizeof what, "error while %s", doing);
    return poshan_store_error(db, sqlite3_db_filename(db, "main"), what, err);
}

static poshan_status exec(sqlite3 *db, const char *sql, poshan_error *err, const char *doing) {
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? POSHAN_OK : db_error(db, err, doing);
}

static poshan_status prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, poshan_error *err) {
    return sqlite3_prepare_v2(db, sql, -1, st, NULL) == SQLITE_OK ? POSHAN_OK
                                                                  : db_error(db, err, "preparing a query");
}

/* Runs the body of a write in BEGIN IMMEDIATE ... COMMIT, rolling back on failure. */
static poshan_status finish(sqlite3 *db, poshan_status st, poshan_error *err) {
    if (st == POSHAN_OK) return exec(db, "COMMIT", err, "committing");
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

static poshan_status need_sodium(poshan_error *err) {
    return sodium_init() < 0 ? poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL,
                                                _("libsodium could not start"))
                             : POSHAN_OK;
}

poshan_status poshan_auth_migrate(sqlite3 *db, poshan_error *err) {
    return exec(db, schema, err, "creating the users, sessions and audit tables");
}

/* Users an office runs: a password (Argon2id, login.c), revocation, the last
 * use, and the failed logins that the rate limit counts (login.c). */
static const char offices_schema[] =
    "ALTER TABLE users ADD COLUMN password_hash TEXT;"
    "ALTER TABLE users ADD COLUMN revoked_at TEXT;"
    "ALTER TABLE users ADD COLUMN last_used_at INTEGER;"  /* unix seconds */
    "CREATE TABLE IF NOT EXISTS login_failures ("
    "  at INTEGER NOT NULL,"  /* unix seconds */
    "  name TEXT NOT NULL,"
    "  address TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS login_failures_by_name ON login_failures (name, at);"
    "CREATE INDEX IF NOT EXISTS login_failures_by_address ON login_failures (address, at);";

poshan_status poshan_auth_migrate_offices(sqlite3 *db, poshan_error *err) {
    return exec(db, offices_schema, err, "adding passwords, revocation and last use to the users");
}

/* 1 when text is 1..max bytes with no control characters. */
static int valid_label(const char *text, size_t max) {
    size_t n = text ? strlen(text) : 0;
    if (n == 0 || n > max) return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f) return 0;
    return 1;
}

static poshan_status check_new_user(const char *name, poshan_role role, const char *lab,
                                    poshan_error *err) {
    if (!valid_label(name, POSHAN_USER_NAME_MAX))
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "name",
                                _("a user name is 1 to %d characters with no control characters"),
                                POSHAN_USER_NAME_MAX);
    if (role >= POSHAN_ROLE_COUNT)
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "role",
                                _("the role must be lab, advisor, committee or admin"));
    if (role == POSHAN_ROLE_LAB && !valid_label(lab, POSHAN_LAB_NAME_MAX))
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "lab",
                                _("a lab user needs the lab's name (1 to %d characters), "
                                "for example --lab \"Mitra S K Lab Kolkata\""), POSHAN_LAB_NAME_MAX);
    if (role != POSHAN_ROLE_LAB && lab != NULL)
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "lab",
                                _("only a lab user has a lab name; drop it for the role %s"),
                                poshan_role_name(role));
    return POSHAN_OK;
}

static void token_hash(const unsigned char *secret, const unsigned char *salt,
                       unsigned char out[HASH_BYTES]) {
    crypto_generichash(out, HASH_BYTES, secret, SECRET_BYTES, salt, SALT_BYTES);
}

static poshan_status insert_user(sqlite3 *db, const char *name, poshan_role role, const char *lab,
                                 const char *token_id, const unsigned char *salt,
                                 const unsigned char *hash, poshan_error *err) {
    sqlite3_stmt *st;
    if (prepare(db, "INSERT INTO users (name, role, lab, token_id, token_salt, token_hash) "
                    "VALUES (?, ?, ?, ?, ?, ?)", &st, err) != POSHAN_OK)
        return POSHAN_ESYSTEM;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, poshan_role_name(role), -1, SQLITE_STATIC);
    if (lab) sqlite3_bind_text(st, 3, lab, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, token_id, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 5, salt, SALT_BYTES, SQLITE_STATIC);
    sqlite3_bind_blob(st, 6, hash, HASH_BYTES, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE) return POSHAN_OK;
    if ((rc & 0xff) == SQLITE_CONSTRAINT)  /* plain or extended (SQLITE_CONSTRAINT_UNIQUE) */
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "name",
                                _("a user named '%s' already exists; choose another name, or give "
                                "%s a new token or password"), name, name);
    return db_error(db, err, "adding a user");
}

/* A new token: its public id (hex), salt and hash to store, and the text shown once. */
typedef struct new_token {
    char id_hex[2 * TOKEN_ID_BYTES + 1];
    unsigned char salt[SALT_BYTES], hash[HASH_BYTES];
    char text[POSHAN_TOKEN_SIZE];
} new_token;

static void make_token(new_token *t) {
    unsigned char id[TOKEN_ID_BYTES], secret[SECRET_BYTES];
    char secret_hex[2 * SECRET_BYTES + 1];
    randombytes_buf(id, sizeof id);
    randombytes_buf(secret, sizeof secret);
    randombytes_buf(t->salt, sizeof t->salt);
    token_hash(secret, t->salt, t->hash);
    sodium_bin2hex(t->id_hex, sizeof t->id_hex, id, sizeof id);
    sodium_bin2hex(secret_hex, sizeof secret_hex, secret, sizeof secret);
    snprintf(t->text, sizeof t->text, TOKEN_PREFIX "%s_%s", t->id_hex, secret_hex);
    sodium_memzero(secret, sizeof secret);
    sodium_memzero(secret_hex, sizeof secret_hex);
}

poshan_status poshan_auth_add_user(sqlite3 *db, const char *name, poshan_role role, const char *lab,
                                   const char *actor, char token[POSHAN_TOKEN_SIZE],
                                   poshan_error *err) {
    poshan_status st = check_new_user(name, role, lab, err);
    if (st == POSHAN_OK) st = need_sodium(err);
    if (st != POSHAN_OK) return st;
    new_token t;
    make_token(&t);
    char detail[POSHAN_USER_NAME_MAX + POSHAN_LAB_NAME_MAX + 64];
    snprintf(detail, sizeof detail, "user %s, role %s%s%s", name, poshan_role_name(role),
             lab ? ", lab " : "", lab ? lab : "");
    st = exec(db, "BEGIN IMMEDIATE", err, "starting to add a user");
    if (st != POSHAN_OK) return st;
    st = insert_user(db, name, role, lab, t.id_hex, t.salt, t.hash, err);
    if (st == POSHAN_OK) st = poshan_auth_audit(db, actor, "users.add", detail, err);
    st = finish(db, st, err);
    if (st == POSHAN_OK) memcpy(token, t.text, POSHAN_TOKEN_SIZE);
    sodium_memzero(&t, sizeof t);
    return st;
}

/* Runs one statement changing the user called name (bound as ?1, then the
 * blobs or texts in binds); POSHAN_EINPUT when there is no such user. */
typedef struct bind {
    const void *data;
    int size;  /* -1: NUL-terminated text; else a blob of size bytes; data NULL: SQL NULL */
} bind;

static poshan_status change_user(sqlite3 *db, const char *sql, const char *name, const bind *binds,
                                 size_t nbinds, poshan_error *err) {
    sqlite3_stmt *st;
    if (prepare(db, sql, &st, err) != POSHAN_OK) return POSHAN_ESYSTEM;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    for (size_t i = 0; i < nbinds; i++) {
        int col = (int)i + 2;
        if (binds[i].data == NULL) sqlite3_bind_null(st, col);
        else if (binds[i].size < 0) sqlite3_bind_text(st, col, binds[i].data, -1, SQLITE_STATIC);
        else sqlite3_bind_blob(st, col, binds[i].data, binds[i].size, SQLITE_STATIC);
    }
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return db_error(db, err, "changing a user");
    if (sqlite3_changes(db) == 0)
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "name",
                                _("there is no user named '%s' (users list shows them all)"), name);
    return POSHAN_OK;
}

/* Ends every browser session of the user called name. */
static poshan_status end_sessions(sqlite3 *db, const char *name, poshan_error *err) {
    sqlite3_stmt *st;
    if (prepare(db, "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)", &st, err) !=
        POSHAN_OK)
        return POSHAN_ESYSTEM;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? POSHAN_OK : db_error(db, err, "ending the user's sessions");
}

/* Gives the user called name a fresh token by sql (?2 token_id, ?3 salt, ?4 hash),
 * ends the user's sessions and audits action, all in one transaction; the
 * token's text goes to shown (when not NULL). */
static poshan_status replace_token(sqlite3 *db, const char *name, const char *sql, const char *actor,
                                   const char *action, char shown[POSHAN_TOKEN_SIZE], poshan_error *err) {
    poshan_status st = need_sodium(err);
    if (st != POSHAN_OK) return st;
    new_token t;
    make_token(&t);
    const bind binds[] = {{t.id_hex, -1}, {t.salt, SALT_BYTES}, {t.hash, HASH_BYTES}};
    st = exec(db, "BEGIN IMMEDIATE", err, "starting to change a user");
    if (st != POSHAN_OK) return st;
    st = change_user(db, sql, name, binds, 3, err);
    if (st == POSHAN_OK) st = end_sessions(db, name, err);
    if (st == POSHAN_OK) st = poshan_auth_audit(db, actor, action, name, err);
    st = finish(db, st, err);
    if (st == POSHAN_OK && shown) memcpy(shown, t.text, POSHAN_TOKEN_SIZE);
    sodium_memzero(&t, sizeof t);
    return st;
}

poshan_status poshan_auth_new_token(sqlite3 *db, const char *name, const char *actor,
                                    char token[POSHAN_TOKEN_SIZE], poshan_error *err) {
    return replace_token(db, name, "UPDATE users SET token_id = ?2, token_salt = ?3, token_hash = ?4, "
                                   "revoked_at = NULL WHERE name = ?1", actor, "users.token", token, err);
}

poshan_status poshan_auth_store_password(sqlite3 *db, const char *name, const char *password_hash,
                                         const char *actor, poshan_error *err) {
    const bind binds[] = {{password_hash, -1}};
    poshan_status st = exec(db, "BEGIN IMMEDIATE", err, "starting to set a password");
    if (st != POSHAN_OK) return st;
    st = change_user(db, "UPDATE users SET password_hash = ?2, revoked_at = NULL WHERE name = ?1", name,
                     binds, 1, err);
    if (st == POSHAN_OK) st = end_sessions(db, name, err);
    if (st == POSHAN_OK) st = poshan_auth_audit(db, actor, "users.passwd", name, err);
    return finish(db, st, err);
}

poshan_status poshan_auth_revoke(sqlite3 *db, const char *name, const char *actor, poshan_error *err) {
    /* The token is replaced by one nobody was shown: the old one matches nothing,
     * and token_id stays unique and not null as the first schema wants. */
    return replace_token(db, name, "UPDATE users SET token_id = ?2, token_salt = ?3, token_hash = ?4, "
                                   "password_hash = NULL, "
                                   "revoked_at = coalesce(revoked_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) "
                                   "WHERE name = ?1", actor, "users.revoke", NULL, err);
}

static void read_user(sqlite3_stmt *st, int col, poshan_user *out) {
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, col);
    snprintf(out->name, sizeof out->name, "%s", (const char *)sqlite3_column_text(st, col + 1));
    poshan_role_parse((const char *)sqlite3_column_text(st, col + 2), &out->role);
    const unsigned char *lab = sqlite3_column_text(st, col + 3);
    snprintf(out->lab, sizeof out->lab, "%s", lab ? (const char *)lab : "");
}

/* Records that user id was seen now, when its last use is older than
 * POSHAN_AUTH_LAST_USE_STEP_S: at most one write a user a minute, however many
 * requests, so reads stay reads. The write does not wait for a busy database
 * (an ingest may hold the lock for a minute): a request is never held up by
 * it, and a use missed then is recorded by the next one. */
static void touch(sqlite3 *db, long long id, long long last_used) {
    long long now = (long long)time(NULL);
    if (now - last_used < POSHAN_AUTH_LAST_USE_STEP_S) return;
    sqlite3_stmt *st;
    int wait_ms = 0;
    if (sqlite3_prepare_v2(db, "PRAGMA busy_timeout", -1, &st, NULL) != SQLITE_OK) return;
    if (sqlite3_step(st) == SQLITE_ROW) wait_ms = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_busy_timeout(db, 0);
    if (sqlite3_get_autocommit(db) &&
        sqlite3_prepare_v2(db, "UPDATE users SET last_used_at = ? WHERE id = ?", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, now);
        sqlite3_bind_int64(st, 2, id);
        sqlite3_step(st);
        sqlite3_finalize(st);
    }
    sqlite3_busy_timeout(db, wait_ms);
}

/* Splits "psh_ID_SECRET" into its hex id and the secret's bytes; -1 when malformed. */
static int split_token(const char *token, char id_hex[2 * TOKEN_ID_BYTES + 1],
                       unsigned char secret[SECRET_BYTES]) {
    const size_t pre = sizeof TOKEN_PREFIX - 1, id_len = 2 * TOKEN_ID_BYTES;
    if (token == NULL || strlen(token) != POSHAN_TOKEN_SIZE - 1 || strncmp(token, TOKEN_PREFIX, pre) != 0 ||
        token[pre + id_len] != '_')
        return -1;
    unsigned char id[TOKEN_ID_BYTES];
    size_t n;
    if (sodium_hex2bin(id, sizeof id, token + pre, id_len, NULL, &n, NULL) != 0 || n != sizeof id) return -1;
    memcpy(id_hex, token + pre, id_len);
    id_hex[id_len] = '\0';
    const char *hex = token + pre + id_len + 1;
    if (sodium_hex2bin(secret, SECRET_BYTES, hex, 2 * SECRET_BYTES, NULL, &n, NULL) != 0 || n != SECRET_BYTES)
        return -1;
    return 0;
}

poshan_status poshan_auth_token_user(sqlite3 *db, const char *token, poshan_user *out,
                                     poshan_error *err) {
    char id_hex[2 * TOKEN_ID_BYTES + 1];
    unsigned char secret[SECRET_BYTES], hash[HASH_BYTES];
    if (need_sodium(err) != POSHAN_OK) return POSHAN_ESYSTEM;
    if (split_token(token, id_hex, secret) != 0)
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "token",
                                _("this is not a poshan API token (psh_ followed by 81 characters)"));
    sqlite3_stmt *st;
    if (prepare(db, "SELECT id, name, role, lab, token_salt, token_hash, last_used_at FROM users "
                    "WHERE token_id = ? AND revoked_at IS NULL", &st, err) != POSHAN_OK)
        return POSHAN_ESYSTEM;
    sqlite3_bind_text(st, 1, id_hex, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st), match = 0;
    long long last_used = 0;
    if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 4) == SALT_BYTES &&
        sqlite3_column_bytes(st, 5) == HASH_BYTES) {
        token_hash(secret, sqlite3_column_blob(st, 4), hash);
        match = sodium_memcmp(hash, sqlite3_column_blob(st, 5), HASH_BYTES) == 0;
        if (match) read_user(st, 0, out);
        last_used = sqlite3_column_int64(st, 6);
    }
    sqlite3_finalize(st);
    sodium_memzero(secret, sizeof secret);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error(db, err, "checking a token");
    if (match) touch(db, out->id, last_used);
    return match ? POSHAN_OK
                 : poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "token",
                                    _("unknown or revoked token: ask an admin for a new one"));
}

/* The stored form of a session id: the hash of its 32 bytes. -1 when malformed. */
static int session_hash(const char *session, unsigned char out[HASH_BYTES]) {
    unsigned char raw[SECRET_BYTES];
    size_t n;
    if (session == NULL || strlen(session) != POSHAN_SESSION_SIZE - 1 ||
        sodium_hex2bin(raw, sizeof raw, session, 2 * SECRET_BYTES, NULL, &n, NULL) != 0 || n != sizeof raw)
        return -1;
    crypto_generichash(out, HASH_BYTES, raw, sizeof raw, NULL, 0);
    return 0;
}

static poshan_status insert_session(sqlite3 *db, const poshan_user *user, const unsigned char *hash,
                                    long long expires_at, poshan_error *err) {
    sqlite3_stmt *st;
    if (prepare(db, "INSERT INTO sessions (id_hash, user_id, expires_at) VALUES (?, ?, ?)", &st, err) !=
        POSHAN_OK)
        return POSHAN_ESYSTEM;
    sqlite3_bind_blob(st, 1, hash, HASH_BYTES, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, user->id);
    sqlite3_bind_int64(st, 3, expires_at);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? POSHAN_OK : db_error(db, err, "starting a session");
}

poshan_status poshan_auth_session_start(sqlite3 *db, const poshan_user *user, long lifetime_s,
                                        char session[POSHAN_SESSION_SIZE], poshan_error *err) {
    if (need_sodium(err) != POSHAN_OK) return POSHAN_ESYSTEM;
    unsigned char raw[SECRET_BYTES], hash[HASH_BYTES];
    randombytes_buf(raw, sizeof raw);
    crypto_generichash(hash, HASH_BYTES, raw, sizeof raw, NULL, 0);
    long long now = (long long)time(NULL);
    poshan_status st = exec(db, "BEGIN IMMEDIATE", err, "starting a session");
    if (st != POSHAN_OK) return st;
    sqlite3_stmt *gc;
    st = prepare(db, "DELETE FROM sessions WHERE expires_at <= ?", &gc, err);
    if (st == POSHAN_OK) {
        sqlite3_bind_int64(gc, 1, now);
        if (sqlite3_step(gc) != SQLITE_DONE) st = db_error(db, err, "removing expired sessions");
        sqlite3_finalize(gc);
    }
    if (st == POSHAN_OK) st = insert_session(db, user, hash, now + lifetime_s, err);
    if (st == POSHAN_OK) st = poshan_auth_audit(db, user->name, "session.login", "browser session", err);
    st = finish(db, st, err);
    if (st == POSHAN_OK) sodium_bin2hex(session, POSHAN_SESSION_SIZE, raw, sizeof raw);
    sodium_memzero(raw, sizeof raw);
    return st;
}

poshan_status poshan_auth_session_user(sqlite3 *db, const char *session, poshan_user *out,
                                       poshan_error *err) {
    unsigned char hash[HASH_BYTES];
    if (need_sodium(err) != POSHAN_OK) return POSHAN_ESYSTEM;
    if (session_hash(session, hash) != 0)
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "session", _("not a session: log in again"));
    sqlite3_stmt *st;
    if (prepare(db, "SELECT u.id, u.name, u.role, u.lab, u.last_used_at FROM sessions s "
                    "JOIN users u ON u.id = s.user_id "
                    "WHERE s.id_hash = ? AND s.expires_at > ? AND u.revoked_at IS NULL", &st, err) != POSHAN_OK)
        return POSHAN_ESYSTEM;
    sqlite3_bind_blob(st, 1, hash, HASH_BYTES, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (long long)time(NULL));
    int rc = sqlite3_step(st);
    long long last_used = 0;
    if (rc == SQLITE_ROW) {
        read_user(st, 0, out);
        last_used = sqlite3_column_int64(st, 4);
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW) {
        touch(db, out->id, last_used);
        return POSHAN_OK;
    }
    if (rc != SQLITE_DONE) return db_error(db, err, "checking a session");
    return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "session",
                            _("the session has expired or does not exist: log in again"));
}

poshan_status poshan_auth_session_end(sqlite3 *db, const char *session, poshan_error *err) {
    unsigned char hash[HASH_BYTES];
    poshan_user user;
    if (poshan_auth_session_user(db, session, &user, err) != POSHAN_OK || session_hash(session, hash) != 0)
        return POSHAN_OK;
    poshan_status st = exec(db, "BEGIN IMMEDIATE", err, "ending a session");
    if (st != POSHAN_OK) return st;
    sqlite3_stmt *del;
    st = prepare(db, "DELETE FROM sessions WHERE id_hash = ?", &del, err);
    if (st == POSHAN_OK) {
        sqlite3_bind_blob(del, 1, hash, HASH_BYTES, SQLITE_STATIC);
        if (sqlite3_step(del) != SQLITE_DONE) st = db_error(db, err, "ending a session");
        sqlite3_finalize(del);
    }
    if (st == POSHAN_OK) st = poshan_auth_audit(db, user.name, "session.logout", "browser session", err);
    return finish(db, st, err);
}

poshan_status poshan_auth_audit(sqlite3 *db, const char *who, const char *action,
                                const char *detail, poshan_error *err) {
    sqlite3_stmt *st;
    if (prepare(db, "INSERT INTO audit (who, action, detail) VALUES (?, ?, ?)", &st, err) != POSHAN_OK)
        return POSHAN_ESYSTEM;
    sqlite3_bind_text(st, 1, who ? who : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, detail ? detail : "", -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? POSHAN_OK : db_error(db, err, "writing the audit record");
}

poshan_status poshan_auth_users_json(sqlite3 *db, cJSON **out, poshan_error *err) {
    sqlite3_stmt *st;
    if (prepare(db, "SELECT id, name, role, lab, created_at, revoked_at, password_hash IS NOT NULL, "
                    "strftime('%Y-%m-%dT%H:%M:%SZ', last_used_at, 'unixepoch') FROM users ORDER BY id",
                &st, err) != POSHAN_OK)
        return POSHAN_ESYSTEM;
    cJSON *users = cJSON_CreateArray();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        poshan_user u;
        read_user(st, 0, &u);
        cJSON *one = cJSON_CreateObject();
        cJSON_AddNumberToObject(one, "id", (double)u.id);
        cJSON_AddStringToObject(one, "name", u.name);
        cJSON_AddStringToObject(one, "role", poshan_role_name(u.role));
        if (u.lab[0]) cJSON_AddStringToObject(one, "lab", u.lab);
        else cJSON_AddNullToObject(one, "lab");
        cJSON_AddStringToObject(one, "created_at", (const char *)sqlite3_column_text(st, 4));
        const char *revoked = (const char *)sqlite3_column_text(st, 5);
        const char *last_used = (const char *)sqlite3_column_text(st, 7);
        cJSON_AddStringToObject(one, "state", revoked ? "revoked" : "active");
        if (revoked) cJSON_AddStringToObject(one, "revoked_at", revoked);
        else cJSON_AddNullToObject(one, "revoked_at");
        cJSON_AddBoolToObject(one, "password", sqlite3_column_int(st, 6));
        if (last_used) cJSON_AddStringToObject(one, "last_used_at", last_used);
        else cJSON_AddNullToObject(one, "last_used_at");
        cJSON_AddItemToArray(users, one);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        cJSON_Delete(users);
        return db_error(db, err, "listing users");
    }
    *out = users;
    return POSHAN_OK;
}

int poshan_auth_allows(const poshan_user *user, poshan_access need) {
    if (need == POSHAN_ACCESS_PUBLIC) return 1;
    if (user == NULL) return 0;
    switch (need) {
    case POSHAN_ACCESS_ANY_USER: return 1;
    case POSHAN_ACCESS_READ: return user->role != POSHAN_ROLE_LAB;
    case POSHAN_ACCESS_LAB_WRITE: return user->role == POSHAN_ROLE_LAB;
    case POSHAN_ACCESS_ADMIN: return user->role == POSHAN_ROLE_ADMIN;
    default: return 0;
    }
}

poshan_status poshan_auth_check_lab_write(const poshan_user *user, const char *lab,
                                          poshan_error *err) {
    if (user == NULL || user->role != POSHAN_ROLE_LAB)
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "lab",
                                _("only a lab user may store lab results"));
    if (lab == NULL || strcmp(user->lab, lab) != 0)
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "lab",
                                _("this token belongs to the lab '%s' and may store only its results, "
                                "not those of '%s'"), user->lab, lab ? lab : "");
    return POSHAN_OK;
}
