/*
 * Storage of measure 6's registry (tables supply_links and supply_help_targets, migration 0014):
 * links of positive-list enterprises with their upstream and downstream partners, and the help
 * targets set for partners. A partner's name, grade and list status are read from the registry
 * when it holds the partner (joined on partner_uscc at every read), else as recorded. Callers
 * outside app/ only read; app/supply.c writes, inside its transactions. Nothing is deleted: a
 * link is ended, a target closed.
 */
#ifndef GL_SUPPLY_STORE_H
#define GL_SUPPLY_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/enterprise.h"
#include "../core/supply.h"
#include "db.h"

struct supply_link {
        int64_t id;
        char uscc[19];        /* the positive-list enterprise it belongs to */
        char owner_name[256]; /* its name in the registry */
        enum supply_direction direction;
        char partner_uscc[19];
        char
            partner_name[256]; /* the registry's name when it holds the partner, else as recorded */
        bool partner_in_registry;         /* found by joining on partner_uscc */
        char partner_industry[64];        /* "" outside the registry */
        char partner_grade[GL_GRADE_LEN]; /* the registry's ("" none) or as recorded */
        bool partner_grade_known;         /* false: outside, and no grade recorded */
        int partner_positive_list;        /* 1, 0; -1 not known (outside, not recorded) */
        char product[SUPPLY_PRODUCT_MAX + 1];
        char product_key[SUPPLY_PRODUCT_MAX + 1];
        char created_by[64];
        gl_date created_on;
        char created_at[24];
        bool ended;
        char ended_by[64];
        gl_date ended_on;
        char ended_at[24];
        char end_reason[SUPPLY_TEXT_MAX + 1];
};

struct supply_target {
        int64_t id;
        int64_t link_id;
        char target[SUPPLY_TEXT_MAX + 1];
        char status[8];        /* open, met, dropped */
        int64_t visit_case_id; /* the service visit planned for it; 0: none */
        char created_by[64];
        gl_date created_on;
        char created_at[24];
        char closed_by[64];
        gl_date closed_on; /* GL_DATE_NONE while open */
        char closed_at[24];
        char close_note[SUPPLY_TEXT_MAX + 1];
};

/* A new link: the fields of l it writes are uscc, direction, partner_uscc, partner_name,
 * partner_grade (written only when partner_grade_known), partner_positive_list (-1: NULL),
 * product, product_key and the created_ ones. *id receives the new id. GL_ECONFLICT when the
 * enterprise has a running link to the same partner for the same product in that direction. */
int supply_store_link_insert(db *conn, const struct supply_link *l, int64_t *id);
/* GL_ENOTFOUND when there is no such link. */
int supply_store_link_get(db *conn, int64_t id, struct supply_link *out);
/* Ends a running link. */
int supply_store_link_end(db *conn, int64_t id, const char *by, gl_date on, const char *at,
                          const char *reason);

/* Which links a listing reads: one enterprise's (uscc) or every one; the ended too when
 * with_ended. Ordered by enterprise, direction (upstream first) and id. */
struct supply_link_query {
        const char *uscc; /* or NULL */
        bool with_ended;
};
int supply_store_links(db *conn, const struct supply_link_query *q,
                       int (*fn)(const struct supply_link *l, void *ctx), void *ctx);

/* The enterprises on the positive list that have running links (only, when not NULL), by USCC;
 * *unlinked (may be NULL) receives how many enterprises on the list (only: whether it) have none.
 * within (NULL: every division) keeps the enterprises whose division begins with it. */
int supply_store_linked_owners(db *conn, const char *only, const char *within,
                               int (*fn)(const char *uscc, void *ctx), void *ctx,
                               int64_t *unlinked);

int supply_store_target_insert(db *conn, const struct supply_target *t, int64_t *id);
int supply_store_target_get(db *conn, int64_t id, struct supply_target *out);
/* Closes an open target with status "met" or "dropped". */
int supply_store_target_close(db *conn, int64_t id, const char *status, const char *by, gl_date on,
                              const char *at, const char *note);
/* Records the service visit planned for an open target without one (visit_case_id); GL_ESTATE when
 * the target is closed or has one already. */
int supply_store_target_set_visit(db *conn, int64_t id, int64_t case_id);
/* The target a service visit was planned for: *id receives it, 0 when none. */
int supply_store_target_of_visit(db *conn, int64_t case_id, int64_t *id);
/* The targets of a link, oldest first. */
int supply_store_targets(db *conn, int64_t link_id,
                         int (*fn)(const struct supply_target *t, void *ctx), void *ctx);

/* An enterprise of the registry that might take a partner's place. */
struct supply_candidate {
        char uscc[19];
        char name[256];
        char industry[64];
        char grade[GL_GRADE_LEN]; /* "" none */
        bool positive_list;
        int64_t links; /* by product: the running links that show it supplies (or takes) it */
};

/*
 * The enterprises of the registry that the running links show in the role of a partner in
 * direction for the product of key: for upstream, those that supply it (the partner of an upstream
 * link, the enterprise of a downstream one); for downstream, those that take it. By USCC.
 */
int supply_store_by_product(db *conn, const char *key, enum supply_direction direction,
                            int (*fn)(const struct supply_candidate *c, void *ctx), void *ctx);
/* The enterprises of the registry in industry, by USCC (links 0). */
int supply_store_by_industry(db *conn, const char *industry,
                             int (*fn)(const struct supply_candidate *c, void *ctx), void *ctx);
/* Whether uscc has a running link with partner in direction (any product). */
int supply_store_is_partner(db *conn, const char *uscc, enum supply_direction direction,
                            const char *partner, bool *out);

#endif
