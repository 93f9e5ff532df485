/*
 * Measure 4's pure rules (m4_eia.h): the project as given, infrastructure without totals, the
 * materials of an EIA document and those missing, the decision's limit, parallel approval.
 */
#include "m4_eia.h"

#include "m8_site_list.h"
#include "policy.h"
#include "uscc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

static bool given(const char *v)
{
        return v && v[0];
}

void m4_explain(struct m4_explanation *e, const char *fmt, ...)
{
        if (e == NULL || e->n >= M4_LINES_MAX)
                return;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->line[e->n], M4_LINE_MAX, fmt, ap);
        va_end(ap);
        e->n++;
}

static const struct {
        const char *code;
        const char *name_zh;
} documents[M4_DOCUMENT_TYPE_COUNT_] = {
    [M4_REPORT] = {"report", "环境影响报告书"},
    [M4_REPORT_FORM] = {"report_form", "环境影响报告表"},
    [M4_REGISTRATION_FORM] = {"registration_form", "环境影响登记表"},
};

const char *m4_document_type_code(enum m4_document_type t)
{
        return (unsigned)t < M4_DOCUMENT_TYPE_COUNT_ ? documents[t].code : "";
}

const char *m4_document_type_name_zh(enum m4_document_type t)
{
        return (unsigned)t < M4_DOCUMENT_TYPE_COUNT_ ? documents[t].name_zh : "";
}

enum m4_document_type m4_document_type_from_code(const char *code)
{
        for (int t = 0; code && t < M4_DOCUMENT_TYPE_COUNT_; t++)
                if (strcmp(documents[t].code, code) == 0)
                        return (enum m4_document_type)t;
        return M4_DOCUMENT_TYPE_COUNT_;
}

int m4_text_check(const char *field, const char *label, const char *text, size_t max, bool required,
                  bool multiline, struct gl_error *err)
{
        return m8_text_check(field, label, text, max, required, multiline, err);
}

/* A whole number of grams from 0 to M4_ADDED_MAX_G. */
static int grams(const char *field, const char *text, int64_t *out, struct gl_error *err)
{
        if (!given(text)) {
                *out = 0;
                return GL_OK;
        }
        size_t n = strlen(text);
        if (n > 16 || strspn(text, "0123456789") != n)
                return gl_fail(err, GL_EINVAL, field,
                               "%s 新增排放量应为 0 至 %lld 克的整数 (whole grams)：%s", field,
                               (long long)M4_ADDED_MAX_G, text);
        int64_t v = strtoll(text, NULL, 10);
        if (v > M4_ADDED_MAX_G)
                return gl_fail(err, GL_EINVAL, field, "%s 新增排放量超过 %lld 克 (too large)",
                               field, (long long)M4_ADDED_MAX_G);
        *out = v;
        return GL_OK;
}

int m4_project_check(const struct policy_pack *pack, const struct m4_project_input *in,
                     struct m4_project_values *out, struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        int rc = m4_text_check("name", "项目名称", in->name, M4_NAME_MAX, true, false, err);
        if (rc != GL_OK)
                return rc;
        copy(out->name, sizeof(out->name), in->name);
        if (!given(in->builder_uscc))
                return gl_fail(err, GL_EINVAL, "builder_uscc",
                               "缺少建设单位统一社会信用代码 (the builder's USCC is missing)");
        struct gl_error uerr = {0};
        if (in->builder_registered && strlen(in->builder_uscc) != 18)
                return gl_fail(err, GL_EINVAL, "builder_uscc",
                               "建设单位统一社会信用代码应为 18 位 (18 characters)");
        if (!in->builder_registered && !uscc_is_valid(in->builder_uscc, &uerr))
                return gl_fail(err, GL_EINVAL, "builder_uscc", "建设单位统一社会信用代码无效：%s",
                               uerr.message);
        copy(out->builder_uscc, sizeof(out->builder_uscc), in->builder_uscc);
        if ((rc = m4_text_check("builder_name", "建设单位名称", in->builder_name,
                                M4_BUILDER_NAME_MAX, true, false, err)) != GL_OK)
                return rc;
        copy(out->builder_name, sizeof(out->builder_name), in->builder_name);
        if (!given(in->category))
                return gl_fail(err, GL_EINVAL, "category", "缺少项目类别 (category missing)");
        const struct policy_term *c =
            policy_term_find(pack, POLICY_PROJECT_CATEGORIES, in->category);
        if (c == NULL)
                return gl_fail(err, GL_EINVAL, "category",
                               "政策包没有项目类别“%s” (unknown category; see project_categories)",
                               in->category);
        copy(out->category, sizeof(out->category), c->code);
        if (!given(in->township))
                return gl_fail(err, GL_EINVAL, "township", "缺少所在乡镇 (township missing)");
        const struct policy_term *t = policy_term_find(pack, POLICY_TOWNSHIPS, in->township);
        if (t == NULL)
                return gl_fail(err, GL_EINVAL, "township", "政策包没有乡镇“%s” (unknown township)",
                               in->township);
        copy(out->township, sizeof(out->township), t->code);
        for (int p = 0; p < POLLUTANT_COUNT_; p++)
                if ((rc = grams(pollutant_code((enum pollutant)p), in->added[p], &out->added_g[p],
                                err)) != GL_OK)
                        return rc;
        return GL_OK;
}

