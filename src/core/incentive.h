/*
 * Measure 1, incentive grading (激励性生态环境绩效分级): who qualifies, at which tier, with which
 * grace period and next grade, and why. Pure: the pack, the evaluation date, the enterprises of the
 * year with their figures and the official averages loaded for that year are parameters.
 *
 * The rule (measure 1, 政策内容):
 *  - the two metrics are tax per tonne (单位污染物排放量税收贡献: taxes ÷ the sum of the pollutants
 *    named by m1.emission_pollutants, plus VOCs for the industries named by the optional
 *    m1.emission_pollutants_vocs_industries) and R&D share (研发投入占营业收入比重: R&D ÷ operating
 * revenue);
 *  - each is compared with its industry average (行业平均水平): the official average loaded for the
 *    industry and year when there is one, else the ratio of sums over the industry's enterprises in
 *    scope that have a value;
 *  - key incentive (重点激励) when either metric is ≥ (100 + m1.key_margin_percent)/100 × its
 * average
 *    ("高于行业平均水平20%以上": 以上 includes the bound); general incentive (一般性激励) when
 * either is > its average ("高于" is strict); else none;
 *  - grace months m1.key_grace_months (一年内) or m1.general_grace_months (半年内); the next grade
 * is the next rung of the industry's ladder ("高一级别"); an enterprise at the top of its ladder
 * has nothing to be promoted to and gets no tier;
 *  - a zero or missing denominator (emissions, revenue), a missing numerator (taxes, R&D) or a
 *    negative figure gives no value for that metric: it is left out of the average and cannot
 *    qualify, and the explanation says why.
 * Every comparison is an exact integer cross-multiplication (128-bit, widened where the operands
 * need it); floating point is used only to display values.
 *
 * Readings that the policy leaves open are parameters of the pack and are named in every
 * explanation: m1.ungraded ("lowest": an enterprise without a grade is treated as standing on the
 * lowest rung of its ladder, as ungraded enterprises are managed as the lowest grade in
 * heavy-pollution-weather control; "excluded": it gets no tier). When the pack lacks m1.ungraded,
 * "lowest" applies and the explanation says the default was used.
 *
 * What-if: when the pack carries overrides (policy_pack_override), every explanation line that
 * uses an overridden parameter ends with "（假设：NAME = VALUE；政策包原值 ORIGINAL）", the line
 * naming the pack ends with all of them, and each result lists them (incentive_result.what_if).
 *
 * Ownership: incentive_evaluate returns an evaluation freed with incentive_eval_free (accepts
 * NULL); it borrows the pack and the subjects, which must outlive it.
 */
#ifndef GL_INCENTIVE_H
#define GL_INCENTIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "date.h"
#include "enterprise.h"
#include "gl.h"
#include "policy.h"

__extension__ typedef unsigned __int128 incentive_u128;

enum incentive_tier {
        INCENTIVE_TIER_NONE = 0,
        INCENTIVE_TIER_GENERAL = 1, /* 一般性激励 */
        INCENTIVE_TIER_KEY = 2,     /* 重点激励 */
};

/* "none", "general", "key". */
const char *incentive_tier_name(enum incentive_tier t);
/* "不符合激励条件", "一般性激励", "重点激励". */
const char *incentive_tier_label_zh(enum incentive_tier t);

enum incentive_metric {
        INCENTIVE_TAX_PER_TONNE = 0, /* yuan per tonne of the pollutants summed */
        INCENTIVE_RD_SHARE = 1,      /* percent of operating revenue */
        INCENTIVE_METRIC_COUNT_
};

/* "tax_per_tonne", "rd_share". */
const char *incentive_metric_name(enum incentive_metric m);
/* "单位污染物排放量税收贡献", "研发投入占营业收入比重". */
const char *incentive_metric_label_zh(enum incentive_metric m);

/* Whether an enterprise has a value for a metric, and if not, why. */
enum incentive_value_status {
        INCENTIVE_VALUE_OK = 0,
        INCENTIVE_VALUE_MISSING_NUMERATOR,   /* taxes or R&D not reported */
        INCENTIVE_VALUE_MISSING_DENOMINATOR, /* a pollutant or the revenue not reported */
        INCENTIVE_VALUE_ZERO_DENOMINATOR,    /* zero emissions, zero revenue */
        INCENTIVE_VALUE_NEGATIVE,            /* a negative figure */
};

enum incentive_average_source {
        INCENTIVE_AVERAGE_NONE = 0, /* no enterprise of the industry has a value, no official one */
        INCENTIVE_AVERAGE_PEER,     /* ratio of sums over the industry's enterprises with a value */
        INCENTIVE_AVERAGE_OFFICIAL, /* loaded with `greenlane import averages` */
};

