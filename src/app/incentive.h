/*
 * Use cases of measure 1's decision: evaluate incentive grading for a year (every enterprise in
 * scope, or one), with what-if overrides of the pack's parameters, and import the official industry
 * averages. Evaluating only reads; importing averages is one audited transaction.
 *
 * Who may evaluate: every signed-in role; an enterprise user sees only its own enterprise (the rule
 * of app/scope.h). Who may
 * import averages: county officers, the tax department, administrators and the system actor.
 *
 * Ownership: app_incentive_evaluate returns a set freed with incentive_set_free (accepts NULL).
 */
#ifndef GL_APP_INCENTIVE_H
#define GL_APP_INCENTIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/incentive.h"
#include "app.h"
#include "enterprise.h"

struct incentive_options {
        gl_date today; /* evaluation date (parameters in force then); GL_DATE_NONE: the clock's */
        const char *const *overrides; /* what-if "NAME=VALUE" for this run only, or NULL */
        size_t noverrides;
        bool diff; /* also evaluate with the pack's own values (incentive_set_baseline_tier) */
};

struct incentive_set;

/*
 * Evaluates measure 1 for year over every enterprise of the industries in scope (an enterprise
 * user: only its own). opt may be NULL. GL_EINVAL names a bad override (its parameter as the
 * error's field; "--set" when it is not NAME=VALUE) or year; GL_ENOTFOUND names an override of a
 * parameter the pack does not have; GL_EPERM when the actor may not evaluate.
 */
int app_incentive_evaluate(struct app *app, const struct actor *actor, int year,
                           const struct incentive_options *opt, struct incentive_set **out,
                           struct gl_error *err);
void incentive_set_free(struct incentive_set *set);

/* Enterprises in scope, ordered by USCC. */
size_t incentive_set_count(const struct incentive_set *set);
/* How many of the enterprises listed have any figure for the year (0: the year has no data). */
size_t incentive_set_count_with_figures(const struct incentive_set *set);
/* Fills out for the i-th enterprise (0 <= i < count), name included. */
void incentive_set_result(const struct incentive_set *set, size_t i, struct incentive_result *out);
/* The tier of the i-th enterprise under the pack's own values (opt->diff); its tier otherwise. */
enum incentive_tier incentive_set_baseline_tier(const struct incentive_set *set, size_t i);
/* The pack (with overrides applied) and the date the set was evaluated with. */
const struct incentive_params *incentive_set_params(const struct incentive_set *set);
/* The what-if overrides the set was evaluated with (0 without --set): each parameter's assumed
 * value beside the pack's own; *out points into the set. */
size_t incentive_set_what_if(const struct incentive_set *set, const struct incentive_what_if **out);

/*
 * Evaluates one enterprise for year, on today's date (the self-assessment of a declaration):
 * the averages are still those of its whole industry. GL_ENOTFOUND when there is no such
 * enterprise; out->in_scope is false when its industry is not in scope (tier none, explained).
 * GL_EPERM when an enterprise user evaluates another enterprise (a step it may not take).
 */
int app_incentive_evaluate_one(struct app *app, const struct actor *actor, const char *uscc,
                               int year, struct incentive_result *out, struct gl_error *err);
/* The same on a given evaluation date. */
int app_incentive_evaluate_one_on(struct app *app, const struct actor *actor, const char *uscc,
                                  int year, gl_date today, struct incentive_result *out,
                                  struct gl_error *err);

/*
 * One enterprise's grading as the faces show it (the same as app_incentive_evaluate_one_on, today
 * GL_DATE_NONE for the clock's date), under the visibility rule of app/scope.h: an enterprise user
 * asking for another enterprise is answered GL_ENOTFOUND naming "uscc", as for one that does not
 * exist.
 */
int app_incentive_read_one(struct app *app, const struct actor *actor, const char *uscc, int year,
                           gl_date today, struct incentive_result *out, struct gl_error *err);

/*
 * Imports official industry averages from a CSV file with a header row:
 * industry,year,tax_per_tonne_yuan,rd_share_percent (or 行业,年度,单位污染物排放量税收贡献,
 * 研发投入占营业收入比重, with or without a unit in parentheses); industries by code or Chinese
 * name; exact decimals with up to 6 places, above zero, R&D share at most 100; a blank value
 * leaves that metric to the peer average. The same contract as the registry's imports
 * (app/enterprise.h): all or nothing, every bad row in rep as "FILE:LINE: column: reason", rep
 * filled whatever the outcome and freed with import_report_free, one audit record
 * ("incentive.averages.import") only when something changed.
 */
int app_import_averages(struct app *app, const struct actor *who, const char *path,
                        const char *encoding, struct import_progress *progress,
                        struct import_report *rep, struct gl_error *err);

/* The columns of a file of averages (see app_import_columns), the Chinese names with their
 * units; static data. */
const struct import_column *incentive_average_columns(size_t *n);

#endif
