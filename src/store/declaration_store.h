/*
 * Storage of measure-1 declarations (tables declarations, declaration_documents,
 * declaration_reviews, declaration_steps, grade_history of migrations/0004_declarations.sql).
 * Callers outside app/ only read; writes are made by app/ inside its transactions. Dates are
 * stored as ISO TEXT and read back as gl_date.
 */
#ifndef GL_DECLARATION_STORE_H
#define GL_DECLARATION_STORE_H

#include "../core/declaration.h"
#include "db.h"

/* Inserts a new declaration (d->id and d->version are ignored; version starts at 1); *id receives
 * its id. GL_ECONFLICT when the enterprise already has an open declaration. */
int declaration_store_insert(db *conn, const struct declaration *d, int64_t *id);

/* Reads one declaration into out (initialized by the caller; its strings are replaced). */
int declaration_store_get(db *conn, int64_t id, struct declaration *out);

/*
 * Writes every mutable column of d and increments the version, provided the stored version is
 * still d->version; GL_ECONFLICT when it is not (someone changed it meanwhile).
 */
int declaration_store_update(db *conn, const struct declaration *d);

/* The id of the enterprise's open declaration, or GL_ENOTFOUND. */
int declaration_store_find_open(db *conn, const char *uscc, int64_t *id);

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

struct declaration_document {
        int64_t id;
        int64_t declaration_id;
        char name[128];
        char file_name[256];
        int64_t size;
        char digest[65];            /* BLAKE2b-256, hex */
        const char *content_base64; /* for insert; NULL when listed */
        char added_by[64];
        char added_at[24];
};

int declaration_store_add_document(db *conn, const struct declaration_document *doc);
/* Lists the documents of a declaration (without their content) in order of addition. */
int declaration_store_documents(db *conn, int64_t declaration_id,
                                int (*fn)(const struct declaration_document *doc, void *ctx),
                                void *ctx);
/* The base64 content of one document of a declaration; *out is malloc'd, the caller frees it.
 * GL_ENOTFOUND when the declaration has no such document. */
int declaration_store_document_content(db *conn, int64_t declaration_id, int64_t document_id,
                                       struct declaration_document *meta, char **out);

struct declaration_review {
        int64_t declaration_id;
        char kind[16];    /* "county", "preliminary", "site" */
        char outcome[16]; /* county: "approved" or "returned"; "" otherwise */
        const char *findings;
        char reviewed_by[64];
        char reviewer_role[32];
        gl_date reviewed_on;
        char created_at[24];
};

int declaration_store_add_review(db *conn, const struct declaration_review *r);
/* Number of reviews of a kind recorded for the declaration. */
int declaration_store_count_reviews(db *conn, int64_t declaration_id, const char *kind,
                                    int64_t *count);
int declaration_store_reviews(db *conn, int64_t declaration_id,
                              int (*fn)(const struct declaration_review *r, void *ctx), void *ctx);

struct declaration_step_record {
        int64_t declaration_id;
        char action[32];
        char from_state[24];
        char to_state[24];
        char actor[64];
        char actor_role[32];
        gl_date on_date;
        const char *reason;
        char created_at[24];
};

int declaration_store_add_step(db *conn, const struct declaration_step_record *s);
int declaration_store_steps(db *conn, int64_t declaration_id,
                            int (*fn)(const struct declaration_step_record *s, void *ctx),
                            void *ctx);

struct grade_change {
        char uscc[19];
        char from_grade[GL_GRADE_LEN];
        char to_grade[GL_GRADE_LEN];
        char kind[16]; /* "provisional", "formal", "reverted" */
        gl_date on_date;
        gl_date grace_deadline; /* GL_DATE_NONE when none */
        char decided_by[64];
        const char *reason;
        int64_t declaration_id; /* 0 when none */
        char created_at[24];
};

int grade_history_add(db *conn, const struct grade_change *g);
/* The grade history of an enterprise, oldest first. */
int grade_history_list(db *conn, const char *uscc,
                       int (*fn)(const struct grade_change *g, void *ctx), void *ctx);

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
