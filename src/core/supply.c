/*
 * Measure 6's rule (supply.h): the parameters read once per decision, the partner's grade placed
 * on the ladder it is compared on, its list status, the conclusion; each step one line of the
 * explanation. Also the product key and the check of typed texts, which the application layer
 * applies before it writes a link or a help target.
 */
#include "supply.h"

#include "policy.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void say(struct supply_verdict *v, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void say(struct supply_verdict *v, const char *fmt, ...)
{
        if (v->nlines >= SUPPLY_LINES_MAX)
                return;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(v->lines[v->nlines++], SUPPLY_LINE_LEN, fmt, ap);
        va_end(ap);
}

const char *supply_direction_name(enum supply_direction d)
{
        return d == SUPPLY_DOWNSTREAM ? "downstream" : "upstream";
}

const char *supply_direction_label_zh(enum supply_direction d)
{
        return d == SUPPLY_DOWNSTREAM ? "下游" : "上游";
}

int supply_direction_from_name(const char *name)
{
        if (name == NULL)
                return -1;
        if (strcmp(name, "upstream") == 0)
                return SUPPLY_UPSTREAM;
        if (strcmp(name, "downstream") == 0)
                return SUPPLY_DOWNSTREAM;
        return -1;
}

/* ---- the parameters ---- */

struct rule {
        const char *min;      /* m6.min_partner_grade */
        int64_t list_partner; /* m6.positive_list_partner */
        gl_date to;           /* m6.window_to */
        int64_t after;        /* m6.review_after_window */
        bool after_defaulted; /* the pack lacks it: the default reading, 1 */
        char *const *ladder;  /* m1.default_ladder */
        size_t nladder;
        bool ungraded_lowest; /* m1.ungraded = lowest (also when the pack lacks it) */
        bool ungraded_defaulted;
};

static int param_missing(struct gl_error *err, const char *name)
{
        return gl_fail(err, GL_ENOTFOUND, name, "政策包缺少参数 %s (the pack lacks %s)", name,
                       name);
}

static int rank_in(char *const *ladder, size_t n, const char *grade)
{
        for (size_t i = 0; grade && i < n && i < 64; i++)
                if (strcmp(ladder[i], grade) == 0)
                        return (int)i;
        return -1;
}

static int load_rule(const struct policy_pack *pack, gl_date on, struct rule *r,
                     struct gl_error *err)
{
        memset(r, 0, sizeof(*r));
        if (policy_param_text(pack, "m6.min_partner_grade", on, &r->min) != GL_OK)
                return param_missing(err, "m6.min_partner_grade");
        if (!policy_grade_is_known(r->min))
                return gl_fail(err, GL_EINVAL, "m6.min_partner_grade",
                               "参数 m6.min_partner_grade 应为绩效等级，而不是 '%s' (not a "
                               "performance grade)",
                               r->min);
        if (policy_param_int(pack, "m6.positive_list_partner", on, &r->list_partner) != GL_OK)
                return param_missing(err, "m6.positive_list_partner");
        if (r->list_partner != 0 && r->list_partner != 1)
                return gl_fail(err, GL_EINVAL, "m6.positive_list_partner",
                               "参数 m6.positive_list_partner 应为 0 或 1 (must be 0 or 1)");
        if (policy_param_date(pack, "m6.window_to", on, &r->to) != GL_OK)
                return param_missing(err, "m6.window_to");
        r->after = 1;
        r->after_defaulted = true;
        if (policy_param_value(pack, "m6.review_after_window", on) != NULL) {
                r->after_defaulted = false;
                if (policy_param_int(pack, "m6.review_after_window", on, &r->after) != GL_OK ||
                    (r->after != 0 && r->after != 1))
                        return gl_fail(err, GL_EINVAL, "m6.review_after_window",
                                       "参数 m6.review_after_window 应为 0 或 1 (must be 0 or 1)");
        }
        const struct policy_value *ladder = policy_param_value(pack, "m1.default_ladder", on);
        if (ladder == NULL || ladder->kind != POLICY_LIST || ladder->nlist == 0)
                return param_missing(err, "m1.default_ladder");
        r->ladder = ladder->list;
        r->nladder = ladder->nlist;
        if (rank_in(r->ladder, r->nladder, r->min) < 0)
                return gl_fail(err, GL_EINVAL, "m6.min_partner_grade",
                               "参数 m6.min_partner_grade = %s 不在默认等级阶梯 m1.default_ladder "
                               "上 (not on the default ladder)",
                               r->min);
        const struct policy_value *ungraded = policy_param_value(pack, "m1.ungraded", on);
        r->ungraded_lowest = true;
        r->ungraded_defaulted = true;
        if (ungraded != NULL && ungraded->kind == POLICY_TEXT) {
                r->ungraded_defaulted = false;
                if (strcmp(ungraded->text, "excluded") == 0)
                        r->ungraded_lowest = false;
                else if (strcmp(ungraded->text, "lowest") != 0)
                        return gl_fail(err, GL_EINVAL, "m1.ungraded",
                                       "参数 m1.ungraded 应为 lowest 或 excluded，而不是 '%s'",
                                       ungraded->text);
        }
        return GL_OK;
}

