/*
 * SQL for measure 5's service visits (migrations/0013): the expert roster m5_experts and what a
 * visit keeps besides its case row, m5_visits. Callers outside app/ do not use it: a visit's
 * findings are read through app/visit.h, which asks app/scope.h first. Dates go in and out as
 * ISO TEXT; NULL columns read back as GL_DATE_NONE or "". The text pointers of a struct m5_visit
 * are malloc'd and freed by m5_visit_clear.
 */
#ifndef GL_VISIT_STORE_H
#define GL_VISIT_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/date.h"
#include "db.h"

/* Limits of a roster entry, in bytes. */
#define M5_EXPERT_NAME_MAX 120
#define M5_EXPERT_UNIT_MAX 240
#define M5_EXPERT_PHONE_MAX 32
#define M5_EXPERT_SPECIALITY_MAX 120
#define M5_EXPERT_SPECIALITIES_MAX 10

/* One expert of the roster (专家库). */
struct m5_expert {
        int64_t id;
        char name[M5_EXPERT_NAME_MAX + 1];
        char unit[M5_EXPERT_UNIT_MAX + 1];
        char specialities[2048]; /* JSON array of texts */
        char phone[M5_EXPERT_PHONE_MAX + 1];
        bool active;
        char created_by[64];
        char created_at[24];
};

int visit_store_expert_add(db *conn, const struct m5_expert *e, int64_t *id);
/* GL_ENOTFOUND when there is no such expert. */
int visit_store_expert_get(db *conn, int64_t id, struct m5_expert *out);
int visit_store_expert_set_active(db *conn, int64_t id, bool active);
/* The roster in id order, the inactive too when all; fn's non-zero return stops the walk. */
int visit_store_experts(db *conn, bool all, int (*fn)(const struct m5_expert *e, void *ctx),
                        void *ctx);

/* What a visit keeps besides its case. */
struct m5_visit {
        int64_t case_id;
        char uscc[19];
        char leader[64]; /* username of the leader of the branch who leads it */
        gl_date planned_on;
        gl_date visited_on;  /* GL_DATE_NONE until recorded */
        int helped;          /* -1 until the enterprise answers, else 0 or 1 */
        gl_date feedback_on; /* GL_DATE_NONE until then */
        /* malloc'd, never NULL once read or set */
        char *team;       /* JSON [{"id", "name", "unit"}] */
        char *deliveries; /* JSON {"law": [...], "policy": [...], "technology": [...]} */
        char *purpose, *problems, *advice, *follow_up, *feedback, *note;
};

void m5_visit_init(struct m5_visit *v);
void m5_visit_clear(struct m5_visit *v);
/* Replaces one of v's texts with a copy of text (NULL: ""). GL_ENOMEM. */
int m5_visit_set(char **slot, const char *text);

int visit_store_insert(db *conn, const struct m5_visit *v);
int visit_store_update(db *conn, const struct m5_visit *v);
/* GL_ENOTFOUND when the case keeps no such row. */
int visit_store_get(db *conn, int64_t case_id, struct m5_visit *out);

/* A visit as listed: its case's state and the names of its enterprise and leader, no findings. */
struct m5_visit_row {
        int64_t case_id;
        char procedure[64];
        char state[48];
        bool open;
        char compartment[32];
        char division[7]; /* cases.division: "" for the pack's county */
        gl_date opened_on, closed_on;
        int64_t version;
        char uscc[19];
        char enterprise_name[256];
        char leader[64];
        char leader_name[65];
        gl_date planned_on, visited_on, feedback_on;
        int helped;       /* -1: no answer */
        const char *team; /* JSON; valid during the callback */
};

/* Visits in case id order, of the enterprise uscc and in the state state when not NULL. */
int visit_store_list(db *conn, const char *uscc, const char *state,
                     int (*fn)(const struct m5_visit_row *v, void *ctx), void *ctx);

/* A key air emitter (enterprises.key_air_emitter) with its visits: how many were made (recorded),
 * how many are planned, and the day of the latest. */
struct m5_target {
        char uscc[19];
        char name[256];
        char township[128];
        int64_t visited, planned;
        gl_date last_visited_on;
};

int visit_store_targets(db *conn, int (*fn)(const struct m5_target *t, void *ctx), void *ctx);

#endif
