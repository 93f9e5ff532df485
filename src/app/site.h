/*
 * Measure 8's use cases (建立市级重点建设项目正面清单): the registry of construction sites (施工
 * 工地), their inspections (少检查、少打扰: every inspection recorded with its reason, a listed
 * site inspected only for a reason the pack lists), and the reads of the application for the
 * county's positive list of key construction projects (重点建设项目保障正面清单). The application
 * itself is a procedure of the engine (procedure "m8.listing" of the pack; its guards and effects
 * are app/m8_site_list.c's), taken through app/case.h.
 *
 * Who may:
 * - register a site and change it: the builder's enterprise users (for their own enterprise, the
 *   builder), the county officer and the system. A site whose application is under review cannot
 *   be changed (it is returned first); a listed site's data changes by the list's adjustment (a
 *   step of its application), recorded with its reason. Finishing a listed site takes it off the
 *   list (the step "finish" of its application).
 * - inspect a site (record an inspection): the branch's officers and leaders, the city's
 *   officers, the sector departments' and the townships' officers for the sites they see, the
 *   system. A dust-control result is recorded only by the site verifiers (m8.site_verifiers: the
 *   urban-management bureau, the air-pollution office, the branch); a failed one on a listed site
 *   removes it from the list (the step "dust_failed" of its application), with what was found.
 * - read sites, their inspections, changes and applications: app/scope.h's rule for sites (an
 *   enterprise its own; a department the sites of its department, or all when it takes part in
 *   every application; a township its township's; the branch and the city all).
 * - read the public list (app_site_public): anyone, signed in or not: the listed sites under
 *   construction with their project, category, township, builder's name and the day listed —
 *   nothing else of a site.
 *
 * Bad input is refused naming the field (project, category, builder_uscc, builder_name, township,
 * address, earthwork_m2, started_on, reason, dust_result, note, today, id, version) and changes
 * nothing.
 */
#ifndef GL_APP_SITE_H
#define GL_APP_SITE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/m8_site_list.h"
#include "../store/site_store.h"
#include "app.h"

#define M8_PROCEDURE "m8.listing"

/*
 * Registers a site on day today (audited "site.add"); *id receives its number. An enterprise user
 * registers its own enterprise's site: builder_uscc may be left out (NULL) and is then its
 * enterprise, builder_name likewise its registry name; another builder is GL_EPERM naming
 * builder_uscc. GL_EINVAL naming the field (m8_site_check). A new site's dust control is
 * unchecked.
 */
int app_site_add(struct app *app, const struct actor *who, const struct m8_site_input *in,
                 gl_date today, int64_t *id, struct gl_error *err);

/*
 * Changes the fields given of site id (audited "site.update", each field's change recorded in
 * site_changes); expected_version 0: not checked, else GL_ECONFLICT when stale. GL_ESTATE while
 * its application is under review or it is listed (field "id"); GL_ENOTFOUND as app_site_get.
 * Nothing given, or nothing different: GL_EINVAL naming "fields".
 */
int app_site_update(struct app *app, const struct actor *who, int64_t id,
                    const struct m8_site_input *in, gl_date today, int64_t expected_version,
                    struct gl_error *err);

/*
 * The site is finished (竣工) on day on (audited "site.finish"): status finished; a listed site
 * also leaves the list, by the step "finish" of its application. GL_ESTATE when finished already
 * or while an application is under review (withdraw it first).
 */
int app_site_finish(struct app *app, const struct actor *who, int64_t id, gl_date on,
                    const char *note, struct gl_error *err);

/* An inspection as recorded (texts borrowed). */
struct site_inspection_input {
        const char *reason;      /* a code or Chinese name of the pack's inspection_reasons */
        const char *dust_result; /* NULL or "": not checked; "passed" or "failed" */
        const char *note;        /* what was found; required with a failed dust check */
        gl_date on;              /* the day of the inspection (not after today) */
        gl_date today;
};

/*
 * Records an inspection of site id (audited "site.inspect"), *inspection_id its number (0 when a
 * failed dust check removed a listed site: the inspection is then the step's). The reason must be
 * one the site may be inspected for on that day (m8_inspection_allowed: a listed site only for
 * m8.listed_inspection_reasons; the refusal cites m8.listed_benefits), field "reason". A dust
 * result sets the site's dust control (the site verifiers only: GL_EPERM naming "dust_result").
 */
int app_site_inspect(struct app *app, const struct actor *who, int64_t id,
                     const struct site_inspection_input *in, int64_t *inspection_id,
                     struct gl_error *err);

