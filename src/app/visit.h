/*
 * Measure 5's service visits as their readers see them (两进三送): the expert roster the teams
 * are drawn from, and each visit — the enterprise, the leader of the branch who leads it, the team,
 * the days planned and visited, what was delivered (law, policy, technology), the problems found,
 * the advice given, the follow-up help, and the enterprise's word on whether the help helped.
 *
 * The steps are app/case.h's (procedure "m5.visit" of the pack; its guards and effects are
 * app/m5_visit.c's). A visit's case is kept in the compartment "visits" (app/scope.h), closed to
 * enforcement for good: the county's enforcement officers and legal reviewers find neither the
 * visit nor its case (GL_ENOTFOUND), nor any listing of visits (GL_EPERM). Its texts are kept here
 * alone: the case's steps and the audit trail hold their keyed digests (不做笔录、不罚款、不问责).
 */
#ifndef GL_APP_VISIT_H
#define GL_APP_VISIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/procedure.h"
#include "../store/case_store.h"
#include "../store/visit_store.h"
#include "app.h"

#define M5_PROCEDURE "m5.visit"

/* ---- the expert roster (专家库) ---- */

/* A new expert; the texts are borrowed for the call. */
struct expert_new {
        const char *name;  /* 1 to M5_EXPERT_NAME_MAX bytes */
        const char *unit;  /* 工作单位, 1 to M5_EXPERT_UNIT_MAX bytes */
        const char *phone; /* may be NULL or "" */
        const char *const *specialities;
        size_t nspecialities; /* at most M5_EXPERT_SPECIALITIES_MAX */
};

/*
 * Adds an expert to the roster (audited "expert.add"); *id receives its number. A leader of the
 * branch (county_leader), an administrator or the system; GL_EPERM otherwise. GL_EINVAL naming
 * "name", "unit", "phone" or "specialities" for a bad value; nothing is written then.
 */
int app_expert_add(struct app *app, const struct actor *who, const struct expert_new *e,
                   int64_t *id, struct gl_error *err);

/* Takes an expert off the roster (audited "expert.disable"): no new plan names it; the visits
 * planned keep their team. GL_ENOTFOUND (field "id"), GL_ESTATE when already disabled, GL_EPERM as
 * app_expert_add. */
int app_expert_disable(struct app *app, const struct actor *who, int64_t id, struct gl_error *err);

/* One expert of the roster, for the roles of app_expert_list; GL_ENOTFOUND (field "id"). */
int app_expert_get(struct app *app, const struct actor *who, int64_t id, struct m5_expert *out,
                   struct gl_error *err);

/* The roster in number order (the disabled too with all), for the roles app/scope.h's
 * SCOPE_EXPERTS names (GL_EPERM otherwise). fn as in app.h. */
int app_expert_list(struct app *app, const struct actor *who, bool all,
                    int (*fn)(const struct m5_expert *e, void *ctx), void *ctx,
                    struct gl_error *err);

/* ---- visits ---- */

/* One visit as its reader sees it. Free with app_visit_record_free. */
struct visit_record {
        struct case_row row;
        const struct procedure *procedure; /* NULL: the pack no longer declares it */
        const char *state_label_zh, *state_label_en;
        struct m5_visit v;
        char enterprise_name[256];
        char leader_name[65]; /* the leader's display name, "" when none */
        /* The firewall as the pack says it on the visit's day (visited, else planned): the rules
         * (m5.visit_firewall: no_transcript, no_fine, no_blame) and how long they last
         * (m5.firewall_lasts: for_good). Owned by the pack. */
        const char *const *firewall;
        size_t nfirewall;
        const char *firewall_lasts;
        unsigned closed_to; /* PROCEDURE_ROLE_BIT of the roles the visit is closed to */
        /* The measure-6 help target the visit was planned for (help.id 0: none): its text, and
         * the positive-list enterprise whose partner is visited, and how (upstream, downstream). */
        struct {
                int64_t id;
                char target[1024];
                char status[8];
                char owner_uscc[19];
                char owner_name[256];
                char direction[12];
        } help;
};

/* Reads visit id as who may see it: GL_ENOTFOUND when there is none, the case is another
 * procedure's, or who may not see it (another enterprise's; enforcement's, always). */
int app_visit_get(struct app *app, const struct actor *who, int64_t id, struct visit_record *out,
                  struct gl_error *err);
void app_visit_record_free(struct visit_record *r);

/* Whether who may see visits at all: the compartment and the procedure are open to its role. */
bool app_visit_readable(const struct app *app, const struct actor *who);

/* The visits who may see (an enterprise its own) in id order, in state when not NULL, without
 * their findings. GL_EPERM when who may not see visits at all. fn as in app.h. */
int app_visit_list(struct app *app, const struct actor *who, const char *state,
                   int (*fn)(const struct m5_visit_row *v, void *ctx), void *ctx,
                   struct gl_error *err);

/* The enterprises measure 5 applies to (the key air emitters) with how many visits each had and
 * has planned: what a plan is aimed at. For who may see visits and every enterprise (not an
 * enterprise user: GL_EPERM). fn as in app.h. */
int app_visit_targets(struct app *app, const struct actor *who,
                      int (*fn)(const struct m5_target *t, void *ctx), void *ctx,
                      struct gl_error *err);

/* What app_demo_visits made. */
struct demo_visits {
        int64_t experts; /* added to the roster */
        int64_t visits;
        char waiting[19]; /* the enterprise whose visit waits for its feedback, "" when none */
};

/*
 * Visits for the demo county (app/demo_visits.c): a roster of four experts and five visits of key
 * air emitters in 2022 led by the demo's leader of the branch (lingdao), walked through the
 * procedure to each of its states — closed with the enterprise's feedback, unanswered, visited and
 * waiting for feedback (the enterprise of a demo enterprise login, when one is a key air emitter),
 * planned, cancelled. Nothing when the database holds visits already or has no such leader. The
 * system actor and administrators only (GL_EPERM).
 */
int app_demo_visits(struct app *app, const struct actor *who, struct demo_visits *out,
                    struct gl_error *err);

/* The items of a delivery field as given: one a line, blank lines and surrounding spaces left
 * out. Calls fn for each (item, its length); returns how many. */
size_t visit_delivery_items(const char *text, void (*fn)(const char *item, size_t len, void *ctx),
                            void *ctx);

#endif
