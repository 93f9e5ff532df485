/*
 * The procedure engine's use cases: open a case of any procedure the pack declares, take one step
 * on it, read it with what its reader may do now, list cases, and list and sweep deadlines. Every
 * step of every procedure goes through app_case_step (and the opening step through
 * app_case_open): one transaction that loads the case, checks the reader may see it (app/scope),
 * checks the step with core/procedure (role, enabled, version, state, order of dates, deadlines,
 * reason, fields, documents), runs the action's named guards and effects (a procedure's own code,
 * looked up by name in the tables of app/case_hooks.c), writes the case, its documents, the step
 * and its deadlines, appends the audit record and commits. A refused step changes nothing and
 * fills err (Chinese message, the field concerned).
 */
#ifndef GL_APP_CASE_H
#define GL_APP_CASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/procedure.h"
#include "../store/case_store.h"
#include "app.h"

/* Largest document accepted, in bytes, and most documents in one step. */
#define CASE_DOCUMENT_MAX_BYTES (20 * 1024 * 1024)
#define CASE_DOCUMENTS_MAX 32
/* Most fields in one step. */
#define CASE_FIELDS_MAX 32

/* A document as handed in; the bytes are borrowed for the call. */
struct case_document_input {
        const char *name;      /* what it is, e.g. "申报表" (at most 127 bytes) */
        const char *file_name; /* a base name, no directory (at most 255 bytes) */
        const unsigned char *data;
        size_t size;
};

/* A field given with a step. */
struct case_field {
        const char *name;
        const char *value;
};

/* What a step brings. */
struct case_step_input {
        const char *action;
        const char *reason; /* may be NULL */
        const struct case_field *fields;
        size_t nfields;
        const struct case_document_input *docs;
        size_t ndocs;
        int64_t expected_version; /* the version the actor saw; 0: the current one */
        gl_date today;            /* the business day of the step */
};

/*
 * Opens a case of procedure for the enterprise uscc (or, with uscc NULL, for a party outside the
 * registry named by the field "subject_name"; an enterprise user naming none opens it for its own
 * enterprise) with the opening action in->action. *id receives the
 * new case's id. Errors: GL_ENOTFOUND (no such procedure), as app_case_step otherwise.
 */
int app_case_open(struct app *app, const struct actor *who, const char *procedure, const char *uscc,
                  const struct case_step_input *in, int64_t *id, struct gl_error *err);

/*
 * Takes one step on case id. Outcomes: GL_ENOTFOUND (no such case, or one the actor may not see),
 * GL_EPERM (role; action not enabled), GL_ECONFLICT (stale version), GL_ESTATE (state, deadline,
 * a guard), GL_EINVAL (reason, a field, documents, a date before the last step), GL_EDB; GL_OK with
 * every row written and audited.
 */
int app_case_step(struct app *app, const struct actor *who, int64_t id,
                  const struct case_step_input *in, struct gl_error *err);

/* An action the reader may take now, with what it needs. */
struct case_offer {
        const struct procedure_action *action;
};

/*
 * Whether who may open a case of proc with its opening action a on day today: the action opens, a
 * role of who's may take it, it is enabled then, and proc's compartment (if any) is open to who.
 * The action's guards (an enterprise's eligibility, say) are the step's to run.
 */
bool app_case_may_open(const struct app *app, const struct actor *who, const struct procedure *proc,
                       const struct procedure_action *a, gl_date today);

/* Whether a deadline still counts (running, or suspended waiting for the party). */
bool case_deadline_running(const struct case_deadline *d);

/* A deadline of a case as shown. */
struct case_deadline_view {
        struct case_deadline row;
        const char *label_zh;  /* the procedure's name for it */
        const char *label_en;  /* NULL when the pack gives none */
        const char *on_expiry; /* "escalate", "revert", "expire", "close" */
        int working_days_left; /* negative when overdue; for running ones */
        bool overdue;
};

/* One case as its reader sees it. Free with app_case_view_free. */
struct case_view {
        struct case_row row;
        const struct procedure *procedure;
        size_t state; /* index into procedure->states */
        struct case_offer *offers;
        size_t noffers;
        struct case_deadline_view *deadlines;
        size_t ndeadlines;
};

/* Reads one case with what who may do now and its deadlines (today for the working days left).
 * GL_ENOTFOUND when there is none or who may not see it. */
int app_case_get(struct app *app, const struct actor *who, int64_t id, gl_date today,
                 struct case_view *out, struct gl_error *err);
void app_case_view_free(struct case_view *v);

