/*
 * Measure 6's use cases (正面清单企业上下游产业链): the registry of supply-chain links of the
 * enterprises on the positive list, the review that says which partners are preferred (core/
 * supply.h) and what to do about the others, and the help targets (帮扶目标) set for partners.
 * Measure 6 is a registry, not a procedure of the engine: links and targets are rows of their own
 * (store/supply_store.h), each change one transaction with one audit record about the link
 * (entity "supply_link"), which seals the link with its targets (app/seal.c).
 *
 * Who may:
 * - record and end links: the county officer and the system, for any enterprise on the positive
 *   list; an enterprise user for its own enterprise (it knows its partners; the branch reads and
 *   verifies them). Another enterprise's link is answered GL_ENOTFOUND, as one that does not exist;
 *   any other role GL_EPERM.
 * - set and close help targets: the county officer, the county leader (who leads the service
 *   visits of measure 5) and the system; GL_EPERM for any other role, the enterprise included.
 * - read links, targets and reviews: app/scope.h's SCOPE_SUPPLY (an enterprise user its own
 *   enterprise's; the branch, the city and administrators the county). A review shows an
 *   enterprise user the partners' and the alternatives' names, grades and list status: the
 *   performance grades and the positive list are published lists, and the measure asks the branch
 *   to guide the enterprise's choice of partners by them.
 *
 * A link: the enterprise (in the registry, on the positive list when the link is recorded), the
 * direction ("upstream": the partner supplies it; "downstream": the partner takes from it), the
 * partner's USCC, the product or service. A partner the registry holds is read from it — name,
 * grade and list status as they stand at each review — and may not be given another name, a grade
 * or a list status; a partner outside the county's registry needs a valid USCC (GB 32100 check
 * characters) and its name, and may have its grade and list status when known (else unknown). One
 * running link per enterprise, direction, partner and product (by its key). Ending a link keeps
 * it, with who, when and why, and drops its open help targets.
 *
 * Bad input is refused naming the field (uscc, direction, partner_uscc, partner_name,
 * partner_grade, partner_positive_list, product, reason, target, status, today, id), and changes
 * nothing.
 *
 * Seams left open:
 * - service visits (measure 5): a help target is to be turned into a visit plan; its visit_case_id
 *   stays 0 (NULL) until the visits procedure sets it. Nothing here plans a visit.
 * - alerts (heavy-pollution weather): during an alert a positive-list enterprise is to learn which
 *   of its partners must restrict or halt. The alert's measures will read this registry through
 *   app_supply_links; nothing here knows of alerts.
 */
#ifndef GL_APP_SUPPLY_H
#define GL_APP_SUPPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/alert.h"
#include "../core/enterprise.h"
#include "../core/supply.h"
#include "../store/supply_store.h"
#include "app.h"

/* The most alternatives a review lists for one partner (more are counted). */
#define SUPPLY_ALTERNATIVES_MAX 5

struct supply_link_input {
        const char *uscc;
        const char *direction; /* "upstream" or "downstream" */
        const char *partner_uscc;
        const char *partner_name;  /* required outside the registry; NULL or "" otherwise */
        const char *partner_grade; /* outside the registry, when known: A, B, B-, C, D; else NULL */
        int partner_positive_list; /* outside the registry, when known: 1 or 0; else -1 */
        const char *product;
        gl_date today; /* the business day it is recorded */
};

/* Records a link; *id receives its id. GL_EINVAL naming the field; GL_ENOTFOUND (uscc) when the
 * enterprise is not in the registry or not who's; GL_ESTATE (uscc) when it is not on the positive
 * list; GL_ECONFLICT (partner_uscc) when the same link is running; GL_EPERM. */
int app_supply_link_add(struct app *app, const struct actor *who,
                        const struct supply_link_input *in, int64_t *id, struct gl_error *err);

/* Ends running link id with a reason (may be NULL or ""), dropping its open targets. GL_ENOTFOUND
 * (id); GL_ESTATE (id) when it has ended; GL_EINVAL (reason, today); GL_EPERM. */
int app_supply_link_end(struct app *app, const struct actor *who, int64_t id, const char *reason,
                        gl_date today, struct gl_error *err);

/* A link with its help targets (malloc'd; supply_link_view_clear frees them). */
struct supply_link_view {
        struct supply_link link;
        struct supply_target *targets;
        size_t ntargets;
};
void supply_link_view_clear(struct supply_link_view *v);

/* One link who may see; GL_ENOTFOUND otherwise. */
int app_supply_link_get(struct app *app, const struct actor *who, int64_t id,
                        struct supply_link_view *out, struct gl_error *err);

/* The links of uscc (NULL: every enterprise who sees), ended ones too when with_ended, to fn
 * (the view valid during the call), by enterprise, upstream first. GL_ENOTFOUND (uscc) when uscc
 * is not who's; GL_EPERM. fn as in app.h. */
int app_supply_links(struct app *app, const struct actor *who, const char *uscc, bool with_ended,
                     int (*fn)(const struct supply_link_view *v, void *ctx), void *ctx,
                     struct gl_error *err);

