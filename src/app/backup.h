/*
 * Backup and restore of a whole database (SQLite's online backup; on PostgreSQL pg_dump's archive,
 * verified in a scratch database of the same server, and pg_restore in one transaction). A
 * backup FILE is three files: FILE, the database as one consistent state taken while the server
 * goes on (SQLite's online backup), FILE.audit-key, the key of its audit chain (readable by its
 * owner only: a backup is as secret as the database), and FILE.audit-anchors, its anchor log. Each
 * is written to NAME.part, synced and renamed; the backup is then opened and its audit chain, its
 * anchors and its seals verified, and a backup that does not verify is removed.
 *
 * A restore verifies before it writes: FILE is copied beside the target and that copy is opened
 * (bringing it to the current schema) and verified; only a copy that verifies replaces the
 * target's database (one transaction: a crash half-way leaves it as it was), then its key and its
 * anchor log; a record "db.restore" naming FILE's digest ends the restored chain. A target that
 * holds audit records is replaced only when asked (force).
 */
#ifndef GL_APP_BACKUP_H
#define GL_APP_BACKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "../store/db.h"
#include "app.h"

struct backup_report {
        int64_t records;     /* audit records verified in the copy */
        int64_t sealed_rows; /* business rows whose seal was verified */
        int64_t head_id;     /* the newest record */
        char head_hash[129]; /* its hash */
        int64_t schema;      /* the copy's schema after opening it */
        char digest[65];     /* BLAKE2b-256 of the database file written or read, hex */
};

/* Backs up app's database to path (must not exist). who: admin or system (GL_EPERM). */
int app_backup(struct app *app, const struct actor *who, const char *path, db_progress_fn *progress,
               void *ctx, struct backup_report *out, struct gl_error *err);

/* Restores the backup at path into the database at url (not opened by the caller). */
int app_restore(const char *path, const char *url, bool force, db_progress_fn *progress, void *ctx,
                struct backup_report *out, struct gl_error *err);

/*
 * Copies the whole database at from_url into the database at to_url, of the same or the other
 * backend (a county on SQLite joining its city's PostgreSQL, or back): the source's audit chain is
 * verified first; the target is brought to the same schema and must hold no row; every row of
 * every table goes over in one transaction of the target's, from one consistent state of the
 * source; then the source's audit key and anchor log are copied to to_key and to_anchors (beside
 * an SQLite target's file when NULL; required for PostgreSQL) and the target is verified on
 * arrival (chain, anchors, seals). A record "db.copy" then ends the target's chain. When anything
 * fails, the target holds no row of the copy and no key or anchor log of it.
 */
struct copy_report {
        int64_t tables, rows;
        int64_t records, sealed_rows, head_id; /* verified on arrival */
        char head_hash[129];
        int64_t schema;
};
int app_copy(const char *from_url, const char *to_url, const char *to_key, const char *to_anchors,
             db_progress_fn *progress, void *ctx, struct copy_report *out, struct gl_error *err);

#endif
