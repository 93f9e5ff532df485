/*
 * SQL for measure 3's control measures (migrations/0017): what a control measure keeps besides
 * its case row, m3_controls, and the two reads its rule needs of other measures' tables — a
 * construction site of the registry (sites, migration 0015) and a measure-2 enforcement case
 * (cases and m2_cases, migration 0012). Callers outside app/ do not use it: a control measure is
 * read through app/control.h, which asks app/scope.h first. Dates go in and out as ISO TEXT; NULL
 * columns read back as GL_DATE_NONE or "". The text pointers of a struct m3_control are malloc'd
 * and freed by m3_control_clear.
 */
#ifndef GL_CONTROL_STORE_H
#define GL_CONTROL_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/date.h"
#include "db.h"

/* What a control measure keeps besides its case. */
struct m3_control {
        int64_t case_id;
        char unit_kind[12]; /* "enterprise" or "site" */
        char uscc[19];      /* the enterprise, or the site's builder */
        int64_t site_id;    /* 0 for an enterprise */
        char unit_name[256];
        char township[128];
        char kind[24];       /* core/m3_control.h's kind names */
        char other_kind[48]; /* "" unless kind is other and one was chosen */
        gl_date starts_on, ends_on;
        char outcome[24]; /* allowed, awaiting_approval */
        char ground[24];
        char exception[16];     /* "", alert, malicious, major_risk */
        int64_t malicious_case; /* 0: none */
        char proposed_by[64];
        gl_date proposed_on;
        gl_date effective_from; /* GL_DATE_NONE until in force */
        char decided_by[64];
        gl_date decided_on;
        char lifted_by[64];
        gl_date lifted_on;
        gl_date finished_on;
        /* malloc'd, never NULL once read or set */
        char *reason, *major_risk, *explanation, *inputs, *decision_reason, *lift_reason;
};

void m3_control_init(struct m3_control *m);
void m3_control_clear(struct m3_control *m);
/* Replaces one of m's texts with a copy of text (NULL: ""). GL_ENOMEM. */
int m3_control_set(char **slot, const char *text);

int control_store_insert(db *conn, const struct m3_control *m);
int control_store_update(db *conn, const struct m3_control *m);
/* GL_ENOTFOUND when the case keeps no such row. */
int control_store_get(db *conn, int64_t case_id, struct m3_control *out);

/* A control measure as listed: its case's state and version with what it keeps (the reason and
 * the explanation are left out). */
struct m3_control_row {
        int64_t case_id;
        char procedure[64];
        char state[48];
        bool open;
        char case_uscc[19]; /* cases.uscc: "" for a builder outside the registry */
        char compartment[32];
        char division[7]; /* cases.division: "" for the pack's county */
        int64_t version;
        gl_date opened_on;
        struct m3_control m; /* its texts NULL */
};

/* Control measures in case id order: on the unit uscc (the enterprise or the site's builder) and
 * in the state state when not NULL. fn's non-zero return stops the walk and is returned. */
int control_store_list(db *conn, const char *uscc, const char *state,
                       int (*fn)(const struct m3_control_row *r, void *ctx), void *ctx);

/* A construction site as measure 3 needs it (table sites). */
struct m3_site {
        int64_t id;
        char project[256];
        char builder_uscc[19];
        char builder_name[256];
        char township[128];
        bool under_construction; /* status under_construction (else finished) */
        bool listed;             /* on the key-project positive list */
        char division[7];        /* its county ("" before jurisdictions: the pack's) */
};

/* GL_ENOTFOUND when there is no such site. */
int control_store_site(db *conn, int64_t id, struct m3_site *out);

/* A measure-2 enforcement case as measure 3 needs it. */
struct m3_m2_case {
        int64_t id;
        char case_number[96];
        char party_uscc[19];
        bool malicious;
        bool open;
        char outcome[16]; /* "", exempt, referred */
};

/* GL_ENOTFOUND when there is no enforcement case (procedure m2.enforcement) of that id. */
int control_store_m2_case(db *conn, int64_t id, struct m3_m2_case *out);

/* The first enforcement case recording a malicious violation whose outcome is referred, or 0
 * (for the demo). */
int control_store_first_malicious(db *conn, int64_t *id);

#endif
