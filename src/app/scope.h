/*
 * The one visibility rule: who may see which records. Every read of app/ asks here before it
 * answers, so that the CLI, the HTTP API and the web app cannot disagree, and no face checks a role
 * for what it may show. (Permission to act, such as who may add a user or take a step, stays with
 * the use case that acts; the route table's role column is the coarse check at the HTTP door.)
 *
 * The rule, by kind of record:
 * - records of an enterprise (its registry entry, annual figures, incentive grading) and the cases
 *   of its procedures (measure 1's declarations): an enterprise user sees only its own enterprise;
 *   another enterprise's records are answered GL_ENOTFOUND, exactly as records that do not exist,
 *   so that the answer reveals nothing. Officers of every kind, administrators and the system see
 *   the county: an officer sees the divisions of their jurisdiction, and there is one county
 *   today, so that is everything. A township's officer reads the registry's entries (a builder
 *   it reviews may be there), not an enterprise's cases or accounts.
 * - user accounts and the audit trail: administrators and the system only (GL_EPERM otherwise).
 * - supply-chain links of measure 6 and their help targets (app/supply.h), which belong to the
 *   positive-list enterprise that has the partners: an enterprise user sees its own enterprise's;
 *   the branch, the city's officers and experts (who help the partners), administrators and the
 *   system see the county; the tax department, the approval bureau and the sector departments,
 *   whose work needs no enterprise's supply chain, see none (GL_EPERM).
 * - the expert roster of the service visits: the branch's leaders (who lead the visits and pick
 *   their teams), the city's officers and experts, administrators and the system. The roster holds
 *   no finding, but it is measure 5's and enforcement has no use for it: not the county's
 *   enforcement officers and legal reviewers, nor the bureaus outside the branch or enterprises.
 * - construction sites of measure 8 (app/site.h) and the cases addressed to units (below): an
 *   enterprise user sees the sites its enterprise builds; the branch, the city, administrators and
 *   the system every site; a sector department's officer the sites whose competent department it
 *   is, or every site when its department takes part in every application (the m8.listing
 *   procedure's "departments": the housing and construction bureau of the joint review, the
 *   air-pollution office that leads the list, the urban-management bureau that checks dust
 *   control); a township's officer the sites of its township; the tax department and the approval
 *   bureau none (GL_EPERM). A site one may not see is answered GL_ENOTFOUND, as a missing one.
 * - messages: their recipient's only (app_scope_inbox); an enterprise user reads its enterprise's.
 * - nobody signed in (ROLE_NONE) sees nothing (GL_EPERM).
 *
 * A procedure may name its readers (the pack's "readers"): then only those roles, besides the
 * party's own enterprise users and the system, see its cases — measure 2's enforcement cases are
 * seen by the county's enforcement officers, legal reviewers and leaders, the city and
 * administrators, not by the tax department, the approval bureau or a sector department.
 *
 * A case may be addressed to units (cases.department, cases.township: measure 8's application
 * goes to the competent department of its site and is reviewed jointly with its township). A
 * sector department's officer and a township's officer see only cases so addressed, and of those
 * only their own unit's, as for sites above (app_scope_case_row); every other role sees such a
 * case as any other. A case addressed to no unit is closed to a township officer and to a
 * department officer (they have no procedure of their own elsewhere).
 *
 * A compartment is a named class of records that stays closed to some roles whatever the rule
 * above says: "visits", the findings of measure 5's service visits (帮扶发现不进入执法: problems
 * found while helping are not recorded, fined or held to account), is closed to enforcement, the
 * county's enforcement officers and its legal reviewers. A closed compartment's records are
 * answered GL_ENOTFOUND. A procedure declares its compartment in the pack (measure 5's m5.visit:
 * "visits") and may close it to more roles (closed_to); each case keeps the compartment it was
 * opened in (cases.compartment), which stays closed to whom it was closed to whatever a later pack
 * declares. A compartment name the rule does not know is closed to every role but the system.
 *
 * Jurisdictions: every enterprise, case, construction site, alert and user belongs to a division
 * (core/division.h), and an actor of the branch, the city, the bureaus or the administrators sees
 * only the records of the divisions its jurisdiction covers (actor.division): a county officer
 * the county, a city officer the counties under the city, a province officer all of them. A
 * record outside it is answered GL_ENOTFOUND, as a missing one, and every listing is narrowed by
 * the jurisdiction's prefix (app_scope_list_division). Enterprise users are governed by the owner
 * rule above (their enterprise is in a county), the system actor by none. A stored division ""
 * (a case or a site written before jurisdictions) is the pack's county (app_home_division). An
 * alert is seen where it applies as well: an alert of the city by the officers of its counties.
 *
 * The functions are pure: they read only the actor, the pack and their arguments.
 */
