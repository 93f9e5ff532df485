/*
 * Measure 2's proposal (m2_enforcement.h): the art. 33 grounds checked in the order the header
 * gives, each step of the reasoning one line of the explanation.
 */
#include "m2_enforcement.h"

#include "policy.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void say(struct m2_proposal *p, const char *fmt, ...)
{
        if (p->nlines >= M2_LINES_MAX)
                return;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->lines[p->nlines++], M2_LINE_LEN, fmt, ap);
        va_end(ap);
}

static const char *iso(gl_date d, char buf[static 11])
{
        if (d == GL_DATE_NONE)
                return snprintf(buf, 11, "—"), buf;
        return date_format_iso(d, buf);
}

static int param_missing(struct gl_error *err, const char *name)
{
        return gl_fail(err, GL_ENOTFOUND, name, "政策包缺少参数 %s", name);
}

static const char *correction_text(const struct m2_facts *f, char *buf, size_t size)
{
        char a[11], b[11];
        switch (f->correction) {
        case M2_CORRECTION_IN_TIME:
                snprintf(buf, size, "已于 %s 改正，在责令改正期限 %s 内，属“及时改正”",
                         iso(f->corrected_on, a), iso(f->correct_by, b));
                break;
        case M2_CORRECTION_LATE:
                snprintf(buf, size, "于 %s 改正，晚于责令改正期限 %s，不属“及时改正”",
                         iso(f->corrected_on, a), iso(f->correct_by, b));
                break;
        case M2_CORRECTION_NONE:
                snprintf(buf, size, "经核查未改正");
                break;
        case M2_CORRECTION_PENDING:
        default:
                snprintf(buf, size, "改正情况尚待核查");
                break;
        }
        return buf;
}

