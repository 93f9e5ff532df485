/*
 * Measure 7's totals review (m7_totals.h): needs by the offset ratio, sources and their cover.
 */
#include "m7_totals.h"

#include "policy.h"
#include "uscc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
        const char *code;
        const char *name_zh;
        const char *prefix; /* the account's prefix */
} kinds[TOTALS_KIND_COUNT_] = {
    [TOTALS_RESERVE] = {"reserve", "政府总量储备", "reserve:"},
    [TOTALS_TRADE] = {"trade", "排污权交易", "enterprise:"},
    [TOTALS_OWN] = {"own", "自身削减", "enterprise:"},
    [TOTALS_CITY] = {"city", "市级调剂", "city:"},
    [TOTALS_PROVINCE] = {"province", "省级调剂", "province:"},
};

const char *totals_kind_code(enum totals_source_kind k)
{
        return (unsigned)k < TOTALS_KIND_COUNT_ ? kinds[k].code : "";
}

const char *totals_kind_name_zh(enum totals_source_kind k)
{
        return (unsigned)k < TOTALS_KIND_COUNT_ ? kinds[k].name_zh : "";
}

enum totals_source_kind totals_kind_from_code(const char *code)
{
        for (int k = 0; code && k < TOTALS_KIND_COUNT_; k++)
                if (strcmp(kinds[k].code, code) == 0)
                        return (enum totals_source_kind)k;
        return TOTALS_KIND_COUNT_;
}

static bool digits(const char *s, size_t n)
{
        return strlen(s) == n && strspn(s, "0123456789") == n;
}

static bool starts(const char *s, const char *prefix)
{
        return strncmp(s, prefix, strlen(prefix)) == 0;
}

int totals_account_check(enum totals_source_kind kind, const char *account, const char *field,
                         struct gl_error *err)
{
        if (account == NULL || account[0] == '\0')
                return gl_fail(err, GL_EINVAL, field, "缺少指标账户 (account missing)");
        if (strlen(account) > TOTALS_ACCOUNT_MAX)
                return gl_fail(err, GL_EINVAL, field, "指标账户过长 (too long)");
        const char *rest = NULL;
        bool ok = false;
        switch (kind) {
        case TOTALS_RESERVE:
        case TOTALS_CITY:
        case TOTALS_PROVINCE:
                if (starts(account, kinds[kind].prefix)) {
                        rest = account + strlen(kinds[kind].prefix);
                        ok = digits(rest, 6) &&
                             (kind != TOTALS_CITY || strcmp(rest + 4, "00") == 0) &&
                             (kind != TOTALS_PROVINCE || strcmp(rest + 2, "0000") == 0);
                }
                break;
        case TOTALS_TRADE:
        case TOTALS_OWN:
                if (starts(account, "enterprise:"))
                        ok = uscc_is_valid(account + strlen("enterprise:"), NULL);
                else if (kind == TOTALS_OWN && starts(account, "project:")) {
                        rest = account + strlen("project:");
                        size_t n = strlen(rest);
                        ok = n > 0 && n < 19 && strspn(rest, "0123456789") == n && rest[0] != '0';
                }
                break;
        default:
                return gl_fail(err, GL_EINVAL, field, "指标来源类型无效 (bad kind)");
        }
        if (!ok)
                return gl_fail(err, GL_EINVAL, field,
                               "%s的指标账户“%s”格式不对：应为 %s (e.g. reserve:130131, "
                               "enterprise:USCC, project:ID, city:130100, province:130000)",
                               kinds[kind].name_zh, account,
                               kind == TOTALS_RESERVE ? "reserve:6位行政区划代码"
                               : kind == TOTALS_CITY ? "city:市级行政区划代码（以00结尾）"
                               : kind == TOTALS_PROVINCE ? "province:省级行政区划代码（以0000结尾）"
                               : kind == TOTALS_TRADE
                                   ? "enterprise:统一社会信用代码"
                                   : "enterprise:统一社会信用代码 或 project:项目编号");
        return GL_OK;
}

