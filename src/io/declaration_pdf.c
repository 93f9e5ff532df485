/*
 * The declaration form of declaration_pdf.h. Sections follow the paper form a county hands out:
 * 一 the enterprise and what it declares, 二 the self-assessment, 三 its explanation, 四 the
 * documents, 五 the steps taken, 六 the commitment and the boxes to seal and sign. The
 * self-assessment comes from the declaration's metrics (a JSON object of the metrics by name,
 * each with label, value, average, ratio, above, key, peers, as app/m1_declaration.c keeps it)
 * and explanation (a JSON array of sentences); what is missing there is printed as "—".
 */
#include "declaration_pdf.h"

#include "../core/incentive.h"
#include "../core/role.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE "—"

char *declaration_group_digits(const char *number, char *out, size_t size)
{
        const char *p = number;
        size_t used = 0;
        if (*p == '-' || *p == '+')
                p++;
        size_t digits = strspn(p, "0123456789");
        bool decimal =
            digits > 0 &&
            (p[digits] == '\0' || (p[digits] == '.' && p[digits + 1] &&
                                   strspn(p + digits + 1, "0123456789") == strlen(p + digits + 1)));
        if (!decimal) {
                snprintf(out, size, "%s", number);
                return out;
        }
        for (const char *s = number; s < p && used + 1 < size; s++)
                out[used++] = *s;
        for (size_t i = 0; i < digits && used + 2 < size; i++) {
                if (i > 0 && (digits - i) % 3 == 0)
                        out[used++] = ',';
                out[used++] = p[i];
        }
        snprintf(out + used, size - used, "%s", p + digits);
        return out;
}

static const char *or_none(const char *s)
{
        return s && s[0] ? s : NONE;
}

static char *date_text(gl_date d, char buf[static 11])
{
        if (d == GL_DATE_NONE)
                snprintf(buf, 11, "%s", NONE);
        else
                date_format_iso(d, buf);
        return buf;
}

static const char *tier_label(const char *tier)
{
        if (strcmp(tier, "key") == 0)
                return incentive_tier_label_zh(INCENTIVE_TIER_KEY);
        if (strcmp(tier, "general") == 0)
                return incentive_tier_label_zh(INCENTIVE_TIER_GENERAL);
        return incentive_tier_label_zh(INCENTIVE_TIER_NONE);
}

static const char *action_label(const struct declaration_record *r, const char *action)
{
        const struct procedure_action *a =
            r->procedure ? procedure_action_find(r->procedure, action) : NULL;
        return a && a->label_zh ? a->label_zh : action;
}

/* 一 the enterprise and what it declares */
static int enterprise_section(struct pdf_doc *doc, const struct declaration_record *r,
                              struct gl_error *err)
{
        const struct declaration *d = &r->declaration;
        char year[16], grace[32], received[11];
        snprintf(year, sizeof(year), "%d 年", d->year);
        if (d->grace_months > 0)
                snprintf(grace, sizeof(grace), "%d 个月", d->grace_months);
        else
                snprintf(grace, sizeof(grace), "%s", NONE);
        const char *state = declaration_state_label_zh(d->state);
        const char *pairs[] = {
            "企业名称",
            or_none(r->enterprise.name),
            "统一社会信用代码",
            d->uscc,
            "所属行业",
            or_none(r->industry_zh),
            "所在乡镇",
            or_none(r->enterprise.township),
            "数据年度",
            year,
            "现绩效等级",
            d->grade_from[0] ? d->grade_from : "无",
            "申请晋级等级",
            or_none(d->grade_sought),
            "自评激励类型",
            tier_label(d->tier),
            "暂按高一级别管理的宽限期",
            grace,
            "受理日期",
            date_text(d->received_on, received),
            "办理状态",
            or_none(state),
        };
        int rc = pdf_heading(doc, "一、企业基本情况及申报事项", err);
        if (rc == GL_OK)
                rc = pdf_key_values(doc, pairs, GL_ARRAY_LEN(pairs) / 2, err);
        return rc;
}

