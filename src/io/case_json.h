/*
 * The JSON shape of a case of any procedure, shared by `greenlane case list|show --json` and
 * /api/v1/cases so that the two faces print the same objects (DESIGN.md):
 *
 *   CASE     = {"id", "procedure", "procedure_label", "measure", "noun", "uscc", "subject_name",
 *               "state", "state_label", "open", "opened_on", "closed_on", "pack_id",
 *               "pack_version", "version", "created_at", "updated_at"}
 *   DEADLINE = {"kind", "label", "status", "rule", "length", "started_on", "original_due", "due",
 *               "latest_due" (null unless provisional), "provisional", "on_expiry",
 *               "working_days_left" and "overdue" (null unless running or suspended)}
 *   OFFER    = {"name", "label", "reason": "none"|"optional"|"required", "reason_required",
 *               "reason_label", "documents", "documents_min",
 *               "fields": [{"name", "label", "type", "required"}]}
 *   STEP     = {"action", "from", "to", "actor", "role", "on", "at", "reason", "fields"}
 *   DOCUMENT = {"id", "name", "file_name", "size", "digest", "added_by", "added_at"}
 *   REVIEW   = {"kind", "outcome", "findings", "reviewed_by", "role", "on"}
 *   VIEW     = {"case": CASE, "deadlines": [DEADLINE], "offers": [OFFER], "steps": [STEP],
 *               "documents": [DOCUMENT], "reviews": [REVIEW]}
 *
 * Dates are ISO text or null; absent text is null. Every function returns a new reference (NULL
 * only when out of memory); the append functions fit the callbacks of app/case.h and append to
 * the JSON array passed as ctx.
 */
#ifndef GL_CASE_JSON_H
#define GL_CASE_JSON_H

#include <jansson.h>

#include "../app/case.h"

/* CASE; p (may be NULL: a procedure no longer in the pack) gives the labels. */
json_t *case_json_row(const struct case_row *c, const struct procedure *p);
json_t *case_json_deadline(const struct case_deadline_view *d);
json_t *case_json_offer(const struct procedure_action *a);
json_t *case_json_document(const struct case_document *d);

/* VIEW with empty "steps", "documents" and "reviews", to be filled with the append functions. */
json_t *case_json_view(const struct case_view *v);

int case_json_append_step(const struct case_step_record *s, void *array);
int case_json_append_document(const struct case_document *d, void *array);
int case_json_append_review(const struct case_review *r, void *array);

/* "text", "date", "integer", "year" or "grade". */
const char *case_json_field_type(enum procedure_field_type t);

#endif