/* "D → C → B- → B → A" */
static const char *steps(char *const *ladder, size_t n, char *buf, size_t size)
{
        size_t used = 0;
        buf[0] = '\0';
        for (size_t i = 0; i < n && used < size; i++)
                used +=
                    (size_t)snprintf(buf + used, size - used, "%s%s", i ? " → " : "", ladder[i]);
        return buf;
}

static void rule_lines(const struct rule *r, gl_date today, struct supply_verdict *v)
{
        char a[11], b[11];
        if (r->list_partner == 1)
                say(v,
                    "措施六：指导正面清单企业在选择上下游产业链企业时，优先选择绩效等级 %s 级及以上"
                    "企业或正面清单企业，确保企业正常生产（政策包参数 m6.min_partner_grade = %s，"
                    "解读：“%s 级及以上”含 %s 级本身；m6.positive_list_partner = 1：正面清单企业不"
                    "论等级均为优先选择）。",
                    r->min, r->min, r->min, r->min);
        else
                say(v,
                    "措施六：指导正面清单企业在选择上下游产业链企业时，优先选择绩效等级 %s 级及以上"
                    "企业（政策包参数 m6.min_partner_grade = %s，解读：“%s 级及以上”含 %s 级本身；"
                    "m6.positive_list_partner = 0：正面清单身份不单独作为优先条件）。",
                    r->min, r->min, r->min, r->min);
        date_format_iso(r->to, a);
        date_format_iso(today, b);
        if (v->in_window) {
                say(v, "措施六兑现时间至 %s（政策包参数 m6.window_to），今日 %s 在期间内。", a, b);
                return;
        }
        const char *dflt = r->after_defaulted ? "，政策包未设该参数，按默认解读" : "";
        if (r->after == 1)
                say(v,
                    "措施六兑现时间至 %s（政策包参数 m6.window_to），今日 %s 已过期间；政策未规定"
                    "期满后如何处理，按 m6.review_after_window = 1（解读%s）仍审视上下游企业，"
                    "结论作为指导参考。",
                    a, b, dflt);
        else
                say(v,
                    "措施六兑现时间至 %s（政策包参数 m6.window_to），今日 %s 已过期间；按 "
                    "m6.review_after_window = 0（解读）期满后不再审视上下游企业。",
                    a, b);
}

int supply_rule(const struct policy_pack *pack, gl_date today, struct supply_verdict *out,
                struct gl_error *err)
{
        struct rule r;
        int rc = load_rule(pack, today, &r, err);
        if (rc != GL_OK)
                return rc;
        memset(out, 0, sizeof(*out));
        out->min_grade = r.min;
        out->in_window = today <= r.to;
        out->reviewed = out->in_window || r.after == 1;
        out->reason = out->reviewed ? "" : "not_reviewed";
        rule_lines(&r, today, out);
        return GL_OK;
}

/* ---- one partner ---- */

