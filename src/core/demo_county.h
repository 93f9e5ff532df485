/*
 * The generator of a fictional county (演示县): enterprises with realistic Chinese names, valid
 * USCCs of one division, industries, townships, performance grades and flags, and their annual
 * figures (taxes, R&D, revenue, emissions). It feeds `greenlane demo` and the import benchmark.
 *
 * Everything is derived from a seed with a small PRNG owned by the caller's generator value, so the
 * same seed gives the same county on every machine: there is no global state and no floating point.
 * Enterprise i is generated from its own stream (seed, i), so the records do not depend on the
 * order in which they are asked for. Codes are distinct for distinct indexes below
 * DEMO_INDEX_LIMIT; names are distinct within a county of up to DEMO_DISTINCT_NAMES enterprises.
 *
 * In each of long-process steel and foundry, the county has enterprises above their industry's
 * average tax per tonne or R&D share by 20% or more, some above it by less, and some below, for the
 * default seed and nearly every other (a dozen steel works cannot promise it for every seed).
 *
 * All names are made up from word lists; any likeness to a real company is chance. Pure: no I/O.
 */
#ifndef GL_DEMO_COUNTY_H
#define GL_DEMO_COUNTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "enterprise.h"
#include "gl.h"

#define DEMO_MAX_YEARS 8
#define DEMO_INDEX_LIMIT 10000000
#define DEMO_DISTINCT_NAMES 1200

/* A small PRNG (splitmix64): good enough for test data, identical on every platform. */
struct demo_rng {
        uint64_t state;
};

void demo_rng_seed(struct demo_rng *r, uint64_t seed);
uint64_t demo_rng_next(struct demo_rng *r);
/* Uniform in [0, n); 0 when n is 0. */
uint64_t demo_rng_below(struct demo_rng *r, uint64_t n);
/* Uniform in [lo, hi]. */
int64_t demo_rng_range(struct demo_rng *r, int64_t lo, int64_t hi);

/*
 * The USCC of the index-th enterprise registered by the market regulator ("91") of division: an
 * older 8-digit organization code, or a newer "MA…" one when newer is true, each with its GB 11714
 * check character, and the GB 32100 check character. Distinct (seed, newer, index) with index below
 * DEMO_INDEX_LIMIT give distinct codes. Returns false (out untouched) when division is not 6 digits
 * or index is too large.
 */
bool demo_uscc(const char *division, uint64_t seed, bool newer, uint64_t index,
               char out[static 19]);

/*
 * The grade ladder of an industry, lowest first, as the policy pack has it. Returns false when the
 * industry is unknown (the generator then uses D, C, B-, B, A); an industry with an empty ladder
 * gets no grades.
 */
typedef bool (*demo_ladder_fn)(void *ctx, const char *industry, const char *const **rungs,
                               size_t *n);

struct demo_county_options {
        uint64_t seed;
        const char *division;  /* 6 digits; NULL: "130131" (Pingshan) */
        int64_t enterprises;   /* 0: a county of a few hundred, drawn from the seed */
        int first_year;        /* 0: 2023 */
        int nyears;            /* 0: 3; at most DEMO_MAX_YEARS */
        demo_ladder_fn ladder; /* NULL: every industry uses D, C, B-, B, A */
        void *ladder_ctx;
};

/* Industries the generator knows, in a fixed order (the policy pack's codes). */
size_t demo_industry_count(void);
const char *demo_industry_code(size_t i);
const char *demo_industry_name_zh(size_t i);

/* The generator. Plain value: initialise with demo_county_init, nothing to free. */
struct demo_county {
        struct demo_county_options opt;
        char division[7];
        int64_t total;            /* enterprises to generate */
        int64_t next;             /* index of the next one */
        int64_t industry_end[16]; /* enterprises [prev end, end) belong to industry i */
};

/* One generated enterprise and the years it has figures for, oldest first. A figure that is
 * missing is GL_AMOUNT_NONE; a year without any figures is left out. */
struct demo_record {
        struct enterprise enterprise;
        struct annual_figures figures[DEMO_MAX_YEARS];
        size_t nfigures;
};

/* GL_EINVAL (field named) when an option is out of range. */
int demo_county_init(struct demo_county *g, const struct demo_county_options *opt,
                     struct gl_error *err);
/* Fills out with the next enterprise; false when all have been generated. */
bool demo_county_next(struct demo_county *g, struct demo_record *out);
/* Number of enterprises of industry i in the county. */
int64_t demo_county_industry_total(const struct demo_county *g, size_t i);

/*
 * CSV in the import format (English headers). The row functions write one line, with its newline,
 * into buf like snprintf (the return value is the length it needed). Money is written in yuan with
 * two decimals, masses in tonnes with up to six; a missing figure is an empty cell.
 */
extern const char demo_enterprise_csv_header[];
extern const char demo_annual_csv_header[];
size_t demo_enterprise_csv(const struct enterprise *e, char *buf, size_t size);
size_t demo_annual_csv(const struct annual_figures *f, char *buf, size_t size);

#endif