/* How the enterprise's grade stands on its industry's ladder. */
enum incentive_grade_status {
        INCENTIVE_GRADE_ON_LADDER = 0,     /* below the top: the next rung exists */
        INCENTIVE_GRADE_TOP,               /* top of the ladder (A): nothing to be promoted to */
        INCENTIVE_GRADE_UNGRADED_LOWEST,   /* no grade, treated as the lowest rung (m1.ungraded) */
        INCENTIVE_GRADE_UNGRADED_EXCLUDED, /* no grade, excluded (m1.ungraded = excluded) */
        INCENTIVE_GRADE_OFF_LADDER,        /* a grade the industry's ladder does not have */
};

/* One enterprise of the year as the engine reads it. Amounts as in struct annual_figures:
 * GL_AMOUNT_NONE when not reported. */
struct incentive_subject {
        char uscc[19];
        char grade[GL_GRADE_LEN]; /* "" when the enterprise has no grade */
        int32_t industry;         /* index into pack->industries; -1 when the pack lacks it */
        int64_t tax_fen;
        int64_t rd_fen;
        int64_t revenue_fen;
        int64_t emission_g[POLLUTANT_COUNT_];
};

/*
 * An official average loaded for one industry and year. Tax per tonne in millionths of a yuan per
 * tonne ("1234.56" yuan/t is 1234560000); R&D share in millionths of a percent ("3.5" % is
 * 3500000). A metric without an official value falls back to the peer average. Values are > 0.
 */
struct incentive_official {
        char industry[64];
        bool has_tax_per_tonne;
        int64_t tax_per_tonne_micro_yuan;
        bool has_rd_share;
        int64_t rd_share_micro_percent;
        char source[128]; /* who loaded it, or the file it came from */
};

/* An exact ratio num/den (den > 0 when the average exists), in fen per gram for tax per tonne and
 * in fen per fen for R&D share. */
struct incentive_average {
        enum incentive_average_source source;
        incentive_u128 num, den;
        int64_t peers;        /* enterprises of the industry with a value */
        int64_t without;      /* enterprises of the industry without a value */
        const char *official; /* the source of the official average, or NULL */
};

/* The decision for one subject. */
struct incentive_outcome {
        bool in_scope;                           /* its industry is in m1.industries */
        uint8_t tier;                            /* enum incentive_tier */
        uint8_t above;                           /* bit m set: metric m > its average */
        uint8_t key;                             /* bit m set: metric m >= the key threshold */
        uint8_t status[INCENTIVE_METRIC_COUNT_]; /* enum incentive_value_status */
        uint8_t grade_status;                    /* enum incentive_grade_status */
        int8_t rung;                             /* index of the (effective) grade, -1 none */
        int8_t next_rung;                        /* index of the next grade, -1 none */
        int8_t grace_months;                     /* 12, 6, or 0 for none */
};

/* The parameters of measure 1 in force on the evaluation date, as the engine used them. */
struct incentive_params {
        gl_date on;
        int64_t key_margin_percent;
        int64_t general_grace_months;
        int64_t key_grace_months;
        bool pollutant[POLLUTANT_COUNT_]; /* m1.emission_pollutants (every industry) */
        bool ungraded_lowest;             /* m1.ungraded is "lowest" */
        bool ungraded_defaulted;          /* m1.ungraded absent from the pack */
        bool measure_in_force;            /* measure 1 is in force on the date */
        bool what_if;                     /* the pack has what-if overrides */
};

struct incentive_eval;

/*
 * Evaluates measure 1 for n subjects on date `on`. officials (may be NULL when nofficials is 0) are
 * the official averages for the year; an official average for an industry the pack does not know is
 * ignored. Fails with GL_EINVAL (naming the parameter) when a parameter of measure 1 is missing or
 * malformed, GL_ENOMEM when out of memory; *out is untouched on failure.
 */
int incentive_evaluate(const struct policy_pack *pack, gl_date on,
                       const struct incentive_subject *subjects, size_t n,
                       const struct incentive_official *officials, size_t nofficials,
                       struct incentive_eval **out, struct gl_error *err);
void incentive_eval_free(struct incentive_eval *ev);

size_t incentive_eval_count(const struct incentive_eval *ev);
const struct incentive_outcome *incentive_eval_outcome(const struct incentive_eval *ev, size_t i);
const struct incentive_params *incentive_eval_params(const struct incentive_eval *ev);
/* The average of a metric for an industry (index into pack->industries). */
const struct incentive_average *incentive_eval_average(const struct incentive_eval *ev,
                                                       int32_t industry, enum incentive_metric m);