/* Places the grade of p and says how it reads against the minimum. */
static int grade_lines(const struct policy_pack *pack, const struct rule *r,
                       const struct supply_partner *p, struct supply_verdict *v,
                       struct gl_error *err)
{
        char ladder_text[128], default_text[128];
        steps(r->ladder, r->nladder, default_text, sizeof(default_text));
        const char *min = r->min;
        const char *grade = p->grade ? p->grade : "";
        if (grade[0] != '\0' && !policy_grade_is_known(grade))
                return gl_fail(err, GL_EINVAL, "partner_grade",
                               "'%s' 不是绩效等级 A、B、B-、C、D (not a performance grade)", grade);
        if (!p->in_registry) {
                if (!p->grade_known || grade[0] == '\0') {
                        v->grade = SUPPLY_GRADE_UNKNOWN;
                        say(v,
                            "该企业不在本县企业名录内，登记时未填其绩效等级：等级未知，不能认定为 "
                            "%s 级及以上。",
                            min);
                        return GL_OK;
                }
                bool ok =
                    rank_in(r->ladder, r->nladder, grade) >= rank_in(r->ladder, r->nladder, min);
                v->grade = ok ? SUPPLY_GRADE_AT_LEAST : SUPPLY_GRADE_BELOW;
                v->grade_ok = ok;
                say(v,
                    "该企业不在本县企业名录内，绩效等级 %s "
                    "按登记时所填；其行业未知，按默认等级阶梯 "
                    "m1.default_ladder（%s）比较：%s %s 级%s。",
                    grade, default_text, ok ? "在" : "低于", min, ok ? "及以上" : "");
                return GL_OK;
        }
        const struct policy_industry *ind =
            p->industry && p->industry[0] ? policy_industry_find(pack, p->industry) : NULL;
        char *const *ladder = r->ladder;
        size_t n = r->nladder;
        bool own = ind != NULL && ind->nladder > 0;
        if (own) {
                ladder = ind->ladder;
                n = ind->nladder;
        }
        steps(ladder, n, ladder_text, sizeof(ladder_text));
        if (ind)
                say(v, "该企业在本县企业名录内，所属行业“%s”（%s），等级阶梯 %s%s。", ind->name_zh,
                    ind->code, ladder_text,
                    own ? "" : "（该行业未列阶梯，用默认阶梯 m1.default_ladder）");
        else
                say(v,
                    "该企业在本县企业名录内，行业 %s 不在政策包中，用默认等级阶梯 "
                    "m1.default_ladder（%s）。",
                    p->industry && p->industry[0] ? p->industry : "—", default_text);
        /* The ladder the grade is compared on: its own when it has the minimum, else the
         * default one. */
        bool has_min = rank_in(ladder, n, min) >= 0;
        char *const *cmp = has_min ? ladder : r->ladder;
        size_t ncmp = has_min ? n : r->nladder;
        char fallback[320] = "";
        if (!has_min)
                snprintf(fallback, sizeof(fallback),
                         "该行业等级阶梯无 %s 级，按默认等级阶梯 m1.default_ladder（%s）比较：",
                         min, default_text);
        if (grade[0] == '\0') {
                v->grade = SUPPLY_GRADE_UNGRADED;
                const char *how = r->ungraded_defaulted ? "，政策包未设该参数，按默认解读" : "";
                if (!r->ungraded_lowest || n == 0) {
                        say(v,
                            "尚未评定绩效等级：按 m1.ungraded = excluded（解读%s）不视为任何等级，"
                            "不能认定为 %s 级及以上。",
                            how, min);
                        return GL_OK;
                }
                const char *lowest = ladder[0];
                int at = rank_in(cmp, ncmp, lowest);
                bool ok = at >= 0 && at >= rank_in(cmp, ncmp, min);
                v->grade_ok = ok;
                say(v,
                    "尚未评定绩效等级：按 m1.ungraded = lowest（解读%s：未评级企业按本行业等级阶梯"
                    "的最低一级，与重污染天气管控一致）视为 %s 级；%s%s %s 级%s。",
                    how, lowest, fallback, ok ? "在" : "低于", min, ok ? "及以上" : "");
                return GL_OK;
        }
        if (rank_in(ladder, n, grade) < 0 || rank_in(cmp, ncmp, grade) < 0) {
                v->grade = SUPPLY_GRADE_OFF_LADDER;
                say(v, "绩效等级 %s 不在该行业的等级阶梯上，不能认定为 %s 级及以上。", grade, min);
                return GL_OK;
        }
        bool ok = rank_in(cmp, ncmp, grade) >= rank_in(cmp, ncmp, min);
        v->grade = ok ? SUPPLY_GRADE_AT_LEAST : SUPPLY_GRADE_BELOW;
        v->grade_ok = ok;
        say(v, "绩效等级 %s：%s%s %s 级%s。", grade, fallback, ok ? "在" : "低于", min,
            ok ? "及以上" : "");
        return GL_OK;
}