#ifndef GL_APP_SCOPE_H
#define GL_APP_SCOPE_H

#include <stdbool.h>

#include "../core/procedure.h"
#include "app.h"

enum scope_object {
        SCOPE_ENTERPRISE, /* an enterprise's registry entry */
        SCOPE_FIGURES,    /* its annual figures (taxes, revenue, R&D) and its incentive grading */
        SCOPE_CASE,       /* a case of a procedure, owned by an enterprise (a declaration) */
        SCOPE_USER,       /* a user account */
        SCOPE_AUDIT,      /* the audit trail */
        SCOPE_SUPPLY,     /* an enterprise's supply-chain links and their help targets (m6) */
        SCOPE_EXPERTS,    /* the expert roster of the service visits (measure 5's 专家库) */
        SCOPE_SITE,       /* a construction site (measure 8), owned by its builder */
        SCOPE_OBJECT_COUNT_
};

enum scope_compartment {
        SCOPE_OPEN,   /* no compartment: the rule by kind alone */
        SCOPE_VISITS, /* "visits": findings of service visits (measure 5), closed to enforcement */
        SCOPE_COMPARTMENT_COUNT_
};

/*
 * Whether who may see a record of kind owned by the enterprise owner_uscc (NULL or "" for records
 * that belong to no enterprise, and to ask whether who may list records of the kind at all: an
 * enterprise user may, and app_scope_list_uscc restricts the listing). GL_OK, or GL_ENOTFOUND
 * (another enterprise's records, field "uscc") or GL_EPERM, with err filled.
 */
int app_scope_check(const struct actor *who, enum scope_object kind, const char *owner_uscc,
                    struct gl_error *err);

/* app_scope_check for a record of a compartment: also GL_ENOTFOUND when the compartment is closed
 * to who's role. */
int app_scope_check_in(const struct actor *who, enum scope_object kind, enum scope_compartment in,
                       const char *owner_uscc, struct gl_error *err);

/*
 * The enterprise a listing of kind is restricted to for who: who->uscc (owned by who) for an
 * enterprise user listing enterprise records or cases, NULL when who sees the whole county.
 * Callers check app_scope_check(who, kind, NULL, err) first.
 */
const char *app_scope_list_uscc(const struct actor *who, enum scope_object kind);

/* The compartment's name ("visits"; "" for SCOPE_OPEN), and whether it is closed to role. */
const char *app_scope_compartment_name(enum scope_compartment in);
bool app_scope_compartment_closed_to(enum scope_compartment in, enum role role);
/* Whether the rule knows a compartment of this name ("" and NULL: none, known). */
bool app_scope_compartment_known(const char *name);

/* Whether who may see cases of proc at all: not when proc's compartment is closed to who's role
 * (by the pack's closed_to or by the compartment's own rule), nor when proc names its readers and
 * who is none of them (the party's enterprise users and the system aside). */
bool app_scope_procedure(const struct actor *who, const struct procedure *proc);

/*
 * Whether who may see a case of procedure proc about the enterprise uscc ("" or NULL for a party
 * outside the registry): SCOPE_CASE's rule, with the procedure's compartment closed to the roles
 * the pack names (proc->closed_to) and to those the compartment itself is closed to. A case of a
 * procedure the pack does not declare is seen by the system actor only. err may be NULL;
 * GL_ENOTFOUND when not.
 */
int app_scope_case(const struct app *app, const struct actor *who, const struct procedure *proc,
                   const char *uscc, struct gl_error *err);

/* app_scope_case for a case row kept in compartment (cases.compartment, "" or NULL for none): also
 * closed when that compartment is closed to who's role, whatever proc declares now. */
int app_scope_case_in(const struct app *app, const struct actor *who, const struct procedure *proc,
                      const char *compartment, const char *uscc, struct gl_error *err);

