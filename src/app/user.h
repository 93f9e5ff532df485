/*
 * Users, sign-in and sessions. A user has a name, a role (src/core/role.h), the enterprise it is
 * bound to (role enterprise), its sector department (role dept_officer: a department of the pack,
 * kept as its code) or its township (role township_officer), a display name (姓名,
 * e.g. 王建国: what screens show, the user name being what records keep), and a password stored
 * only as an argon2id string. Signing in gives a session: a random 32-byte token (64 hex
 * characters) that is stored only as its BLAKE2b hash and expires, and a CSRF token derived from
 * it that cookie-authenticated writes must send back. Repeated failed sign-ins for one user or
 * from one address lock that user or address out for a while (GL_ELIMIT).
 *
 * Managing users (add, passwd, disable, set-name) is for the admin role and the system actor; every
 * change is audited. Each user has a jurisdiction (a division code, app/scope.h); an administrator
 * manages and sees only the users of divisions its own covers. Reading them (list, get) follows the
 * visibility rule of app/scope.h, which lets the same two see user accounts. Passwords and tokens
 * pass through these functions and are wiped from their own buffers; they are never logged or
 * audited.
 */
#ifndef GL_APP_USER_H
#define GL_APP_USER_H

#include <stdio.h>

#include "../store/user_store.h"
#include "app.h"

#define USER_PASSWORD_MIN 8
#define USER_PASSWORD_MAX 1024
#define USER_TOKEN_HEX 64                 /* session and CSRF tokens: 32 bytes in hex */
#define USER_SESSION_SECONDS (12 * 3600)  /* a session expires 12 hours after sign-in */
#define USER_THROTTLE_WINDOW (15 * 60)    /* failures are counted over 15 minutes */
#define USER_THROTTLE_LOCK (15 * 60)      /* and a lockout lasts 15 minutes */
#define USER_THROTTLE_USER_FAILURES 5     /* failures of one user name before lockout */
#define USER_THROTTLE_ADDRESS_FAILURES 20 /* failures from one address before lockout */

struct user_new {
        const char *username; /* 2-32 of [A-Za-z0-9._@-] */
        enum role role;       /* not ROLE_NONE or ROLE_SYSTEM */
        const char *uscc; /* required for ROLE_ENTERPRISE (a registered enterprise), else NULL */
        const char *department;   /* required for ROLE_DEPT_OFFICER (a department of the pack:
                                     its code, or a Chinese name kept as the code), else NULL */
        const char *township;     /* required for ROLE_TOWNSHIP_OFFICER (a township of the pack),
                                     else NULL */
        const char *password;     /* USER_PASSWORD_MIN..MAX bytes */
        const char *display_name; /* or NULL: none; as app_user_set_display_name takes it */
        const char *division;     /* the jurisdiction (core/division.h), or NULL: the pack's
                                     county, its city for the city's roles; none for an
                                     enterprise user, whose is its enterprise's */
};

/* Adds a user. GL_EPERM unless actor is admin or system; GL_EINVAL naming the field; GL_ECONFLICT
 * when the name is taken. */
int app_user_add(struct app *app, const struct actor *actor, const struct user_new *u,
                 struct gl_error *err);
/* Sets a new password and ends the user's sessions. */
int app_user_passwd(struct app *app, const struct actor *actor, const char *username,
                    const char *password, struct gl_error *err);
/* Disables a user (it can no longer sign in) and ends its sessions. */
int app_user_disable(struct app *app, const struct actor *actor, const char *username,
                     struct gl_error *err);
/*
 * Sets a user's display name, disabled or not: display_name is trimmed of white space at both ends
 * (ASCII, U+00A0 and the ideographic space U+3000) and must then be at most USER_DISPLAY_NAME_MAX
 * bytes of valid UTF-8 without control characters; "" (or NULL, or only white space) removes it.
 * GL_EINVAL naming "display_name", GL_ENOTFOUND naming "username". Audited as user.set_name with
 * the new and the previous name; a name that does not change writes nothing. *out (may be NULL)
 * receives the user as it is then (password_hash blanked).
 */
