/*
 * Measure 1's decision engine (see incentive.h for the rule and the readings). Two passes over the
 * subjects: the first sums each industry's numerators and denominators over the enterprises that
 * have a value (the peer averages), the second compares every enterprise with its industry's
 * averages and sets its tier, grace period and next grade. Both passes are integer arithmetic on
 * arrays; the explanation is written only when a face asks for one enterprise's result, so an
 * evaluation of a million enterprises costs two linear scans.
 *
 * Exactness: a value is num/den with num an int64 and den a sum of int64 figures; an average is a
 * ratio of sums held in 128 bits. "value > average" is num × avg_den > avg_num × den and "value >=
 * (100 + margin)/100 × average" is num × avg_den × 100 >= avg_num × den × (100 + margin). The
 * products are computed in 128 bits when they fit and otherwise in a 384-bit accumulator, so no
 * figures, however large, can overflow into a wrong decision.
 */
#include "incentive.h"

#include "amount.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef incentive_u128 u128;

/* The clause of measure 1 quoted when the pack's measure has no content text (政策内容). */
static const char builtin_general_clause[] =
    "一般性激励政策：对单位污染物排放量税收贡献或研发投入占营业收入比重高于行业平均水平的企业，"
    "在生态环境绩效晋级评价过程中，如部分环保指标暂未达到晋级标准，可先按高一级别实施绩效管理，"
    "半年内环保指标达标后正式晋级。";
static const char builtin_key_clause[] =
    "重点激励政策：对单位污染物排放量税收贡献或研发投入占营业收入比重高于行业平均水平 20% "
    "以上的企业，在生态环境绩效晋级评价过程中，如部分环保指标暂未达到晋级标准，"
    "可先按高一级别实施绩效管理，一年内环保指标达标后正式晋级。";

/* Official averages are held as exact ratios in the engine's units (fen per gram, fen per fen):
 * V millionths of a yuan per tonne = V / 10^10 fen per gram; P millionths of a percent = P / 10^8.
 */
#define OFFICIAL_TAX_DEN 10000000000ULL
#define OFFICIAL_RD_DEN 100000000ULL

struct industry_text {
        char average[INCENTIVE_METRIC_COUNT_][48]; /* "" when there is no average */
        char average_line[INCENTIVE_METRIC_COUNT_][INCENTIVE_LINE_MAX];
        size_t average_len[INCENTIVE_METRIC_COUNT_];
        char steps[128]; /* the ladder, "D → C → B- → B → A" */
        size_t steps_len;
        /* The scope sentence between the enterprise's USCC and the year (in scope). */
        char scope_mid[1024];
        size_t scope_mid_len;
        /* Which pollutants tax per tonne sums for the industry, and why (a line of its own). */
        char pollutant_line[INCENTIVE_LINE_MAX];
        size_t pollutant_len;
        /* The parameters cited in the tax-per-tonne line, "；m1.emission_pollutants，自 … 起". */
        char pollutant_source[192];
        size_t pollutant_source_len;
        bool default_ladder; /* the industry has no ladder of its own: m1.default_ladder */
};

/* The what-if marks a line may end with, each "（假设：…）" for the parameters it uses, or "". */
enum mark {
        MARK_INDUSTRIES, /* m1.industries */
        MARK_POLLUTANTS, /* m1.emission_pollutants and m1.emission_pollutants_vocs_industries */
        MARK_OFFICIAL,   /* m1.official_average_wins */
        MARK_COMPARE,    /* m1.general_above_strict, m1.key_margin_inclusive, key_margin_percent */
        MARK_UNGRADED,   /* m1.ungraded */
        MARK_LADDER,     /* m1.default_ladder */
        MARK_GENERAL_GRACE, /* m1.general_grace_months */
        MARK_KEY_GRACE,     /* m1.key_grace_months */
        MARK_DECISION,      /* a conclusion reached with any parameter of the engine assumed */
        MARK_PACK,          /* every override of the pack */
        MARK_COUNT_
};

struct incentive_eval {
        const struct policy_pack *pack;
        const struct incentive_subject *subjects;
        size_t n;
        struct incentive_params params;
        bool general_strict; /* m1.general_above_strict: "高于" is > (default) */
        bool key_inclusive;  /* m1.key_margin_inclusive: "以上" includes the bound (default) */
        bool official_wins;  /* m1.official_average_wins (default) */
        const struct policy_value *v_industries, *v_margin, *v_general_grace, *v_key_grace,
            *v_pollutants, *v_ungraded;
        const struct policy_value *v_default_ladder; /* m1.default_ladder, or NULL */
        const struct policy_value *v_vocs;    /* m1.emission_pollutants_vocs_industries, or NULL */
        bool *in_scope;                       /* per pack industry */
        uint8_t default_mask;                 /* bit p: pollutant p in m1.emission_pollutants */
        uint8_t *pollutant_mask;              /* per pack industry: the pollutants summed */
        struct incentive_average *averages;   /* [industry * INCENTIVE_METRIC_COUNT_ + metric] */
        struct incentive_official *officials; /* copies, so averages can point at their source */
        size_t nofficials;
        struct incentive_outcome *outcomes;
        /* Text shared by many explanations, written once per evaluation. */
        struct industry_text *texts; /* per pack industry */
        char scope_list[256];        /* m1.industries joined by commas */
        /* "自 2022-01-01 起" for each parameter cited, or "假设值" for a what-if. */
        char from_industries[32], from_pollutants[32], from_vocs[32], from_margin[32],
            from_general[32], from_key[32], from_ungraded[32];
        char mark[MARK_COUNT_][INCENTIVE_LINE_MAX];
        size_t mark_len[MARK_COUNT_];
        struct incentive_what_if *what_if; /* the pack's overrides, or NULL */
        size_t nwhat_if;
        char clause_line[2][INCENTIVE_LINE_MAX]; /* general, key */
        size_t clause_len[2];
        char pack_line[INCENTIVE_LINE_MAX];
        size_t pack_len;
        char threshold[48]; /* the key threshold as a ratio, "1.2000" */
        char named[4][160]; /* the metrics named by a bit set, "单位污染物排放量税收贡献和..." */
        char reading[200]; /* how ungraded enterprises are read */
        /* The comparison sentence after the ratio, by [above][key] (the note excluded). */
        char comparison_tail[2][2][INCENTIVE_LINE_MAX];
        size_t comparison_tail_len[2][2];
};

const char *incentive_tier_name(enum incentive_tier t)
{
        switch (t) {
        case INCENTIVE_TIER_KEY:
                return "key";
        case INCENTIVE_TIER_GENERAL:
                return "general";
        default:
                return "none";
        }
}

const char *incentive_tier_label_zh(enum incentive_tier t)
{
        switch (t) {
        case INCENTIVE_TIER_KEY:
                return "重点激励";
        case INCENTIVE_TIER_GENERAL:
                return "一般性激励";
        default:
                return "不符合激励条件";
        }
}

const char *incentive_metric_name(enum incentive_metric m)
{
        return m == INCENTIVE_RD_SHARE ? "rd_share" : "tax_per_tonne";
}

const char *incentive_metric_label_zh(enum incentive_metric m)
{
        return m == INCENTIVE_RD_SHARE ? "研发投入占营业收入比重" : "单位污染物排放量税收贡献";
}

/* ---- exact products ---------------------------------------------------------------------- */

#define WIDE_LIMBS 6

struct wide {
        uint64_t w[WIDE_LIMBS]; /* little-endian limbs */
};

static void wide_set(struct wide *r, u128 v)
{
        memset(r, 0, sizeof(*r));
        r->w[0] = (uint64_t)v;
        r->w[1] = (uint64_t)(v >> 64);
}

static void wide_mul_u64(struct wide *r, uint64_t m)
{
        u128 carry = 0;
        for (int i = 0; i < WIDE_LIMBS; i++) {
                u128 p = (u128)r->w[i] * m + carry;
                r->w[i] = (uint64_t)p;
                carry = p >> 64;
        }
}

/* r = r × m; r holds at most 256 bits on entry, so the result fits in 384. */
static void wide_mul_u128(struct wide *r, u128 m)
{
        struct wide lo = *r, hi = *r;
        wide_mul_u64(&lo, (uint64_t)m);
        wide_mul_u64(&hi, (uint64_t)(m >> 64));
        u128 carry = 0;
        for (int i = 0; i < WIDE_LIMBS; i++) {
                u128 s = (u128)lo.w[i] + (i > 0 ? hi.w[i - 1] : 0) + carry;
                r->w[i] = (uint64_t)s;
                carry = s >> 64;
        }
}

static int wide_cmp(const struct wide *a, const struct wide *b)
{
        for (int i = WIDE_LIMBS - 1; i >= 0; i--)
                if (a->w[i] != b->w[i])
                        return a->w[i] < b->w[i] ? -1 : 1;
        return 0;
}

int incentive_cmp_products(u128 a, u128 b, uint64_t c, u128 d, u128 e, uint64_t f)
{
        u128 ab, abc, de, def;
        if (!__builtin_mul_overflow(a, b, &ab) && !__builtin_mul_overflow(ab, (u128)c, &abc) &&
            !__builtin_mul_overflow(d, e, &de) && !__builtin_mul_overflow(de, (u128)f, &def))
                return abc < def ? -1 : abc > def ? 1 : 0;
        struct wide x, y;
        wide_set(&x, a);
        wide_mul_u128(&x, b);
        wide_mul_u64(&x, c);
        wide_set(&y, d);
        wide_mul_u128(&y, e);
        wide_mul_u64(&y, f);
        return wide_cmp(&x, &y);
}

/* ---- values ------------------------------------------------------------------------------ */

