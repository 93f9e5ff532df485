/*
 * Measure 3's decision (m3_control.h): the steps in the order the header gives, each one line of
 * the explanation naming the clause and the dated parameters it used, the readings said as such.
 */
#include "m3_control.h"

#include "policy.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The clauses quoted in a refusal. */
#define CLAUSE_CONTENT                                                                                                             \
        "“2022 年 2、3 季度，除恶意违法和存在重大环境风险隐患情况外，污染管控措施禁用限产、" \
        "停产、停工手段”"
#define CLAUSE_PROCEDURE "“在非企业重污染天气应急预警时,禁用限产、停产、停工手段”"

static const struct {
        const char *name, *zh, *en;
} kinds[M3_KIND_COUNT_] = {
    [M3_RESTRICT_PRODUCTION] = {"restrict_production", "限产", "Restrict production"},
    [M3_HALT_PRODUCTION] = {"halt_production", "停产", "Halt production"},
    [M3_STOP_WORK] = {"stop_work", "停工", "Stop work"},
    [M3_OTHER] = {"other", "其他不停产的管控措施", "Another measure that keeps production going"},
};

const char *m3_kind_name(enum m3_kind k)
{
        return (unsigned)k < M3_KIND_COUNT_ ? kinds[k].name : "";
}

int m3_kind_from_name(const char *name)
{
        for (int k = 0; name && k < M3_KIND_COUNT_; k++)
                if (strcmp(kinds[k].name, name) == 0)
                        return k;
        return -1;
}

const char *m3_kind_label_zh(enum m3_kind k)
{
        return (unsigned)k < M3_KIND_COUNT_ ? kinds[k].zh : "";
}

const char *m3_kind_label_en(enum m3_kind k)
{
        return (unsigned)k < M3_KIND_COUNT_ ? kinds[k].en : "";
}

const char *m3_alert_level_zh(int level)
{
        return level == 1 ? "黄色" : level == 2 ? "橙色" : level == 3 ? "红色" : "";
}

const char *m3_ground_name(enum m3_ground g)
{
        static const char *const names[] = {"not_banned", "outside_window", "not_reached", "alert",
                                            "malicious",  "major_risk",     "none"};
        return (unsigned)g < GL_ARRAY_LEN(names) ? names[g] : "none";
}

const char *m3_ground_exception(enum m3_ground g)
{
        return g == M3_GROUND_ALERT        ? "alert"
               : g == M3_GROUND_MALICIOUS  ? "malicious"
               : g == M3_GROUND_MAJOR_RISK ? "major_risk"
                                           : "";
}

const char *m3_outcome_name(enum m3_outcome o)
{
        return o == M3_ALLOWED           ? "allowed"
               : o == M3_AWAITS_APPROVAL ? "awaiting_approval"
                                         : "refused";
}

bool m3_alert_asks_enough(enum m3_kind kind, bool site, const struct m3_alert_day *d)
{
        if (d == NULL || !d->in_alert)
                return false;
        switch (kind) {
        case M3_HALT_PRODUCTION:
                return !site && d->halted;
        case M3_RESTRICT_PRODUCTION:
                return !site && (d->halted || d->production_limited || d->limit_percent > 0);
        case M3_STOP_WORK:
                return site && d->halted && !d->listed_site;
        case M3_OTHER:
        case M3_KIND_COUNT_:
                break;
        }
        return false;
}

/* ---- the explanation ---- */