/* A metric's name with the unit its values are shown in. */
static char *metric_label(enum incentive_metric m, char *buf, size_t size)
{
        snprintf(buf, size, "%s（%s）", incentive_metric_label_zh(m),
                 m == INCENTIVE_TAX_PER_TONNE ? "元/吨" : "%");
        return buf;
}

/* "12,345.67", or "—" for none. */
static char *grouped_or_none(const char *value, char *buf, size_t size)
{
        if (value == NULL || value[0] == '\0') {
                snprintf(buf, size, "%s", NONE);
                return buf;
        }
        return declaration_group_digits(value, buf, size);
}

static const char *json_text(json_t *o, const char *key)
{
        const char *s = json_string_value(json_object_get(o, key));
        return s ? s : "";
}

/* 二 the self-assessment: one row per metric (the peers behind each average are in the
 * explanation) */
static int assessment_section(struct pdf_doc *doc, const struct declaration_record *r,
                              struct gl_error *err)
{
        enum { COLUMNS = 5 };
        static const double widths[COLUMNS] = {2.5, 2.0, 2.0, 1.1, 1.7};
        static const char *const header[COLUMNS] = {"指标", "本企业", "行业平均水平", "比值",
                                                    "结论"};
        json_t *metrics =
            r->declaration.metrics ? json_loads(r->declaration.metrics, 0, NULL) : NULL;
        char value[INCENTIVE_METRIC_COUNT_][80], average[INCENTIVE_METRIC_COUNT_][80];
        char ratio[INCENTIVE_METRIC_COUNT_][32], label[INCENTIVE_METRIC_COUNT_][160];
        const char *cells[INCENTIVE_METRIC_COUNT_ * COLUMNS];
        for (int m = 0; m < INCENTIVE_METRIC_COUNT_; m++) {
                json_t *o = json_object_get(metrics, incentive_metric_name(m));
                const char **row = cells + m * COLUMNS;
                row[0] = metric_label(m, label[m], sizeof(label[m]));
                row[1] =
                    grouped_or_none(o ? json_text(o, "value") : NULL, value[m], sizeof(value[m]));
                row[2] = grouped_or_none(o ? json_text(o, "average") : NULL, average[m],
                                         sizeof(average[m]));
                const char *q = o ? json_text(o, "ratio") : "";
                snprintf(ratio[m], sizeof(ratio[m]), "%s", q[0] ? q : NONE);
                row[3] = ratio[m];
                row[4] = o == NULL                                   ? NONE
                         : json_is_true(json_object_get(o, "key"))   ? "达到重点激励标准"
                         : json_is_true(json_object_get(o, "above")) ? "高于行业平均水平"
                         : q[0]                                      ? "未高于行业平均水平"
                                                                     : "无法比较";
        }
        struct pdf_table t = {.ncolumns = COLUMNS,
                              .widths = widths,
                              .header = header,
                              .cells = cells,
                              .nrows = INCENTIVE_METRIC_COUNT_};
        char pack[160];
        snprintf(pack, sizeof(pack), "按政策包 %s 第 %d 版计算；比值 = 本企业 ÷ 行业平均水平。",
                 or_none(r->declaration.pack_id), r->declaration.pack_version);
        int rc = pdf_heading(doc, "二、自评结果", err);
        if (rc == GL_OK)
                rc = pdf_table(doc, &t, err);
        if (rc == GL_OK)
                rc = pdf_paragraph(doc, pack, err);
        json_decref(metrics);
        return rc;
}

/* 三 the explanation, one numbered line each */
static int explanation_section(struct pdf_doc *doc, const struct declaration_record *r,
                               struct gl_error *err)
{
        int rc = pdf_heading(doc, "三、自评说明", err);
        json_t *lines =
            r->declaration.explanation ? json_loads(r->declaration.explanation, 0, NULL) : NULL;
        size_t i;
        json_t *line;
        json_array_foreach(lines, i, line)
        {
                if (rc != GL_OK)
                        break;
                const char *sentence = or_none(json_string_value(line));
                size_t size = strlen(sentence) + 32;
                char *text = malloc(size);
                if (text == NULL) {
                        rc = gl_fail(err, GL_ENOMEM, "", "out of memory");
                        break;
                }
                snprintf(text, size, "%zu. %s", i + 1, sentence);
                rc = pdf_paragraph(doc, text, err);
                free(text);
        }
        if (rc == GL_OK && json_array_size(lines) == 0)
                rc = pdf_paragraph(doc, NONE, err);
        json_decref(lines);
        return rc;
}