int totals_source_parse(const char *text, const char *field, struct totals_source *out,
                        struct gl_error *err)
{
        char buf[160];
        if (text == NULL || strlen(text) >= sizeof(buf))
                return gl_fail(err, GL_EINVAL, field,
                               "指标来源应为 污染物=类型:账户:克数 (POLLUTANT=KIND:ACCOUNT:GRAMS)");
        memcpy(buf, text, strlen(text) + 1);
        char *eq = strchr(buf, '=');
        char *colon = eq ? strchr(eq + 1, ':') : NULL;
        char *last = strrchr(buf, ':');
        if (eq == NULL || colon == NULL || last == colon)
                return gl_fail(err, GL_EINVAL, field,
                               "指标来源“%s”应为 污染物=类型:账户:克数 (POLLUTANT=KIND:ACCOUNT:"
                               "GRAMS)",
                               text);
        *eq = *colon = *last = '\0';
        enum pollutant p = pollutant_from_code(buf);
        if (p == POLLUTANT_COUNT_)
                return gl_fail(err, GL_EINVAL, field,
                               "没有污染物“%s” (so2, nox, pm, vocs, cod, nh3n)", buf);
        enum totals_source_kind k = totals_kind_from_code(eq + 1);
        if (k == TOTALS_KIND_COUNT_)
                return gl_fail(err, GL_EINVAL, field,
                               "指标来源类型“%s”无效 (reserve, trade, own, city, province)",
                               eq + 1);
        const char *g = last + 1;
        size_t n = strlen(g);
        if (n == 0 || n > 16 || strspn(g, "0123456789") != n || strtoll(g, NULL, 10) <= 0)
                return gl_fail(err, GL_EINVAL, field, "指标来源的克数应为正整数：%s", g);
        char account[sizeof(buf) + 16];
        const char *acc = colon + 1;
        if ((k == TOTALS_RESERVE || k == TOTALS_CITY || k == TOTALS_PROVINCE) &&
            strchr(acc, ':') == NULL)
                snprintf(account, sizeof(account), "%s:%s", kinds[k].code, acc);
        else
                snprintf(account, sizeof(account), "%s", acc);
        int rc = totals_account_check(k, account, field, err);
        if (rc != GL_OK)
                return rc;
        out->pollutant = p;
        out->kind = k;
        memcpy(out->account, account,
               strlen(account) + 1); /* checked: at most TOTALS_ACCOUNT_MAX */
        out->grams = strtoll(g, NULL, 10);
        return GL_OK;
}

bool totals_major_pollutant(const struct policy_pack *pack, gl_date on, enum pollutant p)
{
        return policy_param_list_has(pack, "m7.pollutants", on, pollutant_code(p));
}

int totals_offset_ratio(const struct policy_pack *pack, gl_date on, enum pollutant p,
                        struct totals_ratio *out, struct gl_error *err)
{
        const struct policy_value *v = policy_param_value(pack, "m7.offset_ratio", on);
        const char *code = pollutant_code(p);
        size_t n = strlen(code);
        for (size_t i = 0; v && v->kind == POLICY_LIST && i < v->nlist; i++) {
                const char *item = v->list[i];
                if (strncmp(item, code, n) != 0 || item[n] != ':')
                        continue;
                char *end = NULL;
                long long num = strtoll(item + n + 1, &end, 10), den = 1;
                if (end && *end == '/')
                        den = strtoll(end + 1, &end, 10);
                if (end == NULL || *end != '\0' || num <= 0 || den <= 0 || num > 1000 || den > 1000)
                        break;
                out->num = num;
                out->den = den;
                return GL_OK;
        }
        return gl_fail(err, GL_EINVAL, "m7.offset_ratio",
                       "政策包没有 %s 的倍量替代比例（m7.offset_ratio，应为 %s:分子/分母）", code,
                       code);
}

int64_t totals_need(int64_t added_g, struct totals_ratio r)
{
        if (added_g < 0 || r.num <= 0 || r.den <= 0)
                return -1;
        /* Exact in int64: a project adds at most M4_ADDED_MAX_G (1e15) grams and a ratio's terms
         * are at most 1000 (totals_offset_ratio), so the product stays below 2^63. */
        if (added_g > M4_ADDED_MAX_G || r.num > 1000 || r.den > 1000)
                return -1;
        int64_t p = added_g * r.num;
        return p / r.den + (p % r.den != 0);
}

static void grams_text(int64_t g, char *buf, size_t size)
{
        snprintf(buf, size, "%lld 克（%lld.%06lld 吨）", (long long)g, (long long)(g / 1000000),
                 (long long)(g % 1000000));
}