static void say(struct m3_decision *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(struct m3_decision *d, const char *fmt, ...)
{
        if (d->nlines >= M3_LINES_MAX)
                return;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(d->lines[d->nlines++], M3_LINE_LEN, fmt, ap);
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

/* A reading's value is one this program implements (a text among allowed, NULL-terminated). */
static int reading(const struct policy_pack *pack, const char *name, gl_date on,
                   const char *const *allowed, const char **out, struct gl_error *err)
{
        const char *v = NULL;
        if (policy_param_text(pack, name, on, &v) != GL_OK)
                return param_missing(err, name);
        for (size_t i = 0; allowed[i]; i++)
                if (strcmp(allowed[i], v) == 0) {
                        *out = v;
                        return GL_OK;
                }
        return gl_fail(err, GL_EINVAL, name,
                       "政策包参数 %s 的值“%s”本程序未实现 (this program does not implement it)",
                       name, v);
}

int m3_window_days(const struct policy_pack *pack, gl_date from, gl_date to, gl_date *first,
                   size_t *n, gl_date *window_from, gl_date *window_to, struct gl_error *err)
{
        if (from == GL_DATE_NONE || to == GL_DATE_NONE || to < from)
                return gl_fail(err, GL_EINVAL, "to",
                               "管控结束日期早于开始日期 (the last day is before the first)");
        gl_date wf = GL_DATE_NONE, wt = GL_DATE_NONE;
        if (policy_param_date(pack, "m3.window_from", from, &wf) != GL_OK)
                return param_missing(err, "m3.window_from");
        if (policy_param_date(pack, "m3.window_to", from, &wt) != GL_OK)
                return param_missing(err, "m3.window_to");
        gl_date a = from > wf ? from : wf, b = to < wt ? to : wt;
        *first = a;
        *n = b >= a ? (size_t)(b - a) + 1 : 0;
        *window_from = wf;
        *window_to = wt;
        return GL_OK;
}

/* The unit, said once: "企业 甲铸造（9113…）" or "施工工地 平山县第二中学教学楼（平山镇）". */
static void unit_text(const struct m3_unit *u, char *buf, size_t size)
{
        if (u->site)
                snprintf(buf, size, "施工工地“%s”（%s）", u->name ? u->name : "",
                         u->township ? u->township : "");
        else
                snprintf(buf, size, "企业“%s”（%s，%s）", u->name ? u->name : "",
                         u->party_uscc ? u->party_uscc : "", u->township ? u->township : "");
}

/* What an alert would have to ask for the kind to be lifted. */
static const char *needed(enum m3_kind kind)
{
        switch (kind) {
        case M3_HALT_PRODUCTION:
                return "预警当日要求该企业停产";
        case M3_RESTRICT_PRODUCTION:
                return "预警当日要求该企业限产（限产比例、停止部分工序或停产）";
        case M3_STOP_WORK:
                return "预警当日要求该工地全部停工（正面清单工地预警期间只停土石方作业、建筑拆除、"
                       "喷涂粉刷、护坡喷浆四类工序，不全部停工）";
        default:
                return "";
        }
}

/* What the alert of one day asks of the unit, in words. */
static void asked_text(const struct m3_alert_day *d, bool site, char *buf, size_t size)
{
        char what[160];
        if (site && d->listed_site)
                snprintf(what, sizeof(what),
                         "正面清单工地，仅停止土石方作业、建筑拆除、喷涂粉刷、"
                         "护坡喷浆");
        else if (d->halted)
                snprintf(what, sizeof(what), "%s", site ? "全部停工" : "停产");
        else if (d->production_limited || d->limit_percent > 0) {
                if (d->limit_percent > 0)
                        snprintf(what, sizeof(what), "限产 %d%%", d->limit_percent);
                else
                        snprintf(what, sizeof(what), "限产（停止部分工序）");
        } else
                snprintf(what, sizeof(what), "%s", site ? "不停工" : "不限产、不停产");
        if (d->row[0])
                snprintf(buf, size, "%s（%s）", d->row, what);
        else
                snprintf(buf, size, "%s", what);
}

static bool same_group(const struct m3_alert_day *a, const struct m3_alert_day *b, bool ea, bool eb)
{
        if (a->in_alert != b->in_alert || ea != eb)
                return false;
        if (!a->in_alert)
                return true;
        return a->alert_id == b->alert_id && a->alert_version == b->alert_version &&
               a->level == b->level && a->halted == b->halted &&
               a->production_limited == b->production_limited &&
               a->limit_percent == b->limit_percent && a->listed_site == b->listed_site &&
               strcmp(a->row, b->row) == 0;
}

/* Most groups of days said one by one; the rest are counted. */
#define GROUPS_SHOWN 8

/* The days under the window, grouped: true when every one has an alert that asks enough. */
static bool alert_days(const struct m3_request *r, struct m3_decision *d)
{
        bool all = r->ndays > 0;
        size_t groups = 0, hidden_days = 0;
        const char *township = r->unit.township ? r->unit.township : "";
        for (size_t i = 0; i < r->ndays;) {
                const struct m3_alert_day *day = &r->days[i];
                bool enough = m3_alert_asks_enough(r->kind, r->unit.site, day);
                size_t j = i + 1;
                while (j < r->ndays &&
                       same_group(day, &r->days[j], enough,
                                  m3_alert_asks_enough(r->kind, r->unit.site, &r->days[j])))
                        j++;
                all = all && enough;
                char a[11], b[11], span[40];
                gl_date first = r->alert_from + (gl_date)i, last = r->alert_from + (gl_date)(j - 1);
                if (first == last)
                        snprintf(span, sizeof(span), "%s", iso(first, a));
                else
                        snprintf(span, sizeof(span), "%s 至 %s", iso(first, a), iso(last, b));
                if (++groups > GROUPS_SHOWN) {
                        hidden_days += j - i;
                } else if (!day->in_alert) {
                        say(d, "%s：无覆盖%s的重污染天气应急预警，禁用不解除。", span, township);
                } else {
                        char asked[256];
                        asked_text(day, r->unit.site, asked, sizeof(asked));
                        say(d,
                            "%s：%s预警（预警 %lld 第 %d "
                            "版）覆盖%s，对该单位的要求为%s，%s拟采取的%s%s。",
                            span, m3_alert_level_zh(day->level), (long long)day->alert_id,
                            day->alert_version, township, asked, enough ? "不低于" : "低于",
                            m3_kind_label_zh(r->kind),
                            enough ? "，当日禁用解除" : "，当日禁用不解除");
                }
                i = j;
        }
        if (hidden_days > 0)
                say(d, "另有 %zu 段共 %zu 日从略（逐日情况见预警记录）。", groups - GROUPS_SHOWN,
                    hidden_days);
        return all;
}

/* Whether the named measure-2 case grounds the malicious exception; says why in either case. */
static bool malicious_counts(const struct m3_request *r, const char *rule, struct m3_decision *d)
{
        const struct m3_case_fact *c = r->malicious;
        const char *party = r->unit.party_uscc ? r->unit.party_uscc : "";
        static const char *const status_zh[] = {
            [M3_CASE_OPEN] = "办理中",
            [M3_CASE_REFERRED] = "已移送一般程序处罚",
            [M3_CASE_EXEMPT] = "已免予处罚",
            [M3_CASE_WITHDRAWN] = "已撤销",
        };
        const char *status =
            (unsigned)c->status < GL_ARRAY_LEN(status_zh) ? status_zh[c->status] : "";
        bool referred_only = strcmp(rule, "referred") == 0;
        const char *rule_text = referred_only
                                    ? "仅计已移送一般程序处罚的案件"
                                    : "同一当事人、记录为恶意违法、未撤销且未免予处罚的案件计入";
        if (!c->found) {
                say(d, "措施二执法案件 %lld 不存在：恶意违法须有记录在案的措施二执法案件。",
                    (long long)c->id);
                return false;
        }
        const char *number = c->number && c->number[0] ? c->number : "";
        if (strcmp(c->party_uscc ? c->party_uscc : "", party) != 0) {
                say(d,
                    "措施二执法案件 %lld（%s）的当事人是 %s，不是本管控对象%s %s：恶意违法须为同一"
                    "当事人（政策包参数 m3.malicious_cases，解读：%s）。",
                    (long long)c->id, number, c->party_uscc ? c->party_uscc : "",
                    r->unit.site ? "的建设单位" : "", party, rule_text);
                return false;
        }
        if (!c->malicious) {
                say(d, "措施二执法案件 %lld（%s）未记录恶意违法，不属“除恶意违法……外”的例外。",
                    (long long)c->id, number);
                return false;
        }
        bool counts = referred_only ? c->status == M3_CASE_REFERRED
                                    : c->status == M3_CASE_OPEN || c->status == M3_CASE_REFERRED;
        if (!counts) {
                say(d,
                    "措施二执法案件 %lld（%s）记录了恶意违法，但%s，不计入（政策包参数 "
                    "m3.malicious_cases，解读：%s）。",
                    (long long)c->id, number, status, rule_text);
                return false;
        }
        say(d,
            "措施二执法案件 %lld（%s，%s）记录同一当事人 %s 的恶意违法（政策包参数 "
            "m3.malicious_cases，解读：%s），属措施三“除恶意违法……情况外”的例外（政策包参数 "
            "m3.exceptions），禁用不适用，可以采取%s。",
            (long long)c->id, number, status, party, rule_text, m3_kind_label_zh(r->kind));
        return true;
}

/* The refusal: measure 3, its clauses, and every way that would allow the measure. */
static void refuse(const struct m3_request *r, const struct m3_decision *dd, bool lifted,
                   struct m3_decision *d)
{
        char a[11], b[11], c[11];
        say(d, "不得采取%s：措施三“三个禁用”规定%s，%s。", m3_kind_label_zh(r->kind),
            CLAUSE_CONTENT, CLAUSE_PROCEDURE);
        say(d, "可以采取的途径：");
        say(d, "（一）改为不停产的管控措施（其他：边生产边整改、加密监测、非现场监管等）；");
        int k = 2;
        static const char *const num[] = {"", "", "（二）", "（三）", "（四）", "（五）"};
        if (lifted)
                say(d, "%s只在%s的日子采取；", num[k++], needed(r->kind));
        say(d, "%s有同一当事人%s恶意违法的措施二执法案件（填写其案件编号）；", num[k++],
            r->unit.site ? "（建设单位）" : "");
        say(d, "%s存在重大环境风险隐患的，记录情况并附证据材料，报分局领导批准后生效；", num[k++]);
        say(d, "%s将管控期间定在“三个禁用”期间（%s 至 %s）以外，如 %s 起。", num[k++],
            iso(dd->window_from, a), iso(dd->window_to, b), iso(dd->window_to + 1, c));
}

int m3_decide(const struct policy_pack *pack, const struct m3_request *r, struct m3_decision *out,
              struct gl_error *err)
{
        static struct m3_decision zero;
        *out = zero;
        struct m3_decision *d = out;
        d->window_from = d->window_to = GL_DATE_NONE;
        if ((unsigned)r->kind >= M3_KIND_COUNT_)
                return gl_fail(err, GL_EINVAL, "kind", "管控手段无效 (unknown kind)");
        gl_date first = GL_DATE_NONE;
        size_t ndays = 0;
        int rc = m3_window_days(pack, r->from, r->to, &first, &ndays, &d->window_from,
                                &d->window_to, err);
        if (rc != GL_OK)
                return rc;
        if (ndays != r->ndays || (ndays > 0 && (r->days == NULL || r->alert_from != first)))
                return gl_fail(err, GL_EINVAL, "days",
                               "预警日数与“三个禁用”期间内的管控日数不符 (alert days do not match "
                               "the window)");
        const gl_date on = r->from;
        static const char *const window_rules[] = {"each_day", NULL};
        static const char *const alert_rules[] = {"each_day_as_asked", NULL};
        static const char *const case_rules[] = {"recorded_not_withdrawn", "referred", NULL};
        static const char *const approvers[] = {"county_leader", NULL};
        static const char *const site_reach[] = {"under_construction", NULL};
        static const char *const applies[] = {"air_emitter", NULL};
        const char *window_rule, *alert_rule, *case_rule, *approver, *reach, *applies_to;
        int64_t lifted_during_alert = 0;
        if ((rc = reading(pack, "m3.window_rule", on, window_rules, &window_rule, err)) != GL_OK ||
            (rc = reading(pack, "m3.alert_rule", on, alert_rules, &alert_rule, err)) != GL_OK ||
            (rc = reading(pack, "m3.malicious_cases", on, case_rules, &case_rule, err)) != GL_OK ||
            (rc = reading(pack, "m3.major_risk_approved_by", on, approvers, &approver, err)) !=
                GL_OK ||
            (rc = reading(pack, "m3.site_reach", on, site_reach, &reach, err)) != GL_OK ||
            (rc = reading(pack, "m3.applies_to", on, applies, &applies_to, err)) != GL_OK)
                return rc;
        if (policy_param_int(pack, "m3.lifted_during_alert", on, &lifted_during_alert) != GL_OK)
                return param_missing(err, "m3.lifted_during_alert");
        if (policy_param_value(pack, "m3.banned_measures", on) == NULL)
                return param_missing(err, "m3.banned_measures");

        char unit[400], a[11], b[11];
        unit_text(&r->unit, unit, sizeof(unit));
        const char *label = m3_kind_label_zh(r->kind);
        if (r->kind == M3_OTHER && r->other_label && r->other_label[0])
                say(d, "拟对%s采取管控措施：%s（%s），%s 至 %s。", unit, label, r->other_label,
                    iso(r->from, a), iso(r->to, b));
        else
                say(d, "拟对%s采取管控措施：%s，%s 至 %s。", unit, label, iso(r->from, a),
                    iso(r->to, b));

        /* 1. The kind. */
        d->banned_kind =
            policy_param_list_has(pack, "m3.banned_measures", on, m3_kind_name(r->kind));
        if (!d->banned_kind) {
                say(d,
                    "%s不属措施三禁用的限产、停产、停工手段（政策包参数 m3.banned_measures），"
                    "“三个禁用”不限制，可以采取；问题在保证正常生产经营和正常施工的前提下整改。",
                    label);
                d->outcome = M3_ALLOWED;
                d->ground = M3_GROUND_NOT_BANNED;
                return GL_OK;
        }

        /* 2. The window. */
        d->days_in_window = ndays;
        d->in_window = ndays > 0;
        say(d,
            "措施三“三个禁用”期间为 %s 至 %s（政策包参数 m3.window_from、m3.window_to：“2022 "
            "年 2、3 季度”“2022 年 9 月 30 日前”）。",
            iso(d->window_from, a), iso(d->window_to, b));
        if (!d->in_window) {
                say(d, "本管控措施 %s 至 %s 不在该期间内，“三个禁用”不适用，可以采取%s。",
                    iso(r->from, a), iso(r->to, b), label);
                d->outcome = M3_ALLOWED;
                d->ground = M3_GROUND_OUTSIDE;
                return GL_OK;
        }
        gl_date last = first + (gl_date)(ndays - 1);
        if (first != r->from || last != r->to)
                say(d,
                    "本管控措施有 %zu 日（%s 至 %s）在期间内；按逐日判断（政策包参数 "
                    "m3.window_rule，解读：措施未规定跨越期间起止日的管控措施如何处理，取逐日判断，"
                    "期间外的日子不受禁用约束），期间内的每一日都须有例外。",
                    ndays, iso(first, a), iso(last, b));
        else
                say(d, "本管控措施 %s 至 %s 全部在期间内（共 %zu 日）。", iso(r->from, a),
                    iso(r->to, b), ndays);

        /* 3. The unit. */
        if (!r->unit.site) {
                d->reached = r->unit.air_emitter;
                if (!d->reached) {
                        say(d,
                            "该企业不排放涉气污染物：“三个禁用”适用于“排放涉气污染物的企业事业单位"
                            "和其他生产经营者”（政策包参数 m3.applies_to: air_emitter），不适用于"
                            "该企业，可以采取%s。",
                            label);
                        d->outcome = M3_ALLOWED;
                        d->ground = M3_GROUND_NOT_REACHED;
                        return GL_OK;
                }
                say(d, "该企业排放涉气污染物，属“三个禁用”的适用对象（政策包参数 m3.applies_to: "
                       "air_emitter）。");
        } else {
                d->reached = r->unit.under_construction;
                const char *reading_text =
                    "政策包参数 m3.site_reach，解读：施工扬尘属涉气污染物，措施三称“保证……项目"
                    "正常施工”，取在建工地受禁用约束，已完工的不受";
                if (!d->reached) {
                        say(d, "该工地已完工，“三个禁用”不适用（%s），可以采取%s。", reading_text,
                            label);
                        d->outcome = M3_ALLOWED;
                        d->ground = M3_GROUND_NOT_REACHED;
                        return GL_OK;
                }
                say(d, "该工地在建，受“三个禁用”约束（%s）%s。", reading_text,
                    r->unit.listed ? "；该工地在重点建设项目保障正面清单上" : "");
        }
        say(d, "措施三规定：%s（政策内容）；%s（操作流程）。", CLAUSE_CONTENT, CLAUSE_PROCEDURE);

        /* 4. An alert in force that asks as much, every day. */
        bool lifted = lifted_during_alert != 0;
        if (lifted) {
                say(d,
                    "逐日核对重污染天气应急预警（政策包参数 m3.lifted_during_alert、m3.alert_rule，"
                    "解读：“在非企业重污染天气应急预警时”按日判断，预警解除禁用以预警当日对该单位的"
                    "要求为限：%s）：",
                    needed(r->kind));
                if (alert_days(r, d)) {
                        say(d,
                            "期间内每一日都在预警期间且预警要求不低于拟采取的%s，禁用解除，可以"
                            "采取。",
                            label);
                        d->outcome = M3_ALLOWED;
                        d->ground = M3_GROUND_ALERT;
                        return GL_OK;
                }
        } else {
                say(d, "政策包参数 m3.lifted_during_alert 为 0：预警期间禁用不解除。");
        }

        /* 5. A malicious violation of the same party. */
        if (r->malicious && malicious_counts(r, case_rule, d)) {
                d->outcome = M3_ALLOWED;
                d->ground = M3_GROUND_MALICIOUS;
                return GL_OK;
        }

        /* 6. A major environmental risk, with its evidence, for the leadership to approve. */
        if (r->major_risk && r->major_risk[0]) {
                if (r->evidence == 0) {
                        say(d,
                            "记录了重大环境风险隐患“%s”，但未附证据材料：须至少附一份证据"
                            "（现场检查笔录、监测报告、照片等）。",
                            r->major_risk);
                } else {
                        say(d,
                            "记录了重大环境风险隐患：“%s”，附证据材料 %zu 份，属措施三“存在重大环境"
                            "风险隐患情况”的例外（政策包参数 m3.exceptions）；须经分局领导批准后"
                            "生效（政策包参数 m3.major_risk_approved_by，解读：措施未规定由谁认定，"
                            "取分局领导审批，领导可不予批准）。",
                            r->major_risk, r->evidence);
                        d->outcome = M3_AWAITS_APPROVAL;
                        d->ground = M3_GROUND_MAJOR_RISK;
                        return GL_OK;
                }
        }

        /* 7. Refused. */
        d->outcome = M3_REFUSED;
        d->ground = M3_GROUND_NONE;
        refuse(r, d, lifted, d);
        return GL_OK;
}
