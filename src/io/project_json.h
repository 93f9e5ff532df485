/*
 * The JSON shapes of measure 4's projects and plans and measure 7's totals reviews, as the CLI's
 * --json and /api/v1/eia/... print them. Every function returns a new reference (NULL when out of
 * memory), which the caller owns.
 */
#ifndef GL_IO_PROJECT_JSON_H
#define GL_IO_PROJECT_JSON_H

#include <jansson.h>

#include "../app/project.h"

struct policy_pack;

/* A project: id, name, builder_uscc, builder_name, builder_registered, category {code, name_zh,
 * name_en}, township, plan (or null), added_g {pollutant: grams}, infrastructure,
 * infrastructure_explanation, needs {pollutant: grams today}, needs_explanation, totals_review
 * (or null: id, reviewed_on, reviewer, passed, lines [{pollutant, added_g, ratio, need_g,
 * covered_g}], sources [{pollutant, kind, account, grams}], explanation), application (or null:
 * case, state, document_type, guide, guide_phone, missing, applied_on, accepted_on, decided_on,
 * outcome), eia_approved_on. */
json_t *project_json(const struct policy_pack *pack, const struct project_view *v);
/* A plan: id, park, name, state, approved_on. */
json_t *project_json_plan(const struct plan_row *p);
/* A guidance record: id, case, given_on, help, guide. */
json_t *project_json_guidance(const struct guidance_row *g);

#endif
