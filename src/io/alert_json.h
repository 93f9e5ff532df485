/*
 * Alerts as JSON, for `greenlane alert … --json` and /api/v1/alerts…:
 *
 *   ALERT   = {"id", "status" (issued|lifted), "state" (upcoming|in_force|ended|lifted),
 *              "version", "level", "level_zh", "from", "to", "effective_at", "whole_county",
 *              "townships", "notice", "created_by", "created_at", "enterprises", "sites",
 *              "restricted", "halted"} (+ "versions": [VERSION] when asked)
 *   VERSION = {"version", "change" (issue|change|lift), "level", "level_zh", "from", "to",
 *              "effective_at", "whole_county", "townships", "notice", "reason", "by", "role",
 *              "at", "pack", "pack_version", "params_on", "results_version", "enterprises",
 *              "sites", "restricted", "halted"}
 *   MEASURE = {"unit" (enterprise|site), "uscc" (null for a site), "site" (null for an
 *              enterprise), "name", "builder_uscc" (sites), "township", "industry", "grade",
 *              "positive_list", "listed", "basis", "row", "grade_used", "ungraded", "halted",
 *              "restricted", "production_limited", "limit_percent", "trucks_limited",
 *              "no_old_trucks", "no_road_transport", "own_choice", "kinds", "stopped_processes"
 *              (codes), "stopped_processes_zh", "stopped_processes_en", "measure_zh",
 * "explanation": [text]} DIFF    = {"unit", "uscc", "site", "name", "before": SIDE|null, "after":
 * SIDE|null} SIDE    = {"township", "row", "halted", "restricted", "limit_percent",
 * "trucks_limited", "own_choice", "stopped_processes", "measure_zh"} SUMMARY = {"from_version",
 * "to_version", "changed", "groups": [{"before", "after", "units"}]} PUBLIC  = {"id", "state",
 * "level", "level_zh", "from", "to", "whole_county", "townships", "notice"}: what the public
 * catalog shows, nothing per unit MINE    = {"alert": PUBLIC, "covered", "reached", "measure":
 * MEASURE|null}
 *
 * Times are local "YYYY-MM-DDTHH:MM". Every function returns a new object, NULL when memory runs
 * out.
 */
#ifndef GL_ALERT_JSON_H
#define GL_ALERT_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "../app/alert.h"

json_t *alert_version_json(const struct alert_version *v);
json_t *alert_view_json(const struct alert_view *v, bool with_versions);
json_t *alert_public_json(const struct alert_view *v);
json_t *alert_measure_json(const struct alert_measure_item *m);
json_t *alert_diff_item_json(const struct alert_diff_item *d);
json_t *alert_diff_summary_json(const struct alert_diff_summary *s);
json_t *alert_mine_json(const struct alert_mine *m);

#endif
