/*
 * Measure 7's totals review of a construction project (总量审核; 新增主要污染物排放的建设项目):
 * what the project needs and where it comes from, as far as it is pure. For each major pollutant
 * (the pack's m7.pollutants on the day) that the project adds, the need is the added grams times
 * the pack's offset ratio (倍量替代, m7.offset_ratio: "code:num/den", a reading), computed exactly
 * in integers and rounded up to the gram. The sources (indicator sources: the government reserve,
 * a trade, the builder's own reductions, the city's or the province's support) are each {kind,
 * account, grams}; the review passes when the sources of every pollutant cover its need. Accounts
 * are named by text ("reserve:130131", "enterprise:USCC", "project:ID", "city:130100",
 * "province:130000"); this file checks their shape only — whether an account holds what it is
 * asked for is the discharge-rights ledger's business.
 *
 * Pure: no I/O, no clock. Refusals fill err (GL_EINVAL for bad input, GL_ESTATE for a shortfall),
 * naming the field and a Chinese message with its English gloss.
 */
#ifndef GL_M7_TOTALS_H
#define GL_M7_TOTALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "enterprise.h"
#include "gl.h"
#include "m4_eia.h"

struct policy_pack;

#define TOTALS_SOURCES_MAX 32
#define TOTALS_ACCOUNT_MAX 63

/* Where indicators come from (总量指标来源). */
enum totals_source_kind {
        TOTALS_RESERVE,  /* 政府总量储备: account reserve:DIVISION */
        TOTALS_TRADE,    /* 排污权交易: bought, account enterprise:USCC */
        TOTALS_OWN,      /* 自身减排 (以新带老): account enterprise:USCC or project:ID */
        TOTALS_CITY,     /* 市级调剂: account city:DIVISION */
        TOTALS_PROVINCE, /* 省级调剂: account province:DIVISION */
        TOTALS_KIND_COUNT_
};
const char *totals_kind_code(enum totals_source_kind k); /* "reserve", ... */
const char *totals_kind_name_zh(enum totals_source_kind k);
enum totals_source_kind totals_kind_from_code(const char *code); /* COUNT_ when unknown */

struct totals_source {
        enum pollutant pollutant;
        enum totals_source_kind kind;
        char account[TOTALS_ACCOUNT_MAX + 1];
        int64_t grams; /* > 0 */
};

/*
 * Whether account has the shape its kind takes: reserve "reserve:" + a 6-digit division; city
 * "city:" + one ending in 00; province "province:" + one ending in 0000; trade "enterprise:" + a
 * valid USCC; own "enterprise:" + a valid USCC or "project:" + a positive number. field as given.
 */
int totals_account_check(enum totals_source_kind kind, const char *account, const char *field,
                         struct gl_error *err);

/*
 * Parses "POLLUTANT=KIND:ACCOUNT:GRAMS" (so2=reserve:130131:12000, nox=trade:enterprise:USCC:500);
 * for reserve, city and province the account may be the division alone (so2=reserve:130131:12000
 * is account "reserve:130131"). GL_EINVAL naming field.
 */
int totals_source_parse(const char *text, const char *field, struct totals_source *out,
                        struct gl_error *err);

/* An offset ratio num/den (both > 0). */
struct totals_ratio {
        int64_t num, den;
};

/* Whether pollutant p is a major pollutant on day `on` (m7.pollutants). */
bool totals_major_pollutant(const struct policy_pack *pack, gl_date on, enum pollutant p);

/* The offset ratio of p on day `on` (m7.offset_ratio). GL_EINVAL (field "m7.offset_ratio") when
 * the pack gives none or a bad one. */
int totals_offset_ratio(const struct policy_pack *pack, gl_date on, enum pollutant p,
                        struct totals_ratio *out, struct gl_error *err);

/* ceil(added_g × r.num / r.den), exact in integers; -1 for added_g outside 0..M4_ADDED_MAX_G or a
 * ratio's term outside 1..1000. */
int64_t totals_need(int64_t added_g, struct totals_ratio r);

struct totals_line {
        bool major;      /* a major pollutant the project adds (added_g > 0) */
        int64_t added_g; /* what the project adds */
        struct totals_ratio ratio;
        int64_t need_g;    /* 0 when not major */
        int64_t covered_g; /* the sources' grams */
};

struct totals_result {
        bool needed; /* some major pollutant is added: the project needs a review */
        struct totals_line line[POLLUTANT_COUNT_];
        struct m4_explanation why;
};

/*
 * The project's needs on day `on`: for each pollutant, whether it is major and added, its ratio
 * and need; explains each. GL_EINVAL when the pack lacks a ratio of a major pollutant added.
 */
int totals_needs(const struct policy_pack *pack, gl_date on,
                 const int64_t added_g[POLLUTANT_COUNT_], struct totals_result *out,
                 struct gl_error *err);

/*
 * The review on day `on`: totals_needs, then the sources. A source of a pollutant the project needs
 * nothing of is refused (GL_EINVAL, field "sources"); the sources of a pollutant must cover its
 * need (GL_ESTATE, field "sources", naming the pollutant and the gap) and not exceed it
 * (从严从紧分配: GL_EINVAL naming the pollutant and the excess). out is filled (needs, covered,
 * explanation) in every case but bad input of the pack.
 */
int totals_review(const struct policy_pack *pack, gl_date on,
                  const int64_t added_g[POLLUTANT_COUNT_], const struct totals_source *sources,
                  size_t nsources, struct totals_result *out, struct gl_error *err);

#endif