int app_user_set_display_name(struct app *app, const struct actor *actor, const char *username,
                              const char *display_name, struct user_record *out,
                              struct gl_error *err);
/* Calls fn for every user ordered by name (password_hash is blanked); fn as in app.h. GL_EPERM
 * unless actor may see users. */
int app_user_list(struct app *app, const struct actor *actor,
                  int (*fn)(const struct user_record *u, void *ctx), void *ctx,
                  struct gl_error *err);
/* One user by name into *out (password_hash blanked), disabled or not; GL_ENOTFOUND naming
 * "username" when there is none, GL_EPERM unless actor may see users. */
int app_user_get(struct app *app, const struct actor *actor, const char *username,
                 struct user_record *out, struct gl_error *err);

/* The actor a user acts as, with its jurisdiction (app_user_division). */
struct actor user_actor(const struct app *app, const struct user_record *u);

/* The division of u's jurisdiction into out: its own, or for a user added before jurisdictions
 * the pack's county (its city for the city's roles). */
void app_user_division(const struct app *app, const struct user_record *u, char out[static 7]);
/* Whether role is one of the city's (city_officer, city_expert): their default jurisdiction is
 * the city. */
bool user_role_in_city(enum role role);

struct user_session {
        struct actor actor;
        char display_name[USER_DISPLAY_NAME_MAX + 1]; /* the user's, "" when none */
        char token[USER_TOKEN_HEX + 1];               /* only filled by app_user_sign_in */
        char device_token[USER_TOKEN_HEX + 1];        /* a new device cookie, sign-in only */
        char csrf_token[USER_TOKEN_HEX + 1];          /* derived from the token */
        char csrf_hash[USER_TOKEN_HEX + 1];
        char token_hash[USER_TOKEN_HEX + 1];
        char expires_at[24];
};

/*
 * Signs in. Failed sign-ins are counted per user name and per address, and a browser that signed
 * in as the user before — device, the token of its device cookie, may be NULL — on its own count
 * instead: an attacker guessing the password, or sharing the address, does not lock out the
 * user's own browser. Each attempt is counted before the password is checked, in one transaction,
 * so that parallel attempts never check more than the limit; a success takes it back.
 * GL_ELIMIT while the key counted is locked out (the password is then not even checked); GL_EAUTH
 * for an unknown or disabled user or a wrong password (the same message for all three, and about
 * the same time spent). On success fills out with a new session, and out->device_token with a new
 * device token when the browser was not known ("" when it was).
 */
int app_user_sign_in(struct app *app, const char *username, const char *password,
                     const char *address, const char *device, struct user_session *out,
                     struct gl_error *err);

/* The session a token belongs to; GL_EAUTH when the token is malformed, unknown, expired, revoked
 * or its user disabled. Fills everything but out->token. */
int app_user_from_token(struct app *app, const char *token, struct user_session *out,
                        struct gl_error *err);

/* The CSRF token of a session token (keyed BLAKE2b, hex). */
void user_csrf_token(const char *token, char out[USER_TOKEN_HEX + 1]);
/* Whether a presented CSRF token matches the session (constant time). */
bool user_csrf_matches(const struct user_session *s, const char *presented);

/* Signs out the session of token (GL_EAUTH when there is none). */
int app_user_sign_out(struct app *app, const char *token, struct gl_error *err);

/* The enterprises the demo's two clerks work for, each "" when the demo has none such. */
struct demo_clerks {
        char returned[19]; /* one whose declaration was returned: it may resubmit */
        char fresh[19]; /* one that qualifies for measure 1 and has not declared: it may submit */
};

/*
 * Creates one user per role for the demo county, each with a person's display name (王建国 the
 * county officer, ...), and prints the names, roles, bindings, display names and the password to
 * out. The enterprise users qiye1 and qiye2 are bound to the enterprises of clerks (so that each
 * has something to do), or, where those are "" or clerks is NULL, to the first registered
 * enterprises (by USCC). Users that exist are left alone, display name included.
 */
int app_demo_users(struct app *app, const struct actor *actor, const struct demo_clerks *clerks,
                   FILE *out, struct gl_error *err);

#endif
