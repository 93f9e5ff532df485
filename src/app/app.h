/*
 * The application layer: one function per use case, each one transaction (load, decide with core/,
 * save through store/, append the audit record, commit). The CLI and the HTTP API call the same
 * functions, so they cannot disagree. This is the only layer that writes.
 *
 * struct app holds what a running greenlane has loaded at start-up: the database connection, the
 * policy pack and the holiday calendar. It is created by app_open and freed by app_close (which
 * accepts NULL).
 */
#ifndef GL_APP_H
#define GL_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/gl.h"
#include "../core/role.h"
#include "../store/db.h"

struct policy_pack;
struct calendar;

/* Who performs an action. The CLI acts as ROLE_SYSTEM under the operator's login name. */
struct actor {
        int64_t user_id; /* 0 for the system actor */
        enum role role;
        char name[64];
        char uscc[19];       /* the bound enterprise, for ROLE_ENTERPRISE */
        char department[64]; /* for ROLE_DEPT_OFFICER */
};

struct app {
        db *db;
        struct policy_pack *pack;
        struct calendar *cal;
};

/* Opens the database at url, applies pending migrations, loads the policy pack and the calendar. */
int app_open(const char *url, struct app **out, struct gl_error *err);
void app_close(struct app *app);

/*
 * Loads the policy pack greenlane runs with: the file named by $GREENLANE_POLICY when set, else the
 * pack compiled into the program. The caller frees *out with policy_pack_free. Used by app_open and
 * by commands that need the pack without a database.
 */
int app_load_policy(struct policy_pack **out, struct gl_error *err);

/* Loads and checks a pack file: its structure (io/policy_json.c) and that every guard, effect and
 * length its procedures name exists in this program (app_check_procedures). */
int app_load_policy_file(const char *path, struct policy_pack **out, struct gl_error *err);

/* The system actor for command-line use, named after the operator (USER), e.g. "cli:root". */
struct actor actor_system(void);

/* Transaction helpers that fill err with the database's message on failure. */
int app_begin(struct app *app, struct gl_error *err);
int app_commit(struct app *app, struct gl_error *err);
void app_rollback(struct app *app);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (buf of at least 21 bytes). */
void app_now_iso(char buf[static 21]);

#endif
