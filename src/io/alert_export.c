/* Alert measures as CSV and as a workbook (alert_export.h). */
#include "alert_export.h"

#include "xlsx.h"

#include <stdbool.h>
#include <string.h>
#include <unistd.h>

/* The processes as codes joined by ";" and the explanation joined by line breaks, into buf. */
static void join_processes(const char *list, char *buf, size_t size)
{
        snprintf(buf, size, "%s", list);
        for (char *p = buf; *p; p++)
                if (*p == ',')
                        *p = ';';
}

static void join_lines(const struct alert_lines *l, char *buf, size_t size)
{
        buf[0] = '\0';
        size_t used = 0;
        for (size_t i = 0; i < l->n && used + 1 < size; i++) {
                int w = snprintf(buf + used, size - used, "%s%s", i ? "\n" : "", l->line[i]);
                if (w < 0)
                        break;
                used += (size_t)w;
        }
}

static void csv_field(FILE *out, const char *s, bool last)
{
        if (strpbrk(s, ",\"\n\r") != NULL) {
                fputc('"', out);
                for (; *s; s++) {
                        if (*s == '"')
                                fputc('"', out);
                        fputc(*s, out);
                }
                fputc('"', out);
        } else {
                fputs(s, out);
        }
        fputs(last ? "\r\n" : ",", out);
}

struct csv_ctx {
        FILE *out;
        int64_t n;
};

static int csv_row(const struct alert_measure_item *m, void *ctx)
{
        struct csv_ctx *c = ctx;
        const struct alert_result *r = m->r;
        const struct alert_decision *d = &m->k->d;
        bool site = r->site_id != 0;
        char id[24], limit[16], procs[ALERT_PROCESSES_LEN], text[ALERT_PROCESSES_LEN * 3];
        char lines[ALERT_LINES_MAX * ALERT_LINE_LEN];
        snprintf(id, sizeof(id), "%lld", (long long)r->site_id);
        snprintf(limit, sizeof(limit), "%d", d->m.limit_percent);
        join_processes(d->m.processes, procs, sizeof(procs));
        join_lines(&m->lines, lines, sizeof(lines));
        const char *cells[] = {
            site ? "site" : "enterprise",
            site ? "" : r->uscc,
            site ? id : "",
            r->name,
            r->township,
            site ? "" : m->k->c.industry,
            site ? "" : m->k->c.grade,
            d->row_key,
            d->m.halted ? "true" : "false",
            alert_measure_restricted(&d->m) ? "true" : "false",
            limit,
            alert_measure_trucks_limited(&d->m) ? "true" : "false",
            d->m.own_choice ? "true" : "false",
            procs,
            alert_measure_text_zh(m->rules, &d->m, site, text, sizeof(text)),
            lines,
        };
        size_t n = sizeof(cells) / sizeof(cells[0]);
        for (size_t i = 0; i < n; i++)
                csv_field(c->out, cells[i], i + 1 == n);
        c->n++;
        return ferror(c->out) ? GL_EIO : 0;
}

int alert_export_csv(struct app *app, const struct actor *who, int64_t id,
                     const struct alert_measure_query *q, FILE *out, int64_t *count,
                     struct gl_error *err)
{
        fputs("unit,uscc,site,name,township,industry,grade,row,halted,restricted,limit_percent,"
              "trucks_limited,own_choice,stopped_processes,measure_zh,explanation\r\n",
              out);
        struct csv_ctx c = {out, 0};
        int rc = app_alert_measures(app, who, id, q, csv_row, &c, NULL, err);
        if (rc == GL_OK && (fflush(out) != 0 || ferror(out)))
                rc = gl_fail(err, GL_EIO, "", "写出失败 (write failed)");
        if (rc == GL_OK && count)
                *count = c.n;
        return rc;
}

