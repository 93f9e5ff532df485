/* The case list as a workbook (case_xlsx.h). */
#include "case_xlsx.h"

#include <stdio.h>

#include "../core/policy.h"

static const struct xlsx_column columns[] = {
    {"编号", 8, XLSX_INTEGER, NULL},   {"事项", 30, XLSX_TEXT, NULL},
    {"当事人", 32, XLSX_TEXT, NULL},   {"统一社会信用代码", 22, XLSX_TEXT, "@"},
    {"状态", 26, XLSX_TEXT, NULL},     {"开始日期", 12, XLSX_DATE, NULL},
    {"办结日期", 12, XLSX_DATE, NULL}, {"最近期限", 26, XLSX_TEXT, NULL},
    {"期限日", 12, XLSX_DATE, NULL},   {"剩余工作日", 11, XLSX_INTEGER, NULL},
    {"是否超期", 9, XLSX_TEXT, NULL},  {"期限是否暂定", 12, XLSX_TEXT, NULL},
};

#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

/* Appends case c (a row of app_case_list, with its next deadline); p gives the labels (NULL: a
 * procedure no longer in the pack, whose names stand for them). */
static int write_row(struct xlsx_writer *w, const struct case_row *c, const struct procedure *p,
                     struct gl_error *err)
{
        int si = p ? procedure_state_index(p, c->state) : -1;
        const struct procedure_deadline *pd =
            c->next.kind[0] ? procedure_deadline_find(p, c->next.kind) : NULL;
        bool next = c->next.kind[0] != '\0';
        struct xlsx_cell cells[NCOLUMNS] = {
            xlsx_number((double)c->id),
            xlsx_text(p ? p->label_zh : c->procedure),
            xlsx_text(c->party_name[0] ? c->party_name : c->subject_name),
            xlsx_text(c->uscc[0] ? c->uscc : c->subject_uscc),
            xlsx_text(si >= 0 ? procedure_state_label(p, (size_t)si) : c->state),
            xlsx_date(c->opened_on),
            xlsx_date(c->closed_on),
            xlsx_text(next ? (pd ? pd->label_zh : c->next.kind) : NULL),
            next ? xlsx_date(c->next.due) : xlsx_empty(),
            next ? xlsx_number(c->next.working_days_left) : xlsx_empty(),
            xlsx_text(next ? (c->next.overdue ? "是" : "否") : NULL),
            xlsx_text(next ? (c->next.provisional ? "是" : "否") : NULL),
        };
        return xlsx_row(w, cells, err);
}

struct export
{
        struct xlsx_writer *w;
        const struct app *app;
        struct gl_error row_err; /* why a row could not be written */
        int count;
};

static int export_row(const struct case_row *c, void *ctx)
{
        struct export *e = ctx;
        if (write_row(e->w, c, app_case_procedure(e->app, c), &e->row_err) != GL_OK)
                return GL_EIO;
        e->count++;
        return 0;
}

int case_xlsx_export(struct app *app, const struct actor *who, const struct case_query *q,
                     const char *path, int *count, struct gl_error *err)
{
        struct export e = {.app = app};
        int rc = xlsx_open(path, "案件", columns, NCOLUMNS, &e.w, err);
        if (rc != GL_OK)
                return rc;
        rc = app_case_list(app, who, q, export_row, &e, err);
        if (e.row_err.status != GL_OK)
                *err = e.row_err;
        struct gl_error close_err = {0};
        int closed = xlsx_close(e.w, rc == GL_OK ? err : &close_err);
        if (rc == GL_OK)
                rc = closed;
        if (rc != GL_OK) {
                remove(path);
                return rc;
        }
        if (count)
                *count = e.count;
        return GL_OK;
}
