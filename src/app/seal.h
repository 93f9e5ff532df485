/*
 * Seals (app/seal.c): every business row's current state traced to the audit record it comes from,
 * with a MAC keyed with the audit key, so that audit verify finds a row changed outside greenlane.
 */
#ifndef GL_SEAL_H
#define GL_SEAL_H

#include "app_internal.h"

/* Seals the row of kind ("case", "user", "average", "enterprise", "annual") and id as it stands
 * now, naming audit record audit_id (0: the next record the open transaction appends). Inside the
 * transaction that changed the row; a row that is not there is left unsealed. */
int app_seal(struct app *app, const char *kind, const char *id, int64_t audit_id,
             struct gl_error *err);

/* app_seal of a row of one part (user, enterprise, annual) from row, a statement on it as written
 * (its ..._SEALED_COLUMNS, store/enterprise_store.h): the state without reading it again. */
int app_seal_written(struct app *app, const char *kind, const char *id, int64_t audit_id,
                     db_stmt *row, struct gl_error *err);

/* Seals how many rows the table of kind ("enterprise", "annual") holds now, naming audit record
 * audit_id: after an import, whose record that is. */
int app_seal_count(struct app *app, const char *kind, int64_t audit_id, struct gl_error *err);

/* The id of the record the open transaction appends next (after its last one, or after the
 * trail's newest): what a row written before its record is sealed with. GL_EDB on failure. */
int audit_next_id(struct app *app, int64_t *id);

/* The kind sealed when an audit record about entity_type is appended, NULL for none. */
const char *seal_kind_of_audit(const char *entity_type);

struct seal_verify_result {
        int64_t rows;      /* rows whose seal was checked */
        char entity[128];  /* the first row that does not hold, "KIND ID"; "" when all hold */
        char reason[1024]; /* why, in both languages */
};

/* Checks every row's seal against its state and the audit trail up to head_id. GL_OK when it
 * could read; see out for the verdict. */
int seal_verify(struct app *app, int64_t head_id, struct seal_verify_result *out,
                struct gl_error *err);

/* Seals every row as it stands, recorded by one audit record: for a database whose rows were
 * written before seals existed. Inside a transaction. */
int seal_all(struct app *app, struct gl_error *err);

void seal_cache_free(struct seal_cache *c);

#endif
