/*
 * Measure 1's evaluation of a year as an Excel workbook (`greenlane eval incentive --xlsx FILE`,
 * GET /api/v1/incentive?format=xlsx): one sheet 激励性绩效分级, a row per enterprise in USCC
 * order, the figures as Excel numbers with their formats (io/xlsx.h) so that a sum or a sort in
 * Excel works. A what-if set (evaluated with overrides) adds a last column 假设参数（what-if）
 * naming each assumed value beside the pack's own, on every row; with diff only the enterprises
 * whose tier differs from the pack's own are written, and the column 按政策包原值的档次 holds the
 * pack's tier. Labels are Chinese.
 *
 * The text helpers are shared with the CLI's table and CSV, so that every format words a what-if
 * and an explanation the same way.
 */
#ifndef GL_INCENTIVE_XLSX_H
#define GL_INCENTIVE_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "../app/incentive.h"

/* Room for the joined what-if entries of a run and for the joined explanation of a result. */
#define INCENTIVE_WHAT_IF_TEXT_MAX (INCENTIVE_WHAT_IF_MAX * 700)
#define INCENTIVE_EXPLANATION_TEXT_MAX (INCENTIVE_EXPLANATION_MAX * INCENTIVE_LINE_MAX)

/* Writes the workbook of set at path (diff: only the enterprises whose tier changed; the set must
 * have been evaluated with incentive_options.diff). The file exists only when GL_OK. */
int incentive_xlsx_write(const char *path, const struct incentive_set *set, bool diff,
                         struct gl_error *err);

/* The n what-if entries joined by sep into buf (cut to size), each as
 * "NAME = VALUE（政策包原值 ORIGINAL）". */
void incentive_what_if_joined(const struct incentive_what_if *w, size_t n, const char *sep,
                              char *buf, size_t size);

/* The explanation lines of r joined by newlines into text (cut to size). */
void incentive_explanation_joined(const struct incentive_result *r, char *text, size_t size);

#endif
