/*
 * The JSON form of measure 6's registry (app/supply.h), one shape for `greenlane supply … --json`
 * and /api/v1/supply/…:
 *   LINK = {"id", "uscc", "enterprise_name", "direction": "upstream"|"downstream",
 *           "partner_uscc", "partner_name", "partner_in_registry", "partner_industry" (code or
 *           null), "partner_grade" (or null), "partner_grade_known" (false: an outside partner's
 *           grade was not recorded; true with a null grade: none yet), "partner_positive_list"
 *           (true, false, or null: not known), "product", "created_by", "created_on",
 *           "created_at", "ended", "ended_by", "ended_on", "ended_at", "end_reason",
 *           "targets": [TARGET]}
 *   TARGET = {"id", "link_id", "target", "status": "open"|"met"|"dropped", "visit_case_id"
 *             (null until a service visit plans it), "created_by", "created_on", "created_at",
 *             "closed_by", "closed_on", "closed_at", "close_note"}
 *   REVIEW = {"today", "pack": {"id", "version"}, "in_window", "reviewed", "min_partner_grade",
 *             "explanation": [the rule's lines], "unlinked", "enterprises": [{"uscc", "name",
 *             "industry", "grade", "positive_list", "not_preferred", "needs_target",
 *             "open_targets", "partners": [PARTNER]}]}
 *   PARTNER = {"link": LINK, "preferred", "grade_ok", "list_ok", "reason", "explanation",
 *              "open_targets", "needs_target", "suggested_target" (or null),
 *              "alternatives_how" (or null), "alternatives": [{"uscc", "name", "industry",
 *              "grade", "positive_list", "basis": "product"|"industry", "reason",
 *              "already_partner", "how"}], "more_alternatives"}
 * Dates are ISO text or null; text left empty is null.
 */
#ifndef GL_SUPPLY_JSON_H
#define GL_SUPPLY_JSON_H

#include <jansson.h>

#include "../app/supply.h"

/* New objects (the caller owns them), or NULL when out of memory. */
json_t *supply_link_json(const struct supply_link_view *v);
json_t *supply_target_json(const struct supply_target *t);
json_t *supply_review_json(const struct supply_review *r);

#endif
