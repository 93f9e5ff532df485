/*
 * Storage of what a measure-1 declaration keeps besides its case (table m1_declarations of
 * migrations/0005_cases.sql, read joined with its case and deadlines); tax confirmations; grades.
 * Callers outside app/ only read; writes are made by app/ inside its transactions. Dates are
 * stored as ISO TEXT and read back as gl_date.
 */
#ifndef GL_DECLARATION_STORE_H
#define GL_DECLARATION_STORE_H

#include "../core/declaration.h"
#include "case_store.h"
#include "db.h"

/* Inserts what the declaration keeps of its own for the case case_id (which app/ inserted). */
int declaration_store_insert(db *conn, int64_t case_id, const struct declaration *d);

/* Reads one declaration into out (initialized by the caller; its strings are replaced). */
int declaration_store_get(db *conn, int64_t id, struct declaration *out);

/* Writes the declaration's own columns (state, version and deadlines are the case's). */
int declaration_store_update(db *conn, const struct declaration *d);

/* The id of the enterprise's open declaration, or GL_ENOTFOUND. */
int declaration_store_find_open(db *conn, const char *uscc, int64_t *id);

/* Whether the enterprise has a reverted declaration on the figures of year or a later year. */
int declaration_store_reverted_since(db *conn, const char *uscc, int year, bool *found);

struct declaration_query {
        const char *uscc; /* or NULL */
        int state;        /* an enum declaration_state, or -1 for any */
        int year;         /* or 0 */
        bool open_only;
};

/* Calls fn for each match in id order, until fn returns non-zero (which is returned). The
 * declaration passed to fn is valid during the call only. */
int declaration_store_list(db *conn, const struct declaration_query *q,
                           int (*fn)(const struct declaration *d, void *ctx), void *ctx);

/*
 * Whether the tax figures of an enterprise and year were confirmed by the tax department:
 * *known false when there are no annual figures (or no tax figure) for that year.
 */
int declaration_store_tax_confirmed(db *conn, const char *uscc, int year, bool *known,
                                    bool *confirmed);

/* Marks the tax figure of (uscc, year) confirmed. GL_ENOTFOUND when there is no tax figure. */
int declaration_store_confirm_tax(db *conn, const char *uscc, int year, const char *now);

/* Sets enterprises.grade ("" stores NULL). GL_ENOTFOUND when there is no such enterprise. */
int declaration_store_set_grade(db *conn, const char *uscc, const char *grade, const char *now);

#endif