/* The pollutants summed for an industry (bit p for pollutant p). */
static unsigned pollutant_mask(const struct incentive_eval *ev, int32_t industry)
{
        if (industry < 0 || (size_t)industry >= ev->pack->nindustries)
                return ev->default_mask;
        return ev->pollutant_mask[industry];
}

/* The value of metric m for subject s as num/den, or why there is none. */
static enum incentive_value_status subject_value(const struct incentive_eval *ev,
                                                 const struct incentive_subject *s,
                                                 enum incentive_metric m, uint64_t *num, u128 *den)
{
        int64_t top = m == INCENTIVE_TAX_PER_TONNE ? s->tax_fen : s->rd_fen;
        if (top == GL_AMOUNT_NONE)
                return INCENTIVE_VALUE_MISSING_NUMERATOR;
        u128 bottom = 0;
        bool negative = top < 0;
        if (m == INCENTIVE_TAX_PER_TONNE) {
                unsigned mask = pollutant_mask(ev, s->industry);
                for (int p = 0; p < POLLUTANT_COUNT_; p++) {
                        if (!(mask & (1u << p)))
                                continue;
                        int64_t g = s->emission_g[p];
                        if (g == GL_AMOUNT_NONE)
                                return INCENTIVE_VALUE_MISSING_DENOMINATOR;
                        if (g < 0)
                                negative = true;
                        else
                                bottom += (u128)g;
                }
        } else {
                if (s->revenue_fen == GL_AMOUNT_NONE)
                        return INCENTIVE_VALUE_MISSING_DENOMINATOR;
                if (s->revenue_fen < 0)
                        negative = true;
                else
                        bottom = (u128)s->revenue_fen;
        }
        if (negative)
                return INCENTIVE_VALUE_NEGATIVE;
        if (bottom == 0)
                return INCENTIVE_VALUE_ZERO_DENOMINATOR;
        *num = (uint64_t)top;
        *den = bottom;
        return INCENTIVE_VALUE_OK;
}

/* ---- parameters -------------------------------------------------------------------------- */

static int need_int(const struct policy_pack *pack, const char *name, gl_date on, int64_t lo,
                    int64_t hi, const struct policy_value **value, int64_t *out,
                    struct gl_error *err)
{
        const struct policy_value *v = policy_param_value(pack, name, on);
        if (v == NULL || v->kind != POLICY_INT)
                return gl_fail(err, GL_EINVAL, name,
                               "政策包缺少第一项措施的整数参数 %s（在评价日有效）"
                               " (measure 1 needs integer parameter %s)",
                               name, name);
        if (v->integer < lo || v->integer > hi)
                return gl_fail(err, GL_EINVAL, name,
                               "参数 %s 的值 %lld 超出范围 %lld..%lld (out of range)", name,
                               (long long)v->integer, (long long)lo, (long long)hi);
        *value = v;
        *out = v->integer;
        return GL_OK;
}

static const struct policy_value *need_list(const struct policy_pack *pack, const char *name,
                                            gl_date on, struct gl_error *err)
{
        const struct policy_value *v = policy_param_value(pack, name, on);
        if (v == NULL || v->kind != POLICY_LIST) {
                gl_fail(err, GL_EINVAL, name,
                        "政策包缺少第一项措施的列表参数 %s（在评价日有效）"
                        " (measure 1 needs list parameter %s)",
                        name, name);
                return NULL;
        }
        return v;
}

/* An optional 0/1 reading; def when the pack does not have it. */
static bool optional_flag(const struct policy_pack *pack, const char *name, gl_date on, bool def)
{
        const struct policy_value *v = policy_param_value(pack, name, on);
        if (v == NULL || v->kind != POLICY_INT)
                return def;
        return v->integer != 0;
}

/* The flags (0 or 1) the engine reads; another value is refused, not taken for "yes". */
static const char *const flag_params[] = {
    "m1.general_above_strict",
    "m1.key_margin_inclusive",
    "m1.official_average_wins",
};

/*
 * The readings of measure 1 that the engine implements one way only: a pack (or a what-if) that
 * gives another value would be explained as if it were obeyed, so it is refused, naming the
 * parameter and the one reading implemented. A pack without the parameter reads it that way.
 */
static const struct fixed_reading {
        const char *name;
        const char *value; /* as policy_value_format writes it */
        const char *zh;    /* what the reading means */
} fixed_readings[] = {
    {"m1.metrics", "tax_per_tonne,rd_share",
     "两项指标：单位污染物排放量税收贡献、研发投入占营业收入比重"},
    {"m1.metrics_rule", "any", "任一指标达到即可"},
    {"m1.tier_precedence", "key,general", "同时符合时重点激励优先"},
    {"m1.industry_average", "ratio_of_sums", "行业平均水平按同行业合计计算"},
    {"m1.zero_denominator", "exclude", "分母为零的指标无值，不计入行业平均"},
};

/* What a flag must be: 0 or 1. */
static const struct fixed_reading flag_reading = {NULL, "0 或 1", "0 或 1"};

/* The reading a value of a flag or of a reading implemented one way only must be, when v is not
 * it (&flag_reading for a flag); NULL when v is one the engine reads, or name is neither.
 * value_text receives the value as text. */
static const struct fixed_reading *refused_reading(const char *name, const struct policy_value *v,
                                                   char *value_text, size_t size)
{
        policy_value_format(v, value_text, size);
        for (size_t i = 0; i < GL_ARRAY_LEN(flag_params); i++)
                if (strcmp(flag_params[i], name) == 0)
                        return v->kind == POLICY_INT && (v->integer == 0 || v->integer == 1)
                                   ? NULL
                                   : &flag_reading;
        for (size_t i = 0; i < GL_ARRAY_LEN(fixed_readings); i++)
                if (strcmp(fixed_readings[i].name, name) == 0)
                        return strcmp(value_text, fixed_readings[i].value) == 0
                                   ? NULL
                                   : &fixed_readings[i];
        return NULL;
}

int incentive_check_pack(const struct policy_pack *pack, struct gl_error *err)
{
        for (size_t i = 0; i < pack->nparams; i++) {
                const struct policy_param *p = &pack->params[i];
                for (size_t k = 0; k < p->nvalues; k++) {
                        char shown[256];
                        const struct fixed_reading *want =
                            refused_reading(p->name, &p->values[k], shown, sizeof(shown));
                        if (want == NULL)
                                continue;
                        char field[160];
                        snprintf(field, sizeof(field), "parameters.%s.values[%zu].value", p->name,
                                 k);
                        return gl_fail(err, GL_EINVAL, field,
                                       "%s: 参数 %s = %s 未实现，应为 %s (measure 1 reads only %s)",
                                       field, p->name, shown, want->value, want->value);
                }
        }
        return GL_OK;
}

/* The readings of the values in force on the evaluation date (a what-if's too). */
static int check_readings(const struct policy_pack *pack, gl_date on, struct gl_error *err)
{
        for (size_t i = 0; i < pack->nparams; i++) {
                const char *name = pack->params[i].name;
                const struct policy_value *v = policy_param_value(pack, name, on);
                char shown[256];
                const struct fixed_reading *want =
                    v ? refused_reading(name, v, shown, sizeof(shown)) : NULL;
                if (want == &flag_reading)
                        return gl_fail(err, GL_EINVAL, name,
                                       "参数 %s 应为 0 或 1，而不是 '%s' (expected 0 or 1)", name,
                                       shown);
                if (want != NULL)
                        return gl_fail(err, GL_EINVAL, name,
                                       "参数 %s = %s 未实现：本系统只按解读 %s（%s）评价 "
                                       "(only the reading %s is implemented)",
                                       name, shown, want->value, want->zh, want->value);
        }
        return GL_OK;
}

/*
 * m1.emission_pollutants_vocs_industries (optional): the industries whose tax per tonne adds VOCs
 * to m1.emission_pollutants. Fills every industry's pollutant mask.
 */
static int resolve_vocs_industries(struct incentive_eval *ev, gl_date on, struct gl_error *err)
{
        static const char name[] = "m1.emission_pollutants_vocs_industries";
        const struct policy_pack *pack = ev->pack;
        for (size_t k = 0; k < pack->nindustries; k++)
                ev->pollutant_mask[k] = ev->default_mask;
        ev->v_vocs = policy_param_value(pack, name, on);
        if (ev->v_vocs == NULL)
                return GL_OK;
        if (ev->v_vocs->kind != POLICY_LIST)
                return gl_fail(err, GL_EINVAL, name,
                               "参数 %s 应为行业列表 (must be a list of industries)", name);
        for (size_t i = 0; i < ev->v_vocs->nlist; i++) {
                const struct policy_industry *ind = policy_industry_find(pack, ev->v_vocs->list[i]);
                if (ind == NULL)
                        return gl_fail(err, GL_EINVAL, name,
                                       "参数 %s 中的行业 '%s' 不在政策包的行业目录中 (unknown "
                                       "industry)",
                                       name, ev->v_vocs->list[i]);
                ev->pollutant_mask[ind - pack->industries] |= (uint8_t)(1u << POLLUTANT_VOCS);
        }
        return GL_OK;
}

