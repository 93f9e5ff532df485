/*
 * The JSON shape of measure 8's construction sites, shared by `greenlane site … --json` and
 * /api/v1/sites so that both faces print the same objects:
 *
 *   SITE       = {"id", "project", "category", "category_name_zh", "category_name_en",
 *                 "builder_uscc", "builder_name", "builder_registered", "township",
 *                 "township_name_en", "department", "department_name_zh", "department_name_en",
 *                 "address", "started_on", "finished_on", "earthwork_m2", "dust_control"
 *                 (unchecked, passed, failed), "dust_checked_on", "status" (under_construction,
 *                 finished), "listed", "listed_on", "removed_on", "removed_reason",
 *                 "inspections", "inspections_listed", "case_id" (the current application, null
 *                 when none), "case_state", "case_state_label_zh", "case_state_label_en",
 *                 "version", "created_by", "created_at", "updated_at"}
 *   INSPECTION = {"id", "site", "project", "inspected_on", "reason", "reason_name_zh",
 *                 "reason_name_en", "unit", "unit_name_zh", "unit_name_en", "inspector",
 *                 "inspector_name", "inspector_role", "listed", "dust_result" (null, passed,
 *                 failed), "note", "case_id", "created_at"}
 *   CHANGE     = {"on", "field", "from", "to", "reason", "by", "case_id"}
 *   APPLICATION = {"case_id", "state", "state_label_zh", "state_label_en", "department",
 *                 "township", "category", "applied_on", "published_on", "publication_due",
 *                 "listed_on", "closed_on", "current"}
 *   OBJECTION  = {"id", "case_id", "received_on", "objector", "content", "recorded_by",
 *                 "status" (pending, dismissed, upheld), "decided_on", "decided_by", "decision"}
 *   PUBLIC     = {"project", "category", "category_name_zh", "category_name_en", "township",
 *                 "township_name_en", "builder_name", "listed_on"} — nothing else of a site
 *
 * Dates are ISO text or null; absent text is null. Every function returns a new reference, NULL
 * only when out of memory. pack gives the terms' names (NULL: none).
 */
#ifndef GL_SITE_JSON_H
#define GL_SITE_JSON_H

#include <jansson.h>

#include "../app/site.h"
#include "../core/procedure.h"

struct policy_pack;

json_t *site_json(const struct policy_pack *pack, const struct site_row *s);
json_t *site_json_inspection(const struct policy_pack *pack, const struct site_inspection *i);
json_t *site_json_change(const struct site_change *c);
json_t *site_json_application(const struct policy_pack *pack, const struct m8_application *a,
                              const char *state);
json_t *site_json_objection(const struct m8_objection *o);
json_t *site_json_public(const struct policy_pack *pack, const struct site_row *s);

#endif
