/*
 * SQL of measure 8 (migrations 0015 and 0018): the registry of construction sites (sites), their
 * inspections (site_inspections) and changes (site_changes), and what an application for the
 * positive list keeps besides its case (m8_applications) with the objections raised while it is
 * published (m8_objections). Callers outside app/ do not use it: app/site.h reads through the
 * visibility rule. Dates go in and out as ISO TEXT; NULL columns read back as GL_DATE_NONE or "".
 * Strings in a struct passed to a callback are valid during the call only.
 */
#ifndef GL_SITE_STORE_H
#define GL_SITE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/date.h"
#include "../core/m8_site_list.h"
#include "db.h"

/* A construction site as stored. */
struct site_row {
        int64_t id;
        struct m8_site_values v; /* project, category, department, builder, township, ... */
        char dust_control[12];   /* unchecked, passed, failed */
        gl_date dust_checked_on;
        char status[24]; /* under_construction, finished */
        bool listed;
        gl_date listed_on;
        gl_date removed_on;
        char removed_reason[4200];
        gl_date finished_on;
        char created_by[64];
        char created_at[24], updated_at[24];
        int64_t version;
        /* The county the site is in (app/scope.h); "" for a site registered before
         * jurisdictions, which is the pack's county. Set when it is added. */
        char division[7];
        /* Read only: whether the builder is in the enterprise registry; the site's current
         * application (case id 0 when none) and its state; its inspections, and those made while
         * it was listed. */
        bool builder_registered;
        int64_t case_id;
        char case_state[48];
        int64_t inspections, inspections_listed;
};

/* Inserts a site (id, version and the read-only fields ignored); *id receives its id. */
int site_store_insert(db *conn, const struct site_row *s, int64_t *id);
/* GL_ENOTFOUND when there is none. */
int site_store_get(db *conn, int64_t id, struct site_row *out);
/* Writes every column but id, builder_uscc, created_*; version + 1, provided it is still
 * s->version (GL_ECONFLICT otherwise). */
int site_store_update(db *conn, const struct site_row *s);

struct site_query {
        const char *builder_uscc; /* or NULL */
        const char *department;   /* or NULL */
        const char *township;     /* or NULL */
        const char *category;     /* or NULL */
        const char *status;       /* or NULL */
        int listed;               /* -1: either, 0 or 1 */
        bool public_order;        /* by listed_on, then id (the public list); else by id */
};

/* Calls fn for each site matching q until fn returns non-zero (returned). */
int site_store_list(db *conn, const struct site_query *q,
                    int (*fn)(const struct site_row *s, void *ctx), void *ctx);

/* An inspection of a site. */
struct site_inspection {
        int64_t id;
        int64_t site_id;
        gl_date inspected_on;
        char reason[48]; /* a code of the pack's inspection_reasons */
        char unit[128];  /* county_branch, a department code or a township */
        char inspector[64];
        char inspector_role[32];
        bool listed;
        char dust_result[8]; /* "", passed, failed */
        const char *note;
        int64_t case_id; /* 0 when none */
        char created_at[24];
        char inspector_name[65]; /* read only: the user's display name */
        /* Read only: the site's project, builder, department and township. */
        char project[M8_PROJECT_MAX + 1];
        char site_builder_uscc[19];
        char site_department[64];
        char site_township[128];
        char site_division[7];
};

int site_store_add_inspection(db *conn, const struct site_inspection *i, int64_t *id);
/* The inspections of one site (site_id > 0) or of every site (0), newest first. */
int site_store_inspections(db *conn, int64_t site_id,
                           int (*fn)(const struct site_inspection *i, void *ctx), void *ctx);

/* A change of one field of a site. */
struct site_change {
        int64_t site_id;
        gl_date changed_on;
        char field[32];
        const char *old_value, *new_value, *reason;
        char changed_by[64];
        int64_t case_id; /* 0 when none */
        char created_at[24];
};

int site_store_add_change(db *conn, const struct site_change *c);
/* Oldest first. */
int site_store_changes(db *conn, int64_t site_id, int (*fn)(const struct site_change *c, void *ctx),
                       void *ctx);

/* What an application keeps besides its case. */
struct m8_application {
        int64_t case_id;
        int64_t site_id;
        char department[64];
        char township[128];
        char category[64];
        gl_date applied_on;
        gl_date published_on, publication_due, listed_on, closed_on;
        char outcome[48];
        bool current;
};

int m8_store_application_insert(db *conn, const struct m8_application *a);
int m8_store_application_update(db *conn, const struct m8_application *a);
/* GL_ENOTFOUND when the case is no application. */
int m8_store_application_get(db *conn, int64_t case_id, struct m8_application *out);
/* The site's current application (*case_id 0 when none). */
int m8_store_current_application(db *conn, int64_t site_id, int64_t *case_id);
/* Every application of a site, oldest first. */
int m8_store_applications_of(db *conn, int64_t site_id,
                             int (*fn)(const struct m8_application *a, void *ctx), void *ctx);

/* An objection raised while an application is published. */
struct m8_objection {
        int64_t id;
        int64_t case_id;
        gl_date received_on;
        char objector[256];
        const char *content;
        char recorded_by[64];
        char status[12]; /* pending, dismissed, upheld */
        gl_date decided_on;
        char decided_by[64];
        const char *decision;
};

int m8_store_objection_add(db *conn, const struct m8_objection *o, int64_t *id);
/* Sets status, decided_on, decided_by and decision of objection o->id of case o->case_id that is
 * pending (GL_ENOTFOUND when there is none such). */
int m8_store_objection_decide(db *conn, const struct m8_objection *o);
/* The objections of a case in id order. */
int m8_store_objections(db *conn, int64_t case_id,
                        int (*fn)(const struct m8_objection *o, void *ctx), void *ctx);

#endif