int totals_needs(const struct policy_pack *pack, gl_date on,
                 const int64_t added_g[POLLUTANT_COUNT_], struct totals_result *out,
                 struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        char majors[128] = "";
        const struct policy_value *v = policy_param_value(pack, "m7.pollutants", on);
        if (v)
                policy_value_format(v, majors, sizeof(majors));
        m4_explain(&out->why,
                   "措施七：新增主要污染物排放的建设项目须先核定总量指标（m7.pollutants = %s）",
                   majors);
        for (int i = 0; i < POLLUTANT_COUNT_; i++) {
                enum pollutant p = (enum pollutant)i;
                struct totals_line *l = &out->line[i];
                l->added_g = added_g[i];
                if (added_g[i] <= 0)
                        continue;
                if (!totals_major_pollutant(pack, on, p)) {
                        m4_explain(&out->why,
                                   "%s 不在当日的主要污染物之列（m7.pollutants）：不需总量指标",
                                   pollutant_name_zh(p));
                        continue;
                }
                int rc = totals_offset_ratio(pack, on, p, &l->ratio, err);
                if (rc != GL_OK)
                        return rc;
                l->need_g = totals_need(added_g[i], l->ratio);
                if (l->need_g < 0)
                        return gl_fail(err, GL_EINVAL, pollutant_code(p), "%s 所需指标过大",
                                       pollutant_name_zh(p));
                l->major = true;
                out->needed = true;
                char a[64], n[64];
                grams_text(l->added_g, a, sizeof(a));
                grams_text(l->need_g, n, sizeof(n));
                m4_explain(&out->why,
                           "%s：新增 %s × 倍量替代 %lld/%lld（解读 "
                           "m7.offset_ratio，河北省2022年比例未查到）= 需 %s（向上取整到克）",
                           pollutant_name_zh(p), a, (long long)l->ratio.num,
                           (long long)l->ratio.den, n);
        }
        if (!out->needed)
                m4_explain(&out->why, "项目不新增主要污染物：不需总量指标");
        return GL_OK;
}

int totals_review(const struct policy_pack *pack, gl_date on,
                  const int64_t added_g[POLLUTANT_COUNT_], const struct totals_source *sources,
                  size_t nsources, struct totals_result *out, struct gl_error *err)
{
        int rc = totals_needs(pack, on, added_g, out, err);
        if (rc != GL_OK)
                return rc;
        for (size_t i = 0; i < nsources; i++) {
                const struct totals_source *s = &sources[i];
                if ((unsigned)s->pollutant >= POLLUTANT_COUNT_ || s->grams <= 0)
                        return gl_fail(err, GL_EINVAL, "sources", "第 %zu 个指标来源无效", i + 1);
                struct totals_line *l = &out->line[s->pollutant];
                if (!l->major)
                        return gl_fail(err, GL_EINVAL, "sources",
                                       "项目不需 %s 的总量指标：第 %zu 个来源（%s）不应列入 (not "
                                       "needed)",
                                       pollutant_name_zh(s->pollutant), i + 1, s->account);
                if (l->covered_g > INT64_MAX - s->grams)
                        return gl_fail(err, GL_EINVAL, "sources", "指标来源合计过大");
                l->covered_g += s->grams;
                char g[64];
                grams_text(s->grams, g, sizeof(g));
                m4_explain(&out->why, "%s 来源：%s %s，%s", pollutant_name_zh(s->pollutant),
                           totals_kind_name_zh(s->kind), s->account, g);
        }
        for (int i = 0; i < POLLUTANT_COUNT_; i++) {
                const struct totals_line *l = &out->line[i];
                if (!l->major)
                        continue;
                char n[64], c[64], d[64];
                grams_text(l->need_g, n, sizeof(n));
                grams_text(l->covered_g, c, sizeof(c));
                if (l->covered_g < l->need_g) {
                        grams_text(l->need_g - l->covered_g, d, sizeof(d));
                        m4_explain(&out->why, "%s：需 %s，来源合计 %s，缺口 %s",
                                   pollutant_name_zh((enum pollutant)i), n, c, d);
                        return gl_fail(err, GL_ESTATE, "sources",
                                       "%s（%s）的总量指标来源不足：需 %s，来源合计 %s，缺口 %s "
                                       "(shortfall)",
                                       pollutant_name_zh((enum pollutant)i),
                                       pollutant_code((enum pollutant)i), n, c, d);
                }
                if (l->covered_g > l->need_g) {
                        grams_text(l->covered_g - l->need_g, d, sizeof(d));
                        return gl_fail(
                            err, GL_EINVAL, "sources",
                            "%s（%s）的指标来源合计 %s 超过所需 %s %s：措施七要求从严从紧分配"
                            "总量指标 (more than needed)",
                            pollutant_name_zh((enum pollutant)i), pollutant_code((enum pollutant)i),
                            c, n, d);
                }
                m4_explain(&out->why, "%s：需 %s，来源合计 %s，足额",
                           pollutant_name_zh((enum pollutant)i), n, c);
        }
        m4_explain(&out->why, out->needed ? "总量审核通过：每项主要污染物的指标来源足额"
                                          : "总量审核通过：项目不需总量指标");
        return GL_OK;
}
