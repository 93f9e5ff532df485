/*
 * The inside of struct app, for the application layer only. Outside app/ the struct is opaque: the
 * faces (cli/, http/) reach the database, the policy pack and the calendar only through app
 * functions, so that who may read what is decided in app/ (app/scope.h). This header is included
 * by app.h when GL_APP_INTERNAL is defined, which src/meson.build does for the sources of app/
 * alone (and tests/meson.build for the white-box unit tests that set up fixtures with SQL);
 * anywhere else it refuses to compile.
 *
 * Ownership: an app opened by app_open owns its connection, pack and calendar; one opened by
 * app_open_sharing owns only its connection and borrows the pack and calendar (shared_config).
 */
#ifndef GL_APP_INTERNAL_H
#define GL_APP_INTERNAL_H

#ifndef GL_APP_INTERNAL
#error "app_internal.h is for src/app/ only: use the functions of app.h"
#endif

#include <stdbool.h>

#include "../store/db.h"

struct policy_pack;
struct calendar;

struct seal_store;
struct seal_prefix;

struct app {
        db *db;
        struct policy_pack *pack; /* the home pack: GREENLANE_POLICY or the compiled-in one */
        /* The packs of other counties ($GREENLANE_PACKS), each of its own county: the cases of
         * that county run on it (app_pack_for). */
        struct policy_pack **packs;
        char **pack_paths; /* the file each of packs was read from */
        size_t npacks;
        struct calendar *cal;
        bool shared_config; /* pack and cal belong to another app (app_open_sharing) */

        /* The audit chain's key (app/audit.c), read from key_path or made there on first use;
         * for a database in memory, a key of the process. */
        unsigned char audit_key[32];
        char key_path[1024];    /* "" for a database in memory */
        int64_t keyed_from;     /* the key file's first keyed record; 0: not said (older file) */
        char anchor_path[1024]; /* the anchor log beside it; "" for none */
        /* The newest record appended in the open transaction (0: none): published to the anchor
         * log once the transaction commits. */
        int64_t pending_id;
        char pending_hash[129];
        /* Statements of the seals (store/seal_store.h), made on first use; NULL before. */
        struct seal_store *seals;
        /* What making a MAC of one kind begins with, kept from the last (app/seal.c); NULL
         * before the first. */
        struct seal_prefix *seal_prefix;
};

/* Loads (or makes) the audit key of the database at url and names the anchor log (app/audit.c);
 * for a fresh database (no schema before this open), an anchor log already at that name belongs
 * to another database and is renamed aside (NAME.before-TIME). */
int app_audit_setup(struct app *app, const char *url, bool fresh, struct gl_error *err);
/* The audit key file and the anchor log of the database at url: $GREENLANE_AUDIT_KEY and
 * $GREENLANE_AUDIT_ANCHORS when set, else the database's file with ".audit-key" and
 * ".audit-anchors". */
void app_audit_paths(const char *url, char *key_path, size_t key_size, char *anchor_path,
                     size_t anchor_size);
/* After a commit: appends the newest record of the transaction to the anchor log. */
void app_audit_publish(struct app *app);

/*
 * Fills err for a read that the caller's callback stopped with status (a negative gl_status, as
 * GL_ENOMEM) and returns status: a read that could not be completed is an error, never a partial
 * answer.
 */
int app_read_failed(int status, struct gl_error *err);

#endif