int m2_propose(const struct policy_pack *pack, const struct m2_facts *f, struct m2_proposal *out,
               struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        if (f->malicious && f->no_fault)
                return gl_fail(err, GL_EINVAL, "no_fault",
                               "恶意违法与“有证据足以证明没有主观过错”相互矛盾 (malicious and "
                               "without fault contradict each other)");
        gl_date from = GL_DATE_NONE, to = GL_DATE_NONE;
        const char *basis = NULL;
        int64_t lookback = 0, none_minor = 0;
        if (policy_param_date(pack, "m2.window_from", f->found_on, &from) != GL_OK)
                return param_missing(err, "m2.window_from");
        if (policy_param_date(pack, "m2.window_to", f->found_on, &to) != GL_OK)
                return param_missing(err, "m2.window_to");
        if (policy_param_text(pack, "m2.window_basis", f->found_on, &basis) != GL_OK)
                return param_missing(err, "m2.window_basis");
        if (policy_param_int(pack, "m2.first_lookback_months", f->found_on, &lookback) != GL_OK)
                return param_missing(err, "m2.first_lookback_months");
        if (policy_param_int(pack, "m2.no_harm_counts_as_minor", f->found_on, &none_minor) != GL_OK)
                return param_missing(err, "m2.no_harm_counts_as_minor");

        char a[11], b[11], c[11];
        out->in_window = f->found_on >= from && f->found_on <= to;
        if (strcmp(basis, "found_on") != 0)
                return gl_fail(err, GL_EINVAL, "m2.window_basis",
                               "政策包参数 m2.window_basis 的值“%s”无效：应为 found_on（违法行为"
                               "发现日）",
                               basis);
        say(out,
            "措施二包容性执法期间为 %s 至 %s（政策包参数 m2.window_from、m2.window_to）；以违法行为"
            "发现日计（政策包参数 m2.window_basis，解读：措施未规定以哪一日为准），本案发现日 %s "
            "%s。",
            iso(from, a), iso(to, b), iso(f->found_on, c),
            out->in_window ? "在期间内" : "不在期间内，仅适用《行政处罚法》第三十三条");
        bool inclusive = out->in_window && !f->malicious;
        if (out->in_window && f->malicious)
                say(out, "本案记录为恶意违法，不适用包容性执法（措施二“除恶意违法情况外”，政策包"
                         "参数 m2.exceptions），仅适用《行政处罚法》第三十三条。");
        out->first = f->prior_case == 0 && !f->prior_recorded;
        if (f->prior_case != 0)
                say(out,
                    "非首次违法：同一当事人 %lld 个月内有同类违法案件 %lld（政策包参数 "
                    "m2.first_lookback_months，解读：未查到河北省“首次”的回溯期）。",
                    (long long)lookback, (long long)f->prior_case);
        else if (f->prior_recorded)
                say(out,
                    "非首次违法：执法人员记录了系统外的同类违法（回溯 %lld 个月，政策包参数 "
                    "m2.first_lookback_months，解读）。",
                    (long long)lookback);
        else
                say(out,
                    "首次违法：同一当事人 %lld 个月内无同类违法案件，执法人员亦未记录系统外的"
                    "同类违法（政策包参数 m2.first_lookback_months，解读：未查到河北省“首次”的"
                    "回溯期）。",
                    (long long)lookback);
        if (f->major_risk)
                say(out,
                    "本案记录有重大环境风险隐患（措施三“三个禁用”的例外之一，供管控措施引用）。");

        if (f->no_fault) {
                out->outcome = M2_NO_PENALTY;
                out->ground = "unintentional";
                say(out, "当事人有证据足以证明没有主观过错，不予行政处罚（《行政处罚法》第三十三条"
                         "第二款，应当；措施二“非故意不罚”）。不予处罚的，应当对当事人进行教育"
                         "（第三十三条第三款）。");
                return GL_OK;
        }
        char corr[256];
        correction_text(f, corr, sizeof(corr));
        if (f->correction == M2_CORRECTION_PENDING) {
                out->outcome = M2_PENDING;
                say(out,
                    "%s：是否“及时改正”决定能否适用《行政处罚法》第三十三条第一款，核查整改后再提"
                    "建议。",
                    corr);
                return GL_OK;
        }
        bool in_time = f->correction == M2_CORRECTION_IN_TIME;
        const char *harm = f->harm == M2_HARM_NONE    ? "未造成危害后果"
                           : f->harm == M2_HARM_MINOR ? "危害后果轻微"
                                                      : "危害后果严重";
        say(out, "违法行为%s，%s，%s。", f->minor ? "轻微" : "不属轻微", harm, corr);
        if (f->minor && in_time && f->harm == M2_HARM_NONE) {
                out->outcome = M2_NO_PENALTY;
                out->ground = "minor";
                say(out, "违法行为轻微并及时改正，没有造成危害后果，不予行政处罚（《行政处罚法》第"
                         "三十三条第一款，应当；措施二“轻微不罚”）。不予处罚的，应当对当事人进行"
                         "教育（第三十三条第三款）。");
                return GL_OK;
        }
        bool harm_minor = f->harm == M2_HARM_MINOR || (f->harm == M2_HARM_NONE && none_minor == 1);
        if (f->harm == M2_HARM_NONE && out->first && in_time)
                say(out,
                    "未造成危害后果%s视为“危害后果轻微”（政策包参数 m2.no_harm_counts_as_minor "
                    "= %lld，解读：无危害后果不重于轻微）。",
                    none_minor == 1 ? "" : "不", (long long)none_minor);
        if (out->first && harm_minor && in_time) {
                out->ground = "first";
                if (inclusive) {
                        out->outcome = M2_NO_PENALTY_FIRST;
                        say(out,
                            "初次违法且危害后果轻微并及时改正，可以不予行政处罚（《行政处罚法》第"
                            "三十三条第一款，可以）；在措施二期间内且非恶意违法，按“首次不罚”建议"
                            "不予处罚，须经法制审核、集体审查（政策包参数 "
                            "m2.exemption_reviews）。");
                } else {
                        out->outcome = M2_DISCRETION;
                        say(out,
                            "初次违法且危害后果轻微并及时改正，可以不予行政处罚（《行政处罚法》"
                            "第三十三条第一款，可以）；%s，是否不予处罚由办案人员提出、经"
                            "审查决定，系统不作建议。",
                            out->in_window ? "恶意违法不适用措施二" : "措施二期间已过");
                }
                return GL_OK;
        }
        out->outcome = M2_PENALTY;
        say(out, "不符合《行政处罚法》第三十三条不予处罚的情形，建议移送一般程序依法处理。");
        if (inclusive)
                say(out, "在措施二期间内：不得简单采取罚款方式处理，应同时采取告知、提醒、帮扶方式"
                         "（措施二）。");
        return GL_OK;
}

