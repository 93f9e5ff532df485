/*
 * Writing a table to an Excel workbook (.xlsx) with libxlsxwriter: one worksheet, a bold header
 * row, then rows of text cells, written in constant-memory mode so that a million rows do not
 * have to fit in memory. Cells are UTF-8 text; a cell may hold several lines.
 *
 * Ownership: xlsx_open returns a writer that xlsx_close finishes and frees (the file exists only
 * after a successful xlsx_close); xlsx_close accepts NULL.
 */
#ifndef GL_XLSX_H
#define GL_XLSX_H

#include <stddef.h>

#include "../core/gl.h"

struct xlsx_writer;

/* Creates the workbook at path with one sheet named sheet, and writes the header row. widths
 * (may be NULL) are the column widths in characters. */
int xlsx_open(const char *path, const char *sheet, const char *const *header, const double *widths,
              size_t ncolumns, struct xlsx_writer **out, struct gl_error *err);

/* Appends one row of ncolumns cells (NULL or "" leaves a cell empty). */
int xlsx_row(struct xlsx_writer *w, const char *const *cells, struct gl_error *err);

/* Writes the file and frees the writer; GL_EIO names the path when the file cannot be written. */
int xlsx_close(struct xlsx_writer *w, struct gl_error *err);

#endif
