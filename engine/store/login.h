/* login.h: logging in to the pages with a user name and a password.
 *
 * A password is kept only as a libsodium Argon2id string (crypto_pwhash_str,
 * its salt and costs inside it). Failed logins are counted in the database,
 * per user name and per address, and a login over either limit is refused
 * before its password is even checked, so guessing costs the guesser time and
 * the server no Argon2 work. The limits are below; the README says them too. */
#ifndef POSHAN_LOGIN_H
#define POSHAN_LOGIN_H

#include <sqlite3.h>

#include "auth.h"
#include "error.h"

/* At least 8 characters: NIST SP 800-63B section 5.1.1.1 (memorized secrets).
 * At most 256: enough for a pass phrase; Argon2 hashes any length, the bound
 * only keeps a form from sending megabytes to hash. */
#define POSHAN_PASSWORD_MIN_CHARS 8
#define POSHAN_PASSWORD_MAX_CHARS 256

/* Failed logins allowed in any POSHAN_LOGIN_WINDOW_S seconds before further
 * tries are refused until the oldest failure leaves the window. Our choice:
 * 5 a name lets a person mistype a few times and caps guessing one user's
 * password at 480 tries a day; 20 an address lets a shared office computer
 * serve a few clerks and stops one machine trying many names. */
#define POSHAN_LOGIN_WINDOW_S (15 * 60)
#define POSHAN_LOGIN_MAX_PER_NAME 5
#define POSHAN_LOGIN_MAX_PER_ADDRESS 20

/* Sets the password of the user called name (8 to 256 characters of valid
 * UTF-8 without control characters), ending the user's sessions; audited as
 * users.passwd by actor. A bad password or no such user is POSHAN_EINPUT. */
poshan_status poshan_auth_set_password(sqlite3 *db, const char *name, const char *password,
                                       const char *actor, poshan_error *err);

/* Checks name and password, sent from address, at time now (unix seconds), and
 * fills *out. A wrong name or password is POSHAN_EINPUT saying only that (it does
 * not tell which) and counts as a failure; a success forgets the name's
 * failures. When the name or the address is over its limit, nothing is checked
 * or counted: POSHAN_EINPUT with *retry_after_s > 0, the seconds until a try
 * may succeed (else *retry_after_s is 0). A revoked user has no password. */
poshan_status poshan_auth_password_login(sqlite3 *db, const char *name, const char *password,
                                         const char *address, long long now, poshan_user *out,
                                         long *retry_after_s, poshan_error *err);

#endif
