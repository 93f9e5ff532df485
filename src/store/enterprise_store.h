/*
 * Storage of the enterprise registry and annual figures (tables enterprises, annual_figures).
 * Callers outside app/ only read; writes are made by app/ inside its transactions.
 */
#ifndef GL_ENTERPRISE_STORE_H
#define GL_ENTERPRISE_STORE_H

#include "../core/enterprise.h"
#include "db.h"

/* GL_ENOTFOUND when there is no such enterprise. */
int enterprise_store_get(db *conn, const char *uscc, struct enterprise *out);

/* Inserts or updates by USCC. *changed is set to true when a row was inserted or differed. */
int enterprise_store_put(db *conn, const struct enterprise *e, const char *now, bool *changed);

struct enterprise_query {
        const char *search;   /* part of the name or USCC, or NULL */
        const char *industry; /* industry code, or NULL */
        const char *township; /* or NULL */
        const char *grade;    /* "A".."D", "none", or NULL */
        const char *uscc;     /* restrict to one enterprise (an enterprise user), or NULL */
        int64_t offset;
        int64_t limit; /* 0: no limit */
};

/* Calls fn for each match ordered by USCC, stopping when fn returns non-zero; *total (may be NULL)
 * receives the number of matches regardless of offset and limit. */
int enterprise_store_list(db *conn, const struct enterprise_query *q,
                          int (*fn)(const struct enterprise *e, void *ctx), void *ctx,
                          int64_t *total);

/* Annual figures of one enterprise and year; GL_ENOTFOUND when none. */
int annual_store_get(db *conn, const char *uscc, int year, struct annual_figures *out);
/* Inserts or updates by (USCC, year). *changed as in enterprise_store_put. */
int annual_store_put(db *conn, const struct annual_figures *f, const char *now, bool *changed);
/* All years of one enterprise, oldest first. */
int annual_store_list(db *conn, const char *uscc,
                      int (*fn)(const struct annual_figures *f, void *ctx), void *ctx);

#endif
