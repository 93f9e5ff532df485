/*
 * Measure 3's control measures (管控措施) and the three bans (三个禁用) as their users see them:
 * a control measure on an enterprise of the registry or a construction site — restrict production
 * (限产), halt production (停产), stop work (停工), or another measure that keeps production going
 * (边生产边整改, 加密监测, ...) — from one day to another, for a reason; whether the bans allow it
 * (core/m3_control.h: the window, the unit, an alert that asks as much, a malicious violation of
 * the same party, a major environmental risk approved by a leader of the branch); and what became
 * of it: awaiting the leader's approval, in force, lifted before its end, finished at its end, or
 * refused by the leader.
 *
 * The steps are app/case.h's (procedure "m3.control" of the pack; its guards and effects are
 * app/m3_control.c's): propose (the bans allow it now) and propose_major_risk (a major risk, for
 * the leader) open a case, approve (until the measure's last day: past it the approval is
 * overdue and only a refusal is left) and refuse are the leader's, lift the officer's while the
 * term runs, finish the sweep's once it has passed. app_control_propose picks the opening
 * action from the decision; a measure the bans forbid opens nothing. A control measure is read by
 * the county's enforcement officers, legal reviewers and leaders, the city's officers,
 * administrators and its party (the enterprise, or the site's builder when it is an enterprise of
 * the registry); the other roles find none (GL_ENOTFOUND), nor any listing (GL_EPERM).
 */
#ifndef GL_APP_CONTROL_H
#define GL_APP_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/m3_control.h"
#include "../store/case_store.h"
#include "../store/control_store.h"
#include "app.h"
#include "case.h"

#define M3_PROCEDURE "m3.control"

/* Longest reason and major-risk text kept, in bytes. */
#define M3_TEXT_MAX 4000

/*
 * The alert engine's facts for the unit — the enterprise uscc, or the site site_id (uscc NULL) —
 * on each day from..to: days[i] is the day from + i, and ndays must be to - from + 1. One adapter,
 * app/m3_alert_days.c, is the only place measure 3 reads alerts. GL_EINVAL when ndays does not
 * match, GL_EDB when the alerts cannot be read; days untouched on failure.
 */
int m3_alert_days(struct app *app, const char *uscc, int64_t site_id, gl_date from, gl_date to,
                  struct m3_alert_day *days, int ndays, struct gl_error *err);

/* A control measure as proposed; the texts are borrowed for the call. */
struct control_proposal {
        const char *uscc;       /* an enterprise of the registry, or NULL for a site */
        int64_t site_id;        /* a site of the registry, or 0 */
        const char *kind;       /* restrict_production, halt_production, stop_work, other */
        const char *other_kind; /* kind other: an option of the procedure's field; may be NULL */
        const char *from, *to;  /* YYYY-MM-DD */
        const char *reason;     /* required to propose; not read by the check */
        int64_t malicious_case; /* a measure-2 case, or 0 */
        const char *major_risk; /* NULL or "": none */
        const struct case_document_input *docs; /* evidence of the major risk */
        size_t ndocs;
        size_t evidence; /* the check only: documents of evidence to come (ndocs when larger) */
        gl_date today;   /* the business day */
};

/*
 * Whether the bans allow p now, and why, without writing anything: *out holds the decision
 * (allowed, awaiting the leader's approval, or refused, with its explanation). For the roles that
 * read control measures, the enterprise aside (GL_EPERM). GL_EINVAL naming the field for bad input
 * ("uscc", "site", "kind", "other_kind", "from", "to", "malicious_case", "major_risk").
 */
int app_control_check(struct app *app, const struct actor *who, const struct control_proposal *p,
                      struct m3_decision *out, struct gl_error *err);

/*
 * Records the control measure p: *id receives the new case's id, *out (may be NULL) the decision.
 * A measure the bans allow is in force from its first day; one allowed for a major risk awaits a
 * leader's approval. One the bans forbid records nothing: GL_ESTATE (field "kind") with *out
 * holding the refusal. Otherwise as app_case_open: GL_EPERM for a role that may not propose
 * (the county's enforcement officers and the system may), GL_EINVAL naming the field ("reason"
 * too).
 */
int app_control_propose(struct app *app, const struct actor *who, const struct control_proposal *p,
                        int64_t *id, struct m3_decision *out, struct gl_error *err);

/* Where a control measure is in its life, by its state and, in force, by today. */
enum control_phase {
        CONTROL_AWAITING,  /* waiting for the leader */
        CONTROL_SCHEDULED, /* in force from a later day */
        CONTROL_IN_EFFECT, /* today within its term */
        CONTROL_EXPIRED,   /* its term passed; the sweep closes it */
        CONTROL_LIFTED,
        CONTROL_FINISHED,
        CONTROL_REFUSED, /* refused by the leader */
};

/* "awaiting_approval", "scheduled", "in_effect", "expired", "lifted", "finished", "refused". */
const char *control_phase_name(enum control_phase p);
const char *control_phase_label_zh(enum control_phase p);
const char *control_phase_label_en(enum control_phase p);
enum control_phase control_phase_of(const char *state, const struct m3_control *m, gl_date today);

/* One control measure as its reader sees it. Free with app_control_record_free. */
struct control_record {
        struct case_row row;
        const struct procedure *procedure; /* NULL: the pack no longer declares it */
        const char *state_label_zh, *state_label_en;
        struct m3_control m;
        enum control_phase phase;
        const char *kind_label_zh, *kind_label_en;
        const char *other_label_zh, *other_label_en; /* "" when none */
        char malicious_number[96];                   /* the measure-2 case's number, "" */
};

/* Reads control measure id as who may see it (today for its phase): GL_ENOTFOUND when there is
 * none, the case is another procedure's, or who may not see it. */
int app_control_get(struct app *app, const struct actor *who, int64_t id, gl_date today,
                    struct control_record *out, struct gl_error *err);
void app_control_record_free(struct control_record *r);

/* Whether who may read control measures at all. */
bool app_control_readable(const struct app *app, const struct actor *who);

/* The control measures who may see (an enterprise its own) in id order, in state when not NULL.
 * GL_EPERM when who may not read control measures. fn as in app.h. */
int app_control_list(struct app *app, const struct actor *who, const char *state,
                     int (*fn)(const struct m3_control_row *r, void *ctx), void *ctx,
                     struct gl_error *err);

/* The labels of a kind and of an other kind as the pack declares them (NULL when unknown). */
const char *app_control_other_label(const struct app *app, const char *other_kind, bool english);

/* What app_demo_controls made. */
struct demo_controls {
        int64_t controls; /* recorded */
        int64_t refused;  /* proposed and refused by the bans (nothing recorded) */
        int64_t awaiting; /* waiting for the leader */
};

/*
 * Control measures for the demo county (app/demo_controls.c), dated in 2022: one measure that
 * keeps production going inside the window on clerk_uscc's enterprise (may be NULL: another air
 * emitter), a halt the bans refuse (not recorded), a halt allowed by the demo's malicious
 * measure-2 case (lifted once corrected), a halt for a major risk awaiting the leader (lingdao),
 * and a restriction after the window. Nothing when the database holds control measures already.
 * The system actor and administrators only (GL_EPERM).
 */
int app_demo_controls(struct app *app, const struct actor *who, const char *clerk_uscc,
                      struct demo_controls *out, struct gl_error *err);

#endif