static const char *category_name(const struct policy_pack *pack, const char *code)
{
        const struct policy_term *t = policy_term_find(pack, POLICY_PROJECT_CATEGORIES, code);
        return t ? t->name_zh : code;
}

bool m4_is_infrastructure(const struct policy_pack *pack, gl_date on, const char *category,
                          struct m4_explanation *e)
{
        const char *name = category_name(pack, category);
        char listed[256] = "";
        const struct policy_value *v = policy_param_value(pack, "m4.infrastructure_categories", on);
        if (v)
                policy_value_format(v, listed, sizeof(listed));
        if (policy_param_list_has(pack, "m4.infrastructure_categories", on, category)) {
                m4_explain(e,
                           "措施四：%s属于污染物排放总量小的基础设施项目（m4.infrastructure_"
                           "categories = %s），不再将总量指标作为环评审批前置条件",
                           name, listed);
                return true;
        }
        if (strcmp(category, "onshore_wind") == 0) {
                int64_t wind = 0;
                bool yes =
                    policy_param_int(pack, "m4.onshore_wind_infrastructure", on, &wind) == GL_OK &&
                    wind == 1;
                m4_explain(e,
                           "措施四：陆上风电%s措施所称“等”基础设施项目（解读 "
                           "m4.onshore_wind_infrastructure = %lld：生态环境部2022年5月31日通知和"
                           "河北省措施豁免陆上风电）%s",
                           yes ? "视为" : "不视为", (long long)wind,
                           yes ? "，不再将总量指标作为环评审批前置条件" : "，须先通过总量审核");
                return yes;
        }
        m4_explain(e,
                   "措施四：%s不是不需总量指标的基础设施项目（m4.infrastructure_categories = %s）",
                   name, listed);
        return false;
}

static int add_list(const struct policy_pack *pack, gl_date on, const char *param, const char *skip,
                    struct m4_materials *out, struct gl_error *err)
{
        const struct policy_value *v = policy_param_value(pack, param, on);
        if (v == NULL || v->kind != POLICY_LIST)
                return gl_fail(err, GL_EINVAL, "document_type", "政策包缺少参数 %s 的取值 (%s)",
                               param, "no value on that day");
        for (size_t i = 0; i < v->nlist && out->n < M4_MATERIALS_MAX; i++)
                if (skip == NULL || strcmp(v->list[i], skip) != 0)
                        out->name[out->n++] = v->list[i];
        return GL_OK;
}

int m4_required_materials(const struct policy_pack *pack, gl_date on, enum m4_document_type t,
                          bool under_plan, bool infrastructure, struct m4_materials *out,
                          struct gl_error *err)
{
        char param[64];
        memset(out, 0, sizeof(*out));
        if ((unsigned)t >= M4_DOCUMENT_TYPE_COUNT_)
                return gl_fail(err, GL_EINVAL, "document_type", "环评文件类型无效 (bad type)");
        snprintf(param, sizeof(param), "m4.materials_%s", m4_document_type_code(t));
        const char *skip = NULL;
        if (infrastructure)
                (void)policy_param_text(pack, "m4.totals_statement_material", on, &skip);
        int rc = add_list(pack, on, param, skip, out, err);
        if (rc == GL_OK && under_plan && t != M4_REGISTRATION_FORM)
                rc = add_list(pack, on, "m4.materials_under_plan", NULL, out, err);
        return rc;
}

size_t m4_missing_materials(const struct m4_materials *required, const char *const *handed,
                            size_t nhanded, struct m4_materials *missing)
{
        memset(missing, 0, sizeof(*missing));
        for (size_t i = 0; i < required->n; i++) {
                bool in = false;
                for (size_t k = 0; k < nhanded && !in; k++)
                        in = handed[k] && strcmp(handed[k], required->name[i]) == 0;
                if (!in)
                        missing->name[missing->n++] = required->name[i];
        }
        return missing->n;
}

