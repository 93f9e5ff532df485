/*
 * Use cases of the measure-1 procedure (激励性生态环境绩效分级申报): submit and resubmit a
 * declaration with its self-assessment and supporting documents, the county review, the city's
 * preliminary review and site verification, the city's decision, indicators met, and the sweep that
 * reverts provisional grades whose grace passed unmet; the tax department's confirmation of tax
 * figures; and the reads the faces show (one declaration with its steps, lists, deadlines).
 *
 * These are names for the generic procedure engine (app/case.h): each is one step of the pack's
 * procedure "m1.declaration" through app_case_open or app_case_step, whose measure-1 guards and
 * effects are in app/m1_declaration.c. A refused step changes nothing and fills err with a
 * Chinese message. The deadlines (county review, grace) and their sweep are the engine's
 * (app_deadlines_list, app_deadlines_sweep).
 *
 * expected_version is the version the actor saw (GL_ECONFLICT when the declaration changed since);
 * 0 means "the current one", for an operator at the command line. today is the business day of the
 * step (the faces read the clock; nothing here does).
 */
#ifndef GL_APP_DECLARATION_H
#define GL_APP_DECLARATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/declaration.h"
#include "../store/declaration_store.h"
#include "app.h"
#include "case.h"
#include "user.h"

/* Largest supporting document accepted, in bytes, and most documents in one step. */
#define DECLARATION_DOCUMENT_MAX_BYTES CASE_DOCUMENT_MAX_BYTES
#define DECLARATION_DOCUMENTS_MAX CASE_DOCUMENTS_MAX

/*
 * Submits a new declaration for (uscc, year) seeking grade_sought (NULL or "": the next rung of
 * the enterprise's ladder), with at least one document.
 * The self-assessment is computed now (app_incentive_evaluate_one_on) and kept with the
 * declaration; the county review is due m1.county_review_working_days working days after today.
 * *id receives the new declaration's id.
 */
int app_declaration_submit(struct app *app, const struct actor *who, const char *uscc, int year,
                           const char *grade_sought, const struct case_document_input *docs,
                           size_t ndocs, gl_date today, int64_t *id, struct gl_error *err);

/* Resubmits a returned declaration: a new self-assessment, receipt and county due date; docs
 * (may be none) are added to those already handed in. */
int app_declaration_resubmit(struct app *app, const struct actor *who, int64_t id,
                             int64_t expected_version, const struct case_document_input *docs,
                             size_t ndocs, gl_date today, struct gl_error *err);

/* County review: approve (forward to the city) or return with reason. */
int app_declaration_review(struct app *app, const struct actor *who, int64_t id,
                           int64_t expected_version, bool approve, const char *reason,
                           gl_date today, struct gl_error *err);

/* City: records the expert team's preliminary review (site = false) or the site verification
 * (site = true) with findings. Both recorded make the declaration city_reviewed. */
int app_declaration_city_review(struct app *app, const struct actor *who, int64_t id,
                                int64_t expected_version, bool site, const char *findings,
                                gl_date today, struct gl_error *err);

/*
 * City decision: provisional (the enterprise is managed at the grade sought from today; grace
 * deadline = Civil Code end of m1.key_grace_months or m1.general_grace_months from today), or
 * rejected with reason.
 */
int app_declaration_decide(struct app *app, const struct actor *who, int64_t id,
                           int64_t expected_version, bool provisional, const char *reason,
                           gl_date today, struct gl_error *err);

/* The indicators are met on or before the grace deadline: the promotion becomes formal. note may
 * be NULL. */
int app_declaration_indicators_met(struct app *app, const struct actor *who, int64_t id,
                                   int64_t expected_version, const char *note, gl_date today,
                                   struct gl_error *err);

/* The tax department confirms the tax figure of (uscc, year) (tax_officer or system). */
int app_tax_confirm(struct app *app, const struct actor *who, const char *uscc, int year,
                    struct gl_error *err);

/* Reads one declaration (an enterprise user: only its own). out must be zeroed or cleared. */
int app_declaration_get(struct app *app, const struct actor *who, int64_t id,
                        struct declaration *out, struct gl_error *err);

/*
 * A declaration with everything its printed form (申报表) shows, as one reader may see it: the
 * declaration, its enterprise and the industry's name, the documents, steps and reviews in the
 * order they were added, and the procedure of the pack (the names of its actions and states).
 * Filled by app_declaration_record, emptied by app_declaration_record_clear. procedure is
 * borrowed from the pack (valid while the app is open); everything else is owned.
 */
struct declaration_record {
        struct declaration declaration;
        struct enterprise enterprise;
        char
            industry_zh[128]; /* the pack's name of the industry; its code when the pack lacks it */
        const struct procedure *procedure; /* NULL when the pack lacks it */
        struct case_document *documents;
        size_t ndocuments;
        struct case_step_record *steps; /* reason and fields malloc'd */
        size_t nsteps;
        struct case_review *reviews; /* findings malloc'd */
        size_t nreviews;
};

/* Reads declaration id with all of the above. GL_ENOTFOUND when there is none who may see; out is
 * untouched on failure. Free with app_declaration_record_clear. */
int app_declaration_record(struct app *app, const struct actor *who, int64_t id,
                           struct declaration_record *out, struct gl_error *err);
/* Frees what r owns and zeroes it. Accepts NULL. */
void app_declaration_record_clear(struct declaration_record *r);

/* Lists declarations (an enterprise user: only its own). */
int app_declaration_list(struct app *app, const struct actor *who,
                         const struct declaration_query *q,
                         int (*fn)(const struct declaration *d, void *ctx), void *ctx,
                         struct gl_error *err);

/* Whether the declaration rests on tax figures the tax department has not confirmed. */
int app_declaration_tax_unconfirmed(struct app *app, const struct declaration *d, bool *unconfirmed,
                                    struct gl_error *err);

/*
 * Demo data (app/demo_declarations.c): walks up to nine enterprises that qualify for measure 1 in
 * year to different states of the procedure, dated back from today, each step through the use
 * cases above as an actor of the role that takes it. A database that already holds declarations
 * gets none (a second demo run adds nothing). System or admin only. *made (may be NULL) receives
 * how many were made; clerks (may be NULL) the enterprise of the returned declaration and the
 * first qualifying enterprise left without a declaration ("" each when there is none).
 */
int app_demo_declarations(struct app *app, const struct actor *who, int year, gl_date today,
                          int64_t *made, struct demo_clerks *clerks, struct gl_error *err);

#endif