/* Sets a help target on running link id; *id receives its id. GL_EINVAL (target, today);
 * GL_ENOTFOUND (link_id); GL_ESTATE (link_id) when the link has ended, (today) when measure 6 no
 * longer reviews (m6.review_after_window = 0 after its period); GL_EPERM. */
int app_supply_target_add(struct app *app, const struct actor *who, int64_t link_id,
                          const char *target, gl_date today, int64_t *id, struct gl_error *err);

/* Closes open target id as "met" or "dropped" with a note (may be NULL). GL_EINVAL (status,
 * note, today); GL_ENOTFOUND (id); GL_ESTATE (id) when it is closed; GL_EPERM. */
int app_supply_target_close(struct app *app, const struct actor *who, int64_t id,
                            const char *status, const char *note, gl_date today,
                            struct gl_error *err);

/*
 * Measure 6 turned into a service visit (结合“两进三送”对上下游企业帮扶): whether open target id,
 * on a running link, names uscc — a partner of the registry — as the enterprise to help and has
 * no visit yet, and was set no later than today, the plan's day. Inside the caller's transaction (a
 * visit's plan, app/m5_visit.c); GL_EINVAL naming field otherwise, with why. *link receives the
 * link (may be NULL).
 */
int app_supply_target_visitable(struct app *app, int64_t id, const char *uscc, gl_date today,
                                const char *field, struct supply_link *link, struct gl_error *err);
/* Records visit case_id as planned for target id (checked by app_supply_target_visitable in the
 * same transaction) and seals its link anew with an audit record of who. */
int app_supply_target_planned(struct app *app, const struct actor *who, int64_t id, int64_t case_id,
                              struct gl_error *err);

/* One help target who may see; GL_ENOTFOUND (id) otherwise. */
int app_supply_target_get(struct app *app, const struct actor *who, int64_t id,
                          struct supply_target *out, struct gl_error *err);

/* An enterprise of the registry that is preferred and could take a partner's place. */
struct supply_alternative {
        struct supply_candidate c;
        const char *basis;    /* "product": it supplies (or takes) the same product; "industry" */
        const char *reason;   /* why it is preferred: the verdict's reason */
        bool already_partner; /* the enterprise already has a running link with it that way */
        char how[SUPPLY_LINE_LEN]; /* how it was found, in Chinese */
};

struct supply_review_partner {
        struct supply_link_view v;
        struct supply_verdict verdict;
        size_t open_targets;
        bool needs_target;                          /* not preferred, and no open target */
        char suggested_target[SUPPLY_TEXT_MAX + 1]; /* "" when preferred */
        struct supply_alternative *alternatives;    /* not preferred: up to the maximum */
        size_t nalternatives;
        size_t more_alternatives;               /* found beyond them */
        char alternatives_how[SUPPLY_LINE_LEN]; /* how they were looked for; "" when preferred */
        /* What the heavy-pollution-weather alert in force on the review's day asks of the partner
         * (app/alert.h alert_unit_on), so that a positive-list enterprise sees which of its
         * partners restrict or halt: alert_known is false for a partner outside the registry
         * (the county's alerts do not say what it must do); alert_line says it in Chinese. */
        bool alert_known;
        struct alert_unit_measure alert;
        char alert_line[SUPPLY_LINE_LEN];
};

struct supply_review_enterprise {
        struct enterprise e;
        struct supply_review_partner *partners; /* its running links, upstream first */
        size_t npartners;
        size_t not_preferred, needs_target, open_targets;
        /* Partners that the alert in force on the review's day halts, or restricts in any way. */
        size_t partners_halted, partners_restricted;
};

struct supply_review {
        gl_date today;
        char pack_id[64];
        int pack_version;
        struct supply_verdict rule; /* the rule's lines on the day */
        struct supply_review_enterprise *enterprises;
        size_t n;
        /* Enterprises on the positive list, among those reviewed, that have no running link. */
        int64_t unlinked;
};

/*
 * Reviews uscc (NULL: every enterprise on the positive list with running links that who sees) on
 * today: each partner judged, with the help targets, and for those not preferred a suggested
 * target and the alternatives. One enterprise named is reviewed whether or not it is on the list
 * (e.positive_list says). *out is freed with supply_review_free (accepts NULL). GL_ENOTFOUND
 * (uscc); GL_EPERM; an error of the pack's parameters (core/supply.h).
 */
int app_supply_review(struct app *app, const struct actor *who, const char *uscc, gl_date today,
                      struct supply_review **out, struct gl_error *err);
void supply_review_free(struct supply_review *r);

/*
 * Demo data (app/demo_supply.c): links of two enterprises of the positive list — the first prefer
 * (the USCC a demo clerk works for) when it is on the list — to partners in every state the review
 * knows, with help targets open, met and dropped and one link ended, dated back from today, each
 * through the use cases above. A database that already holds links gets none. System or admin
 * only. *made (may be NULL) receives how many links were recorded.
 */
int app_demo_supply(struct app *app, const struct actor *who, gl_date today, const char *prefer,
                    int64_t *made, struct gl_error *err);

#endif