static int resolve_params(struct incentive_eval *ev, gl_date on, struct gl_error *err)
{
        const struct policy_pack *pack = ev->pack;
        struct incentive_params *p = &ev->params;
        p->on = on;
        int rc = check_readings(pack, on, err);
        if (rc == GL_OK)
                rc = need_int(pack, "m1.key_margin_percent", on, 0, 1000, &ev->v_margin,
                              &p->key_margin_percent, err);
        if (rc == GL_OK)
                rc = need_int(pack, "m1.general_grace_months", on, 1, 120, &ev->v_general_grace,
                              &p->general_grace_months, err);
        if (rc == GL_OK)
                rc = need_int(pack, "m1.key_grace_months", on, 1, 120, &ev->v_key_grace,
                              &p->key_grace_months, err);
        if (rc != GL_OK)
                return rc;
        ev->v_industries = need_list(pack, "m1.industries", on, err);
        if (ev->v_industries == NULL)
                return GL_EINVAL;
        ev->v_pollutants = need_list(pack, "m1.emission_pollutants", on, err);
        if (ev->v_pollutants == NULL)
                return GL_EINVAL;
        for (size_t i = 0; i < ev->v_pollutants->nlist; i++) {
                enum pollutant pol = pollutant_from_code(ev->v_pollutants->list[i]);
                if (pol == POLLUTANT_COUNT_)
                        return gl_fail(err, GL_EINVAL, "m1.emission_pollutants",
                                       "未知污染物代码 '%s' (unknown pollutant code)",
                                       ev->v_pollutants->list[i]);
                p->pollutant[pol] = true;
                ev->default_mask |= (uint8_t)(1u << pol);
        }
        if (ev->v_pollutants->nlist == 0)
                return gl_fail(err, GL_EINVAL, "m1.emission_pollutants",
                               "污染物列表为空 (no pollutant listed)");
        rc = resolve_vocs_industries(ev, on, err);
        if (rc != GL_OK)
                return rc;
        for (size_t i = 0; i < ev->v_industries->nlist; i++) {
                const struct policy_industry *ind =
                    policy_industry_find(pack, ev->v_industries->list[i]);
                if (ind != NULL)
                        ev->in_scope[ind - pack->industries] = true;
        }
        ev->v_ungraded = policy_param_value(pack, "m1.ungraded", on);
        p->ungraded_lowest = true;
        p->ungraded_defaulted = true;
        if (ev->v_ungraded != NULL && ev->v_ungraded->kind == POLICY_TEXT) {
                p->ungraded_defaulted = false;
                if (strcmp(ev->v_ungraded->text, "excluded") == 0)
                        p->ungraded_lowest = false;
                else if (strcmp(ev->v_ungraded->text, "lowest") != 0)
                        return gl_fail(err, GL_EINVAL, "m1.ungraded",
                                       "参数 m1.ungraded 应为 lowest 或 excluded，而不是 '%s'",
                                       ev->v_ungraded->text);
        } else {
                ev->v_ungraded = NULL;
        }
        ev->v_default_ladder = policy_param_value(pack, "m1.default_ladder", on);
        ev->general_strict = optional_flag(pack, "m1.general_above_strict", on, true);
        ev->key_inclusive = optional_flag(pack, "m1.key_margin_inclusive", on, true);
        ev->official_wins = optional_flag(pack, "m1.official_average_wins", on, true);
        const struct policy_measure *m1 = policy_measure_find(pack, 1);
        p->measure_in_force = m1 == NULL || policy_measure_in_force(m1, on);
        p->what_if = policy_pack_overrides(pack, NULL, 0) > 0;
        return GL_OK;
}

static void prepare_texts(struct incentive_eval *ev);
static int collect_what_if(struct incentive_eval *ev, struct gl_error *err);

/* ---- evaluation -------------------------------------------------------------------------- */

static const char *subject_grade(const struct incentive_subject *s)
{
        return s->grade;
}

/* The ladder of an industry: its own, else m1.default_ladder, else none. */
static void industry_ladder(const struct incentive_eval *ev, int32_t industry, char *const **ladder,
                            size_t *n)
{
        const struct policy_industry *ind = &ev->pack->industries[industry];
        if (ind->nladder > 0) {
                *ladder = ind->ladder;
                *n = ind->nladder;
                return;
        }
        const struct policy_value *v = ev->v_default_ladder;
        if (v != NULL && v->kind == POLICY_LIST) {
                *ladder = v->list;
                *n = v->nlist;
                return;
        }
        *ladder = NULL;
        *n = 0;
}

static void place_on_ladder(const struct incentive_eval *ev, const struct incentive_subject *s,
                            struct incentive_outcome *o)
{
        char *const *ladder;
        size_t n;
        industry_ladder(ev, s->industry, &ladder, &n);
        o->rung = -1;
        o->next_rung = -1;
        const char *grade = subject_grade(s);
        if (grade[0] == '\0') {
                if (!ev->params.ungraded_lowest || n == 0) {
                        o->grade_status = INCENTIVE_GRADE_UNGRADED_EXCLUDED;
                        return;
                }
                o->grade_status = INCENTIVE_GRADE_UNGRADED_LOWEST;
                o->rung = 0;
        } else {
                for (size_t i = 0; i < n && i < 100; i++)
                        if (strcmp(ladder[i], grade) == 0)
                                o->rung = (int8_t)i;
                if (o->rung < 0) {
                        o->grade_status = INCENTIVE_GRADE_OFF_LADDER;
                        return;
                }
                o->grade_status = INCENTIVE_GRADE_ON_LADDER;
        }
        if ((size_t)o->rung + 1 >= n) {
                o->grade_status = INCENTIVE_GRADE_TOP;
                return;
        }
        o->next_rung = (int8_t)(o->rung + 1);
}

static bool grade_allows_tier(const struct incentive_outcome *o)
{
        return o->grade_status == INCENTIVE_GRADE_ON_LADDER ||
               o->grade_status == INCENTIVE_GRADE_UNGRADED_LOWEST;
}

static void sum_peers(struct incentive_eval *ev)
{
        size_t nind = ev->pack->nindustries;
        for (size_t i = 0; i < ev->n; i++) {
                const struct incentive_subject *s = &ev->subjects[i];
                if (s->industry < 0 || (size_t)s->industry >= nind || !ev->in_scope[s->industry])
                        continue;
                for (int m = 0; m < INCENTIVE_METRIC_COUNT_; m++) {
                        struct incentive_average *a =
                            &ev->averages[(size_t)s->industry * INCENTIVE_METRIC_COUNT_ + m];
                        uint64_t num;
                        u128 den;
                        if (subject_value(ev, s, (enum incentive_metric)m, &num, &den) ==
                            INCENTIVE_VALUE_OK) {
                                a->num += num;
                                a->den += den;
                                a->peers++;
                        } else {
                                a->without++;
                        }
                }
        }
        for (size_t k = 0; k < nind * INCENTIVE_METRIC_COUNT_; k++)
                if (ev->averages[k].peers > 0)
                        ev->averages[k].source = INCENTIVE_AVERAGE_PEER;
}

static void apply_officials(struct incentive_eval *ev)
{
        if (!ev->official_wins)
                return;
        for (size_t i = 0; i < ev->nofficials; i++) {
                const struct incentive_official *off = &ev->officials[i];
                const struct policy_industry *ind = policy_industry_find(ev->pack, off->industry);
                if (ind == NULL)
                        continue;
                struct incentive_average *a =
                    &ev->averages[(size_t)(ind - ev->pack->industries) * INCENTIVE_METRIC_COUNT_];
                if (off->has_tax_per_tonne && off->tax_per_tonne_micro_yuan > 0) {
                        a[INCENTIVE_TAX_PER_TONNE].source = INCENTIVE_AVERAGE_OFFICIAL;
                        a[INCENTIVE_TAX_PER_TONNE].num = (u128)off->tax_per_tonne_micro_yuan;
                        a[INCENTIVE_TAX_PER_TONNE].den = OFFICIAL_TAX_DEN;
                        a[INCENTIVE_TAX_PER_TONNE].official = off->source;
                }
                if (off->has_rd_share && off->rd_share_micro_percent > 0) {
                        a[INCENTIVE_RD_SHARE].source = INCENTIVE_AVERAGE_OFFICIAL;
                        a[INCENTIVE_RD_SHARE].num = (u128)off->rd_share_micro_percent;
                        a[INCENTIVE_RD_SHARE].den = OFFICIAL_RD_DEN;
                        a[INCENTIVE_RD_SHARE].official = off->source;
                }
        }
}

static void decide(const struct incentive_eval *ev, const struct incentive_subject *s,
                   struct incentive_outcome *o)
{
        memset(o, 0, sizeof(*o));
        o->rung = -1;
        o->next_rung = -1;
        if (s->industry < 0 || (size_t)s->industry >= ev->pack->nindustries ||
            !ev->in_scope[s->industry])
                return;
        o->in_scope = true;
        uint64_t hundred_plus = 100 + (uint64_t)ev->params.key_margin_percent;
        for (int m = 0; m < INCENTIVE_METRIC_COUNT_; m++) {
                uint64_t num;
                u128 den;
                o->status[m] = (uint8_t)subject_value(ev, s, (enum incentive_metric)m, &num, &den);
                const struct incentive_average *a =
                    &ev->averages[(size_t)s->industry * INCENTIVE_METRIC_COUNT_ + m];
                if (o->status[m] != INCENTIVE_VALUE_OK || a->source == INCENTIVE_AVERAGE_NONE)
                        continue;
                /* 高于行业平均水平: value > average. */
                int c = incentive_cmp_products(num, a->den, 1, a->num, den, 1);
                bool above = ev->general_strict ? c > 0 : c >= 0;
                /* 高于行业平均水平 20% 以上: value >= (100 + margin)/100 × average, and above it.
                 */
                int k = incentive_cmp_products(num, a->den, 100, a->num, den, hundred_plus);
                bool key = above && (ev->key_inclusive ? k >= 0 : k > 0);
                if (above)
                        o->above |= (uint8_t)(1u << m);
                if (key)
                        o->key |= (uint8_t)(1u << m);
        }
        place_on_ladder(ev, s, o);
        if (!ev->params.measure_in_force || !grade_allows_tier(o))
                return;
        if (o->key) {
                o->tier = INCENTIVE_TIER_KEY;
                o->grace_months = (int8_t)ev->params.key_grace_months;
        } else if (o->above) {
                o->tier = INCENTIVE_TIER_GENERAL;
                o->grace_months = (int8_t)ev->params.general_grace_months;
        }
}

