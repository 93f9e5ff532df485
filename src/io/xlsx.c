/*
 * The table writer of xlsx.h over libxlsxwriter. Rows are written in order and sheets one after
 * the other (constant-memory mode requires it); Excel's limit of 1,048,576 rows per sheet is
 * checked before writing. Each column of the current sheet has one cell format, made from its
 * kind and number format when the sheet starts; the column's default format is the same, so that
 * a cell typed into an empty row of the template keeps the column's type.
 */
#include "xlsx.h"

#include "../core/enterprise.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define XLSX_MAX_ROWS 1048576
#define XLSX_MAX_COLUMNS 64

struct xlsx_writer {
        lxw_workbook *book;
        lxw_worksheet *sheet;
        lxw_format *bold;
        const struct xlsx_column *columns;
        lxw_format *format[XLSX_MAX_COLUMNS];
        size_t ncolumns;
        lxw_row_t next_row;
        char path[512];
};

struct xlsx_cell xlsx_date(gl_date date)
{
        return (struct xlsx_cell){.set = date != GL_DATE_NONE, .date = date};
}

struct xlsx_cell xlsx_fen_as_yuan(int64_t fen)
{
        if (fen == GL_AMOUNT_NONE)
                return xlsx_empty();
        return xlsx_number((double)fen / 100.0);
}

struct xlsx_cell xlsx_grams_as_tonnes(int64_t grams)
{
        if (grams == GL_AMOUNT_NONE)
                return xlsx_empty();
        return xlsx_number((double)grams / 1e6);
}

struct xlsx_cell xlsx_decimal_text(const char *text, double divisor)
{
        if (text == NULL || text[0] == '\0')
                return xlsx_empty();
        char *end;
        errno = 0;
        double v = strtod(text, &end);
        if (*end != '\0' || errno != 0 || !isfinite(v / divisor))
                return xlsx_empty();
        return xlsx_number(v / divisor);
}

static const char *default_format(enum xlsx_kind kind)
{
        switch (kind) {
        case XLSX_INTEGER:
                return "0";
        case XLSX_DECIMAL:
                return "#,##0.00";
        case XLSX_PERCENT:
                return "0.00%";
        case XLSX_DATE:
                return "yyyy-mm-dd";
        case XLSX_TEXT:
                break;
        }
        return NULL;
}

static int start_sheet(struct xlsx_writer *w, const char *name, const struct xlsx_column *columns,
                       size_t ncolumns, struct gl_error *err)
{
        if (ncolumns > XLSX_MAX_COLUMNS)
                return gl_fail(err, GL_ELIMIT, w->path, "too many columns: %zu", ncolumns);
        /* A sheet that cannot be added (a name Excel refuses, or one taken) leaves the writer
         * on the sheet before. */
        lxw_worksheet *added = workbook_add_worksheet(w->book, name);
        if (added == NULL)
                return gl_fail(err, GL_EIO, w->path, "无法创建工作表 %s (cannot add the sheet)",
                               name);
        w->sheet = added;
        w->columns = columns;
        w->ncolumns = ncolumns;
        for (size_t c = 0; c < ncolumns; c++) {
                const struct xlsx_column *col = &columns[c];
                lxw_format *f = workbook_add_format(w->book);
                if (f == NULL)
                        return gl_fail(err, GL_ENOMEM, "", "out of memory");
                const char *num = col->format ? col->format : default_format(col->kind);
                if (num != NULL && strcmp(num, "@") == 0)
                        format_set_num_format_index(f, 49); /* Excel's built-in text format */
                else if (num != NULL)
                        format_set_num_format(f, num);
                if (col->kind == XLSX_TEXT) {
                        format_set_text_wrap(f);
                        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
                }
                w->format[c] = f;
                worksheet_set_column(w->sheet, (lxw_col_t)c, (lxw_col_t)c,
                                     col->width > 0 ? col->width : LXW_DEF_COL_WIDTH, f);
                worksheet_write_string(w->sheet, 0, (lxw_col_t)c, col->header, w->bold);
        }
        worksheet_freeze_panes(w->sheet, 1, 0);
        w->next_row = 1;
        return GL_OK;
}

