/* login.c: passwords (Argon2id) and the limit on failed logins (see login.h).
 *
 * crypto_pwhash_str at libsodium's interactive limits (2 passes over 64 MB,
 * about 0.1 to 0.4 s on the development machine): slow enough that a stolen
 * database does not give up its passwords to a guessing machine, quick enough
 * for a person logging in. A name without a user or without a password is
 * checked against a stand-in hash of the same cost, so the time a refusal
 * takes does not tell whether the name exists. */
#include "login.h"
#include "i18n.h"
#include "store.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* crypto_pwhash_str("not a password of anyone") at the interactive limits
 * (m=65536 KiB, t=2, p=1), made once with libsodium: no password matches it. */
static const char stand_in_hash[crypto_pwhash_STRBYTES] =
    "$argon2id$v=19$m=65536,t=2,p=1$F/Jb0xHzkxae/KpMKQ0B9g$xYhBs3q2nopQaeTa7SyjLBnObC9NdoKS1zV2oasPMJM";

/* Characters in text when it is valid UTF-8 with no control characters, else -1. */
static long utf8_chars(const char *text) {
    const unsigned char *p = (const unsigned char *)text;
    long n = 0;
    while (*p) {
        size_t len = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3 : (*p & 0xf8) == 0xf0 ? 4 : 0;
        if (len == 0 || (len == 1 && (*p < 0x20 || *p == 0x7f))) return -1;
        unsigned long cp = len == 1 ? *p : *p & (0xff >> (len + 1));
        for (size_t i = 1; i < len; i++) {
            if ((p[i] & 0xc0) != 0x80) return -1;
            cp = cp << 6 | (p[i] & 0x3f);
        }
        /* overlong forms, surrogates and code points beyond U+10FFFF are not UTF-8 */
        static const unsigned long least[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < least[len] || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return -1;
        if (cp >= 0x80 && cp < 0xa0) return -1;  /* C1 controls */
        p += len;
        n++;
    }
    return n;
}

poshan_status poshan_auth_set_password(sqlite3 *db, const char *name, const char *password,
                                       const char *actor, poshan_error *err) {
    long chars = password ? utf8_chars(password) : -1;
    if (chars < 0)
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "password",
                                _("a password is text (UTF-8) without control characters such as tabs"));
    if (chars < POSHAN_PASSWORD_MIN_CHARS || chars > POSHAN_PASSWORD_MAX_CHARS)
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "password",
                                _("a password is %d to %d characters; this one has %ld"),
                                POSHAN_PASSWORD_MIN_CHARS, POSHAN_PASSWORD_MAX_CHARS, chars);
    if (sodium_init() < 0) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("libsodium could not start"));
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL,
                                _("not enough memory to hash the password (Argon2 needs 64 MB)"));
    return poshan_auth_store_password(db, name, hash, actor, err);
}

/* As auth.c's: a held write lock is POSHAN_EBUSY, which the server answers 503. */
static poshan_status db_error(sqlite3 *db, poshan_error *err, const char *doing) {
    char what[200];
    snprintf(what, sizeof what, "error while %s", doing);
    return poshan_store_error(db, sqlite3_db_filename(db, "main"), what, err);
}

/* Seconds until the failures of key (a name or an address) in the window fall
 * below limit; 0 when they are below it now. */
static poshan_status wait_for(sqlite3 *db, const char *column_sql, const char *key, int limit,
                              long long now, long *wait_s, poshan_error *err) {
    sqlite3_stmt *st;
    /* the limit-th newest failure in the window: when it leaves, a try is allowed */
    if (sqlite3_prepare_v2(db, column_sql, -1, &st, NULL) != SQLITE_OK) return db_error(db, err, "counting failed logins");
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now - POSHAN_LOGIN_WINDOW_S);
    sqlite3_bind_int(st, 3, limit - 1);
    int rc = sqlite3_step(st);
    long long at = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error(db, err, "counting failed logins");
    *wait_s = rc == SQLITE_ROW ? (long)(at + POSHAN_LOGIN_WINDOW_S - now) : 0;
    if (*wait_s < 0) *wait_s = 0;
    return POSHAN_OK;
}