void incentive_eval_free(struct incentive_eval *ev)
{
        if (ev == NULL)
                return;
        free(ev->in_scope);
        free(ev->averages);
        free(ev->officials);
        free(ev->outcomes);
        free(ev->texts);
        free(ev->pollutant_mask);
        free(ev->what_if);
        free(ev);
}

int incentive_evaluate(const struct policy_pack *pack, gl_date on,
                       const struct incentive_subject *subjects, size_t n,
                       const struct incentive_official *officials, size_t nofficials,
                       struct incentive_eval **out, struct gl_error *err)
{
        struct incentive_eval *ev = calloc(1, sizeof(*ev));
        if (ev == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        ev->pack = pack;
        ev->subjects = subjects;
        ev->n = n;
        size_t nind = pack->nindustries;
        ev->in_scope = calloc(nind + 1, sizeof(*ev->in_scope));
        ev->averages = calloc(nind * INCENTIVE_METRIC_COUNT_ + 1, sizeof(*ev->averages));
        ev->officials = calloc(nofficials + 1, sizeof(*ev->officials));
        ev->outcomes = calloc(n + 1, sizeof(*ev->outcomes));
        ev->texts = calloc(nind + 1, sizeof(*ev->texts));
        ev->pollutant_mask = calloc(nind + 1, sizeof(*ev->pollutant_mask));
        int rc;
        if (ev->in_scope == NULL || ev->averages == NULL || ev->officials == NULL ||
            ev->outcomes == NULL || ev->texts == NULL || ev->pollutant_mask == NULL) {
                rc = gl_fail(err, GL_ENOMEM, "", "out of memory");
                goto fail;
        }
        if (nofficials > 0)
                memcpy(ev->officials, officials, nofficials * sizeof(*officials));
        ev->nofficials = nofficials;
        rc = resolve_params(ev, on, err);
        if (rc != GL_OK)
                goto fail;
        rc = collect_what_if(ev, err);
        if (rc != GL_OK)
                goto fail;
        sum_peers(ev);
        apply_officials(ev);
        prepare_texts(ev);
        for (size_t i = 0; i < n; i++)
                decide(ev, &subjects[i], &ev->outcomes[i]);
        *out = ev;
        return GL_OK;
fail:
        incentive_eval_free(ev);
        return rc;
}

size_t incentive_eval_count(const struct incentive_eval *ev)
{
        return ev->n;
}

const struct incentive_outcome *incentive_eval_outcome(const struct incentive_eval *ev, size_t i)
{
        return &ev->outcomes[i];
}

const struct incentive_params *incentive_eval_params(const struct incentive_eval *ev)
{
        return &ev->params;
}

const struct incentive_average *incentive_eval_average(const struct incentive_eval *ev,
                                                       int32_t industry, enum incentive_metric m)
{
        return &ev->averages[(size_t)industry * INCENTIVE_METRIC_COUNT_ + m];
}

bool incentive_eval_pollutant_counted(const struct incentive_eval *ev, int32_t industry,
                                      enum pollutant p)
{
        return (unsigned)p < POLLUTANT_COUNT_ && (pollutant_mask(ev, industry) & (1u << p));
}

size_t incentive_eval_what_if(const struct incentive_eval *ev, const struct incentive_what_if **out)
{
        *out = ev->what_if;
        return ev->nwhat_if;
}

/* ---- explanation ------------------------------------------------------------------------- */

/* Cuts text back to the last complete UTF-8 character (after a truncating snprintf). */
static void utf8_trim(char *text)
{
        size_t len = strlen(text);
        size_t i = len;
        while (i > 0 && ((unsigned char)text[i - 1] & 0xC0) == 0x80)
                i--;
        if (i == 0)
                return;
        unsigned char lead = (unsigned char)text[i - 1];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (len - (i - 1) < need)
                text[i - 1] = '\0';
}

/*
 * Explanations are written with vsnprintf's contract (at most size - 1 bytes and a NUL; returns the
 * length the whole text needs) but without a stdio string stream per line: the runs of the format
 * are copied with memcpy and the conversions the explanations use (%s, %.*s, %d, %lld with an
 * optional '0' flag and width, %%) are written here. Any other conversion hands the whole text to
 * vsnprintf, so the result is always the one vsnprintf gives.
 */
struct text_out {
        char *buf;
        size_t size;
        size_t len; /* bytes the whole text needs so far */
};

static void text_put(struct text_out *t, const char *s, size_t n)
{
        if (t->len + 1 < t->size) {
                size_t room = t->size - 1 - t->len;
                memcpy(t->buf + t->len, s, n < room ? n : room);
        }
        t->len += n;
}

static void text_int(struct text_out *t, long long v, int width, bool zero)
{
        char digits[24];
        int n = 0;
        unsigned long long m = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
        do {
                digits[sizeof(digits) - 1 - n++] = (char)('0' + (int)(m % 10));
                m /= 10;
        } while (m > 0);
        int len = n + (v < 0);
        for (; !zero && len < width; len++)
                text_put(t, " ", 1);
        if (v < 0)
                text_put(t, "-", 1);
        for (; zero && len < width; len++)
                text_put(t, "0", 1);
        text_put(t, digits + sizeof(digits) - n, (size_t)n);
}

static int text_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
        va_list again;
        va_copy(again, ap);
        struct text_out t = {.buf = buf, .size = size};
        const char *p = fmt;
        for (;;) {
                const char *pct = strchr(p, '%');
                if (pct == NULL) {
                        text_put(&t, p, strlen(p));
                        break;
                }
                text_put(&t, p, (size_t)(pct - p));
                p = pct + 1;
                if (*p == '%') {
                        text_put(&t, "%", 1);
                        p++;
                        continue;
                }
                bool zero = *p == '0';
                if (zero)
                        p++;
                int width = 0;
                while (*p >= '0' && *p <= '9' && width < 100)
                        width = width * 10 + (*p++ - '0');
                bool star = p[0] == '.' && p[1] == '*';
                if (star)
                        p += 2;
                bool wide = p[0] == 'l' && p[1] == 'l';
                if (wide)
                        p += 2;
                if (*p == 's' && !zero && width == 0 && !wide) {
                        int prec = star ? va_arg(ap, int) : -1;
                        const char *s = va_arg(ap, const char *);
                        if (s == NULL)
                                s = "(null)";
                        text_put(&t, s, prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s));
                } else if (*p == 'd' && !star) {
                        long long v = wide ? va_arg(ap, long long) : va_arg(ap, int);
                        text_int(&t, v, width, zero);
                } else {
                        int w = vsnprintf(buf, size, fmt, again);
                        va_end(again);
                        return w;
                }
                p++;
        }
        va_end(again);
        if (size > 0)
                buf[t.len < size ? t.len : size - 1] = '\0';
        return t.len > INT_MAX ? INT_MAX : (int)t.len;
}

/* snprintf for explanation text (see text_vformat). */
__attribute__((format(printf, 3, 4))) static int text_format(char *buf, size_t size,
                                                             const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        int w = text_vformat(buf, size, fmt, ap);
        va_end(ap);
        return w;
}

/* Copies text into buf, cut at size - 1 bytes as snprintf("%s") would. */
static void copy_text(char *buf, size_t size, const char *text)
{
        size_t n = strnlen(text, size - 1);
        memcpy(buf, text, n);
        buf[n] = '\0';
}

static void vput_line(char *line, const char *fmt, va_list ap)
{
        int w = text_vformat(line, INCENTIVE_LINE_MAX, fmt, ap);
        if (w >= INCENTIVE_LINE_MAX)
                utf8_trim(line);
}

__attribute__((format(printf, 2, 3))) static void put_line(char *line, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        vput_line(line, fmt, ap);
        va_end(ap);
}

__attribute__((format(printf, 2, 3))) static void say(struct incentive_result *r, const char *fmt,
                                                      ...)
{
        if (r->nexplanation >= INCENTIVE_EXPLANATION_MAX)
                return;
        va_list ap;
        va_start(ap, fmt);
        char *line = r->explanation[r->nexplanation];
        vput_line(line, fmt, ap);
        va_end(ap);
        r->explanation_len[r->nexplanation++] = (uint16_t)strlen(line);
}

/* Adds a line written beforehand, len bytes long. */
static void say_text(struct incentive_result *r, const char *text, size_t len)
{
        if (r->nexplanation >= INCENTIVE_EXPLANATION_MAX)
                return;
        memcpy(r->explanation[r->nexplanation], text, len + 1);
        r->explanation_len[r->nexplanation++] = (uint16_t)len;
}

/* Appends the n bytes at text to buf, which holds *used bytes, keeping at most size - 1 bytes in
 * all (as successive snprintf calls at the end of buf would); the caller adds the NUL. */
static void append_cut(char *buf, size_t size, size_t *used, const char *text, size_t n)
{
        size_t room = size - 1 - *used;
        if (n > room)
                n = room;
        memcpy(buf + *used, text, n);
        *used += n;
}

/* Writes v in decimal into buf (at least 24 bytes); returns its length. */
static size_t int_text(long long v, char *buf)
{
        return (size_t)text_format(buf, 24, "%lld", v);
}

/* A piece of a line and its length. */
struct text_part {
        const char *s;
        size_t n;
};

#define PART_LIT(literal) ((struct text_part){literal, sizeof(literal) - 1})
#define PART_STR(text) ((struct text_part){(text), strlen(text)})

/* Adds the line made of the parts one after the other, cut as say() cuts a line that is too long
 * (at INCENTIVE_LINE_MAX - 1 bytes, back to the last complete UTF-8 character). */