/*
 * Whether who could take a step on case id on some day (procedure_could_offer): an action of its
 * procedure that a role of who's takes from the case's state, not yet taken where it is taken
 * once, enabled by the pack on some day since the case's last step, its deadline conditions able
 * to hold on such a day. A step names its own day — dated back, it may be taken where today it
 * could not — so a check made before the step is read (its day unknown) holds against it only
 * what no day would allow. *could false also for a case whose procedure or state the pack lacks
 * (the step would be refused). GL_ENOTFOUND as app_case_get; *could is set on GL_OK only.
 */
int app_case_could_step(struct app *app, const struct actor *who, int64_t id, bool *could,
                        struct gl_error *err);

/*
 * My work (待办): every open case who may see on which who may take an action on today, each as a
 * view of app_case_get (its offers for who, its deadlines), soonest running deadline first (so the
 * overdue come first), then the cases with none, by id. fn's non-zero return stops the walk and
 * is returned; a read that fails is an error (GL_EDB), never a shorter list.
 */
int app_case_work(struct app *app, const struct actor *who, gl_date today,
                  int (*fn)(const struct case_view *v, void *ctx), void *ctx, struct gl_error *err);

/* The steps, documents (without content) and reviews of a case, each after the scope check. */
int app_case_steps(struct app *app, const struct actor *who, int64_t id,
                   int (*fn)(const struct case_step_record *s, void *ctx), void *ctx,
                   struct gl_error *err);
int app_case_documents(struct app *app, const struct actor *who, int64_t id,
                       int (*fn)(const struct case_document *d, void *ctx), void *ctx,
                       struct gl_error *err);
int app_case_reviews(struct app *app, const struct actor *who, int64_t id,
                     int (*fn)(const struct case_review *r, void *ctx), void *ctx,
                     struct gl_error *err);
/* One document of a case who may see, its content as stored (base64); *b64 is malloc'd, the
 * caller frees it. GL_ENOTFOUND when the case is not visible or has no such document. */
int app_case_document_base64(struct app *app, const struct actor *who, int64_t id,
                             int64_t document_id, struct case_document *meta, char **b64,
                             struct gl_error *err);

/* The grade history of an enterprise who may see (an enterprise its own), oldest first. */
int app_grade_history(struct app *app, const struct actor *who, const char *uscc,
                      int (*fn)(const struct grade_change *g, void *ctx), void *ctx,
                      struct gl_error *err);

/* Lists the cases who may see (an enterprise its own), filtered by q (its uscc is narrowed for an
 * enterprise). fn's non-zero return stops the walk and is returned. */
int app_case_list(struct app *app, const struct actor *who, const struct case_query *q,
                  int (*fn)(const struct case_row *c, void *ctx), void *ctx, struct gl_error *err);

/* A running deadline of any procedure. */
struct deadline_item {
        int64_t case_id;
        const struct procedure *procedure;
        char uscc[19];
        const char *state; /* the case's state */
        const char *kind;
        const char *what; /* Chinese: what is due */
        gl_date due;
        gl_date original_due;
        gl_date latest_due;
        bool provisional;      /* counted past the loaded holiday calendar */
        bool suspended;        /* the clock is stopped */
        int working_days_left; /* negative when overdue */
        bool overdue;
        const char *on_expiry;
};

/* Calls fn for every running deadline of every procedure that who may see, ordered by due day. */
int app_deadlines_list(struct app *app, const struct actor *who, gl_date today,
                       int (*fn)(const struct deadline_item *item, void *ctx), void *ctx,
                       struct gl_error *err);

/* What a sweep did. */
struct sweep_result {
        int64_t acted;   /* expiry actions taken (e.g. provisional grades reverted) */
        int64_t waiting; /* passed but provisional: left alone until the calendar is loaded */
};

/*
 * Takes the expiry action of every deadline that passed before today and acts on expiry (the
 * system actor only), each in its own transaction, with the reason recorded. A provisional
 * deadline is never acted on (it could fall later once the year's holidays are published).
 */
int app_deadlines_sweep_report(struct app *app, const struct actor *who, gl_date today,
                               struct sweep_result *out, struct gl_error *err);
/* The same, counting the actions taken only (*acted may be NULL). */
int app_deadlines_sweep(struct app *app, const struct actor *who, gl_date today, int64_t *acted,
                        struct gl_error *err);

/*
 * Checks that every guard, effect and length hook the pack's procedures name exists in this
 * program (app/case_hooks.c). The error names the key, e.g.
 * "procedures.m1.declaration.actions[2].effects[0]".
 */
int app_check_procedures(const struct policy_pack *pack, struct gl_error *err);

/* The procedure a case row runs on: its name in the pack it was opened on (app_pack_named);
 * NULL when that pack does not declare it. */
const struct procedure *app_case_procedure(const struct app *app, const struct case_row *row);

#endif
