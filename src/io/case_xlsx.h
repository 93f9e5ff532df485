/*
 * The case list as an Excel workbook (`greenlane case list --xlsx FILE`, GET
 * /api/v1/cases?format=xlsx): one sheet 案件, a row per case with its procedure, party, state,
 * dates and its soonest running deadline, numbers and dates as Excel numbers and dates (io/xlsx.h)
 * so that a filter, a sort or a count in Excel works. Labels are the pack's Chinese ones.
 */
#ifndef GL_CASE_XLSX_H
#define GL_CASE_XLSX_H

#include "../app/case.h"
#include "xlsx.h"

/*
 * Writes the cases of app_case_list(who, q) to a workbook at path; *count (may be NULL) receives
 * how many. Nothing is left at path when anything fails: the list (its error), a row or the file
 * (GL_EIO naming the path).
 */
int case_xlsx_export(struct app *app, const struct actor *who, const struct case_query *q,
                     const char *path, int *count, struct gl_error *err);

#endif