static void say_parts(struct incentive_result *r, const struct text_part *parts, size_t nparts)
{
        if (r->nexplanation >= INCENTIVE_EXPLANATION_MAX)
                return;
        size_t k = r->nexplanation++;
        char *line = r->explanation[k];
        size_t len = 0;
        for (size_t i = 0; i < nparts; i++) {
                size_t room = INCENTIVE_LINE_MAX - 1 - len;
                if (parts[i].n > room) {
                        memcpy(line + len, parts[i].s, room);
                        line[INCENTIVE_LINE_MAX - 1] = '\0';
                        utf8_trim(line);
                        r->explanation_len[k] = (uint16_t)strlen(line);
                        return;
                }
                memcpy(line + len, parts[i].s, parts[i].n);
                len += parts[i].n;
        }
        line[len] = '\0';
        r->explanation_len[k] = (uint16_t)len;
}

/* Since when the value of parameter name applies, as cited: "自 2022-01-01 起"; a what-if value
 * applies since no date of the pack's: "假设值". */
static void from_text(const struct incentive_eval *ev, const char *name,
                      const struct policy_value *v, char buf[static 32])
{
        char date[11];
        if (policy_param_is_overridden(ev->pack, name))
                snprintf(buf, 32, "假设值");
        else if (v == NULL || v->from == GL_DATE_NONE)
                snprintf(buf, 32, "自 发布之日 起");
        else
                snprintf(buf, 32, "自 %s 起", date_format_iso(v->from, date));
}

/* A value as an explanation shows it: policy_value_format, "（空）" for an empty list. */
static void value_shown(const struct policy_value *v, char *buf, size_t size)
{
        policy_value_format(v, buf, size);
        if (buf[0] == '\0' && v != NULL && v->kind == POLICY_LIST)
                snprintf(buf, size, "（空）");
}

/* Appends to buf (used bytes of size) the what-if mark of parameter name, when it is overridden:
 * "（假设：NAME = VALUE；政策包原值 ORIGINAL）". */
static void add_mark(const struct incentive_eval *ev, const char *name, char *buf, size_t size,
                     size_t *used)
{
        const struct policy_param *p = policy_param_find(ev->pack, name);
        if (p == NULL || !p->overridden)
                return;
        char value[256], original[256];
        value_shown(policy_param_value(ev->pack, name, ev->params.on), value, sizeof(value));
        const struct policy_value *pv = policy_param_pack_value(ev->pack, name, ev->params.on);
        value_shown(pv, original, sizeof(original));
        int w = text_format(buf + *used, size - *used, "（假设：%s = %s；%s%s）", name, value,
                            pv ? "政策包原值 " : "政策包在评价日无此参数值", pv ? original : "");
        if (w > 0)
                *used += (size_t)w < size - *used ? (size_t)w : size - 1 - *used;
}

/* The parameters of measure 1 this engine reads, for the marks. */
static const char *const engine_params[] = {
    "m1.industries",
    "m1.emission_pollutants",
    "m1.emission_pollutants_vocs_industries",
    "m1.key_margin_percent",
    "m1.general_grace_months",
    "m1.key_grace_months",
    "m1.ungraded",
    "m1.default_ladder",
    "m1.general_above_strict",
    "m1.key_margin_inclusive",
    "m1.official_average_wins",
};

bool incentive_reads_param(const char *name)
{
        for (size_t i = 0; i < GL_ARRAY_LEN(engine_params); i++)
                if (strcmp(engine_params[i], name) == 0)
                        return true;
        for (size_t i = 0; i < GL_ARRAY_LEN(fixed_readings); i++)
                if (strcmp(fixed_readings[i].name, name) == 0)
                        return true;
        return false;
}

size_t incentive_assumable_params(const char *const **names)
{
        *names = engine_params;
        return GL_ARRAY_LEN(engine_params);
}

static void set_mark(struct incentive_eval *ev, enum mark k, const char *const *names, size_t n)
{
        size_t used = 0;
        for (size_t i = 0; i < n; i++)
                add_mark(ev, names[i], ev->mark[k], sizeof(ev->mark[k]), &used);
        ev->mark[k][used] = '\0';
        utf8_trim(ev->mark[k]);
        ev->mark_len[k] = strlen(ev->mark[k]);
}

/* Writes the marks of the lines; all "" when the pack has no overrides. */
static void prepare_marks(struct incentive_eval *ev)
{
        if (!ev->params.what_if)
                return;
        static const char *const industries[] = {"m1.industries"};
        static const char *const pollutants[] = {"m1.emission_pollutants",
                                                 "m1.emission_pollutants_vocs_industries"};
        static const char *const official[] = {"m1.official_average_wins"};
        static const char *const compare[] = {"m1.general_above_strict", "m1.key_margin_inclusive",
                                              "m1.key_margin_percent"};
        static const char *const ungraded[] = {"m1.ungraded"};
        static const char *const ladder[] = {"m1.default_ladder"};
        static const char *const general[] = {"m1.general_grace_months"};
        static const char *const key[] = {"m1.key_grace_months"};
        set_mark(ev, MARK_INDUSTRIES, industries, 1);
        set_mark(ev, MARK_POLLUTANTS, pollutants, 2);
        set_mark(ev, MARK_OFFICIAL, official, 1);
        set_mark(ev, MARK_COMPARE, compare, 3);
        set_mark(ev, MARK_UNGRADED, ungraded, 1);
        set_mark(ev, MARK_LADDER, ladder, 1);
        set_mark(ev, MARK_GENERAL_GRACE, general, 1);
        set_mark(ev, MARK_KEY_GRACE, key, 1);
        bool any = false;
        for (size_t i = 0; i < GL_ARRAY_LEN(engine_params); i++)
                any = any || policy_param_is_overridden(ev->pack, engine_params[i]);
        if (any)
                text_format(ev->mark[MARK_DECISION], sizeof(ev->mark[MARK_DECISION]), "%s",
                            "（假设评价：本结论按本次假设的参数值得出，不是按政策包原值的结论；假设"
                            "见末行）");
        ev->mark_len[MARK_DECISION] = strlen(ev->mark[MARK_DECISION]);
}

/*
 * The mark of the line naming the pack: every override, as many as fit in room bytes; the rest
 * are counted ("另有 N 项假设参数未列出，见结果的 what_if") rather than cut off unseen.
 */
static void pack_mark(struct incentive_eval *ev, size_t room)
{
        char *buf = ev->mark[MARK_PACK];
        size_t used = 0, listed = 0, total = 0;
        static const char more[] = "（另有 %zu 项假设参数未列出，见结果的 what_if）";
        size_t reserve = sizeof(more) + 16;
        room = room < sizeof(ev->mark[MARK_PACK]) ? room : sizeof(ev->mark[MARK_PACK]);
        for (size_t i = 0; i < ev->pack->nparams; i++) {
                if (!ev->pack->params[i].overridden)
                        continue;
                total++;
                char one[INCENTIVE_LINE_MAX];
                size_t n = 0;
                add_mark(ev, ev->pack->params[i].name, one, sizeof(one), &n);
                if (listed == total - 1 && used + n + reserve < room) {
                        memcpy(buf + used, one, n);
                        used += n;
                        listed++;
                }
        }
        buf[used] = '\0';
        if (listed < total && used + reserve < sizeof(ev->mark[MARK_PACK]))
                snprintf(buf + used, sizeof(ev->mark[MARK_PACK]) - used, more, total - listed);
        ev->mark_len[MARK_PACK] = strlen(buf);
}

/* A mark as a part of a line. */
static struct text_part mark_part(const struct incentive_eval *ev, enum mark k)
{
        return (struct text_part){ev->mark[k], ev->mark_len[k]};
}