static void list_line(const struct rule *r, const struct supply_partner *p,
                      struct supply_verdict *v)
{
        if (p->positive_list == 1) {
                v->list_ok = r->list_partner == 1;
                if (v->list_ok)
                        say(v, "在生态环境监管正面清单上：不论绩效等级均为优先选择的企业（政策包"
                               "参数 m6.positive_list_partner = 1）。");
                else
                        say(v, "在生态环境监管正面清单上，但 m6.positive_list_partner = 0：正面清"
                               "单身份不单独作为优先条件。");
        } else if (p->positive_list == 0) {
                say(v, "不在生态环境监管正面清单上。");
        } else {
                say(v,
                    "该企业是否在生态环境监管正面清单上未知（登记时未填），不计为正面清单企业。");
        }
}

int supply_judge(const struct policy_pack *pack, const struct supply_partner *p, gl_date today,
                 struct supply_verdict *out, struct gl_error *err)
{
        struct rule r;
        struct supply_verdict v;
        int rc = load_rule(pack, today, &r, err);
        if (rc != GL_OK)
                return rc;
        memset(&v, 0, sizeof(v));
        v.min_grade = r.min;
        v.in_window = today <= r.to;
        v.reviewed = v.in_window || r.after == 1;
        rule_lines(&r, today, &v);
        if (!v.reviewed) {
                v.reason = "not_reviewed";
                say(&v, "结论：措施六期满，不作审视。");
                *out = v;
                return GL_OK;
        }
        if ((rc = grade_lines(pack, &r, p, &v, err)) != GL_OK)
                return rc;
        list_line(&r, p, &v);
        v.preferred = v.grade_ok || v.list_ok;
        if (v.grade_ok && v.list_ok) {
                v.reason = "grade_and_positive_list";
                say(&v, "结论：优先选择的上下游企业（绩效等级 %s 级及以上，且为正面清单企业）。",
                    r.min);
        } else if (v.grade_ok) {
                v.reason = "grade";
                say(&v, "结论：优先选择的上下游企业（绩效等级 %s 级及以上）。", r.min);
        } else if (v.list_ok) {
                v.reason = "positive_list";
                say(&v, "结论：优先选择的上下游企业（正面清单企业）。");
        } else {
                v.reason = v.grade == SUPPLY_GRADE_UNGRADED     ? "ungraded"
                           : v.grade == SUPPLY_GRADE_UNKNOWN    ? "grade_unknown"
                           : v.grade == SUPPLY_GRADE_OFF_LADDER ? "off_ladder"
                                                                : "below_grade";
                say(&v,
                    "结论：不是优先选择的上下游企业。按措施六，可结合“两进三送”组织专家帮扶其提高"
                    "污染治理水平、提升绩效等级，或改选供应同类产品的优先企业。");
        }
        *out = v;
        return GL_OK;
}

