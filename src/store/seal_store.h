/*
 * Storage of seals (tables audit_seals, and the seal column of enterprises and annual_figures):
 * the SQL that reads a sealed row's state and writes and reads its seal. These functions neither
 * compute nor check MACs: app/seal.c does.
 */
#ifndef GL_SEAL_STORE_H
#define GL_SEAL_STORE_H

#include <stdbool.h>

#include "db.h"

enum seal_kind {
        SEAL_CASE,       /* a case with what belongs to it; id: the case id */
        SEAL_USER,       /* id: the user name */
        SEAL_AVERAGE,    /* an official industry average; id: INDUSTRY:YEAR */
        SEAL_ENTERPRISE, /* id: the USCC */
        SEAL_ANNUAL,     /* a year's figures; id: USCC:YEAR */
        SEAL_SUPPLY, /* a supply-chain link with its help targets (measure 6); id: the link id */
        SEAL_EXPERT, /* an expert of the service visits' roster (measure 5); id: the expert id */
        SEAL_SITE,   /* a construction site with its inspections and changes (measure 8); id */
        SEAL_KINDS_
};

#define SEAL_MAX_VALUES 64 /* columns of a row of a state: a wider row is GL_EDB */
/* The format of a seal in audit_seals (migration 0019): 1 fed at most SEAL_FORMAT1_VALUES columns
 * of each row into the MAC; 2, the format written now, feeds every column. */
#define SEAL_FORMAT1_VALUES 24
#define SEAL_FORMAT 2

/* The kind's name (audit_seals.entity_type); whether its seal is kept in its own row (else in
 * audit_seals; such a kind has a count of rows); whether its state is its row alone. */
const char *seal_kind_name(enum seal_kind k);
bool seal_kind_in_row(enum seal_kind k);
bool seal_kind_one_part(enum seal_kind k);

/* Statements of one connection, prepared on first use. */
struct seal_store;
struct seal_store *seal_store_new(db *conn); /* NULL when out of memory */
void seal_store_free(struct seal_store *s);

/* A row as texts (NULL: SQL NULL), of part `part` of a state (0: the row itself). */
typedef int (*seal_row_fn)(void *ctx, size_t part, const char *const *values, int n);

/* Calls fn with each row of the state of row id, in order; *exists false when the row is not
 * there (fn then not called). A status other than GL_OK from fn stops with it. */
int seal_store_state(struct seal_store *s, enum seal_kind k, const char *id, seal_row_fn fn,
                     void *ctx, bool *exists);

/* Writes the seal of row id: audit_id and mac. */
/* The seal a row of a kind sealed in its own row holds: "AUDIT_ID:MAC". */
void seal_store_format(int64_t audit_id, const char *mac, char *out, size_t size);
int seal_store_put(struct seal_store *s, enum seal_kind k, const char *id, int64_t audit_id,
                   const char *mac);
/* The seal of row id of a kind sealed in audit_seals, with its format (SEAL_FORMAT for a kind
 * sealed in its own rows); GL_ENOTFOUND when there is none. */
int seal_store_get(struct seal_store *s, enum seal_kind k, const char *id, int64_t *audit_id,
                   char mac[129], int *format);
/* Removes it. */
int seal_store_delete(struct seal_store *s, enum seal_kind k, const char *id);

/* Calls fn with every row's id, in order; stops with a status other than GL_OK from fn. */
int seal_store_ids(db *conn, enum seal_kind k, int (*fn)(void *ctx, const char *id), void *ctx);
/* The ids of seals in audit_seals whose row is gone, in order, to fn likewise. */
int seal_store_orphans(db *conn, enum seal_kind k, int (*fn)(void *ctx, const char *id), void *ctx);
/* For a kind sealed in its own rows: every row with its seal (audit_id 0 and mac "" when it has
 * none that reads) and its state, in order, to fn likewise. */
int seal_store_scan(db *conn, enum seal_kind k,
                    int (*fn)(void *ctx, const char *id, int64_t audit_id, const char *mac,
                              const char *const *values, int n),
                    void *ctx);

/* How many rows a kind sealed in its own rows holds; its sealed count (GL_ENOTFOUND: none). */
int seal_store_count(db *conn, enum seal_kind k, int64_t *n);
int seal_store_put_count(struct seal_store *s, enum seal_kind k, int64_t audit_id, const char *mac,
                         int64_t n);
int seal_store_get_count(db *conn, enum seal_kind k, int64_t *audit_id, char mac[129], int64_t *n);

/* The newest audit record with entity_id id and entity_type type1 or type2 (0: none). */
int seal_store_newest_record(struct seal_store *s, const char *type1, const char *type2,
                             const char *id, int64_t *out);
/* Whether the enterprise's grade was set by a decision (a grade change other than formal) after
 * the time of audit record audit_id. */
int seal_store_grade_after(struct seal_store *s, const char *uscc, int64_t audit_id, bool *after);

#endif