/* Whether pollutant p is summed in the tax per tonne of an industry (index into pack->industries;
 * -1: m1.emission_pollutants alone). */
bool incentive_eval_pollutant_counted(const struct incentive_eval *ev, int32_t industry,
                                      enum pollutant p);

/*
 * Whether the evaluation reads parameter name: one of incentive_assumable_params, or a reading it
 * implements one way only (m1.metrics_rule = any, …: another value is refused naming it). A
 * what-if of a parameter it does not read would change nothing, and is refused (app/incentive.c).
 */
bool incentive_reads_param(const char *name);
/*
 * Every dated value of the flags and of the readings implemented one way only, as a pack is
 * loaded: GL_EINVAL naming "parameters.NAME.values[K].value" for one the evaluation would refuse,
 * so that such a pack is refused at once rather than at every evaluation.
 */
int incentive_check_pack(const struct policy_pack *pack, struct gl_error *err);
/* The parameters a what-if may vary (each changes the evaluation), in a fixed order. */
size_t incentive_assumable_params(const char *const **names);

/* Limits of an explanation. */
#define INCENTIVE_EXPLANATION_MAX 16
/* A line holds its what-if marks too ("（假设：NAME = VALUE；政策包原值 ORIGINAL）"). */
#define INCENTIVE_LINE_MAX 1024
/* Parameters a what-if result lists (at most one entry per parameter). */
#define INCENTIVE_WHAT_IF_MAX 32

/* One what-if override of the evaluation: the assumed value beside the pack's own. */
struct incentive_what_if {
        char name[96];
        char value[256];      /* as policy_value_format writes it (list items joined by ",") */
        char pack_value[256]; /* the pack's own value on the evaluation date; "" with none */
        bool has_pack_value;  /* false when the pack has no value on that date */
};

/* The what-if overrides of the evaluation (none: 0), at most INCENTIVE_WHAT_IF_MAX. */
size_t incentive_eval_what_if(const struct incentive_eval *ev,
                              const struct incentive_what_if **out);

/* One metric of one enterprise, ready to display (values as decimal text; "" when none). */
struct incentive_metric_result {
        enum incentive_value_status status;
        char value[48];   /* tax per tonne in yuan/t, R&D share in percent */
        char average[48]; /* same unit; "" when there is no average */
        char ratio[24];   /* value ÷ average, 4 decimals; "" when either is missing */
        enum incentive_average_source average_source;
        int64_t peers;
        bool above; /* > average: general threshold met */
        bool key;   /* >= key threshold */
};

/*
 * Everything a face shows about one enterprise's evaluation. Self-contained (no pointers), so it
 * can be copied and kept. name is filled by app/ (the engine does not know names).
 */
struct incentive_result {
        char uscc[19];
        char name[256];
        char industry[64];
        char industry_zh[128];
        char grade[GL_GRADE_LEN]; /* "" none */
        int year;
        char evaluated_on[11];
        bool in_scope;
        enum incentive_tier tier;
        int grace_months;              /* 12, 6, or 0 for none (null in JSON) */
        char next_grade[GL_GRADE_LEN]; /* "" none */
        struct incentive_metric_result metrics[INCENTIVE_METRIC_COUNT_];
        char pack_id[64];
        int pack_version;
        size_t nexplanation;
        /* The length of each line in bytes, as the engine wrote it; 0 when not recorded (a result
         * filled by other code), then the line's strlen applies. */
        uint16_t explanation_len[INCENTIVE_EXPLANATION_MAX];
        char explanation[INCENTIVE_EXPLANATION_MAX][INCENTIVE_LINE_MAX]; /* Chinese sentences */
        /* What-if overrides the result was evaluated with (0 with the pack's own values); after
         * the explanation so that a result of the pack's own values never touches them. */
        size_t nwhat_if;
        struct incentive_what_if what_if[INCENTIVE_WHAT_IF_MAX];
};

/* The length of explanation line i of r. */
static inline size_t incentive_line_len(const struct incentive_result *r, size_t i)
{
        return r->explanation_len[i] ? r->explanation_len[i] : strlen(r->explanation[i]);
}

/* Fills out for subject i of the evaluation of `year`: decision, metrics and explanation. */
void incentive_eval_result(const struct incentive_eval *ev, size_t i, int year,
                           struct incentive_result *out);

/*
 * Exact comparison of a × b × c with d × e × f (all non-negative), without overflow: returns <0,
 * 0 or >0. Exposed for tests.
 */
int incentive_cmp_products(incentive_u128 a, incentive_u128 b, uint64_t c, incentive_u128 d,
                           incentive_u128 e, uint64_t f);

#endif
