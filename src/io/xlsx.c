/*
 * The table writer of xlsx.h over libxlsxwriter. Rows are written in order (constant-memory mode
 * requires it); Excel's limit of 1,048,576 rows per sheet is checked before writing.
 */
#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

#define XLSX_MAX_ROWS 1048576

struct xlsx_writer {
        lxw_workbook *book;
        lxw_worksheet *sheet;
        lxw_format *wrap;
        size_t ncolumns;
        lxw_row_t next_row;
        char path[512];
};

int xlsx_open(const char *path, const char *sheet, const char *const *header, const double *widths,
              size_t ncolumns, struct xlsx_writer **out, struct gl_error *err)
{
        struct xlsx_writer *w = calloc(1, sizeof(*w));
        if (w == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        snprintf(w->path, sizeof(w->path), "%s", path);
        lxw_workbook_options opt = {
            .constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_TRUE};
        w->book = workbook_new_opt(path, &opt);
        if (w->book != NULL)
                w->sheet = workbook_add_worksheet(w->book, sheet);
        if (w->book == NULL || w->sheet == NULL) {
                xlsx_close(w, NULL);
                return gl_fail(err, GL_EIO, path,
                               "无法创建 Excel 文件 (cannot create the workbook)");
        }
        lxw_format *bold = workbook_add_format(w->book);
        format_set_bold(bold);
        w->wrap = workbook_add_format(w->book);
        format_set_text_wrap(w->wrap);
        format_set_align(w->wrap, LXW_ALIGN_VERTICAL_TOP);
        w->ncolumns = ncolumns;
        for (size_t c = 0; c < ncolumns; c++) {
                if (widths != NULL)
                        worksheet_set_column(w->sheet, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
                worksheet_write_string(w->sheet, 0, (lxw_col_t)c, header[c], bold);
        }
        worksheet_freeze_panes(w->sheet, 1, 0);
        w->next_row = 1;
        *out = w;
        return GL_OK;
}

int xlsx_row(struct xlsx_writer *w, const char *const *cells, struct gl_error *err)
{
        if (w->next_row >= XLSX_MAX_ROWS)
                return gl_fail(err, GL_ELIMIT, w->path,
                               "超过 Excel 工作表的行数上限 %d (too many rows for one sheet)",
                               XLSX_MAX_ROWS);
        for (size_t c = 0; c < w->ncolumns; c++) {
                if (cells[c] == NULL || cells[c][0] == '\0')
                        continue;
                lxw_error e =
                    worksheet_write_string(w->sheet, w->next_row, (lxw_col_t)c, cells[c], w->wrap);
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