/* One site as its reader sees it. */
struct site_record {
        struct site_row row;
        /* The pack's terms (NULL when the pack no longer knows the code). */
        const struct policy_term *category, *department, *township;
        /* The current application (application.case_id 0: none) and its state's labels. */
        struct m8_application application;
        const char *state_label_zh, *state_label_en;
        /* The builder's registry name when it is registered ("" otherwise). */
        char builder_registry_name[256];
};

/* Reads site id as who may see it: GL_ENOTFOUND (field "id") when there is none or who may not
 * see it, GL_EPERM for a role that sees no site. */
int app_site_get(struct app *app, const struct actor *who, int64_t id, struct site_record *out,
                 struct gl_error *err);

/* The sites who may see matching q (its builder, department and township narrowed by the rule),
 * in id order. fn as in app.h. */
int app_site_list(struct app *app, const struct actor *who, const struct site_query *q,
                  int (*fn)(const struct site_row *s, void *ctx), void *ctx, struct gl_error *err);

/* The inspections of site id (site_id 0: of every site who may see), newest first. */
int app_site_inspections(struct app *app, const struct actor *who, int64_t site_id,
                         int (*fn)(const struct site_inspection *i, void *ctx), void *ctx,
                         struct gl_error *err);

/* The changes of site id, oldest first; its applications, oldest first. */
int app_site_changes(struct app *app, const struct actor *who, int64_t id,
                     int (*fn)(const struct site_change *c, void *ctx), void *ctx,
                     struct gl_error *err);
int app_site_applications(struct app *app, const struct actor *who, int64_t id,
                          int (*fn)(const struct m8_application *a, void *ctx), void *ctx,
                          struct gl_error *err);

/* The objections of application case_id, for who may see that case (GL_ENOTFOUND otherwise). */
int app_site_objections(struct app *app, const struct actor *who, int64_t case_id,
                        int (*fn)(const struct m8_objection *o, void *ctx), void *ctx,
                        struct gl_error *err);

/* The application of case case_id (its case's state into state) and its site, for who may see
 * that case: GL_ENOTFOUND (field "id") when the case is no application or who may not see it. */
int app_site_application_of(struct app *app, const struct actor *who, int64_t case_id,
                            struct m8_application *a, char state[48], struct site_row *site,
                            struct gl_error *err);

/* The public list (重点建设项目保障正面清单, published): the listed sites under construction,
 * in the order listed. No actor: it is public. fn sees the whole row; the faces show only the
 * project, category, township, builder's name and the day listed. */
int app_site_public(struct app *app, int (*fn)(const struct site_row *s, void *ctx), void *ctx,
                    struct gl_error *err);

/*
 * What another use case of app/ reads of a site inside its own transaction (the alert engine's
 * measures for sites, measure 3's bans on a site's work stoppage): no scope check (the caller's
 * use case decided who acts), no transaction of its own. GL_ENOTFOUND (field "site") when there is
 * no such site, GL_EDB.
 */
struct site_facts {
        int64_t id;
        char project[M8_PROJECT_MAX + 1];
        char category[64];
        char department[64];
        char builder_uscc[19];
        char township[128];
        bool under_construction; /* status under_construction (not finished) */
        bool listed;             /* on the positive list now */
        gl_date listed_on;       /* GL_DATE_NONE when not listed */
        int64_t earthwork_m2;
};
int site_facts(struct app *app, int64_t site_id, struct site_facts *out, struct gl_error *err);

/*
 * For app/ only (the list's adjustment, app/m8_site_list.c): records each field of after that
 * differs from before in site_changes (with reason and the case, 0 when none) and in audit's
 * "changes"; *changed receives how many. Inside the caller's transaction.
 */
int site_record_changes(struct app *app, const struct actor *who, int64_t site_id, gl_date on,
                        const struct m8_site_values *before, const struct m8_site_values *after,
                        const char *reason, int64_t case_id, json_t *audit, size_t *changed,
                        struct gl_error *err);

/* What app_demo_sites made. */
struct demo_sites {
        int64_t sites;
        int64_t listed;
        int64_t inspections;
};

/*
 * Construction sites for the demo county (app/demo_sites.c): about a dozen sites across its
 * townships and categories, their applications walked through the procedure by the demo's users
 * of each unit to every state (applied, returned, in the joint review with one seat passed,
 * passed, published, listed with inspections, refused, objection upheld, withdrawn, removed
 * after a failed dust check, finished). Nothing when the database holds sites already. The system
 * actor and administrators only (GL_EPERM).
 */
int app_demo_sites(struct app *app, const struct actor *who, struct demo_sites *out,
                   struct gl_error *err);

#endif
