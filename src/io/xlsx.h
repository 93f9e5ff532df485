/*
 * Writing tables to an Excel workbook (.xlsx) with libxlsxwriter: one or more worksheets, each a
 * bold header row and then rows of typed cells, written in constant-memory mode so that a million
 * rows do not have to fit in memory. Each column has a kind: text (UTF-8, a cell may hold several
 * lines), integer, decimal, percentage or date. Cells of a number column are written as numbers
 * with the column's number format ("#,##0.00", "0.00%", "yyyy-mm-dd"...), so that a sum, a sort or
 * a filter in Excel works on them; a cell with no value is left empty, never written as 0.
 *
 * Numbers in a workbook are binary floating point, as Excel keeps them: they are for reading and
 * sorting, never for a decision. The helpers below turn the integers greenlane keeps (fen, grams,
 * decimal text) into cell values.
 *
 * Ownership: xlsx_open returns a writer that xlsx_close finishes and frees (the file exists only
 * after a successful xlsx_close); xlsx_close accepts NULL.
 */
#ifndef GL_XLSX_H
#define GL_XLSX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/date.h"
#include "../core/gl.h"

struct xlsx_writer;

enum xlsx_kind {
        XLSX_TEXT,    /* text, wrapped and aligned to the top; format "@" keeps typed digits text */
        XLSX_INTEGER, /* a whole number; format "0" unless given */
        XLSX_DECIMAL, /* a number; format "#,##0.00" unless given */
        XLSX_PERCENT, /* a fraction shown as a percentage (0.125 as 12.50%); "0.00%" unless given */
        XLSX_DATE,    /* a calendar date; "yyyy-mm-dd" unless given */
};

/* One column of a sheet. */
struct xlsx_column {
        const char *header;
        double width; /* in characters; 0 leaves Excel's default */
        enum xlsx_kind kind;
        const char *format; /* Excel number format, NULL for the kind's default */
};

/* One cell. The column's kind says which member is read: text for XLSX_TEXT, date for XLSX_DATE,
 * number for the others. A cell that is not set stays empty. */
struct xlsx_cell {
        bool set;
        const char *text;
        double number;
        gl_date date;
};

static inline struct xlsx_cell xlsx_empty(void)
{
        return (struct xlsx_cell){.set = false};
}

/* NULL or "" is an empty cell. */
static inline struct xlsx_cell xlsx_text(const char *text)
{
        return (struct xlsx_cell){.set = text != NULL && text[0] != '\0', .text = text};
}

/* A finite number: a workbook has no NaN or infinity, and xlsx_row refuses them (GL_EINVAL). */
static inline struct xlsx_cell xlsx_number(double number)
{
        return (struct xlsx_cell){.set = true, .number = number};
}

/* GL_DATE_NONE is an empty cell. */
struct xlsx_cell xlsx_date(gl_date date);

/* An amount in fen as yuan (GL_AMOUNT_NONE is an empty cell). */
struct xlsx_cell xlsx_fen_as_yuan(int64_t fen);

/* A mass in grams as tonnes (GL_AMOUNT_NONE is an empty cell). */
struct xlsx_cell xlsx_grams_as_tonnes(int64_t grams);

/* A decimal written as text ("192199.60"), divided by divisor (100 turns a percentage into the
 * fraction an XLSX_PERCENT column wants). "" or text that is not a decimal (nor "nan" or "inf",
 * which strtod would take) is an empty cell. */
struct xlsx_cell xlsx_decimal_text(const char *text, double divisor);

/* Creates the workbook at path with one sheet named sheet and writes its header row. */
int xlsx_open(const char *path, const char *sheet, const struct xlsx_column *columns,
              size_t ncolumns, struct xlsx_writer **out, struct gl_error *err);

/* Starts another sheet after the current one and writes its header row; the rows that follow go
 * to it. columns must stay valid until the next xlsx_sheet or xlsx_close. */
int xlsx_sheet(struct xlsx_writer *w, const char *sheet, const struct xlsx_column *columns,
               size_t ncolumns, struct gl_error *err);

/* Appends one row of the current sheet: ncolumns cells, in the order of its columns. A number
 * that is not finite is GL_EINVAL naming its column's header, and nothing of the row is written. */
int xlsx_row(struct xlsx_writer *w, const struct xlsx_cell *cells, struct gl_error *err);

/* Writes the file and frees the writer; GL_EIO names the path when the file cannot be written. */
int xlsx_close(struct xlsx_writer *w, struct gl_error *err);

#endif
