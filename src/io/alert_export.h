/*
 * An alert version's measures as files (`greenlane alert measures ID --csv | --xlsx FILE`,
 * GET /api/v1/alerts/{id}/measures.csv and .xlsx): one row per unit who may see, in the order and
 * with the filters of app_alert_measures.
 *
 * CSV: UTF-8, a header row of English names (unit, uscc, site, name, township, industry, grade,
 * row, halted, restricted, limit_percent, trucks_limited, own_choice, stopped_processes,
 * measure_zh, explanation), booleans as true/false, stopped_processes as codes joined by ";", the
 * explanation's lines joined by a line break inside the quoted field. XLSX: one sheet 预警措施
 * with Chinese headers, the same columns (是/否 for booleans, the limit as a number).
 */
#ifndef GL_ALERT_EXPORT_H
#define GL_ALERT_EXPORT_H

#include <stdint.h>
#include <stdio.h>

#include "../app/alert.h"

/* *count (may be NULL) receives the rows written. Errors as app_alert_measures; GL_EIO when the
 * output cannot be written. */
int alert_export_csv(struct app *app, const struct actor *who, int64_t id,
                     const struct alert_measure_query *q, FILE *out, int64_t *count,
                     struct gl_error *err);
/* Nothing is left at path when anything fails. */
int alert_export_xlsx(struct app *app, const struct actor *who, int64_t id,
                      const struct alert_measure_query *q, const char *path, int64_t *count,
                      struct gl_error *err);

#endif