/* The pack's overrides as the results list them. */
static int collect_what_if(struct incentive_eval *ev, struct gl_error *err)
{
        const struct policy_param *params[INCENTIVE_WHAT_IF_MAX];
        size_t n = policy_pack_overrides(ev->pack, params, INCENTIVE_WHAT_IF_MAX);
        if (n == 0)
                return GL_OK;
        if (n > INCENTIVE_WHAT_IF_MAX)
                return gl_fail(err, GL_ELIMIT, "",
                               "假设的参数超过 %d 个 (more than %d what-if parameters)",
                               INCENTIVE_WHAT_IF_MAX, INCENTIVE_WHAT_IF_MAX);
        ev->what_if = calloc(n, sizeof(*ev->what_if));
        if (ev->what_if == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        for (size_t i = 0; i < n; i++) {
                struct incentive_what_if *w = &ev->what_if[i];
                copy_text(w->name, sizeof(w->name), params[i]->name);
                policy_value_format(policy_param_value(ev->pack, params[i]->name, ev->params.on),
                                    w->value, sizeof(w->value));
                const struct policy_value *pv =
                    policy_param_pack_value(ev->pack, params[i]->name, ev->params.on);
                w->has_pack_value = pv != NULL;
                policy_value_format(pv, w->pack_value, sizeof(w->pack_value));
        }
        ev->nwhat_if = n;
        return GL_OK;
}

static void join_list(const struct policy_value *v, char *buf, size_t size)
{
        size_t used = 0;
        buf[0] = '\0';
        for (size_t i = 0; v != NULL && i < v->nlist && used < size; i++) {
                int w = snprintf(buf + used, size - used, "%s%s", i ? "," : "", v->list[i]);
                if (w < 0)
                        break;
                used += (size_t)w;
        }
}

/*
 * Writes num/den (den > 0) with `decimals` decimals, rounded half up, into buf. Exact when
 * num × 10^decimals fits in 128 bits (always, for figures of one enterprise); otherwise through
 * long double, which is display only.
 */
static void format_quotient(u128 num, u128 den, int decimals, char *buf, size_t size)
{
        u128 pow = 1, scaled;
        for (int i = 0; i < decimals; i++)
                pow *= 10;
        if (__builtin_mul_overflow(num, pow, &scaled)) {
                snprintf(buf, size, "%.*Lf", decimals, (long double)num / (long double)den);
                return;
        }
        u128 half = den / 2;
        u128 q = scaled <= ~(u128)0 - half ? (scaled + half) / den : scaled / den;
        char digits[64];
        int n = 0;
        for (int i = 0; i < decimals; i++, q /= 10)
                digits[n++] = (char)('0' + (int)(q % 10));
        if (decimals > 0)
                digits[n++] = '.';
        do {
                digits[n++] = (char)('0' + (int)(q % 10));
                q /= 10;
        } while (q > 0 && n < 60);
        size_t used = 0;
        while (n > 0 && used + 1 < size)
                buf[used++] = digits[--n];
        buf[used] = '\0';
}

/* Display of an exact ratio: tax per tonne in yuan/t (fen/g × 10^4), R&D share in percent. */
static void format_metric(enum incentive_metric m, u128 num, u128 den, char *buf, size_t size)
{
        u128 scaled;
        u128 factor = m == INCENTIVE_TAX_PER_TONNE ? 10000 : 100;
        if (__builtin_mul_overflow(num, factor, &scaled)) {
                long double v = (long double)num / (long double)den * (long double)factor;
                snprintf(buf, size, "%.*Lf", m == INCENTIVE_TAX_PER_TONNE ? 2 : 4, v);
                return;
        }
        format_quotient(scaled, den, m == INCENTIVE_TAX_PER_TONNE ? 2 : 4, buf, size);
}

/* value ÷ average = (num × avg_den) / (den × avg_num), 4 decimals. */
static void format_ratio(u128 num, u128 den, const struct incentive_average *a, char *buf,
                         size_t size)
{
        u128 top, bottom;
        if (__builtin_mul_overflow(num, a->den, &top) ||
            __builtin_mul_overflow(den, a->num, &bottom)) {
                long double ratio = ((long double)num * (long double)a->den) /
                                    ((long double)den * (long double)a->num);
                snprintf(buf, size, "%.4Lf", ratio);
                return;
        }
        format_quotient(top, bottom, 4, buf, size);
}

static const char *metric_unit(enum incentive_metric m)
{
        return m == INCENTIVE_TAX_PER_TONNE ? " 元/吨" : "%";
}

static void explain_no_value(struct incentive_result *r, const struct incentive_eval *ev,
                             const struct incentive_subject *s, enum incentive_metric m,
                             enum incentive_value_status st)
{
        char why[320] = "";
        bool tax = m == INCENTIVE_TAX_PER_TONNE;
        switch (st) {
        case INCENTIVE_VALUE_MISSING_NUMERATOR:
                text_format(why, sizeof(why), "%d 年%s未填报", r->year,
                            tax ? "纳税额" : "研发投入");
                break;
        case INCENTIVE_VALUE_MISSING_DENOMINATOR:
                if (!tax) {
                        text_format(why, sizeof(why), "%d 年营业收入未填报", r->year);
                        break;
                }
                text_format(why, sizeof(why), "%d 年", r->year);
                for (int p = 0; p < POLLUTANT_COUNT_; p++)
                        if ((pollutant_mask(ev, s->industry) & (1u << p)) &&
                            s->emission_g[p] == GL_AMOUNT_NONE)
                                text_format(why + strlen(why), sizeof(why) - strlen(why), "%s、",
                                            pollutant_name_zh((enum pollutant)p));
                why[strlen(why) - strlen("、")] = '\0';
                text_format(why + strlen(why), sizeof(why) - strlen(why), "排放量未填报");
                break;
        case INCENTIVE_VALUE_ZERO_DENOMINATOR:
                text_format(why, sizeof(why), "%d 年%s为零，比值无意义（不视为无穷大）", r->year,
                            tax ? "污染物排放量合计" : "营业收入");
                break;
        default:
                text_format(why, sizeof(why), "%d 年填报数值为负", r->year);
                break;
        }
        bool uses_pollutants = tax && st != INCENTIVE_VALUE_MISSING_NUMERATOR;
        say(r, "%s：无数值——%s；该企业不计入本行业平均值，也不能以此项指标获得激励。%s",
            incentive_metric_label_zh(m), why, uses_pollutants ? ev->mark[MARK_POLLUTANTS] : "");
}

static void explain_value(struct incentive_result *r, const struct incentive_eval *ev,
                          const struct incentive_subject *s, enum incentive_metric m)
{
        char a[40], b[40], v[48], year[24];
        struct text_part year_part = {year, int_text(r->year, year)};
        if (m == INCENTIVE_RD_SHARE) {
                struct text_part parts[] = {
                    PART_LIT("研发投入占营业收入比重："),
                    year_part,
                    PART_LIT(" 年研发投入 "),
                    PART_STR(amount_format_yuan(s->rd_fen, a, sizeof(a))),
                    PART_LIT(" 元 ÷ 营业收入 "),
                    PART_STR(amount_format_yuan(s->revenue_fen, b, sizeof(b))),
                    PART_LIT(" 元 = "),
                    PART_STR(r->metrics[m].value),
                    PART_LIT("%。"),
                };
                say_parts(r, parts, sizeof(parts) / sizeof(parts[0]));
                return;
        }
        char parts[320];
        size_t used = 0;
        int64_t total = 0;
        const struct industry_text *t = &ev->texts[s->industry];
        unsigned mask = pollutant_mask(ev, s->industry);
        for (int p = 0; p < POLLUTANT_COUNT_; p++) {
                if (!(mask & (1u << p)))
                        continue;
                total += s->emission_g[p];
                if (used)
                        append_cut(parts, sizeof(parts), &used, " + ", 3);
                const char *name = pollutant_name_zh((enum pollutant)p);
                append_cut(parts, sizeof(parts), &used, name, strlen(name));
                append_cut(parts, sizeof(parts), &used, " ", 1);
                const char *tonnes = amount_format_tonnes(s->emission_g[p], v, sizeof(v));
                append_cut(parts, sizeof(parts), &used, tonnes, strlen(tonnes));
        }
        parts[used] = '\0';
        struct text_part line[] = {
            PART_LIT("单位污染物排放量税收贡献："),
            year_part,
            PART_LIT(" 年纳税 "),
            PART_STR(amount_format_yuan(s->tax_fen, a, sizeof(a))),
            PART_LIT(" 元 ÷ 污染物排放量 "),
            PART_STR(amount_format_tonnes(total, b, sizeof(b))),
            PART_LIT(" 吨（"),
            PART_STR(parts),
            {t->pollutant_source, t->pollutant_source_len},
            PART_LIT("）= "),
            PART_STR(r->metrics[m].value),
            PART_LIT(" 元/吨。"),
            mark_part(ev, MARK_POLLUTANTS),
        };
        say_parts(r, line, sizeof(line) / sizeof(line[0]));
}

static void explain_average(struct incentive_result *r, const struct incentive_eval *ev,
                            const struct incentive_subject *s, enum incentive_metric m)
{
        const struct industry_text *t = &ev->texts[s->industry];
        say_text(r, t->average_line[m], t->average_len[m]);
}

/* The line about an industry's average of metric m (the same for all its enterprises). */
static void average_line(const struct incentive_eval *ev, size_t industry, enum incentive_metric m,
                         char *line)
{
        const struct incentive_average *a = &ev->averages[industry * INCENTIVE_METRIC_COUNT_ + m];
        const char *label = incentive_metric_label_zh(m);
        const char *value = ev->texts[industry].average[m];
        bool tax = m == INCENTIVE_TAX_PER_TONNE;
        const char *official = ev->mark[MARK_OFFICIAL];
        char without[96] = "";
        switch (a->source) {
        case INCENTIVE_AVERAGE_OFFICIAL:
                put_line(line,
                         "%s行业平均水平 %s%s：采用已导入的本年度官方公布值（%s），优先于同行业计算"
                         "值。%s",
                         label, value, metric_unit(m),
                         a->official && a->official[0] ? a->official : "来源未注明", official);
                return;
        case INCENTIVE_AVERAGE_PEER:
                if (a->without > 0)
                        text_format(without, sizeof(without), "；另有 %lld 家无数值，未计入",
                                    (long long)a->without);
                put_line(line,
                         "%s行业平均水平 %s%s：本行业 %lld 家有数值企业的%s合计 ÷ %s合计"
                         "（合计之比%s）。%s%s",
                         label, value, metric_unit(m), (long long)a->peers,
                         tax ? "纳税" : "研发投入", tax ? "污染物排放量" : "营业收入", without,
                         tax ? ev->mark[MARK_POLLUTANTS] : "", official);
                return;
        default:
                put_line(line,
                         "%s：本行业没有可用的平均水平（无企业有数值，也未导入官方公布值）。%s",
                         label, official);
                return;
        }
}

/* The comparison sentence after the ratio, for a metric that is (not) above and (not) at the key
 * threshold: the same for every enterprise of the evaluation. */
static void comparison_tail(const struct incentive_eval *ev, bool above, bool key, char *line)
{
        int64_t margin = ev->params.key_margin_percent;
        int64_t t = 100 + margin;
        put_line(line,
                 " 倍：一般性激励门槛为%s平均水平，%s；"
                 "重点激励门槛为高于平均水平 %lld%%%s（即%s %lld.%02lld 倍；参数 "
                 "m1.key_margin_percent = %lld，%s），%s。",
                 ev->general_strict ? "高于（严格大于）" : "不低于", above ? "已达到" : "未达到",
                 (long long)margin, ev->key_inclusive ? "以上" : "（不含本数）",
                 ev->key_inclusive ? "≥" : ">", (long long)(t / 100), (long long)(t % 100),
                 (long long)margin, ev->from_margin, key ? "已达到" : "未达到");
}

static void explain_comparison(struct incentive_result *r, const struct incentive_eval *ev,
                               const struct incentive_outcome *o, enum incentive_metric m)
{
        bool above = o->above & (1u << m), key = o->key & (1u << m);
        const char *ratio = r->metrics[m].ratio;
        bool note =
            (strcmp(ratio, "1.0000") == 0 && above) || (strcmp(ratio, ev->threshold) == 0 && !key);
        struct text_part parts[] = {
            PART_STR(incentive_metric_label_zh(m)),
            PART_LIT("与行业平均水平之比为 "),
            PART_STR(ratio),
            {ev->comparison_tail[above][key], ev->comparison_tail_len[above][key]},
            note ? PART_LIT("（比值四舍五入后显示为门槛值，按精确的整数比较结果判定）")
                 : PART_LIT(""),
            mark_part(ev, MARK_COMPARE),
        };
        say_parts(r, parts, sizeof(parts) / sizeof(parts[0]));
}

static void explain_grade(struct incentive_result *r, const struct incentive_eval *ev,
                          const struct incentive_subject *s, const struct incentive_outcome *o)
{
        char *const *ladder;
        size_t n;
        industry_ladder(ev, s->industry, &ladder, &n);
        const struct industry_text *t = &ev->texts[s->industry];
        const char *steps = t->steps;
        const char *reading = ev->reading;
        const char *ungraded = ev->mark[MARK_UNGRADED];
        struct text_part ladder_mark =
            t->default_ladder ? mark_part(ev, MARK_LADDER) : PART_LIT("");
        switch (o->grade_status) {
        case INCENTIVE_GRADE_ON_LADDER: {
                struct text_part parts[] = {
                    PART_LIT("现绩效等级 "),
                    PART_STR(s->grade),
                    PART_LIT("；本行业等级阶梯（由低到高）"),
                    {steps, t->steps_len},
                    PART_LIT("；高一级别为 "),
                    PART_STR(ladder[o->next_rung]),
                    PART_LIT("。"),
                    ladder_mark,
                };
                say_parts(r, parts, sizeof(parts) / sizeof(parts[0]));
                break;
        }
        case INCENTIVE_GRADE_TOP:
                say(r,
                    "现绩效等级 %s 已是本行业等级阶梯（%s）的最高级别，无可晋升的高一级别，"
                    "不适用激励。%s",
                    n ? ladder[n - 1] : s->grade, steps, ladder_mark.s);
                break;
        case INCENTIVE_GRADE_UNGRADED_LOWEST:
                say(r,
                    "尚未评定绩效等级：%s视同本行业最低级别 %s；等级阶梯 %s；高一级别为 %s。%s%s",
                    reading, ladder[0], steps, ladder[o->next_rung], ungraded, ladder_mark.s);
                break;
        case INCENTIVE_GRADE_UNGRADED_EXCLUDED:
                say(r, "尚未评定绩效等级：%s不参与晋级激励。%s", reading, ungraded);
                break;
        default:
                say(r, "现绩效等级 %s 不在本行业等级阶梯（%s）中，无法确定高一级别，不予激励。%s",
                    s->grade, steps, ladder_mark.s);
                break;
        }
}

static void metrics_named(uint8_t bits, char *buf, size_t size)
{
        buf[0] = '\0';
        for (int m = 0; m < INCENTIVE_METRIC_COUNT_; m++)
                if (bits & (1u << m))
                        text_format(buf + strlen(buf), size - strlen(buf), "%s%s",
                                    buf[0] ? "和" : "",
                                    incentive_metric_label_zh((enum incentive_metric)m));
}

static void explain_conclusion(struct incentive_result *r, const struct incentive_eval *ev,
                               const struct incentive_outcome *o)
{
        char named[160];
        if (o->tier == INCENTIVE_TIER_KEY || o->tier == INCENTIVE_TIER_GENERAL) {
                bool key = o->tier == INCENTIVE_TIER_KEY;
                char months[24];
                struct text_part months_part = {months, int_text(r->grace_months, months)};
                struct text_part parts[] = {
                    PART_LIT("结论："),
                    PART_STR(incentive_tier_label_zh(o->tier)),
                    PART_LIT("——"),
                    PART_STR(ev->named[(key ? o->key : o->above) & 3]),
                    key ? PART_LIT("达到重点激励门槛") : PART_LIT("高于行业平均水平"),
                    PART_LIT("；可先按高一级别 "),
                    PART_STR(r->next_grade),
                    PART_LIT(" 实施绩效管理，"),
                    months_part,
                    PART_LIT(" 个月内（参数 "),
                    key ? PART_LIT("m1.key_grace_months") : PART_LIT("m1.general_grace_months"),
                    PART_LIT(" = "),
                    months_part,
                    PART_LIT("，"),
                    PART_STR(key ? ev->from_key : ev->from_general),
                    PART_LIT("）环保指标达标后正式晋级。"),
                    mark_part(ev, key ? MARK_KEY_GRACE : MARK_GENERAL_GRACE),
                    mark_part(ev, MARK_DECISION),
                };
                say_parts(r, parts, sizeof(parts) / sizeof(parts[0]));
                return;
        }
        if (!ev->params.measure_in_force) {
                char on[11];
                say(r, "结论：不予激励——第一项措施在评价日 %s 不在兑现期内。",
                    date_format_iso(ev->params.on, on));
                return;
        }
        if (o->above) {
                metrics_named(o->above, named, sizeof(named));
                say(r,
                    "结论：不予激励——%s虽高于行业平均水平，但该企业没有可晋升的高一级别"
                    "（见上）。%s",
                    named, ev->mark[MARK_DECISION]);
                return;
        }
        say(r, "结论：不符合激励条件——两项指标均未高于行业平均水平，或无可比较的数值。%s",
            ev->mark[MARK_DECISION]);
}

/* The paragraph of measure 1's content that begins with the tier's name, quoted; else the built-in
 * one. */
static void clause_line(const struct incentive_eval *ev, enum incentive_tier tier, char *line)
{
        const struct policy_measure *m1 = policy_measure_find(ev->pack, 1);
        const char *prefix = tier == INCENTIVE_TIER_KEY ? "重点激励" : "一般性激励";
        const char *quote =
            tier == INCENTIVE_TIER_KEY ? builtin_key_clause : builtin_general_clause;
        size_t qlen = strlen(quote);
        const char *content = m1 != NULL ? m1->content_zh : NULL;
        const char *at = content != NULL ? strstr(content, prefix) : NULL;
        if (at != NULL) {
                const char *end = strchr(at, '\n');
                quote = at;
                qlen = end ? (size_t)(end - at) : strlen(at);
        }
        put_line(line, "依据：第一项措施“%s”：“%.*s”",
                 m1 != NULL && m1->title_zh ? m1->title_zh : "实施激励性生态环境绩效分级制度",
                 (int)qlen, quote);
}

/* The pollutant names of a mask, "二氧化硫、氮氧化物、颗粒物". */
static void pollutant_names(unsigned mask, char *buf, size_t size)
{
        size_t used = 0;
        for (int p = 0; p < POLLUTANT_COUNT_; p++) {
                if (!(mask & (1u << p)))
                        continue;
                if (used)
                        append_cut(buf, size, &used, "、", strlen("、"));
                const char *name = pollutant_name_zh((enum pollutant)p);
                append_cut(buf, size, &used, name, strlen(name));
        }
        buf[used] = '\0';
}

/*
 * The line saying which pollutants tax per tonne sums for industry k and which parameters say so,
 * and the citation of the tax-per-tonne line (the same for all the industry's enterprises).
 */
static void pollutant_texts(struct incentive_eval *ev, size_t k, const char *zh, const char *code,
                            struct industry_text *t)
{
        unsigned mask = ev->pollutant_mask[k];
        bool vocs_default = ev->default_mask & (1u << POLLUTANT_VOCS);
        bool vocs_added = (mask & (1u << POLLUTANT_VOCS)) && !vocs_default;
        char names[160], defaults[256], vocs[256], why[640];
        pollutant_names(mask, names, sizeof(names));
        value_shown(ev->v_pollutants, defaults, sizeof(defaults));
        value_shown(ev->v_vocs, vocs, sizeof(vocs));
        if (ev->v_vocs == NULL)
                text_format(why, sizeof(why),
                            "，各行业同此（政策包在评价日未设参数 "
                            "m1.emission_pollutants_vocs_industries）");
        else if (vocs_default)
                text_format(why, sizeof(why),
                            "，各行业同此，已含挥发性有机物（参数 "
                            "m1.emission_pollutants_vocs_industries = %s，%s，不另加）",
                            vocs, ev->from_vocs);
        else if (vocs_added)
                text_format(why, sizeof(why),
                            "；本行业列于参数 m1.emission_pollutants_vocs_industries = %s（%s），"
                            "另加挥发性有机物",
                            vocs, ev->from_vocs);
        else
                text_format(why, sizeof(why),
                            "；本行业不在参数 m1.emission_pollutants_vocs_industries = %s（%s）"
                            "中，不计挥发性有机物",
                            vocs, ev->from_vocs);
        put_line(t->pollutant_line,
                 "污染物排放量口径：行业“%s”（%s）的单位污染物排放量税收贡献以%s排放量之和为分母"
                 "——参数 m1.emission_pollutants = %s（%s）%s。%s",
                 zh, code, names, defaults, ev->from_pollutants, why, ev->mark[MARK_POLLUTANTS]);
        t->pollutant_len = strlen(t->pollutant_line);
        if (vocs_added)
                text_format(
                    t->pollutant_source, sizeof(t->pollutant_source),
                    "；m1.emission_pollutants，%s；m1.emission_pollutants_vocs_industries，%s",
                    ev->from_pollutants, ev->from_vocs);
        else
                text_format(t->pollutant_source, sizeof(t->pollutant_source),
                            "；m1.emission_pollutants，%s", ev->from_pollutants);
        t->pollutant_source_len = strlen(t->pollutant_source);
}

static void prepare_texts(struct incentive_eval *ev)
{
        const struct policy_pack *pack = ev->pack;
        join_list(ev->v_industries, ev->scope_list, sizeof(ev->scope_list));
        from_text(ev, "m1.industries", ev->v_industries, ev->from_industries);
        from_text(ev, "m1.emission_pollutants", ev->v_pollutants, ev->from_pollutants);
        from_text(ev, "m1.emission_pollutants_vocs_industries", ev->v_vocs, ev->from_vocs);
        from_text(ev, "m1.key_margin_percent", ev->v_margin, ev->from_margin);
        from_text(ev, "m1.general_grace_months", ev->v_general_grace, ev->from_general);
        from_text(ev, "m1.key_grace_months", ev->v_key_grace, ev->from_key);
        from_text(ev, "m1.ungraded", ev->v_ungraded, ev->from_ungraded);
        prepare_marks(ev);
        clause_line(ev, INCENTIVE_TIER_GENERAL, ev->clause_line[0]);
        clause_line(ev, INCENTIVE_TIER_KEY, ev->clause_line[1]);
        for (int k = 0; k < 2; k++)
                ev->clause_len[k] = strlen(ev->clause_line[k]);
        char on[11];
        put_line(ev->pack_line, "政策包 %s 第 %d 版；参数取评价日 %s 有效的值。",
                 pack->id ? pack->id : "", pack->version, date_format_iso(ev->params.on, on));
        if (ev->params.what_if) {
                size_t base = strlen(ev->pack_line);
                pack_mark(ev, INCENTIVE_LINE_MAX - 1 - base);
                copy_text(ev->pack_line + base, INCENTIVE_LINE_MAX - base, ev->mark[MARK_PACK]);
        }
        ev->pack_len = strlen(ev->pack_line);
        for (uint8_t bits = 0; bits < 4; bits++)
                metrics_named(bits, ev->named[bits], sizeof(ev->named[bits]));
        int64_t t100 = 100 + ev->params.key_margin_percent;
        text_format(ev->threshold, sizeof(ev->threshold), "%lld.%02lld00", (long long)(t100 / 100),
                    (long long)(t100 % 100));
        if (ev->params.ungraded_defaulted)
                text_format(ev->reading, sizeof(ev->reading),
                            "按默认解读 m1.ungraded = "
                            "lowest（政策包未设该参数；未评级企业按最低级别管控）");
        else
                text_format(ev->reading, sizeof(ev->reading), "按参数 m1.ungraded = %s（%s）",
                            ev->params.ungraded_lowest ? "lowest" : "excluded", ev->from_ungraded);
        for (int above = 0; above < 2; above++)
                for (int key = 0; key < 2; key++) {
                        comparison_tail(ev, above, key, ev->comparison_tail[above][key]);
                        ev->comparison_tail_len[above][key] =
                            strlen(ev->comparison_tail[above][key]);
                }
        for (size_t k = 0; k < pack->nindustries; k++) {
                struct industry_text *t = &ev->texts[k];
                char *const *ladder;
                size_t n;
                industry_ladder(ev, (int32_t)k, &ladder, &n);
                for (size_t i = 0; i < n; i++) {
                        size_t used = strlen(t->steps);
                        snprintf(t->steps + used, sizeof(t->steps) - used, "%s%s", i ? " → " : "",
                                 ladder[i]);
                }
                t->steps_len = strlen(t->steps);
                const struct policy_industry *ind = &pack->industries[k];
                char code[64], zh[128];
                copy_text(code, sizeof(code), ind->code);
                copy_text(zh, sizeof(zh), ind->name_zh ? ind->name_zh : ind->code);
                text_format(t->scope_mid, sizeof(t->scope_mid),
                            " 所属行业“%s”（%s）在第一项措施的适用行业中（参数 m1.industries = %s，"
                            "%s）；评价 ",
                            zh, code, ev->scope_list, ev->from_industries);
                t->scope_mid_len = strlen(t->scope_mid);
                t->default_ladder = ind->nladder == 0 && n > 0;
                pollutant_texts(ev, k, zh, code, t);
                for (int mi = 0; mi < INCENTIVE_METRIC_COUNT_; mi++) {
                        enum incentive_metric m = (enum incentive_metric)mi;
                        const struct incentive_average *a =
                            &ev->averages[k * INCENTIVE_METRIC_COUNT_ + m];
                        if (a->source != INCENTIVE_AVERAGE_NONE)
                                format_metric(m, a->num, a->den, t->average[m],
                                              sizeof(t->average[m]));
                        average_line(ev, k, m, t->average_line[m]);
                        t->average_len[m] = strlen(t->average_line[m]);
                }
        }
}

static void fill_metrics(struct incentive_result *r, const struct incentive_eval *ev,
                         const struct incentive_subject *s, const struct incentive_outcome *o)
{
        for (int mi = 0; mi < INCENTIVE_METRIC_COUNT_; mi++) {
                enum incentive_metric m = (enum incentive_metric)mi;
                struct incentive_metric_result *mr = &r->metrics[m];
                mr->status = (enum incentive_value_status)o->status[m];
                mr->above = o->above & (1u << m);
                mr->key = o->key & (1u << m);
                const struct incentive_average *a = incentive_eval_average(ev, s->industry, m);
                mr->average_source = a->source;
                mr->peers = a->peers;
                memcpy(mr->average, ev->texts[s->industry].average[m], sizeof(mr->average));
                uint64_t num;
                u128 den;
                if (subject_value(ev, s, m, &num, &den) != INCENTIVE_VALUE_OK)
                        continue;
                format_metric(m, num, den, mr->value, sizeof(mr->value));
                if (a->source != INCENTIVE_AVERAGE_NONE && a->num > 0) {
                        format_ratio(num, den, a, mr->ratio, sizeof(mr->ratio));
                }
        }
}

void incentive_eval_result(const struct incentive_eval *ev, size_t i, int year,
                           struct incentive_result *out)
{
        const struct incentive_subject *s = &ev->subjects[i];
        const struct incentive_outcome *o = &ev->outcomes[i];
        const struct policy_pack *pack = ev->pack;
        memset(out, 0,
               offsetof(struct incentive_result, explanation)); /* lines are written whole */
        out->nwhat_if = ev->nwhat_if;
        if (ev->nwhat_if > 0)
                memcpy(out->what_if, ev->what_if, ev->nwhat_if * sizeof(*ev->what_if));
        copy_text(out->uscc, sizeof(out->uscc), s->uscc);
        copy_text(out->grade, sizeof(out->grade), s->grade);
        out->year = year;
        date_format_iso(ev->params.on, out->evaluated_on);
        copy_text(out->pack_id, sizeof(out->pack_id), pack->id ? pack->id : "");
        out->pack_version = pack->version;
        out->in_scope = o->in_scope;
        out->tier = (enum incentive_tier)o->tier;
        out->grace_months = o->grace_months;
        bool known = s->industry >= 0 && (size_t)s->industry < pack->nindustries;
        if (known) {
                const struct policy_industry *ind = &pack->industries[s->industry];
                copy_text(out->industry, sizeof(out->industry), ind->code);
                copy_text(out->industry_zh, sizeof(out->industry_zh),
                          ind->name_zh ? ind->name_zh : ind->code);
        }
        const char *list = ev->scope_list;
        if (!o->in_scope) {
                if (known)
                        say(out,
                            "企业 %s 所属行业“%s”（%s）不在第一项措施的适用行业中（参数 "
                            "m1.industries = %s，%s），不参与激励性绩效分级评价。%s",
                            s->uscc, out->industry_zh, out->industry, list, ev->from_industries,
                            ev->mark[MARK_INDUSTRIES]);
                else
                        say(out,
                            "企业 %s 所属行业不在政策包 %s "
                            "的行业目录中，不参与激励性绩效分级评价。",
                            s->uscc, out->pack_id);
                say_text(out, ev->pack_line, ev->pack_len);
                return;
        }
        if (o->next_rung >= 0) {
                char *const *ladder;
                size_t n;
                industry_ladder(ev, s->industry, &ladder, &n);
                copy_text(out->next_grade, sizeof(out->next_grade), ladder[o->next_rung]);
        }
        fill_metrics(out, ev, s, o);
        const struct industry_text *t = &ev->texts[s->industry];
        char year_text[16];
        text_format(year_text, sizeof(year_text), "%d", year);
        struct text_part scope[] = {
            PART_LIT("企业 "),   PART_STR(s->uscc),       {t->scope_mid, t->scope_mid_len},
            PART_STR(year_text), PART_LIT(" 年度数据。"), mark_part(ev, MARK_INDUSTRIES),
        };
        say_parts(out, scope, sizeof(scope) / sizeof(scope[0]));
        say_text(out, t->pollutant_line, t->pollutant_len);
        for (int mi = 0; mi < INCENTIVE_METRIC_COUNT_; mi++) {
                enum incentive_metric m = (enum incentive_metric)mi;
                if (o->status[m] != INCENTIVE_VALUE_OK)
                        explain_no_value(out, ev, s, m, (enum incentive_value_status)o->status[m]);
                else
                        explain_value(out, ev, s, m);
                explain_average(out, ev, s, m);
                if (o->status[m] == INCENTIVE_VALUE_OK && out->metrics[m].ratio[0])
                        explain_comparison(out, ev, o, m);
        }
        explain_grade(out, ev, s, o);
        explain_conclusion(out, ev, o);
        int clause = o->tier == INCENTIVE_TIER_KEY ? 1 : 0;
        say_text(out, ev->clause_line[clause], ev->clause_len[clause]);
        say_text(out, ev->pack_line, ev->pack_len);
}
