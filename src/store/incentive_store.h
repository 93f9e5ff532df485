/*
 * Storage for measure 1's decision: reading every enterprise of a set of industries with its
 * figures of one year in one query (the engine's input), and the official industry averages
 * (table incentive_averages of migrations/0003_incentive_averages.sql). Callers outside app/ only
 * read; app/ writes inside its transactions.
 */
#ifndef GL_INCENTIVE_STORE_H
#define GL_INCENTIVE_STORE_H

#include <stddef.h>

#include "../core/incentive.h"
#include "db.h"

/* One enterprise with its figures of the year; amounts are GL_AMOUNT_NONE when not reported (no
 * row for the year, or a NULL column). Strings are valid during the callback only. */
struct incentive_store_row {
        const char *uscc;
        const char *name;
        const char *industry; /* code as stored */
        const char *grade;    /* "" when none */
        int64_t tax_fen;
        int64_t rd_fen;
        int64_t revenue_fen;
        int64_t emission_g[POLLUTANT_COUNT_];
};

/*
 * Calls fn for every enterprise whose industry is one of industries (all when industries is NULL)
 * and, when uscc is not NULL, whose USCC is uscc, and when division is not NULL, whose division is
 * division (one county's grading), ordered by USCC, joined with its figures of year. Stops when
 * fn returns non-zero, which is then returned.
 */
int incentive_store_each_subject(db *conn, int year, const char *const *industries,
                                 size_t nindustries, const char *uscc, const char *division,
                                 int (*fn)(const struct incentive_store_row *row, void *ctx),
                                 void *ctx);

/* The official averages of year, ordered by industry; *out is freed by the caller with free(). */
int incentive_store_averages_get(db *conn, int year, struct incentive_official **out, size_t *n);

/* The official average of one industry and year; GL_ENOTFOUND when none. */
int incentive_store_average_get(db *conn, const char *industry, int year,
                                struct incentive_official *out);

/* Inserts or replaces the official average of o->industry for year. */
int incentive_store_average_put(db *conn, int year, const struct incentive_official *o,
                                const char *now);

#endif