int xlsx_open(const char *path, const char *sheet, const struct xlsx_column *columns,
              size_t ncolumns, struct xlsx_writer **out, struct gl_error *err)
{
        struct xlsx_writer *w = calloc(1, sizeof(*w));
        if (w == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        snprintf(w->path, sizeof(w->path), "%s", path);
        lxw_workbook_options opt = {
            .constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_TRUE};
        w->book = workbook_new_opt(path, &opt);
        if (w->book == NULL) {
                xlsx_close(w, NULL);
                return gl_fail(err, GL_EIO, path,
                               "无法创建 Excel 文件 (cannot create the workbook)");
        }
        w->bold = workbook_add_format(w->book);
        format_set_bold(w->bold);
        int rc = start_sheet(w, sheet, columns, ncolumns, err);
        if (rc != GL_OK) {
                /* Freed, not closed: closing would write the file, which exists only after a
                 * successful xlsx_close. */
                lxw_workbook_free(w->book);
                free(w);
                return rc;
        }
        *out = w;
        return GL_OK;
}

int xlsx_sheet(struct xlsx_writer *w, const char *sheet, const struct xlsx_column *columns,
               size_t ncolumns, struct gl_error *err)
{
        return start_sheet(w, sheet, columns, ncolumns, err);
}

static lxw_error write_cell(struct xlsx_writer *w, size_t c, const struct xlsx_cell *cell)
{
        lxw_col_t col = (lxw_col_t)c;
        switch (w->columns[c].kind) {
        case XLSX_TEXT:
                return worksheet_write_string(w->sheet, w->next_row, col, cell->text, w->format[c]);
        case XLSX_DATE: {
                int y, m, d;
                date_to_ymd(cell->date, &y, &m, &d);
                lxw_datetime dt = {.year = y, .month = m, .day = d};
                return worksheet_write_datetime(w->sheet, w->next_row, col, &dt, w->format[c]);
        }
        case XLSX_INTEGER:
        case XLSX_DECIMAL:
        case XLSX_PERCENT:
                break;
        }
        return worksheet_write_number(w->sheet, w->next_row, col, cell->number, w->format[c]);
}

int xlsx_row(struct xlsx_writer *w, const struct xlsx_cell *cells, struct gl_error *err)
{
        if (w->next_row >= XLSX_MAX_ROWS)
                return gl_fail(err, GL_ELIMIT, w->path,
                               "超过 Excel 工作表的行数上限 %d (too many rows for one sheet)",
                               XLSX_MAX_ROWS);
        /* A number that is not finite is refused before anything is written: libxlsxwriter would
         * write "NAN" or "INF", and Excel call the file damaged. */
        for (size_t c = 0; c < w->ncolumns; c++) {
                enum xlsx_kind kind = w->columns[c].kind;
                if (cells[c].set && kind != XLSX_TEXT && kind != XLSX_DATE &&
                    !isfinite(cells[c].number))
                        return gl_fail(err, GL_EINVAL,
                                       w->columns[c].header ? w->columns[c].header : "",
                                       "第 %zu 列不是有限的数 (column %zu: not a finite number)",
                                       c + 1, c + 1);
        }
        for (size_t c = 0; c < w->ncolumns; c++) {
                if (!cells[c].set)
                        continue;
                lxw_error e = write_cell(w, c, &cells[c]);
                if (e != LXW_NO_ERROR)
                        return gl_fail(err, GL_EIO, w->path, "写入 Excel 单元格失败: %s",
                                       lxw_strerror(e));
        }
        w->next_row++;
        return GL_OK;
}

int xlsx_close(struct xlsx_writer *w, struct gl_error *err)
{
        if (w == NULL)
                return GL_OK;
        int rc = GL_OK;
        if (w->book != NULL) {
                lxw_error e = workbook_close(w->book);
                if (e != LXW_NO_ERROR)
                        rc = gl_fail(err, GL_EIO, w->path, "无法写入 Excel 文件: %s",
                                     lxw_strerror(e));
        }
        free(w);
        return rc;
}
