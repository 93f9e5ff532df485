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

/* Creates the workbook at path with its header row. */
int case_xlsx_open(const char *path, struct xlsx_writer **out, struct gl_error *err);

/* Appends case c (a row of app_case_list, with its next deadline); p gives the labels (NULL: a
 * procedure no longer in the pack, whose names stand for them). */
int case_xlsx_row(struct xlsx_writer *w, const struct case_row *c, const struct procedure *p,
                  struct gl_error *err);

#endif