/* A table of n rows of columns texts each, kept in one malloc'd block: cells (n * columns
 * pointers) followed by the texts they point to, each at most width bytes. */
struct grid {
        const char **cells;
        char *texts;
        size_t columns, width;
};

static int grid_new(struct grid *g, size_t rows, size_t columns, size_t width, struct gl_error *err)
{
        g->columns = columns;
        g->width = width;
        g->cells = calloc(rows * columns + 1, sizeof(*g->cells));
        g->texts = calloc(rows * columns + 1, width);
        if (g->cells == NULL || g->texts == NULL) {
                free(g->cells);
                free(g->texts);
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        }
        return GL_OK;
}

/* Sets cell (row, column) to a copy of text (cut to the cell's width). */
static void grid_set(struct grid *g, size_t row, size_t column, const char *text)
{
        char *cell = g->texts + (row * g->columns + column) * g->width;
        snprintf(cell, g->width, "%s", text);
        g->cells[row * g->columns + column] = cell;
}

static void grid_free(struct grid *g)
{
        free(g->cells);
        free(g->texts);
}

/* 四 the documents handed in */
static int documents_section(struct pdf_doc *doc, const struct declaration_record *r,
                             struct gl_error *err)
{
        enum { COLUMNS = 5 };
        static const double widths[COLUMNS] = {0.7, 1.7, 1.9, 1.2, 3.4};
        static const char *const header[COLUMNS] = {"序号", "材料名称", "文件名", "大小",
                                                    "摘要 (BLAKE2b-256)"};
        int rc = pdf_heading(doc, "四、申报材料", err);
        if (rc != GL_OK || r->ndocuments == 0)
                return rc == GL_OK ? pdf_paragraph(doc, "未提交材料。", err) : rc;
        struct grid g;
        if ((rc = grid_new(&g, r->ndocuments, COLUMNS, 300, err)) != GL_OK)
                return rc;
        for (size_t i = 0; i < r->ndocuments; i++) {
                const struct case_document *d = &r->documents[i];
                char n[24], bytes[32], grouped[48];
                snprintf(n, sizeof(n), "%zu", i + 1);
                snprintf(bytes, sizeof(bytes), "%lld", (long long)d->size);
                declaration_group_digits(bytes, grouped, sizeof(grouped));
                strncat(grouped, " 字节", sizeof(grouped) - strlen(grouped) - 1);
                grid_set(&g, i, 0, n);
                grid_set(&g, i, 1, d->name);
                grid_set(&g, i, 2, d->file_name);
                grid_set(&g, i, 3, grouped);
                grid_set(&g, i, 4, d->digest);
        }
        struct pdf_table t = {.ncolumns = COLUMNS,
                              .widths = widths,
                              .header = header,
                              .cells = g.cells,
                              .nrows = r->ndocuments};
        rc = pdf_table(doc, &t, err);
        grid_free(&g);
        return rc;
}