static poshan_status limit_wait(sqlite3 *db, const char *name, const char *address, long long now,
                                long *wait_s, poshan_error *err) {
    long by_name = 0, by_address = 0;
    poshan_status st = wait_for(db, "SELECT at FROM login_failures WHERE name = ?1 AND at > ?2 "
                                    "ORDER BY at DESC LIMIT 1 OFFSET ?3",
                                name, POSHAN_LOGIN_MAX_PER_NAME, now, &by_name, err);
    if (st == POSHAN_OK)
        st = wait_for(db, "SELECT at FROM login_failures WHERE address = ?1 AND at > ?2 "
                          "ORDER BY at DESC LIMIT 1 OFFSET ?3",
                      address, POSHAN_LOGIN_MAX_PER_ADDRESS, now, &by_address, err);
    *wait_s = by_name > by_address ? by_name : by_address;
    return st;
}

/* Runs sql with ?1 text, ?2 a number and ?3 address text (a parameter the
 * statement lacks is not bound: sqlite3_bind_* refuses it and changes nothing). */
static poshan_status run(sqlite3 *db, const char *sql, const char *text, long long number,
                         const char *address, poshan_error *err) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return db_error(db, err, "recording a login");
    if (text) sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, number);
    if (address) sqlite3_bind_text(st, 3, address, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? POSHAN_OK : db_error(db, err, "recording a login");
}

/* The failure, and the failures that have left the window forgotten. */
static poshan_status record_failure(sqlite3 *db, const char *name, const char *address, long long now,
                                    poshan_error *err) {
    poshan_status st = run(db, "DELETE FROM login_failures WHERE at <= ?2", NULL,
                           now - POSHAN_LOGIN_WINDOW_S, NULL, err);
    if (st == POSHAN_OK)
        st = run(db, "INSERT INTO login_failures (name, at, address) VALUES (?1, ?2, ?3)", name, now, address, err);
    return st;
}

/* The user called name and its password hash (a copy into hash; "" when none or revoked). */
static poshan_status find_user(sqlite3 *db, const char *name, poshan_user *out, char *hash, size_t hash_size,
                               poshan_error *err) {
    sqlite3_stmt *st;
    hash[0] = '\0';
    if (sqlite3_prepare_v2(db, "SELECT id, name, role, lab, password_hash FROM users "
                               "WHERE name = ? AND revoked_at IS NULL", -1, &st, NULL) != SQLITE_OK)
        return db_error(db, err, "finding a user");
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_text(st, 4)) {
        memset(out, 0, sizeof *out);
        out->id = sqlite3_column_int64(st, 0);
        snprintf(out->name, sizeof out->name, "%s", (const char *)sqlite3_column_text(st, 1));
        poshan_role_parse((const char *)sqlite3_column_text(st, 2), &out->role);
        const unsigned char *lab = sqlite3_column_text(st, 3);
        snprintf(out->lab, sizeof out->lab, "%s", lab ? (const char *)lab : "");
        snprintf(hash, hash_size, "%s", (const char *)sqlite3_column_text(st, 4));
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? POSHAN_OK : db_error(db, err, "finding a user");
}

poshan_status poshan_auth_password_login(sqlite3 *db, const char *name, const char *password,
                                         const char *address, long long now, poshan_user *out,
                                         long *retry_after_s, poshan_error *err) {
    *retry_after_s = 0;
    if (name == NULL || name[0] == '\0' || password == NULL || password[0] == '\0')
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "name", _("give your user name and your password"));
    if (strlen(name) > POSHAN_USER_NAME_MAX || utf8_chars(password) > POSHAN_PASSWORD_MAX_CHARS)
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "name", _("wrong user name or password"));
    if (sodium_init() < 0) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("libsodium could not start"));
    poshan_status st = limit_wait(db, name, address ? address : "", now, retry_after_s, err);
    if (st != POSHAN_OK) return st;
    if (*retry_after_s > 0)
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "name",
                                _("too many failed logins for this name or from this computer: "
                                "try again in %ld minutes"), (*retry_after_s + 59) / 60);
    char hash[crypto_pwhash_STRBYTES];
    poshan_user user;
    st = find_user(db, name, &user, hash, sizeof hash, err);
    if (st != POSHAN_OK) return st;
    int known = hash[0] != '\0';
    int ok = crypto_pwhash_str_verify(known ? hash : stand_in_hash, password, strlen(password)) == 0 && known;
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) return db_error(db, err, "recording a login");
    st = ok ? run(db, "DELETE FROM login_failures WHERE name = ?1", name, 0, NULL, err)
            : record_failure(db, name, address ? address : "", now, err);
    if (st == POSHAN_OK && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        st = db_error(db, err, "recording a login");
    if (st != POSHAN_OK) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
    if (!ok) return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "password", _("wrong user name or password"));
    *out = user;
    return POSHAN_OK;
}
