/*
 * The JSON shape of measure 3's control measures and of the three bans' decision, shared by
 * `greenlane control … --json` and /api/v1/controls so that both faces print the same objects:
 *
 *   UNIT     = {"kind": "enterprise"|"site", "uscc" (the enterprise, or the site's builder),
 *               "site" (its id, or null), "name", "township"}
 *   LISTED   = {"id", "state", "state_label", "state_label_en", "phase", "phase_label",
 *               "phase_label_en", "open", "unit": UNIT, "kind", "kind_label", "kind_label_en",
 *               "other_kind", "other_label", "other_label_en", "from", "to", "effective_from",
 *               "exception" ("" | "alert" | "malicious" | "major_risk"), "malicious_case" (id or
 *               null), "proposed_by", "proposed_on", "decided_on", "lifted_on", "finished_on",
 *               "version"}
 *   CONTROL  = LISTED + {"opened_on", "closed_on", "reason", "decision": {"outcome", "ground",
 *               "exception", "explanation": [TEXT]}, "malicious_case_number", "major_risk",
 *               "decided_by", "decision_reason", "lifted_by", "lift_reason", "inputs": {...}}
 *   DECISION = {"allowed" (may be taken now), "outcome" ("allowed" | "awaiting_approval" |
 *               "refused"), "ground", "exception", "banned_kind", "in_window", "reached",
 *               "window": {"from", "to"}, "days_in_window", "explanation": [TEXT]}
 *
 * Dates are ISO text or null; absent text is "" where a text is always present, else null. Every
 * function returns a new reference, NULL only when out of memory.
 */
#ifndef GL_CONTROL_JSON_H
#define GL_CONTROL_JSON_H

#include <jansson.h>

#include "../app/control.h"

/* LISTED; p (may be NULL) gives the state's labels, today the phase. */
json_t *control_json_row(const struct app *app, const struct m3_control_row *r,
                         const struct procedure *p, gl_date today);
json_t *control_json(const struct control_record *r);
json_t *control_json_decision(const struct m3_decision *d);

#endif