/* 五 every step so far */
static int steps_section(struct pdf_doc *doc, const struct declaration_record *r,
                         struct gl_error *err)
{
        enum { COLUMNS = 4 };
        static const double widths[COLUMNS] = {1.75, 2.3, 2.0, 3.35};
        static const char *const header[COLUMNS] = {"日期", "办理事项", "办理人", "意见"};
        int rc = pdf_heading(doc, "五、办理记录", err);
        if (rc != GL_OK || r->nsteps == 0)
                return rc == GL_OK ? pdf_paragraph(doc, "尚无办理记录。", err) : rc;
        struct grid g;
        if ((rc = grid_new(&g, r->nsteps, COLUMNS, 4096, err)) != GL_OK)
                return rc;
        for (size_t i = 0; i < r->nsteps; i++) {
                const struct case_step_record *s = &r->steps[i];
                char day[11], who[160];
                enum role role = role_from_name(s->actor_role);
                const char *label = role == ROLE_NONE ? s->actor_role : role_label_zh(role);
                if (strstr(s->actor, label) != NULL) /* a name that says its role already */
                        snprintf(who, sizeof(who), "%s", s->actor);
                else
                        snprintf(who, sizeof(who), "%s（%s）", s->actor, label);
                grid_set(&g, i, 0, date_text(s->on_date, day));
                grid_set(&g, i, 1, action_label(r, s->action));
                grid_set(&g, i, 2, who);
                grid_set(&g, i, 3, or_none(s->reason));
        }
        struct pdf_table t = {.ncolumns = COLUMNS,
                              .widths = widths,
                              .header = header,
                              .cells = g.cells,
                              .nrows = r->nsteps};
        rc = pdf_table(doc, &t, err);
        grid_free(&g);
        return rc;
}

/* 六 the commitment, the seal and the county's opinion */
static int seal_section(struct pdf_doc *doc, const struct declaration_record *r,
                        struct gl_error *err)
{
        const struct declaration *d = &r->declaration;
        /* The opinion in full, its decider and date after it: a reason may run to thousands of
         * bytes, and none of it is cut. */
        char *opinion = NULL;
        if (d->county_decided_on != GL_DATE_NONE) {
                const char *reason =
                    d->county_reason ? d->county_reason : "审核通过，报市生态环境局。";
                size_t size = strlen(reason) + strlen(d->county_decided_by) + 32;
                char day[11];
                if ((opinion = malloc(size)) == NULL)
                        return gl_fail(err, GL_ENOMEM, "", "out of memory");
                snprintf(opinion, size, "%s（%s，%s）", reason, d->county_decided_by,
                         date_format_iso(d->county_decided_on, day));
        }
        struct pdf_signature boxes[] = {
            {"申报企业（盖章）", "法定代表人或授权代表（签字）：", "年　　月　　日"},
            {"县生态环境分局审核意见", opinion ? opinion : "", "（盖章）　年　　月　　日"},
        };
        int rc = pdf_heading(doc, "六、企业承诺及审核意见", err);
        if (rc == GL_OK)
                rc = pdf_paragraph(doc,
                                   "本企业承诺：所填报的数据和提交的材料真实、准确、完整，"
                                   "如有虚假，愿承担相应的法律责任。",
                                   err);
        if (rc == GL_OK)
                rc = pdf_signatures(doc, boxes, GL_ARRAY_LEN(boxes), err);
        free(opinion);
        return rc;
}

int declaration_form_pdf(const struct declaration_record *r, gl_date printed_on,
                         struct pdf_doc **out, struct gl_error *err)
{
        static const char title[] = "激励性生态环境绩效分级申报表";
        struct pdf_doc *doc = NULL;
        int rc = pdf_new(title, &doc, err);
        if (rc != GL_OK)
                return rc;
        char line[256], day[11];
        snprintf(line, sizeof(line), "申报编号：%lld　　　　打印日期：%s",
                 (long long)r->declaration.id, date_text(printed_on, day));
        rc = pdf_title(doc, title, err);
        if (rc == GL_OK)
                rc = pdf_paragraph(doc, line, err);
        if (rc == GL_OK)
                rc = enterprise_section(doc, r, err);
        if (rc == GL_OK)
                rc = assessment_section(doc, r, err);
        if (rc == GL_OK)
                rc = explanation_section(doc, r, err);
        if (rc == GL_OK)
                rc = documents_section(doc, r, err);
        if (rc == GL_OK)
                rc = steps_section(doc, r, err);
        if (rc == GL_OK)
                rc = seal_section(doc, r, err);
        if (rc != GL_OK) {
                pdf_free(doc);
                return rc;
        }
        *out = doc;
        return GL_OK;
}