char *m4_materials_join(const struct m4_materials *m, char *buf, size_t size)
{
        size_t used = 0;
        buf[0] = '\0';
        for (size_t i = 0; i < m->n && used < size; i++) {
                int w = snprintf(buf + used, size - used, "%s%s", i ? "、" : "", m->name[i]);
                if (w < 0)
                        break;
                used += (size_t)w;
        }
        return buf;
}

int m4_decision_limit(const struct policy_pack *pack, gl_date on, enum m4_document_type t,
                      struct m4_decision_limit *out, struct m4_explanation *e, struct gl_error *err)
{
        if (t != M4_REPORT && t != M4_REPORT_FORM)
                return gl_fail(err, GL_EINVAL, "document_type",
                               "环境影响登记表只备案，没有审批期限 (a registration form is only "
                               "filed)");
        const char *rule = NULL;
        if (policy_param_text(pack, "m4.decision_limit_rule", on, &rule) != GL_OK)
                return gl_fail(err, GL_EINVAL, "m4.decision_limit_rule",
                               "政策包缺少参数 m4.decision_limit_rule 的取值");
        bool law = strcmp(rule, "law_days") == 0;
        if (!law && strcmp(rule, "hebei_working_days") != 0)
                return gl_fail(err, GL_EINVAL, "m4.decision_limit_rule",
                               "m4.decision_limit_rule 应为 hebei_working_days 或 law_days：%s",
                               rule);
        char param[64];
        snprintf(param, sizeof(param), "m4.decision_%s_%s", law ? "days" : "working_days",
                 m4_document_type_code(t));
        int64_t n = 0;
        if (policy_param_int(pack, param, on, &n) != GL_OK || n < 1 || n > 1000)
                return gl_fail(err, GL_EINVAL, param, "政策包缺少参数 %s 的取值 (1 至 1000)",
                               param);
        out->rule = law ? PROCEDURE_RULE_DAYS : PROCEDURE_RULE_WORKING_DAYS;
        out->length = (int)n;
        copy(out->param, sizeof(out->param), param);
        copy(out->rule_value, sizeof(out->rule_value), rule);
        m4_explain(e,
                   "%s的审批期限：%lld 个%s（m4.decision_limit_rule = %s，%s = %lld；%s），受理之日"
                   "不计入，补齐材料期间不计入",
                   m4_document_type_name_zh(t), (long long)n, law ? "日" : "工作日", rule, param,
                   (long long)n, law ? "环境影响评价法第二十二条" : "河北省2018年压缩环评审批时限");
        return GL_OK;
}

int m4_plan_allows_approval(const struct policy_pack *pack, gl_date on,
                            const struct m4_plan_facts *plan, struct m4_explanation *e,
                            struct gl_error *err)
{
        if (plan == NULL) {
                m4_explain(e, "项目不在规划环评范围内的园区：无需等待规划环评");
                return GL_OK;
        }
        int64_t parallel = 0;
        (void)policy_param_int(pack, "m4.parallel_approval", on, &parallel);
        char d[11] = "";
        if (!plan->approved) {
                m4_explain(e,
                           "规划环评“%s”（#%"
                           "lld）尚在审查中：项目环评可并联受理和审查，但不得早于规划环评批准（m4."
                           "parallel_approval = %lld）",
                           plan->name, (long long)plan->id, (long long)parallel);
                return gl_fail(err, GL_ESTATE, "plan",
                               "规划环评“%s”（#%lld）尚在审查中：并联审批的项目环评不得早于规划环评"
                               "批准（m4.parallel_approval = %lld） (the plan is in review)",
                               plan->name, (long long)plan->id, (long long)parallel);
        }
        date_format_iso(plan->approved_on, d);
        if (on < plan->approved_on) {
                char o[11];
                return gl_fail(
                    err, GL_ESTATE, "plan",
                    "规划环评“%s”（#%lld）于 %s 批准，项目环评不得早于该日批准（批准日 %s）"
                    "(not before the plan)",
                    plan->name, (long long)plan->id, d, date_format_iso(on, o));
        }
        m4_explain(e,
                   "规划环评“%s”（#%lld）已于 %s "
                   "批准；项目环评在其后批准（并联审批，m4.parallel_approval = %lld）",
                   plan->name, (long long)plan->id, d, (long long)parallel);
        return GL_OK;
}
