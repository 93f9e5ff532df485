/*
 * Measure 4's construction projects (建设项目) and parks' planning EIAs (规划环评), measure 7's
 * totals review of a project (总量审核), and the guide's record of help on an EIA application
 * (一对一帮扶). The EIA application itself is a case of the pack's procedure m4.eia
 * (app/m4_eia.c on the engine, app/case.h).
 *
 * Who sees what (app_scope_project): an enterprise user the projects its enterprise builds (another
 * builder's project is answered GL_ENOTFOUND, as a missing one); the county branch, the approval
 * bureau, the city and administrators every project; other roles none (GL_EPERM). Who writes:
 * projects — the builder's own users, a county officer, the approval officer; plans — the approval
 * officer or a county officer; totals reviews — a county officer; guidance — the application's
 * guide only. Each write is one transaction with one audit record (entity "project", "plan" or
 * "totals_review"; guidance is audited as "eia.guide" on its case). Bad input changes nothing and
 * names the field.
 *
 * Ownership: every output struct is the caller's; nothing returned points into the database. The
 * view structs are large (a review keeps its explanation): allocate them, don't put them on a
 * small stack.
 */
#ifndef GL_APP_PROJECT_H
#define GL_APP_PROJECT_H

#include "../core/m4_eia.h"
#include "../core/m7_totals.h"
#include "../store/project_store.h"
#include "app.h"

/* ---- the stage of a project, for the discharge-rights ledger ---- */

/*
 * Where a project stands for measure 7's ledger: its builder, whether it is infrastructure that
 * needs no indicators (on the day of the call, by the pack), whether its totals review passed (the
 * newest review, and its day), whether its EIA was approved (and the day), and per pollutant the
 * grams it needs: those of the passed review where there is one, else the need under the pack of
 * today (app_today_local) — 0 for a pollutant that is not major or not added, and for every
 * pollutant of an infrastructure project.
 */
struct project_stage {
        char builder_uscc[19];
        bool infrastructure;
        bool totals_reviewed;
        gl_date totals_reviewed_on; /* GL_DATE_NONE when not reviewed */
        bool eia_approved;
        gl_date eia_approved_on; /* GL_DATE_NONE when not approved */
        int64_t need_g[POLLUTANT_COUNT_];
};

/* No actor: for checks inside app/ (the ledger's transfers), in the caller's transaction if any.
 * GL_ENOTFOUND (field "project") when there is no such project; GL_EDB. */
int app_project_stage(struct app *app, int64_t project_id, struct project_stage *out,
                      struct gl_error *err);

/*
 * The hook of the totals review into the ledger (app/totals_sources.c): called inside the review's
 * transaction once core/m7_totals found that the sources cover the need; a non-zero return (err
 * filled, naming the source) refuses the review and writes nothing. The ledger checks there that
 * every account holds what it is asked for.
 */
int totals_sources_available(struct app *app, const struct totals_source *s, size_t n,
                             struct gl_error *err);

/* ---- projects ---- */

/* Registers a project; plan_id 0 for none (else a plan that exists, field "plan"). An enterprise
 * user registers its own (builder_uscc defaults to it; another is GL_EPERM). *id the new id. */
int app_project_add(struct app *app, const struct actor *who, const struct m4_project_input *in,
                    int64_t plan_id, gl_date today, int64_t *id, struct gl_error *err);

/* A project as shown: the row, its category's infrastructure decision, its plan, its newest totals
 * review, its needs today, its current EIA application (or the newest one). */
struct project_view {
        struct project_row p;
        bool infrastructure;
        struct m4_explanation infra;
        bool has_plan;
        struct plan_row plan;
        bool has_review;
        struct totals_review_row review;
        struct totals_result needs;
        bool has_application;
        struct m4_application a;
};

int app_project_get(struct app *app, const struct actor *who, int64_t id, gl_date today,
                    struct project_view *out, struct gl_error *err);
/* Every project who may see (an enterprise its own), in the order registered; fn's non-zero return
 * stops the walk and is returned. */
int app_project_list(struct app *app, const struct actor *who, gl_date today,
                     int (*fn)(const struct project_view *v, void *ctx), void *ctx,
                     struct gl_error *err);

/* ---- planning EIAs ---- */

/* Records a park's planning EIA, in review or (approved_on not GL_DATE_NONE) approved that day. */
int app_plan_add(struct app *app, const struct actor *who, const char *park, const char *name,
                 gl_date approved_on, gl_date today, int64_t *id, struct gl_error *err);
/* Approves a plan in review on day `on` (not after today). GL_ESTATE when approved already. */
int app_plan_approve(struct app *app, const struct actor *who, int64_t id, gl_date on,
                     gl_date today, struct gl_error *err);
int app_plan_list(struct app *app, const struct actor *who,
                  int (*fn)(const struct plan_row *p, void *ctx), void *ctx, struct gl_error *err);

/* ---- totals review (measure 7) ---- */

/*
 * Reviews the totals of project id on day `on`: core/m7_totals decides (the need per pollutant,
 * the sources cover it exactly), totals_sources_available agrees, then the review is recorded
 * passed with its explanation. A project that needs no indicators (infrastructure, or adding no
 * major pollutant) is refused (GL_ESTATE, field "project"): it has nothing to review. A shortfall
 * is GL_ESTATE naming the pollutant and the gap, and nothing is written. *review_id the new id.
 */
int app_totals_review(struct app *app, const struct actor *who, int64_t id,
                      const struct totals_source *sources, size_t nsources, gl_date on,
                      int64_t *review_id, struct gl_error *err);

/* ---- guidance on an EIA application (一对一帮扶) ---- */

/* Records the guide's help on case_id (an m4.eia case) on day `on`: by the case's guide only
 * (GL_EPERM, field "guide"), help plain text (field "help"). */
int app_eia_guide(struct app *app, const struct actor *who, int64_t case_id, const char *help,
                  gl_date on, int64_t *id, struct gl_error *err);
/* The help recorded on a case who may see, oldest first. */
int app_eia_guidance(struct app *app, const struct actor *who, int64_t case_id,
                     int (*fn)(const struct guidance_row *g, void *ctx), void *ctx,
                     struct gl_error *err);
/* The materials handed in on a case who may see. */
int app_eia_materials(struct app *app, const struct actor *who, int64_t case_id,
                      int (*fn)(const char *name, void *ctx), void *ctx, struct gl_error *err);

/* Which m4.eia action supplies the documents named: "supply" when nothing required stays missing
 * after them, else "supply_part". GL_ENOTFOUND when who may not see the case. */
int app_eia_supply_action(struct app *app, const struct actor *who, int64_t case_id,
                          const char *const *names, size_t n, const char **action,
                          struct gl_error *err);

/* ---- the demo ---- */

/* The demo's projects and applications (app/demo_eia.c), once, after the demo's logins exist;
 * *projects how many (0 when there were some already or a login is missing). By the system or an
 * administrator only. */
int app_demo_eia(struct app *app, const struct actor *who, gl_date today, int64_t *projects,
                 struct gl_error *err);

#endif
