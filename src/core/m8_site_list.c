/*
 * Measure 8's pure rules (m8_site_list.h): a site's data checked and put in the pack's words, the
 * measure's units matched against a user, and the rule that a listed site is inspected only for a
 * reason the pack lists (少检查、少打扰).
 */
#include "m8_site_list.h"

#include "policy.h"
#include "uscc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool given(const char *v)
{
        return v && v[0];
}

static void copy(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

int m8_text_check(const char *field, const char *label, const char *text, size_t max, bool required,
                  bool multiline, struct gl_error *err)
{
        if (!given(text)) {
                if (required)
                        return gl_fail(err, GL_EINVAL, field, "缺少%s (%s is missing)", label,
                                       field);
                return GL_OK;
        }
        if (strlen(text) > max)
                return gl_fail(err, GL_EINVAL, field, "%s过长：至多 %zu 字节 (too long)", label,
                               max);
        bool visible = false;
        for (const char *s = text; *s;) {
                uint32_t cp = 0;
                size_t n = gl_utf8_char(s, &cp);
                bool control = cp < 0x20 || cp == 0x7f;
                if (multiline && (cp == '\n' || cp == '\r' || cp == '\t'))
                        control = false;
                if (n == 0 || control)
                        return gl_fail(err, GL_EINVAL, field,
                                       "%s含有控制字符或不是 UTF-8 文本 (not plain UTF-8 text)",
                                       label);
                if (cp != ' ' && cp != '\n' && cp != '\r' && cp != '\t' && cp != 0x3000)
                        visible = true;
                s += n;
        }
        if (required && !visible)
                return gl_fail(err, GL_EINVAL, field, "缺少%s (%s is blank)", label, field);
        return GL_OK;
}

const char *m8_competent_department(const struct policy_pack *pack, gl_date on,
                                    const char *category, char *out, size_t size)
{
        const struct policy_value *v = policy_param_value(pack, "m8.competent_departments", on);
        if (v == NULL || v->kind != POLICY_LIST || category == NULL)
                return NULL;
        size_t n = strlen(category);
        for (size_t i = 0; i < v->nlist; i++) {
                const char *item = v->list[i];
                if (strncmp(item, category, n) == 0 && item[n] == ':' && item[n + 1] != '\0') {
                        copy(out, size, item + n + 1);
                        return out;
                }
        }
        return NULL;
}

/* The category named by text, with its department on day on. */
static int take_category(const struct policy_pack *pack, gl_date on, const char *text,
                         struct m8_site_values *out, struct gl_error *err)
{
        const struct policy_term *c = policy_term_find(pack, POLICY_SITE_CATEGORIES, text);
        if (c == NULL) {
                char list[512] = "";
                size_t used = 0;
                for (size_t i = 0; i < pack->nterms[POLICY_SITE_CATEGORIES]; i++) {
                        const struct policy_term *t = &pack->terms[POLICY_SITE_CATEGORIES][i];
                        int w = snprintf(list + used, sizeof(list) - used, "%s%s（%s）",
                                         i ? "、" : "", t->code, t->name_zh);
                        if (w < 0 || (size_t)w >= sizeof(list) - used)
                                break;
                        used += (size_t)w;
                }
                return gl_fail(err, GL_EINVAL, "category",
                               "未知的项目类别“%s”，可选：%s (unknown category)", text ? text : "",
                               list);
        }
        char dept[64];
        if (m8_competent_department(pack, on, c->code, dept, sizeof(dept)) == NULL ||
            policy_term_find(pack, POLICY_DEPARTMENTS, dept) == NULL)
                return gl_fail(err, GL_EINVAL, "category",
                               "政策包未给“%s”类项目指定对口主管部门（m8.competent_departments） "
                               "(no competent department for the category)",
                               c->name_zh);
        copy(out->category, sizeof(out->category), c->code);
        copy(out->department, sizeof(out->department),
             policy_term_find(pack, POLICY_DEPARTMENTS, dept)->code);
        return GL_OK;
}

static int take_township(const struct policy_pack *pack, const char *text,
                         struct m8_site_values *out, struct gl_error *err)
{
        const struct policy_term *t = policy_term_find(pack, POLICY_TOWNSHIPS, text);
        if (t == NULL)
                return gl_fail(err, GL_EINVAL, "township",
                               "“%s”不是本县的乡镇（政策包 townships） (not a township of the "
                               "county)",
                               text ? text : "");
        copy(out->township, sizeof(out->township), t->code);
        return GL_OK;
}

static int take_earthwork(const char *text, struct m8_site_values *out, struct gl_error *err)
{
        const char *s = text;
        if (*s == '-')
                return gl_fail(err, GL_EINVAL, "earthwork_m2",
                               "土石方作业面积不能为负数：“%s” (the earthwork area cannot be "
                               "negative)",
                               text);
        int64_t v = 0;
        size_t digits = 0;
        for (; *s; s++, digits++) {
                if (*s < '0' || *s > '9' || digits >= 12)
                        return gl_fail(err, GL_EINVAL, "earthwork_m2",
                                       "土石方作业面积应为平方米整数：“%s” (a whole number of m²)",
                                       text);
                v = v * 10 + (*s - '0');
        }
        if (v > M8_EARTHWORK_MAX)
                return gl_fail(err, GL_EINVAL, "earthwork_m2",
                               "土石方作业面积 %lld 平方米超过上限 %d (too large)", (long long)v,
                               M8_EARTHWORK_MAX);
        out->earthwork_m2 = v;
        return GL_OK;
}

static int take_started(gl_date on, const char *text, struct m8_site_values *out,
                        struct gl_error *err)
{
        gl_date d;
        if (date_parse_iso(text, &d) != GL_OK)
                return gl_fail(err, GL_EINVAL, "started_on",
                               "开工日期“%s”无效：应为 YYYY-MM-DD (not a date)", text);
        if (on != GL_DATE_NONE && d > on) {
                char a[11];
                return gl_fail(err, GL_EINVAL, "started_on",
                               "开工日期 %s 晚于登记之日 %s：登记的是已开工的工地 (started after "
                               "the day it is registered)",
                               text, date_format_iso(on, a));
        }
        out->started_on = d;
        return GL_OK;
}

/* The fields given of in, checked and written into out (required ones only when required). */
static int take(const struct policy_pack *pack, gl_date on, const struct m8_site_input *in,
                bool required, struct m8_site_values *out, struct gl_error *err)
{
        int rc =
            m8_text_check("project", "项目名称", in->project, M8_PROJECT_MAX, required, false, err);
        if (rc == GL_OK && in->project)
                copy(out->project, sizeof(out->project), in->project);
        if (rc == GL_OK && (required || in->category))
                rc = given(in->category)
                         ? take_category(pack, on, in->category, out, err)
                         : gl_fail(err, GL_EINVAL, "category", "缺少项目类别 (category missing)");
        if (rc == GL_OK && (required || in->township))
                rc = given(in->township)
                         ? take_township(pack, in->township, out, err)
                         : gl_fail(err, GL_EINVAL, "township", "缺少所在乡镇 (township missing)");
        if (rc == GL_OK)
                rc = m8_text_check("builder_name", "建设单位名称", in->builder_name,
                                   M8_BUILDER_NAME_MAX, required, false, err);
        if (rc == GL_OK && in->builder_name)
                copy(out->builder_name, sizeof(out->builder_name), in->builder_name);
        if (rc == GL_OK)
                rc = m8_text_check("address", "工地地址", in->address, M8_ADDRESS_MAX, false, false,
                                   err);
        if (rc == GL_OK && in->address)
                copy(out->address, sizeof(out->address), in->address);
        if (rc == GL_OK && given(in->earthwork_m2))
                rc = take_earthwork(in->earthwork_m2, out, err);
        else if (rc == GL_OK && in->earthwork_m2)
                rc = gl_fail(err, GL_EINVAL, "earthwork_m2",
                             "土石方作业面积为空：应为平方米整数 (a whole number of m²)");
        if (rc == GL_OK && given(in->started_on))
                rc = take_started(on, in->started_on, out, err);
        return rc;
}

int m8_site_check(const struct policy_pack *pack, gl_date on, const struct m8_site_input *in,
                  struct m8_site_values *out, struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        out->started_on = GL_DATE_NONE;
        int rc =
            m8_text_check("project", "项目名称", in->project, M8_PROJECT_MAX, true, false, err);
        if (rc != GL_OK)
                return rc;
        if (!given(in->category))
                return gl_fail(err, GL_EINVAL, "category", "缺少项目类别 (category missing)");
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
        return take(pack, on, in, true, out, err);
}

int m8_site_change(const struct policy_pack *pack, gl_date on, const struct m8_site_input *in,
                   struct m8_site_values *cur, struct gl_error *err)
{
        if (in->builder_uscc && strcmp(in->builder_uscc, cur->builder_uscc) != 0)
                return gl_fail(err, GL_EINVAL, "builder_uscc",
                               "工地的建设单位不能更改：另一建设单位的工地请重新登记 (a site keeps "
                               "its builder)");
        struct m8_site_values next = *cur;
        int rc = take(pack, on, in, false, &next, err);
        if (rc == GL_OK && in->project && !given(in->project))
                rc = gl_fail(err, GL_EINVAL, "project", "项目名称不能为空 (project is blank)");
        if (rc == GL_OK && in->builder_name && !given(in->builder_name))
                rc = gl_fail(err, GL_EINVAL, "builder_name",
                             "建设单位名称不能为空 (builder_name is blank)");
        if (rc == GL_OK)
                *cur = next;
        return rc;
}

const char *m8_unit_of(const struct policy_pack *pack, const struct m8_member *m)
{
        switch (m->role) {
        case ROLE_COUNTY_OFFICER:
        case ROLE_COUNTY_LEGAL:
        case ROLE_COUNTY_LEADER:
                return "county_branch";
        case ROLE_DEPT_OFFICER: {
                const struct policy_term *d =
                    policy_term_find(pack, POLICY_DEPARTMENTS, m->department);
                return d ? d->code : "";
        }
        case ROLE_TOWNSHIP_OFFICER: {
                const struct policy_term *t = policy_term_find(pack, POLICY_TOWNSHIPS, m->township);
                return t ? t->code : "";
        }
        default:
                return "";
        }
}

bool m8_member_of(const struct policy_pack *pack, gl_date on, const char *param,
                  const struct m8_member *m, const char *site_township, char *unit,
                  size_t unit_size)
{
        const struct policy_value *v = policy_param_value(pack, param, on);
        if (v == NULL || v->kind != POLICY_LIST)
                return false;
        const char *mine = m8_unit_of(pack, m);
        for (size_t i = 0; i < v->nlist; i++) {
                const char *item = v->list[i];
                bool match = false;
                if (strcmp(item, "county_branch") == 0)
                        match = m->role == ROLE_COUNTY_OFFICER || m->role == ROLE_COUNTY_LEADER;
                else if (strcmp(item, "township") == 0)
                        match = m->role == ROLE_TOWNSHIP_OFFICER && mine[0] && site_township &&
                                strcmp(mine, site_township) == 0;
                else
                        match = m->role == ROLE_DEPT_OFFICER && mine[0] && strcmp(mine, item) == 0;
                if (match) {
                        if (unit)
                                copy(unit, unit_size, item);
                        return true;
                }
        }
        return false;
}

/* The Chinese names of the list's reasons, "、"-separated, into out. */
static void reason_names(const struct policy_pack *pack, const struct policy_value *v, char *out,
                         size_t size)
{
        size_t used = 0;
        out[0] = '\0';
        for (size_t i = 0; v && i < v->nlist; i++) {
                const struct policy_term *t =
                    policy_term_find(pack, POLICY_INSPECTION_REASONS, v->list[i]);
                int w = snprintf(out + used, size - used, "%s%s", i ? "、" : "",
                                 t ? t->name_zh : v->list[i]);
                if (w < 0 || (size_t)w >= size - used)
                        break;
                used += (size_t)w;
        }
}

int m8_inspection_allowed(const struct policy_pack *pack, gl_date on, bool listed,
                          const char *reason, char *code, size_t code_size, struct gl_error *err)
{
        const struct policy_term *t = policy_term_find(pack, POLICY_INSPECTION_REASONS, reason);
        if (!given(reason))
                return gl_fail(err, GL_EINVAL, "reason",
                               "缺少检查事由：每次检查工地都须登记事由 (every inspection names its "
                               "reason)");
        if (t == NULL)
                return gl_fail(err, GL_EINVAL, "reason",
                               "未知的检查事由“%s”（政策包 inspection_reasons） (unknown reason)",
                               reason);
        copy(code, code_size, t->code);
        if (!listed)
                return GL_OK;
        const struct policy_value *v = policy_param_value(pack, "m8.listed_inspection_reasons", on);
        for (size_t i = 0; v && v->kind == POLICY_LIST && i < v->nlist; i++)
                if (strcmp(v->list[i], t->code) == 0)
                        return GL_OK;
        char names[512];
        reason_names(pack, v && v->kind == POLICY_LIST ? v : NULL, names, sizeof(names));
        return gl_fail(err, GL_EINVAL, "reason",
                       "该工地在正面清单上，享受“少检查、少打扰”（m8.listed_benefits）：不因“%s”"
                       "检查，只可因%s检查（m8.listed_inspection_reasons） (fewer inspections for "
                       "a listed site)",
                       t->name_zh, names[0] ? names : "（无）");
}

int m8_dust_allows_applying(const struct policy_pack *pack, gl_date on, const char *dust_control,
                            struct gl_error *err)
{
        int64_t required = 1;
        if (policy_param_int(pack, "m8.dust_control_required", on, &required) != GL_OK)
                required = 1;
        if (required == 0 || (dust_control && strcmp(dust_control, "passed") == 0))
                return GL_OK;
        bool failed = dust_control && strcmp(dust_control, "failed") == 0;
        return gl_fail(err, GL_EINVAL, "dust_control",
                       failed ? "该工地扬尘防治核查不合格：落实扬尘污染防治要求、复查合格后方可申报"
                                "（m8.dust_control_required） (dust control failed its check)"
                              : "该工地尚未经扬尘防治现场核查：在落实扬尘污染防治要求的基础上方可"
                                "申报，请城管局等核查单位先行核查（m8.dust_control_required） "
                                "(dust control not yet verified on site)");
}
