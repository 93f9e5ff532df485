/*
 * The JSON contract of measure 1's evaluation (DESIGN.md), shared by `greenlane eval incentive
 * --json` and the HTTP API so that both print the same object for an enterprise:
 *
 *   {"uscc", "name", "industry", "industry_zh", "grade", "year", "evaluated_on", "in_scope",
 *    "tier": "key"|"general"|"none", ["baseline_tier",] "grace_months": 12|6|null,
 *    "next_grade": "C"|...|null,
 *    "metrics": {"tax_per_tonne": METRIC, "rd_share": METRIC},
 *    "pack": {"id", "version"}, "explanation": ["...", ...],
 *    ["what_if": [{"name", "value", "pack_value"}, ...]]}
 *   METRIC = {"value", "unit", "status", "average", "average_source": "peer"|"official"|null,
 *             "peers", "ratio", "above_average", "key_threshold_met"}
 *
 * Values, averages and ratios are decimal strings (null when there is none), for display.
 * "what_if" is there only when the result was evaluated with what-if overrides (eval --set): each
 * parameter with its assumed value and the pack's own on the evaluation date (null when the pack
 * has none then), both as text (list items joined by ","); without overrides the object is
 * exactly as before.
 */
#ifndef GL_INCENTIVE_JSON_H
#define GL_INCENTIVE_JSON_H

#include "../core/incentive.h"
#include "outbuf.h"

/* Writes one object to out (the caller flushes it); baseline (may be NULL) adds "baseline_tier"
 * (the tier under the pack's own values, for a what-if diff). */
void incentive_json_write(struct outbuf *out, const struct incentive_result *r,
                          const char *baseline);

/* Writes the array [{"name", "value", "pack_value"}, ...] of n what-if entries (the "what_if" of
 * an object, and of a whole run in the HTTP answer). */
void incentive_json_what_if(struct outbuf *out, const struct incentive_what_if *w, size_t n);

#endif
