/*
 * Storage of users, sessions and sign-in throttling state (tables users, sessions, login_throttle
 * of migrations/0002_users.sql; the display name of 0008_user_display_names.sql; the township
 * of 0018_site_list.sql; the division of 0023_jurisdictions.sql). Neither hashes
 * nor checks anything: app/user.c does. Callers outside app/ only read. Times are ISO 8601 UTC text
 * ("YYYY-MM-DDTHH:MM:SSZ"), compared as text.
 */
#ifndef GL_USER_STORE_H
#define GL_USER_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/role.h"
#include "db.h"

#define USER_NAME_MAX 64
#define USER_HASH_MAX 128        /* crypto_pwhash_STRBYTES */
#define USER_DISPLAY_NAME_MAX 64 /* bytes of UTF-8 */

struct user_record {
        int64_t id;
        char username[USER_NAME_MAX];
        char display_name[USER_DISPLAY_NAME_MAX + 1]; /* 姓名, "" when none */
        enum role role;
        char uscc[19];       /* "" unless role is enterprise */
        char department[64]; /* "" unless role is dept_officer: a code of the pack */
        char township[128];  /* "" unless role is township_officer: a township of the pack */
        /* The division of the user's jurisdiction (core/division.h); "" for a user added before
         * jurisdictions: the pack's county, or its city for the city's roles (app/user.c). */
        char division[7];
        char password_hash[USER_HASH_MAX];
        bool disabled;
        char created_at[24];
        char updated_at[24];
};

/* GL_ENOTFOUND when there is no such user. */
int user_store_get(db *conn, const char *username, struct user_record *out);
/* Inserts r with the next free id, which is written back into r->id. GL_ECONFLICT when the name is
 * taken. */
int user_store_insert(db *conn, struct user_record *r);
int user_store_set_password(db *conn, int64_t id, const char *hash, const char *now);
int user_store_set_disabled(db *conn, int64_t id, bool disabled, const char *now);
int user_store_set_display_name(db *conn, int64_t id, const char *display_name, const char *now);
/* Calls fn for every user ordered by name until fn returns non-zero. */
int user_store_list(db *conn, int (*fn)(const struct user_record *u, void *ctx), void *ctx);
/* GL_OK when the enterprise is registered, GL_ENOTFOUND when not. */
int user_store_enterprise_exists(db *conn, const char *uscc);
/* The number of users of role who are not disabled, into *n. */
int user_store_count_active(db *conn, enum role role, int64_t *n);
/* The first registered enterprises by USCC, at most max of them; *n receives how many. */
int user_store_first_enterprises(db *conn, char (*uscc)[19], int max, int *n);

struct session_record {
        char token_hash[65]; /* hex BLAKE2b-256 of the token */
        int64_t user_id;
        char csrf_hash[65]; /* hex BLAKE2b-256 of the CSRF token */
        char address[64];
        char created_at[24];
        char expires_at[24];
        char last_seen_at[24];
};

int session_store_insert(db *conn, const struct session_record *s);
/* The session with this token hash that has not expired at now, and its user when the user is not
 * disabled; GL_ENOTFOUND otherwise. */
int session_store_find(db *conn, const char *token_hash, const char *now, struct session_record *s,
                       struct user_record *u);
int session_store_touch(db *conn, const char *token_hash, const char *now);
/* *deleted (may be NULL) receives the number of sessions removed. */
int session_store_delete(db *conn, const char *token_hash, int64_t *deleted);
int session_store_delete_user(db *conn, int64_t user_id);
int session_store_delete_expired(db *conn, const char *now);

struct throttle_state {
        int64_t failures;
        char window_start[24];
        char locked_until[24]; /* "" when not locked */
};

/* GL_ENOTFOUND when the key has no state. */
int throttle_store_get(db *conn, const char *key, struct throttle_state *out);
int throttle_store_put(db *conn, const char *key, const struct throttle_state *s);
int throttle_store_clear(db *conn, const char *key);

/* The user a known device's token hash belongs to (*user_id); GL_ENOTFOUND when none. */
int device_store_find(db *conn, const char *token_hash, int64_t *user_id);
/* Records a device of user_id, or its last use when it is known. */
int device_store_put(db *conn, const char *token_hash, int64_t user_id, const char *now);

#endif
