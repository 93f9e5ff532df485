/*
 * The JSON shape of measure 5's service visits and expert roster, shared by `greenlane visit …
 * --json` and /api/v1/visits, /api/v1/experts so that both faces print the same objects:
 *
 *   EXPERT = {"id", "name", "unit", "specialities": [TEXT], "phone", "active", "created_by",
 *             "created_at"}
 *   LISTED = {"id", "state", "state_label", "state_label_en", "open", "uscc", "enterprise_name",
 *             "leader", "leader_name", "planned_on", "visited_on", "helped" (null until the
 *             enterprise answers), "feedback_on", "team": [{"id", "name", "unit"}], "version"}
 *             — no text of the visit
 *   VISIT  = LISTED + {"opened_on", "closed_on", "purpose", "deliveries": {"law": [TEXT],
 *             "policy": [TEXT], "technology": [TEXT]}, "problems", "advice", "follow_up",
 *             "feedback", "note", "firewall": {"compartment", "rules": [TEXT], "lasts",
 *             "closed_to": [ROLE]}}
 *   TARGET = {"uscc", "name", "township", "visited", "planned", "last_visited_on"}
 *
 * Dates are ISO text or null; absent text is null. Every function returns a new reference, NULL
 * only when out of memory.
 */
#ifndef GL_VISIT_JSON_H
#define GL_VISIT_JSON_H

#include <jansson.h>

#include "../app/visit.h"

json_t *visit_json_expert(const struct m5_expert *e);
/* LISTED; p (may be NULL) gives the state's labels. */
json_t *visit_json_row(const struct m5_visit_row *v, const struct procedure *p);
json_t *visit_json(const struct visit_record *r);
json_t *visit_json_target(const struct m5_target *t);

#endif
