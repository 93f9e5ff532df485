/*
 * Storage of the enterprise registry and annual figures (tables enterprises, annual_figures).
 * Callers outside app/ only read; writes are made by app/ inside its transactions.
 *
 * Writes never touch a row whose content is unchanged: an insert is tried first (ON CONFLICT DO
 * NOTHING), then an update guarded by IS DISTINCT FROM on every column, so re-importing the same
 * data writes nothing. A bulk import keeps one writer (its prepared statements) for all rows.
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
        const char *division; /* only divisions beginning with it (a jurisdiction), or NULL */
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

/* What a put did. */
enum store_change {
        STORE_UNCHANGED = 0,
        STORE_INSERTED,
        STORE_UPDATED,
};

/*
 * Writers hold prepared statements for many puts inside one transaction. Open returns a writer the
 * caller frees with the matching close (accepts NULL); it must not outlive the connection.
 */
/*
 * The columns of a row's state as the audit seals it (app/seal.c), in this order: what a writer's
 * statement returns of the row it wrote, so that the row is sealed as written without reading it
 * again.
 */
#define ENTERPRISE_SEALED_COLUMNS                                                                  \
        "uscc, name, industry, township, grade, air_emitter, key_air_emitter, positive_list, "     \
        "division"
#define ANNUAL_SEALED_COLUMNS                                                                      \
        "uscc, year, tax_fen, rd_fen, revenue_fen, so2_g, nox_g, pm_g, vocs_g, cod_g, nh3n_g, "    \
        "tax_confirmed"

/* Called by a writer with the row it wrote, its ..._SEALED_COLUMNS as texts (NULL: SQL NULL); a
 * status other than GL_OK stops the put with it. */
typedef int (*store_wrote_fn)(void *ctx, const char *const *values, int n);

/* Called by a writer before it inserts a row, with the texts the row's ..._SEALED_COLUMNS will
 * hold (as store_wrote_fn is told of them after a write): writes the row's seal into out (size
 * bytes), which the insert stores with the row. A status other than GL_OK stops the put. */
typedef int (*store_seal_fn)(void *ctx, const char *const *values, int n, char *out, size_t size);
#define STORE_SEAL_MAX 160

struct enterprise_writer;
int enterprise_writer_open(db *conn, struct enterprise_writer **out);
/* fn is told of each row updated, and of each row inserted unless seal_fn (set below) sealed it
 * as it was inserted: one write per new row instead of two. */
void enterprise_writer_on_write(struct enterprise_writer *w, store_wrote_fn fn, void *ctx);
void enterprise_writer_seal_inserts(struct enterprise_writer *w, store_seal_fn fn, void *ctx);
/*
 * The grade of an enterprise that holds a provisional grade under measure 1 (a declaration in state
 * provisional) belongs to that procedure: a put keeps it, and sets *grade_kept (may be NULL) when
 * the given grade differed from it.
 */
int enterprise_writer_put(struct enterprise_writer *w, const struct enterprise *e, const char *now,
                          enum store_change *how, bool *grade_kept);
void enterprise_writer_close(struct enterprise_writer *w);
/* Every row put from now on is new (the table held none when the import began): where the
 * backend has a bulk load (db_load_begin), sealed inserts go by it, and nothing else may be asked
 * of the connection until enterprise_writer_finish ends it (GL_OK, or the load's error). order
 * (or NULL) lists the rows put, 0 for the first, in the order of their USCCs, as db_load_end
 * takes it. */
void enterprise_writer_load_new(struct enterprise_writer *w);
int enterprise_writer_finish(struct enterprise_writer *w, const uint32_t *order, size_t norder);
/* The division stored for the enterprise uscc (7 bytes; "" for the pack's county), and whether
 * the registry holds it. */
int enterprise_writer_division(struct enterprise_writer *w, const char *uscc, char out[7],
                               bool *exists);
/* Calls fn with the USCC and the division of every enterprise of the registry (in no order). */
int enterprise_store_each_uscc(db *conn,
                               int (*fn)(void *ctx, const char *uscc, const char *division),
                               void *ctx);

/*
 * Annual figures: `supplied` has bit (1 << p) set for each pollutant p whose figure the source
 * supplied (GL_AMOUNT_NONE then means "not reported" and is stored as NULL); a pollutant not
 * supplied keeps its stored figure on update. Money figures are always supplied. `source` and
 * `tax_confirmed` are written when something changed and do not by themselves make a change.
 */
#define ANNUAL_ALL_POLLUTANTS ((1u << POLLUTANT_COUNT_) - 1)
struct annual_writer;
int annual_writer_open(db *conn, struct annual_writer **out);
void annual_writer_on_write(struct annual_writer *w, store_wrote_fn fn, void *ctx);
void annual_writer_seal_inserts(struct annual_writer *w, store_seal_fn fn, void *ctx);
int annual_writer_put(struct annual_writer *w, const struct annual_figures *f, unsigned supplied,
                      const char *now, enum store_change *how);
/* Whether the registry holds an enterprise with this USCC (annual figures need one), and its
 * division (as enterprise_writer_division). */
int annual_writer_enterprise_division(struct annual_writer *w, const char *uscc, char out[7],
                                      bool *exists);
void annual_writer_close(struct annual_writer *w);
/* As enterprise_writer_load_new and _finish, for annual figures (order: by USCC, then year). */
void annual_writer_load_new(struct annual_writer *w);
int annual_writer_finish(struct annual_writer *w, const uint32_t *order, size_t norder);

#endif