void supply_suggest_target(const struct supply_partner *p, const struct supply_verdict *v,
                           char *out, size_t size)
{
        const char *name = p->name && p->name[0] ? p->name : p->uscc ? p->uscc : "";
        const char *min = v->min_grade ? v->min_grade : "B";
        switch (v->grade) {
        case SUPPLY_GRADE_UNKNOWN:
                snprintf(out, size,
                         "核实%s的绩效等级；未达到 %s 级的，结合“两进三送”组织专家帮扶其提升至 %s "
                         "级及以上",
                         name, min, min);
                break;
        case SUPPLY_GRADE_UNGRADED:
                snprintf(out, size,
                         "结合“两进三送”帮扶%s提高污染治理水平，参加绩效分级并达到 %s 级及以上",
                         name, min);
                break;
        default:
                if (p->grade && p->grade[0])
                        snprintf(out, size,
                                 "结合“两进三送”组织专家帮扶%s提高污染治理水平，绩效等级由 %s 级"
                                 "提升至 %s 级及以上",
                                 name, p->grade, min);
                else
                        snprintf(out, size,
                                 "结合“两进三送”组织专家帮扶%s提高污染治理水平，绩效等级提升至 "
                                 "%s 级及以上",
                                 name, min);
                break;
        }
}

/* ---- texts ---- */

static bool is_space(uint32_t cp)
{
        return cp == ' ' || cp == 0x3000 || cp == 0xa0;
}

/* Walks text: each character's code point, GL_EINVAL for bytes that are not UTF-8 or a control
 * character (a line break only when allowed). */
static int check_chars(const char *field, const char *label_zh, const char *text, bool newline,
                       struct gl_error *err)
{
        for (const char *s = text; *s;) {
                uint32_t cp = 0;
                size_t n = gl_utf8_char(s, &cp);
                if (n == 0)
                        return gl_fail(err, GL_EINVAL, field,
                                       "%s不是有效的 UTF-8 文本 (%s is not valid UTF-8 text)",
                                       label_zh, field);
                if ((cp < 0x20 && !(newline && cp == '\n')) || cp == 0x7f)
                        return gl_fail(err, GL_EINVAL, field,
                                       "%s含控制字符 (%s holds a control character)", label_zh,
                                       field);
                s += n;
        }
        return GL_OK;
}

int supply_check_text(const char *field, const char *label_zh, const char *text, size_t max,
                      bool required, bool multiline, struct gl_error *err)
{
        text = text ? text : "";
        size_t len = strlen(text);
        if (len > max)
                return gl_fail(err, GL_EINVAL, field,
                               "%s过长：%zu 字节，最多 %zu (%s too long: %zu bytes, at most %zu)",
                               label_zh, len, max, field, len, max);
        int rc = check_chars(field, label_zh, text, multiline, err);
        if (rc != GL_OK)
                return rc;
        bool blank = true;
        for (const char *s = text; *s && blank;) {
                uint32_t cp = 0;
                size_t n = gl_utf8_char(s, &cp);
                blank = is_space(cp) || cp == '\n';
                s += n;
        }
        if (required && blank)
                return gl_fail(err, GL_EINVAL, field, "%s为空 (%s is empty)", label_zh, field);
        return GL_OK;
}

int supply_product_key(const char *product, char *out, size_t size, struct gl_error *err)
{
        int rc = supply_check_text("product", "产品或服务", product, SUPPLY_PRODUCT_MAX, true,
                                   false, err);
        if (rc != GL_OK)
                return rc;
        char key[SUPPLY_PRODUCT_MAX + 1];
        size_t used = 0;
        bool pending_space = false;
        for (const char *s = product; *s;) {
                uint32_t cp = 0;
                size_t n = gl_utf8_char(s, &cp);
                if (is_space(cp)) {
                        pending_space = used > 0;
                        s += n;
                        continue;
                }
                if (cp >= 0xff01 && cp <= 0xff5e) /* full-width ASCII */
                        cp -= 0xfee0;
                if (pending_space)
                        key[used++] = ' ';
                pending_space = false;
                if (cp < 0x80) {
                        key[used++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
                } else {
                        memcpy(key + used, s, n);
                        used += n;
                }
                s += n;
        }
        key[used] = '\0';
        if (used + 1 > size)
                return gl_fail(err, GL_EINVAL, "product", "产品或服务过长 (product too long)");
        memcpy(out, key, used + 1);
        return GL_OK;
}
