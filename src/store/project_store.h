/*
 * Rows of measure 4 and of measure 7's totals review (migrations/0020_eia.sql): parks' planning
 * EIAs (m4_plans), construction projects with the pollutants they add (m4_projects,
 * m4_project_pollutants), what an EIA application keeps beside its case (m4_applications), the
 * materials handed in (m4_materials), the guide's help (m4_guidance), and totals reviews with their
 * needs and sources (m7_totals_*). SQL only: the rules are core/m4_eia.h and core/m7_totals.h, the
 * use cases app/project.h. Every function returns GL_OK, GL_ENOTFOUND where it says, GL_ECONFLICT
 * for a constraint, or another negative status of db.h; outputs are untouched on failure.
 */
#ifndef GL_PROJECT_STORE_H
#define GL_PROJECT_STORE_H

#include "../core/m4_eia.h"
#include "../core/m7_totals.h"
#include "db.h"

struct plan_row {
        int64_t id;
        char park[M4_NAME_MAX + 1];
        char name[M4_NAME_MAX + 1];
        char state[16]; /* in_review, approved */
        gl_date approved_on;
        char created_by[64];
        char created_at[21];
        char updated_at[21];
};

struct project_row {
        int64_t id;
        struct m4_project_values v;
        int64_t plan_id; /* 0: in no park with a planning EIA */
        char created_by[64];
        char created_at[21];
        /* The county it is in (app/scope.h); "" for a project registered before jurisdictions,
         * which is the pack's county. */
        char division[7];
        bool builder_registered; /* read: the builder is in the enterprise registry */
        int64_t case_id;         /* read: its current EIA application, 0 when none */
        char case_state[32];     /* read: that case's state */
        gl_date eia_approved_on; /* read: the day its EIA was approved, GL_DATE_NONE */
};

struct m4_application {
        int64_t case_id;
        int64_t project_id;
        char document_type[24];
        char guide[64];
        char guide_phone[32];
        char guide_name[128]; /* read: the guide's display name, "" when it has none */
        char missing[2048];   /* JSON array of the materials missing at acceptance */
        gl_date applied_on, accepted_on, decided_on;
        char outcome[32];
        bool current;
};

struct guidance_row {
        int64_t id, case_id;
        gl_date given_on;
        char help[M4_NOTE_MAX + 1];
        char guide[64];
        char created_at[21];
};

struct totals_review_row {
        int64_t id, project_id;
        gl_date reviewed_on;
        char reviewer[64];
        bool passed;
        char explanation[8192]; /* JSON array of strings */
        char created_at[21];
        struct totals_line line[POLLUTANT_COUNT_];
        struct totals_source sources[TOTALS_SOURCES_MAX];
        size_t nsources;
};

int plan_store_insert(db *conn, const struct plan_row *p, int64_t *id);
int plan_store_get(db *conn, int64_t id, struct plan_row *out); /* GL_ENOTFOUND */
int plan_store_update(db *conn, const struct plan_row *p);      /* state, approved_on */
int plan_store_list(db *conn, int (*fn)(const struct plan_row *p, void *ctx), void *ctx);

int project_store_insert(db *conn, const struct project_row *p, int64_t *id);
int project_store_get(db *conn, int64_t id, struct project_row *out); /* GL_ENOTFOUND */
/* builder_uscc NULL or "": every project. In the order registered. */
int project_store_list(db *conn, const char *builder_uscc,
                       int (*fn)(const struct project_row *p, void *ctx), void *ctx);

int m4_store_application_insert(db *conn, const struct m4_application *a);
int m4_store_application_update(db *conn, const struct m4_application *a);
int m4_store_application_get(db *conn, int64_t case_id, struct m4_application *out);
int m4_store_material_add(db *conn, int64_t case_id, const char *name, gl_date on,
                          const char *action);
int m4_store_materials(db *conn, int64_t case_id, int (*fn)(const char *name, void *ctx),
                       void *ctx);
int m4_store_guidance_add(db *conn, const struct guidance_row *g, int64_t *id);
int m4_store_guidance_list(db *conn, int64_t case_id,
                           int (*fn)(const struct guidance_row *g, void *ctx), void *ctx);

/* Inserts the review with its lines (the major pollutants) and sources. */
int totals_store_insert(db *conn, const struct totals_review_row *r, int64_t *id);
/* The project's newest review. GL_ENOTFOUND when none. */
int totals_store_latest(db *conn, int64_t project_id, struct totals_review_row *out);

#endif