const char *m2_outcome_name(enum m2_outcome o)
{
        switch (o) {
        case M2_NO_PENALTY:
                return "no_penalty";
        case M2_NO_PENALTY_FIRST:
                return "no_penalty_first";
        case M2_DISCRETION:
                return "discretion";
        case M2_PENALTY:
                return "penalty";
        case M2_PENDING:
        default:
                return "pending";
        }
}

const char *m2_outcome_label_zh(enum m2_outcome o)
{
        switch (o) {
        case M2_NO_PENALTY:
                return "建议不予行政处罚（应当）";
        case M2_NO_PENALTY_FIRST:
                return "建议不予行政处罚（首次不罚）";
        case M2_DISCRETION:
                return "可以不予行政处罚（由审查决定）";
        case M2_PENALTY:
                return "建议移送一般程序处理";
        case M2_PENDING:
        default:
                return "待核查整改后建议";
        }
}

const char *m2_outcome_label_en(enum m2_outcome o)
{
        switch (o) {
        case M2_NO_PENALTY:
                return "No penalty (mandatory)";
        case M2_NO_PENALTY_FIRST:
                return "No penalty (first violation)";
        case M2_DISCRETION:
                return "May go unpenalised (the reviews decide)";
        case M2_PENALTY:
                return "Refer to the ordinary penalty procedure";
        case M2_PENDING:
        default:
                return "Awaiting the verification of the correction";
        }
}

enum m2_outcome m2_outcome_from_name(const char *name)
{
        static const enum m2_outcome all[] = {M2_NO_PENALTY, M2_NO_PENALTY_FIRST, M2_DISCRETION,
                                              M2_PENALTY, M2_PENDING};
        for (size_t i = 0; name && i < sizeof(all) / sizeof(all[0]); i++)
                if (strcmp(m2_outcome_name(all[i]), name) == 0)
                        return all[i];
        return M2_PENDING;
}

bool m2_proposes_no_penalty(enum m2_outcome o)
{
        return o == M2_NO_PENALTY || o == M2_NO_PENALTY_FIRST;
}

bool m2_allows_exemption(enum m2_outcome o)
{
        return m2_proposes_no_penalty(o) || o == M2_DISCRETION;
}

const char *m2_harm_name(enum m2_harm h)
{
        return h == M2_HARM_NONE ? "none" : h == M2_HARM_MINOR ? "minor" : "serious";
}

const char *m2_ground_label_zh(const char *ground)
{
        if (ground == NULL)
                return "";
        if (strcmp(ground, "minor") == 0)
                return "轻微不罚";
        if (strcmp(ground, "first") == 0)
                return "首次不罚";
        if (strcmp(ground, "unintentional") == 0)
                return "非故意不罚";
        return ground;
}

const char *m2_harm_label_zh(const char *harm)
{
        switch (m2_harm_from_name(harm)) {
        case M2_HARM_NONE:
                return "未造成危害后果";
        case M2_HARM_MINOR:
                return "危害后果轻微";
        case M2_HARM_SERIOUS:
                return "危害后果较重或严重";
        default:
                return harm ? harm : "";
        }
}

int m2_harm_from_name(const char *name)
{
        if (name == NULL)
                return -1;
        if (strcmp(name, "none") == 0)
                return M2_HARM_NONE;
        if (strcmp(name, "minor") == 0)
                return M2_HARM_MINOR;
        if (strcmp(name, "serious") == 0)
                return M2_HARM_SERIOUS;
        return -1;
}

int m2_format_number(const char *tmpl, int year, int64_t seq, char *out, size_t size,
                     struct gl_error *err)
{
        if (tmpl == NULL || strstr(tmpl, "{seq}") == NULL)
                return gl_fail(err, GL_EINVAL, "template", "文书编号模板须含 {seq}");
        size_t used = 0;
        for (const char *p = tmpl; *p;) {
                char piece[32];
                const char *add = NULL;
                size_t n = 0;
                if (strncmp(p, "{year}", 6) == 0) {
                        snprintf(piece, sizeof(piece), "%d", year);
                        add = piece, n = strlen(piece), p += 6;
                } else if (strncmp(p, "{seq}", 5) == 0) {
                        snprintf(piece, sizeof(piece), "%lld", (long long)seq);
                        add = piece, n = strlen(piece), p += 5;
                } else {
                        add = p, n = 1, p++;
                }
                if (used + n + 1 > size)
                        return gl_fail(err, GL_EINVAL, "template", "文书编号过长");
                memcpy(out + used, add, n);
                used += n;
        }
        out[used] = '\0';
        return GL_OK;
}