/* The units a record is addressed to, for the unit rule: the competent department's code and the
 * township ("" or NULL: none); and the division it is in (NULL: not said, "": the pack's). */
struct scope_units {
        const char *department;
        const char *township;
        const char *division;
};

/*
 * Whether who's jurisdiction covers a record of division ("" or NULL: the pack's county). True
 * for the system actor, an actor of no division and an enterprise user (the owner rule governs
 * it).
 */
bool app_scope_covers(const struct app *app, const struct actor *who, const char *division);

/* app_scope_covers as an answer: GL_OK, or GL_ENOTFOUND as a missing record of kind (field
 * "uscc" for an enterprise's records, "id" for the rest). err may be NULL. */
int app_scope_division(const struct app *app, const struct actor *who, enum scope_object kind,
                       const char *division, struct gl_error *err);

/* Whether who sees an alert of division: where its jurisdiction covers the alert's division, or
 * the alert's covers its jurisdiction (a city's alert applies in each of its counties). */
bool app_scope_alert(const struct app *app, const struct actor *who, const char *division);

/* The county who acts for: its jurisdiction when that is a county, else (a city's or a
 * province's officer, the system) the pack's county. What a new record belongs to when nothing
 * else names its county. */
const char *app_scope_county(const struct app *app, const struct actor *who);
/* The pack of that county (app_pack_for): what who reads and opens when no record names another. */
const struct policy_pack *app_scope_pack(const struct app *app, const struct actor *who);

/* Whether who may read the audit trail: app_scope_check's SCOPE_AUDIT, and the trail being the
 * whole database's, an administrator's jurisdiction must cover the pack's division. GL_EPERM. */
int app_scope_audit(const struct app *app, const struct actor *who, struct gl_error *err);

/* How a listing is narrowed to who's jurisdiction. */
struct scope_division {
        const char *prefix; /* the codes listed begin with it ("13", "1301", "130131"); NULL:
                               every division (the listing is not narrowed) */
        bool blank_too;     /* records of no stored division (the pack's county) are in it */
        char buf[7];
};
/* The narrowing of a listing for who into *out (prefix NULL for the system actor and enterprise
 * users; otherwise it points into out->buf). */
void app_scope_list_division(const struct app *app, const struct actor *who,
                             struct scope_division *out);

/*
 * Whether who may see a construction site built by builder_uscc (any USCC, in the registry or
 * not) and addressed to units u; proc is the procedure whose "departments" take part in every
 * site's application (measure 8's m8.listing; NULL: none do). app (may be NULL) resolves a
 * department officer's department named in Chinese. GL_OK, GL_ENOTFOUND (field "id") or GL_EPERM
 * (a role that sees no site), err may be NULL. With builder_uscc and u NULL: whether who may list
 * sites at all (app_scope_list_uscc narrows an enterprise's listing; app_scope_site_units a
 * department's or a township's).
 */
int app_scope_site(const struct app *app, const struct actor *who, const struct procedure *proc,
                   const char *builder_uscc, const struct scope_units *u, struct gl_error *err);

/* The units a listing of sites or addressed cases is narrowed to for who: a department officer's
 * department (NULL when its department takes part in every case of proc), a township officer's
 * township; both NULL for every other role. The texts point into who or the pack. */
struct scope_units app_scope_site_units(const struct app *app, const struct actor *who,
                                        const struct procedure *proc);

/*
 * app_scope_case_in for a case row, with the unit rule: a case addressed to units (row's
 * department or township set) is seen by a department officer of its department or of one of
 * proc's "departments", and by the township officer of its township; a case addressed to none
 * is no department or township officer's. GL_ENOTFOUND when not; err may be NULL.
 */
struct case_row;
int app_scope_case_row(const struct app *app, const struct actor *who, const struct procedure *proc,
                       const struct case_row *row, struct gl_error *err);

/*
 * Whose inbox of messages (站内消息, app/message.h) who reads: an enterprise user its enterprise's
 * (*kind "enterprise", *recipient its USCC); every other role, and an enterprise user bound to no
 * enterprise, has none yet (false, outputs untouched).
 */
bool app_scope_inbox(const struct actor *who, const char **kind, const char **recipient);

#endif
