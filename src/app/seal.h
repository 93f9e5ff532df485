/*
 * Seals (app/seal.c): every business row's current state traced to the audit record it comes from,
 * with a MAC keyed with the audit key, so that audit verify finds a row changed outside greenlane.
 */
#ifndef GL_SEAL_H
#define GL_SEAL_H

#include "../store/seal_store.h"
#include "app_internal.h"

/* The schema that brought seals (migrations/0011_audit_seals.sql). */
#define SEALS_SCHEMA 11

/* Seals row id of kind k as it stands now, naming audit record audit_id (0: the next record the
 * open transaction appends). Inside the transaction that changed the row; a row that is not there
 * is left unsealed. */
int app_seal(struct app *app, enum seal_kind k, const char *id, int64_t audit_id,
             struct gl_error *err);

/* app_seal of a row of a kind whose state is its row alone, from the row as written (values: its
 * ..._SEALED_COLUMNS as texts, store/enterprise_store.h), without reading it again. */
int app_seal_written(struct app *app, enum seal_kind k, const char *id, int64_t audit_id,
                     const char *const *values, int n, struct gl_error *err);
/* The seal a row of such a kind sealed in its own row will hold (an enterprise, a year's
 * figures), made from the texts it will hold before it is written, so that the insert stores it:
 * "AUDIT_ID:MAC" into out. GL_EINVAL for another kind. */
int app_seal_text(struct app *app, enum seal_kind k, const char *id, int64_t audit_id,
                  const char *const *values, int n, char *out, size_t size);

/* Seals how many rows the table of a kind sealed in its own rows holds now, naming audit record
 * audit_id: after an import, whose record that is. */
int app_seal_count(struct app *app, enum seal_kind k, int64_t audit_id, struct gl_error *err);
/* Forgets what the MACs kept of the key (at app_close). */
void app_seal_forget(struct app *app);

/* The id of the record the open transaction appends next (after its last one, or after the
 * trail's newest): what a row written before its record is sealed with. GL_EDB on failure. */
int audit_next_id(struct app *app, int64_t *id);

/* The kind sealed when an audit record about entity_type is appended; false for none. */
bool seal_kind_of_audit(const char *entity_type, enum seal_kind *k);

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

#endif
