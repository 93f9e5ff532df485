/*
 * The application layer: one function per use case, each one transaction (load, decide with core/,
 * save through store/, append the audit record, commit). The CLI and the HTTP API call the same
 * functions, so they cannot disagree. This is the only layer that writes.
 *
 * struct app holds what a running greenlane has loaded at start-up: the database connection, the
 * policy pack and the holiday calendar. It is created by app_open and freed by app_close (which
 * accepts NULL). It is opaque outside app/ (its definition is in app_internal.h): a face reads the
 * pack and the calendar with app_policy and app_calendar, and everything in the database through
 * an app function, where app/scope.h decides who may see what.
 *
 * Callbacks of the reading functions (app_enterprise_list, app_user_list, app_audit_page, ...)
 * return 0 to go on, a positive value to stop early (the read succeeds with what was read), or a
 * negative gl_status (GL_ENOMEM) when they cannot take a record: the read then fails with that
 * status and err filled, and the caller discards what it collected.
 */
#ifndef GL_APP_H
#define GL_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/date.h"
#include "../core/gl.h"
#include "../core/role.h"

struct policy_pack;
struct calendar;

/* Who performs an action. The CLI acts as ROLE_SYSTEM under the operator's login name. */
struct actor {
        int64_t user_id; /* 0 for the system actor */
        enum role role;
        char name[64];
        char uscc[19];       /* the bound enterprise, for ROLE_ENTERPRISE */
        char department[64]; /* for ROLE_DEPT_OFFICER: a code of the pack's departments */
        char township[128];  /* for ROLE_TOWNSHIP_OFFICER: a township of the pack */
        /* The division of the actor's jurisdiction (core/division.h): a county, a city or a
         * province; "" for the system actor, whose jurisdiction is every division. */
        char division[7];
};

struct app;

/* Opens the database at url, applies pending migrations, loads the policy pack and the calendar.
 * The caller frees *out with app_close. */
int app_open(const char *url, struct app **out, struct gl_error *err);
/*
 * Opens another connection to the database at url (no migrations) that shares the policy pack
 * and the calendar of shared, which must stay open while *out is: the server's workers. The
 * caller frees *out with app_close, which then closes only the connection.
 */
int app_open_sharing(const struct app *shared, const char *url, struct app **out,
                     struct gl_error *err);
/* Closes the connection and frees what the app owns; accepts NULL. */
void app_close(struct app *app);

/* The policy pack and the holiday calendar the app runs with, owned by the app (valid until
 * app_close; the pack may be NULL when none could be loaded). */
const struct policy_pack *app_policy(const struct app *app);
const struct calendar *app_calendar(const struct app *app);

/*
 * The pack the records of division run with: the pack of that county when one was loaded from
 * $GREENLANE_PACKS (a directory of pack files, one per county, each naming its own county), else
 * the home pack (app_policy). division "" or NULL: the home pack.
 */
const struct policy_pack *app_pack_for(const struct app *app, const char *division);
/* A copy of that pack of its own, read again from where it came from (to change for a what-if):
 * free with policy_pack_free. */
int app_pack_copy_for(const struct app *app, const char *division, struct policy_pack **out,
                      struct gl_error *err);
/* The pack whose id is id (a case's pack_id): the home pack or one of $GREENLANE_PACKS; the home
 * pack when none is. */
const struct policy_pack *app_pack_named(const struct app *app, const char *id);
/* The pack that declares proc (the home pack when none of them does). */
struct procedure;
const struct policy_pack *app_pack_of(const struct app *app, const struct procedure *proc);
/* The packs of other counties loaded from $GREENLANE_PACKS: their number, and the i-th. */
size_t app_pack_count(const struct app *app);
const struct policy_pack *app_pack_at(const struct app *app, size_t i);

/* The division the pack names (its county, e.g. "130131"): the division of records that name
 * none (cases and sites written before jurisdictions, app/scope.h). */
const char *app_home_division(const struct app *app);

/* The highest migration applied to the database (GL_EDB when the database does not answer). */
int app_schema_version(struct app *app, int64_t *out, struct gl_error *err);
/* A database URL as it may be printed or logged: without a password in it. */
void app_url_shown(const char *url, char *out, size_t size);

/*
 * Loads the policy pack greenlane runs with: the file named by $GREENLANE_POLICY when set, else the
 * pack compiled into the program. The caller frees *out with policy_pack_free. Used by app_open and
 * by commands that need the pack without a database.
 */
int app_load_policy(struct policy_pack **out, struct gl_error *err);
/* The pack the records of the county division run with, loaded as app_open loads it: its own
 * from $GREENLANE_PACKS, else the home pack (app_load_policy). */
int app_load_policy_of(const char *division, struct policy_pack **out, struct gl_error *err);

/* Loads and checks a pack file: its structure (io/policy_json.c) and that every guard, effect and
 * length its procedures name exists in this program (app_check_procedures). */
int app_load_policy_file(const char *path, struct policy_pack **out, struct gl_error *err);

/* The system actor for command-line use, named after the operator (USER), e.g. "cli:root". */
struct actor actor_system(void);

/* Transaction helpers that fill err with the database's message on failure. */
int app_begin(struct app *app, struct gl_error *err);
int app_commit(struct app *app, struct gl_error *err);
void app_rollback(struct app *app);

/* Today's date on the local clock: the business day of a step the faces take when none is
 * given. The faces read the clock through this; nothing below app/ does. */
gl_date app_today_local(void);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (buf of at least 21 bytes). */
void app_now_iso(char buf[static 21]);

#ifdef GL_APP_INTERNAL
#include "app_internal.h"
#endif

#endif