static const struct xlsx_column columns[] = {
    {"类型", 6, XLSX_TEXT, NULL},
    {"统一社会信用代码", 22, XLSX_TEXT, "@"},
    {"工地编号", 9, XLSX_INTEGER, NULL},
    {"名称", 32, XLSX_TEXT, NULL},
    {"乡镇", 12, XLSX_TEXT, NULL},
    {"行业", 12, XLSX_TEXT, NULL},
    {"绩效等级", 8, XLSX_TEXT, NULL},
    {"适用表行", 24, XLSX_TEXT, NULL},
    {"停产停工", 8, XLSX_TEXT, NULL},
    {"有管控措施", 10, XLSX_TEXT, NULL},
    {"限产比例（%）", 12, XLSX_INTEGER, NULL},
    {"货车管控", 8, XLSX_TEXT, NULL},
    {"自主减排", 8, XLSX_TEXT, NULL},
    {"停止工序", 30, XLSX_TEXT, NULL},
    {"措施", 40, XLSX_TEXT, NULL},
    {"说明", 90, XLSX_TEXT, NULL},
};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

struct xlsx_ctx {
        struct xlsx_writer *w;
        int64_t n;
        struct gl_error *err;
};

static const char *yes_no(bool b)
{
        return b ? "是" : "否";
}

static int xlsx_measure(const struct alert_measure_item *m, void *ctx)
{
        struct xlsx_ctx *c = ctx;
        const struct alert_result *r = m->r;
        const struct alert_decision *d = &m->k->d;
        bool site = r->site_id != 0;
        char procs[ALERT_PROCESSES_LEN * 2], text[ALERT_PROCESSES_LEN * 3];
        char lines[ALERT_LINES_MAX * ALERT_LINE_LEN];
        procs[0] = '\0';
        const char *p = d->m.processes;
        while (*p) {
                const char *end = strchr(p, ',');
                size_t n = end ? (size_t)(end - p) : strlen(p);
                char code[64];
                snprintf(code, sizeof(code), "%.*s", (int)(n < 63 ? n : 63), p);
                size_t used = strlen(procs);
                snprintf(procs + used, sizeof(procs) - used, "%s%s", used ? "、" : "",
                         alert_process_zh(m->rules, code));
                p += n;
                if (*p == ',')
                        p++;
        }
        join_lines(&m->lines, lines, sizeof(lines));
        struct xlsx_cell cells[NCOLUMNS] = {
            xlsx_text(site ? "工地" : "企业"),
            xlsx_text(site ? NULL : r->uscc),
            site ? xlsx_number((double)r->site_id) : xlsx_empty(),
            xlsx_text(r->name),
            xlsx_text(r->township),
            xlsx_text(site ? NULL : m->k->c.industry),
            xlsx_text(site ? NULL : (m->k->c.grade[0] ? m->k->c.grade : "未评级")),
            xlsx_text(d->row_key),
            xlsx_text(yes_no(d->m.halted)),
            xlsx_text(yes_no(alert_measure_restricted(&d->m))),
            d->m.limit_percent ? xlsx_number(d->m.limit_percent) : xlsx_empty(),
            xlsx_text(yes_no(alert_measure_trucks_limited(&d->m))),
            xlsx_text(yes_no(d->m.own_choice)),
            xlsx_text(procs),
            xlsx_text(alert_measure_text_zh(m->rules, &d->m, site, text, sizeof(text))),
            xlsx_text(lines),
        };
        int rc = xlsx_row(c->w, cells, c->err);
        if (rc != GL_OK)
                return rc;
        c->n++;
        return 0;
}

int alert_export_xlsx(struct app *app, const struct actor *who, int64_t id,
                      const struct alert_measure_query *q, const char *path, int64_t *count,
                      struct gl_error *err)
{
        struct xlsx_ctx c = {NULL, 0, err};
        int rc = xlsx_open(path, "预警措施", columns, NCOLUMNS, &c.w, err);
        if (rc != GL_OK)
                return rc;
        struct gl_error row_err = {0};
        c.err = &row_err;
        rc = app_alert_measures(app, who, id, q, xlsx_measure, &c, NULL, err);
        if (rc != GL_OK && row_err.status != GL_OK)
                *err = row_err;
        if (rc != GL_OK) {
                xlsx_close(c.w, NULL);
                unlink(path);
                return rc;
        }
        if ((rc = xlsx_close(c.w, err)) != GL_OK) {
                unlink(path);
                return rc;
        }
        if (count)
                *count = c.n;
        return GL_OK;
}
