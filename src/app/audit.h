/*
 * The audit trail: every write appends a record inside the same transaction as the change it
 * describes. Records are chained: each one's hash covers the previous record's hash, so altering or
 * removing a record by hand breaks the chain at that point, which audit_verify finds.
 */
#ifndef GL_AUDIT_H
#define GL_AUDIT_H

#include "../store/audit_store.h"
#include "app.h"

/*
 * Appends a record: actor, action (e.g. "enterprise.import"), the entity it concerns, and detail, a
 * JSON text describing the change (its BLAKE2b digest goes into the chain). Must be called inside
 * the transaction that makes the change.
 */
int audit_append(struct app *app, const struct actor *who, const char *action,
                 const char *entity_type, const char *entity_id, const char *detail,
                 struct gl_error *err);

struct audit_verify_result {
        bool intact;                /* the chain, every anchor and every seal hold */
        int64_t records;            /* records checked */
        int64_t head_id;            /* the newest record that verified, 0 when none */
        char head_hash[129];        /* its hash: noted outside, it checks the end later
                                       (audit_check_anchor) */
        int64_t first_broken_id;    /* 0 when the chain is intact */
        int64_t anchors;            /* lines of the anchor log that hold */
        int64_t anchor_broken_line; /* the first that does not (1-based), 0 when all hold; -1:
                                       the log is missing while keyed records exist */
        int64_t sealed_rows;        /* business rows whose seal was checked (app/seal.c) */
        char broken_row[128];       /* the first that does not hold, "KIND ID"; "" when all do */
        char reason[1024];          /* why the first broken record, anchor line or row is broken */
};

/* Recomputes every digest and hash, checks every line of the anchor log (and of extra_log, a copy
 * of published anchors such as a syslog file, when not NULL) against the chain, then every
 * business row against its seal. Returns GL_OK when it could read the trail; see out for the
 * verdict. */
int audit_verify(struct app *app, const char *extra_log, struct audit_verify_result *out,
                 struct gl_error *err);

/* audit_verify for who: GL_EPERM unless who may see the audit trail (app/scope.h). */
int app_audit_verify(struct app *app, const struct actor *who, const char *extra_log,
                     struct audit_verify_result *out, struct gl_error *err);

/*
 * After a correction made outside greenlane and approved (or rows loaded by hand): finds every row
 * whose seal does not hold, appends one audit record naming them (action audit.seal: how many, and
 * the first 200 by kind and id), and seals them as they stand naming it; seals of rows that are
 * gone are removed. *rows: how many; *record: the record's id (0 when none). With dry_run only
 * counts. GL_EPERM unless who may see the audit trail.
 */
int app_seal_repair(struct app *app, const struct actor *who, bool dry_run, int64_t *rows,
                    int64_t *record, struct gl_error *err);

/*
 * A chain can be cut at its end without a trace inside the database. An anchor is the id and hash
 * of a record noted outside it (`greenlane audit verify` prints the head); when the chain verifies
 * and record id still has that hash, nothing up to it was removed or altered. *holds is the
 * verdict.
 */
int audit_check_anchor(struct app *app, int64_t id, const char *hash, bool *holds,
                       struct gl_error *err);

/*
 * Reads up to limit records, newest first, below before_id (0: from the newest), of entity_type
 * and entity_id when not NULL or "", calling fn for each (the record and its detail are valid only
 * during the call; fn as in app.h). GL_EPERM unless who may see the audit trail (app/scope.h);
 * GL_EDB when the database fails.
 */
int app_audit_page(struct app *app, const struct actor *who, int64_t before_id, int limit,
                   const char *entity_type, const char *entity_id,
                   int (*fn)(const struct audit_record *r, void *ctx), void *ctx,
                   struct gl_error *err);

#endif
