/*
 * The JSON shape of a case of any procedure, shared by `greenlane case list|show --json` and
 * /api/v1/cases so that the two faces print the same objects (DESIGN.md):
 *
 *   CASE     = {"id", "procedure", "procedure_label", "procedure_label_en", "measure", "noun",
 *               "uscc", "subject_name", "party_name" (the registry's name, else subject_name),
 *               "state", "state_label", "state_label_en", "open", "compartment" (null, or
 *               "visits": closed to the roles app/scope.c names), "opened_on", "closed_on",
 *               "pack_id", "pack_version", "version", "created_at", "updated_at"}
 *   LISTED   = CASE + {"next_deadline": null | {"kind", "label", "label_en", "due",
 *               "latest_due", "provisional", "suspended", "working_days_left", "overdue"}}
 *   DEADLINE = {"kind", "label", "label_en", "status", "rule", "length", "started_on",
 * "original_due", "due", "latest_due" (null unless provisional), "provisional", "on_expiry",
 *               "working_days_left" and "overdue" (null unless running or suspended)}
 *   OFFER    = {"name", "label", "label_en", "reason": "none"|"optional"|"required",
 *               "reason_required", "reason_label", "reason_label_en", "documents",
 *               "documents_min", "fields": [{"name", "label", "label_en", "type", "required",
 *               "sealed" (kept by the procedure alone: its steps show "blake2b:HEX"),
 *               "options" (choice fields)}]}
 *   STEP     = {"action", "action_label", "action_label_en", "from", "to", "to_label",
 *               "to_label_en", "actor", "role", "on", "at", "reason", "fields"}
 *   DOCUMENT = {"id", "name", "file_name", "size", "digest", "added_by", "added_at"}
 *   REVIEW   = {"kind", "outcome", "findings", "reviewed_by", "role", "on"}
 *   PROCEDURE = {"name", "label", "label_en", "measure", "noun",
 *               "states": [{"name", "label", "label_en", "open"}],
 *               "actions": [OFFER] (every action, whoever may take it),
 *               "deadlines": [{"kind", "label", "label_en", "rule", "on_expiry"}],
 *               "opens": [OFFER] (the opening actions the reader may take today)}
 *   WORK     = {"case": CASE, "offers": [OFFER], "next_deadline": DEADLINE | null (the soonest
 *               still counting)}
 *   VIEW     = {"case": CASE, "deadlines": [DEADLINE], "offers": [OFFER], "steps": [STEP],
 *               "documents": [DOCUMENT], "reviews": [REVIEW]}
 *
 * Dates are ISO text or null; absent text is null (an English label the pack does not give
 * among them: a reader shows the Chinese one). Every function returns a new reference (NULL
 * only when out of memory); the append functions fit the callbacks of app/case.h and append to
 * the JSON array passed as ctx.
 */
#ifndef GL_CASE_JSON_H
#define GL_CASE_JSON_H

#include <jansson.h>

#include "../app/case.h"

/* CASE; p (may be NULL: a procedure no longer in the pack) gives the labels. */
json_t *case_json_row(const struct case_row *c, const struct procedure *p);
/* LISTED: a row of case_store_list, with its next deadline. */
json_t *case_json_list_row(const struct case_row *c, const struct procedure *p);
json_t *case_json_deadline(const struct case_deadline_view *d);
json_t *case_json_offer(const struct procedure_action *a);
/* The materials a procedure's actions take, in the order first declared, each once:
 * [{"name", "label_en", "note", "note_en", "required"}], required when any action requires it. */
json_t *case_json_materials(const struct procedure *p);
json_t *case_json_document(const struct case_document *d);

/* WORK of a view of app_case_work. */
json_t *case_json_work(const struct case_view *v);

/* VIEW with empty "steps", "documents" and "reviews", to be filled with the append functions. */
json_t *case_json_view(const struct case_view *v);

/* The context of case_json_append_step: the array, and the procedure giving the labels (NULL:
 * the names stand for them). */
struct case_json_steps {
        json_t *array;
        const struct procedure *procedure;
};
int case_json_append_step(const struct case_step_record *s, void *steps);
int case_json_append_document(const struct case_document *d, void *array);
int case_json_append_review(const struct case_review *r, void *array);

/* PROCEDURE, its "opens" those of app_case_may_open for who on today. */
json_t *case_json_procedure(const struct app *app, const struct actor *who,
                            const struct procedure *p, gl_date today);

/* [PROCEDURE] of every procedure of the pack whose cases who may see. */
json_t *case_json_procedures(const struct app *app, const struct actor *who, gl_date today);

/* VIEW of case id as who may see it, its offers and working days as of today; NULL with err
 * filled (not found, not in scope, a read that failed: never a partial answer). */
json_t *case_json_read(struct app *app, const struct actor *who, int64_t id, gl_date today,
                       struct gl_error *err);

/* "text", "date", "integer", "year" or "grade". */
const char *case_json_field_type(enum procedure_field_type t);

#endif
