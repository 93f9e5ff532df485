/*
 * Storage of the procedure engine (migrations/0005_cases.sql): cases of every procedure, their
 * steps, documents, reviews and deadlines, and the grade history that procedures change. Callers
 * outside app/ do not use it: app/ reads and writes it inside its transactions. Dates are stored as
 * ISO TEXT and read back as gl_date. Strings in a struct passed to a callback are valid during the
 * call only. A step, review or document records the user name of who took, wrote or added it; its
 * *_name field is read only: that user's display name when listed (users.display_name), "" when
 * the user has none or the name is no user's (the system, a demo actor).
 */
#ifndef GL_CASE_STORE_H
#define GL_CASE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/date.h"
#include "../core/enterprise.h"
#include "db.h"

/* A case as stored. */
struct case_row {
        int64_t id;
        char procedure[64];
        char uscc[19];          /* "" when the party is outside the registry */
        char subject_name[256]; /* such a party's name */
        char subject_uscc[19];  /* and its USCC, when known ("" otherwise) */
        /* The units the case is addressed to (app/scope.h: measure 8's application goes to the
         * competent department of its site and its township), "" when none; set when it opens. */
        char department[64];
        char township[128];
        /* The county the case belongs to (app/scope.h): its party's, or its site's; "" for a
         * case opened before jurisdictions, which is the pack's county. */
        char division[7];
        char state[48];
        bool open;
        char compartment[32]; /* "" when none */
        gl_date opened_on;
        gl_date closed_on; /* GL_DATE_NONE while open */
        char pack_id[64];
        int pack_version;
        char created_at[24], updated_at[24];
        int64_t version;
        /* Read only: the party's name (the registry's for an enterprise, else subject_name). */
        char party_name[256];
        /* Read only, filled by case_store_list: the soonest deadline still counting (kind ""
         * when none); working_days_left and overdue are the app's to fill. */
        struct {
                char kind[48];
                gl_date due, latest_due;
                bool provisional, suspended;
                int working_days_left;
                bool overdue;
        } next;
};

/* Inserts a case (id and version ignored; version starts at 1); *id receives its id. GL_ECONFLICT
 * when a unique rule (one open measure-1 declaration per enterprise) refuses it. */
int case_store_insert(db *conn, const struct case_row *c, int64_t *id);
/* Reads one case; GL_ENOTFOUND when there is none. */
int case_store_get(db *conn, int64_t id, struct case_row *out);
/* Writes state, open, closed_on and updated_at and increments the version, provided the stored
 * version is still c->version; GL_ECONFLICT when it is not. */
int case_store_update(db *conn, const struct case_row *c);

struct case_query {
        const char *procedure; /* or NULL */
        const char *state;     /* or NULL */
        const char *uscc;      /* or NULL */
        bool open_only;
        int64_t after_id; /* only ids above it (paging), 0 for all */
        int limit;        /* 0: no limit */
        /* The jurisdiction (app/scope.h struct scope_division): only cases whose division
         * begins with division_prefix (NULL: any), and those of none when division_blank. */
        const char *division_prefix;
        bool division_blank;
        gl_date today; /* app_case_list: the day the next deadline's working days count from
                          (GL_DATE_NONE or 0: the local date) */
};

/* Calls fn for each case matching q in id order until fn returns non-zero (returned). */
int case_store_list(db *conn, const struct case_query *q,
                    int (*fn)(const struct case_row *c, void *ctx), void *ctx);

struct case_document {
        int64_t id;
        int64_t case_id;
        char name[128];
        char file_name[256];
        int64_t size;
        char digest[65];            /* BLAKE2b-256, hex */
        const char *content_base64; /* for insert; NULL when listed */
        char added_by[64];
        char added_at[24];
        char added_by_name[65]; /* read only */
};

int case_store_add_document(db *conn, const struct case_document *doc);
/* Lists the documents of a case (without their content) in order of addition. */
int case_store_documents(db *conn, int64_t case_id,
                         int (*fn)(const struct case_document *doc, void *ctx), void *ctx);
/* The base64 content of one document of a case; *out is malloc'd, the caller frees it.
 * GL_ENOTFOUND when the case has no such document. */
int case_store_document_content(db *conn, int64_t case_id, int64_t document_id,
                                struct case_document *meta, char **out);

struct case_review {
        int64_t case_id;
        char kind[32];    /* the procedure's word: "county", "preliminary", "site", ... */
        char outcome[32]; /* e.g. county: "approved" or "returned"; "" when none */
        const char *findings;
        char reviewed_by[64];
        char reviewer_role[32];
        gl_date reviewed_on;
        char created_at[24];
        char reviewed_by_name[65]; /* read only */
};

int case_store_add_review(db *conn, const struct case_review *r);
/* Number of reviews of a kind recorded for the case. */
int case_store_count_reviews(db *conn, int64_t case_id, const char *kind, int64_t *count);
int case_store_reviews(db *conn, int64_t case_id, int (*fn)(const struct case_review *r, void *ctx),
                       void *ctx);

struct case_step_record {
        int64_t case_id;
        char action[48];
        char from_state[48];
        char to_state[48];
        char actor[64];
        char actor_role[32];
        gl_date on_date;
        const char *reason;
        const char *fields; /* JSON object of the fields given, or NULL for {} */
        char created_at[24];
        char actor_name[65]; /* read only */
};

int case_store_add_step(db *conn, const struct case_step_record *s);
int case_store_steps(db *conn, int64_t case_id,
                     int (*fn)(const struct case_step_record *s, void *ctx), void *ctx);

struct grade_change {
        char uscc[19];
        char from_grade[GL_GRADE_LEN];
        char to_grade[GL_GRADE_LEN];
        char kind[16]; /* "provisional", "formal", "reverted" */
        gl_date on_date;
        gl_date grace_deadline; /* GL_DATE_NONE when none */
        char decided_by[64];
        const char *reason;
        int64_t case_id; /* 0 when none */
        char created_at[24];
};

int grade_history_add(db *conn, const struct grade_change *g);
/* The grade history of an enterprise, oldest first. */
int grade_history_list(db *conn, const char *uscc,
                       int (*fn)(const struct grade_change *g, void *ctx), void *ctx);

/* A deadline of a case. */
struct case_deadline {
        int64_t id;
        int64_t case_id;
        char kind[32];
        char rule[16]; /* "working_days" or "months" */
        int length;
        char param[64];
        char started_by[48];
        gl_date started_on;
        gl_date original_due;
        gl_date due;
        gl_date latest_due;
        bool provisional;
        char status[16]; /* running, suspended, met, superseded, expired, ended */
        gl_date suspended_on;
        int suspended_days;
        gl_date ended_on;
        char ended_by[48];
};

/* Inserts a deadline; *id (may be NULL) receives its id. */
int case_store_add_deadline(db *conn, const struct case_deadline *d, int64_t *id);
/* Writes due, latest_due, provisional, status, suspended_on, suspended_days, ended_on, ended_by. */
int case_store_update_deadline(db *conn, const struct case_deadline *d);
/* The deadlines of a case in order of creation. */
int case_store_deadlines(db *conn, int64_t case_id,
                         int (*fn)(const struct case_deadline *d, void *ctx), void *ctx);
/* Every deadline that is running or suspended, of open cases, with its case; ordered by due day
 * and id. */
int case_store_running_deadlines(db *conn,
                                 int (*fn)(const struct case_deadline *d, const struct case_row *c,
                                           void *ctx),
                                 void *ctx);

#endif
