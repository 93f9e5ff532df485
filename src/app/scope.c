/*
 * The visibility rule of scope.h, written once. Each kind of record names who sees it; an
 * enterprise user's view of enterprise records narrows to its own USCC; compartments close on top
 * of that. Refusals that must reveal nothing are GL_ENOTFOUND with the message a missing record
 * would have.
 */
#include "scope.h"

#include "../core/division.h"
#include "../core/policy.h"
#include "../store/case_store.h"
#include "../store/message_store.h"
#include "app_internal.h"

#include <string.h>

#define ROLE_BIT(r) (1u << (r))

/* Roles that see the county (every division of their jurisdiction; one county today). */
static const unsigned county_roles = ROLE_BIT(ROLE_COUNTY_OFFICER) | ROLE_BIT(ROLE_COUNTY_LEGAL) |
                                     ROLE_BIT(ROLE_COUNTY_LEADER) | ROLE_BIT(ROLE_CITY_OFFICER) |
                                     ROLE_BIT(ROLE_CITY_EXPERT) | ROLE_BIT(ROLE_TAX_OFFICER) |
                                     ROLE_BIT(ROLE_APPROVAL_OFFICER) | ROLE_BIT(ROLE_DEPT_OFFICER) |
                                     ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_SYSTEM);

/* Roles whose work reads an enterprise's taxes, revenue and R&D (measure 1's grading): the county
 * branch, the city's officers and experts, the tax department, the administrator. Not the bureaus
 * outside the branch (a sector department, the approval bureau): their procedures need the
 * registry, not the accounts. */
static const unsigned figures_roles = ROLE_BIT(ROLE_COUNTY_OFFICER) | ROLE_BIT(ROLE_COUNTY_LEGAL) |
                                      ROLE_BIT(ROLE_COUNTY_LEADER) | ROLE_BIT(ROLE_CITY_OFFICER) |
                                      ROLE_BIT(ROLE_CITY_EXPERT) | ROLE_BIT(ROLE_TAX_OFFICER) |
                                      ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_SYSTEM);

/* Roles that see the county's supply-chain links (measure 6): the branch, the city's officers and
 * its experts, who help the partners, and the administrator. */
static const unsigned supply_roles = ROLE_BIT(ROLE_COUNTY_OFFICER) | ROLE_BIT(ROLE_COUNTY_LEGAL) |
                                     ROLE_BIT(ROLE_COUNTY_LEADER) | ROLE_BIT(ROLE_CITY_OFFICER) |
                                     ROLE_BIT(ROLE_CITY_EXPERT) | ROLE_BIT(ROLE_ADMIN) |
                                     ROLE_BIT(ROLE_SYSTEM);

/* Roles that see the expert roster of the service visits (scope.h). */
static const unsigned expert_roles = ROLE_BIT(ROLE_COUNTY_LEADER) | ROLE_BIT(ROLE_CITY_OFFICER) |
                                     ROLE_BIT(ROLE_CITY_EXPERT) | ROLE_BIT(ROLE_ADMIN) |
                                     ROLE_BIT(ROLE_SYSTEM);

/* Roles that see every construction site of measure 8 (the unit rule narrows a department's and a
 * township's officers; an enterprise sees its own). Not the tax department nor the approval
 * bureau, whose work has no site in it. */
static const unsigned site_roles = ROLE_BIT(ROLE_COUNTY_OFFICER) | ROLE_BIT(ROLE_COUNTY_LEGAL) |
                                   ROLE_BIT(ROLE_COUNTY_LEADER) | ROLE_BIT(ROLE_CITY_OFFICER) |
                                   ROLE_BIT(ROLE_CITY_EXPERT) | ROLE_BIT(ROLE_ADMIN) |
                                   ROLE_BIT(ROLE_SYSTEM);

/* Roles that see user accounts and the audit trail. */
static const unsigned admin_roles = ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_SYSTEM);

static const struct {
        const char *name;
        unsigned closed_to;
} compartments[SCOPE_COMPARTMENT_COUNT_] = {
    [SCOPE_OPEN] = {"", 0},
    /* 帮扶发现不进入执法: the findings of service visits never reach enforcement. */
    [SCOPE_VISITS] = {"visits", ROLE_BIT(ROLE_COUNTY_OFFICER) | ROLE_BIT(ROLE_COUNTY_LEGAL)},
};

static bool has(unsigned roles, enum role r)
{
        return r > ROLE_NONE && r < ROLE_COUNT_ && (roles & ROLE_BIT(r)) != 0;
}

/* The answer for a record another enterprise owns: as if it did not exist. */
static int not_found(enum scope_object kind, struct gl_error *err)
{
        if (kind == SCOPE_ENTERPRISE || kind == SCOPE_FIGURES)
                return gl_fail(err, GL_ENOTFOUND, "uscc", "没有该企业 (no such enterprise)");
        return gl_fail(err, GL_ENOTFOUND, "id", "没有该记录 (no such record)");
}

/* Records of an enterprise: its own for an enterprise user, the county for officers. */
static int check_enterprise_owned(const struct actor *who, enum scope_object kind,
                                  const char *owner_uscc, struct gl_error *err)
{
        if (has(county_roles, who->role))
                return GL_OK;
        /* A township officer reads the registry (a builder reviewed jointly may be in it), not
         * the cases of enterprises. */
        if (who->role == ROLE_TOWNSHIP_OFFICER && kind == SCOPE_ENTERPRISE)
                return GL_OK;
        if (who->role != ROLE_ENTERPRISE)
                return gl_fail(err, GL_EPERM, "", "无权查看 (your role may not see this)");
        if (who->uscc[0] == '\0')
                return gl_fail(err, GL_EPERM, "",
                               "该企业用户未绑定企业 (no enterprise is bound to this user)");
        if (owner_uscc == NULL || owner_uscc[0] == '\0' || strcmp(owner_uscc, who->uscc) == 0)
                return GL_OK;
        return not_found(kind, err);
}

int app_scope_check(const struct actor *who, enum scope_object kind, const char *owner_uscc,
                    struct gl_error *err)
{
        if (who == NULL || who->role == ROLE_NONE)
                return gl_fail(err, GL_EPERM, "", "请先登录 (sign in first)");
        switch (kind) {
        case SCOPE_ENTERPRISE:
        case SCOPE_CASE:
                return check_enterprise_owned(who, kind, owner_uscc, err);
        case SCOPE_FIGURES:
                if (who->role != ROLE_ENTERPRISE && !has(figures_roles, who->role))
                        return gl_fail(err, GL_EPERM, "",
                                       "无权查看企业的纳税、营业收入和研发数据 (your role may not "
                                       "see an enterprise's accounts)");
                return check_enterprise_owned(who, kind, owner_uscc, err);
        case SCOPE_USER:
                if (has(admin_roles, who->role))
                        return GL_OK;
                return gl_fail(err, GL_EPERM, "", "只有系统管理员可以管理用户 (admin only)");
        case SCOPE_AUDIT:
                if (has(admin_roles, who->role))
                        return GL_OK;
                return gl_fail(err, GL_EPERM, "", "只有系统管理员可以查看审计记录 (admin only)");
        case SCOPE_SUPPLY:
                if (who->role != ROLE_ENTERPRISE && !has(supply_roles, who->role))
                        return gl_fail(err, GL_EPERM, "",
                                       "无权查看企业的上下游关系 (your role may not see an "
                                       "enterprise's supply chain)");
                return check_enterprise_owned(who, kind, owner_uscc, err);
        case SCOPE_EXPERTS:
                if (has(expert_roles, who->role))
                        return GL_OK;
                return gl_fail(err, GL_EPERM, "",
                               "无权查看“两进三送”专家库 (your role may not see the expert "
                               "roster)");
        case SCOPE_SITE:
                return app_scope_site(NULL, who, NULL, owner_uscc, NULL, err);
        case SCOPE_OBJECT_COUNT_:
                break;
        }
        return gl_fail(err, GL_EPERM, "", "无权查看 (your role may not see this)");
}

int app_scope_check_in(const struct actor *who, enum scope_object kind, enum scope_compartment in,
                       const char *owner_uscc, struct gl_error *err)
{
        int rc = app_scope_check(who, kind, owner_uscc, err);
        if (rc != GL_OK)
                return rc;
        if ((unsigned)in >= SCOPE_COMPARTMENT_COUNT_ ||
            app_scope_compartment_closed_to(in, who->role))
                return gl_fail(err, GL_ENOTFOUND, "id", "没有该记录 (no such record)");
        return GL_OK;
}

const char *app_scope_list_uscc(const struct actor *who, enum scope_object kind)
{
        bool enterprise_owned = kind == SCOPE_ENTERPRISE || kind == SCOPE_FIGURES ||
                                kind == SCOPE_CASE || kind == SCOPE_SUPPLY || kind == SCOPE_SITE;
        if (enterprise_owned && who->role == ROLE_ENTERPRISE)
                return who->uscc;
        return NULL;
}

const char *app_scope_compartment_name(enum scope_compartment in)
{
        return (unsigned)in < SCOPE_COMPARTMENT_COUNT_ ? compartments[in].name : "";
}

bool app_scope_compartment_closed_to(enum scope_compartment in, enum role role)
{
        if ((unsigned)in >= SCOPE_COMPARTMENT_COUNT_)
                return true;
        return has(compartments[in].closed_to, role);
}

/* The compartment named name ("" or NULL: none); false for a name the rule does not know. */
static bool compartment_named(const char *name, enum scope_compartment *out)
{
        if (name == NULL || name[0] == '\0') {
                *out = SCOPE_OPEN;
                return true;
        }
        for (int c = SCOPE_OPEN + 1; c < SCOPE_COMPARTMENT_COUNT_; c++)
                if (strcmp(compartments[c].name, name) == 0) {
                        *out = (enum scope_compartment)c;
                        return true;
                }
        return false;
}

bool app_scope_compartment_known(const char *name)
{
        enum scope_compartment in;
        return compartment_named(name, &in);
}

/* Whether the compartment named name is open to role: a name the rule does not know is closed to
 * every role but the system (a case kept under it stays closed whatever a later pack says). */
static bool named_open_to(const char *name, enum role role)
{
        enum scope_compartment in;
        if (!compartment_named(name, &in))
                return role == ROLE_SYSTEM;
        return !app_scope_compartment_closed_to(in, role);
}

bool app_scope_procedure(const struct actor *who, const struct procedure *proc)
{
        if (who == NULL || proc == NULL)
                return false;
        if (proc->compartment != NULL && ((proc->closed_to & PROCEDURE_ROLE_BIT(who->role)) ||
                                          !named_open_to(proc->compartment, who->role)))
                return false;
        /* Readers named: other roles do not see its cases (the party's users see their own). */
        return proc->readers == 0 || who->role == ROLE_ENTERPRISE || who->role == ROLE_SYSTEM ||
               (proc->readers & PROCEDURE_ROLE_BIT(who->role)) != 0;
}

int app_scope_case_in(const struct app *app, const struct actor *who, const struct procedure *proc,
                      const char *compartment, const char *uscc, struct gl_error *err)
{
        (void)app;
        if (who == NULL || (proc == NULL && who->role != ROLE_SYSTEM))
                return gl_fail(err, GL_ENOTFOUND, "id", "案件不存在 (no such case)");
        /* A department's or a township's officer sees only cases addressed to its unit
         * (app_scope_case_row): none without the row. */
        if (who->role == ROLE_DEPT_OFFICER || who->role == ROLE_TOWNSHIP_OFFICER)
                return gl_fail(err, GL_ENOTFOUND, "id", "案件不存在 (no such case)");
        /* A case about a party outside the registry is no enterprise user's own. */
        if (who->role == ROLE_ENTERPRISE && (uscc == NULL || uscc[0] == '\0'))
                return gl_fail(err, GL_ENOTFOUND, "id", "案件不存在 (no such case)");
        /* The compartment the case was opened in stays closed to whom it was closed to, whatever
         * the procedure declares now; the procedure's closes it as well. */
        if ((proc && !app_scope_procedure(who, proc)) || !named_open_to(compartment, who->role))
                return gl_fail(err, GL_ENOTFOUND, "id", "案件不存在 (no such case)");
        if (app_scope_check(who, SCOPE_CASE, uscc, NULL) != GL_OK)
                return gl_fail(err, GL_ENOTFOUND, "id", "案件不存在 (no such case)");
        return GL_OK;
}

/* ---- jurisdictions ---- */

/* Whether who is narrowed by jurisdiction at all. */
static bool narrowed(const struct actor *who)
{
        return who != NULL && who->role != ROLE_SYSTEM && who->role != ROLE_ENTERPRISE &&
               who->division[0] != '\0';
}

static const char *stored(const struct app *app, const char *division)
{
        return division == NULL || division[0] == '\0' ? app_home_division(app) : division;
}

bool app_scope_covers(const struct app *app, const struct actor *who, const char *division)
{
        if (who == NULL)
                return false;
        return !narrowed(who) || division_covers(who->division, stored(app, division));
}

int app_scope_division(const struct app *app, const struct actor *who, enum scope_object kind,
                       const char *division, struct gl_error *err)
{
        return app_scope_covers(app, who, division) ? GL_OK : not_found(kind, err);
}

const char *app_scope_county(const struct app *app, const struct actor *who)
{
        return who && division_level(who->division) == DIVISION_COUNTY ? who->division
                                                                       : app_home_division(app);
}

const struct policy_pack *app_scope_pack(const struct app *app, const struct actor *who)
{
        return app_pack_for(app, app_scope_county(app, who));
}

int app_scope_audit(const struct app *app, const struct actor *who, struct gl_error *err)
{
        int rc = app_scope_check(who, SCOPE_AUDIT, NULL, err);
        if (rc == GL_OK && !app_scope_covers(app, who, app_home_division(app)))
                rc = gl_fail(err, GL_EPERM, "",
                             "审计记录属于整个数据库，由辖区覆盖 %s 的系统管理员查看 (the audit "
                             "trail is read by an administrator whose jurisdiction covers %s)",
                             app_home_division(app), app_home_division(app));
        return rc;
}

bool app_scope_alert(const struct app *app, const struct actor *who, const char *division)
{
        return app_scope_covers(app, who, division) ||
               division_covers(stored(app, division), who->division);
}

void app_scope_list_division(const struct app *app, const struct actor *who,
                             struct scope_division *out)
{
        *out = (struct scope_division){NULL, false, ""};
        if (!narrowed(who) || !division_prefix(who->division, out->buf))
                return;
        out->prefix = out->buf;
        out->blank_too = division_covers(who->division, app_home_division(app));
}

/* ---- the unit rule (sites and the cases addressed to units) ---- */

/* who's department as its county's pack's code (a Chinese name resolved), or as bound when the
 * pack does not know it (it then matches no unit's code). */
static const char *department_of(const struct app *app, const struct actor *who)
{
        const struct policy_term *d =
            app ? policy_term_find(app_scope_pack(app, who), POLICY_DEPARTMENTS, who->department)
                : NULL;
        return d ? d->code : who->department;
}

static bool takes_part_in_all(const struct procedure *proc, const char *department)
{
        for (size_t i = 0; proc && department[0] && i < proc->ndepartments; i++)
                if (strcmp(proc->departments[i], department) == 0)
                        return true;
        return false;
}

static bool same(const char *a, const char *b)
{
        return a && b && a[0] && strcmp(a, b) == 0;
}

/* Whether a department's or a township's officer is of units u (proc's departments take part in
 * every one). */
static bool unit_member(const struct app *app, const struct actor *who,
                        const struct procedure *proc, const struct scope_units *u)
{
        if (who->role == ROLE_DEPT_OFFICER) {
                const char *mine = department_of(app, who);
                return takes_part_in_all(proc, mine) || same(mine, u ? u->department : NULL);
        }
        if (who->role == ROLE_TOWNSHIP_OFFICER)
                return same(who->township, u ? u->township : NULL);
        return false;
}

struct scope_units app_scope_site_units(const struct app *app, const struct actor *who,
                                        const struct procedure *proc)
{
        struct scope_units u = {NULL, NULL, NULL};
        if (who && who->role == ROLE_DEPT_OFFICER &&
            !takes_part_in_all(proc, department_of(app, who)))
                u.department = department_of(app, who);
        if (who && who->role == ROLE_TOWNSHIP_OFFICER)
                u.township = who->township;
        return u;
}

static int no_site(struct gl_error *err)
{
        return gl_fail(err, GL_ENOTFOUND, "id", "没有该工地 (no such site)");
}

int app_scope_site(const struct app *app, const struct actor *who, const struct procedure *proc,
                   const char *builder_uscc, const struct scope_units *u, struct gl_error *err)
{
        if (who == NULL || who->role == ROLE_NONE)
                return gl_fail(err, GL_EPERM, "", "请先登录 (sign in first)");
        bool listing = builder_uscc == NULL && u == NULL;
        if (u && u->division && !app_scope_covers(app, who, u->division))
                return no_site(err);
        if (has(site_roles, who->role))
                return GL_OK;
        if (who->role == ROLE_ENTERPRISE) {
                if (who->uscc[0] == '\0')
                        return gl_fail(
                            err, GL_EPERM, "",
                            "该企业用户未绑定企业 (no enterprise is bound to this user)");
                return listing || same(builder_uscc, who->uscc) ? GL_OK : no_site(err);
        }
        if (who->role == ROLE_DEPT_OFFICER || who->role == ROLE_TOWNSHIP_OFFICER) {
                bool bound = who->role == ROLE_DEPT_OFFICER ? who->department[0] != '\0'
                                                            : who->township[0] != '\0';
                if (!bound)
                        return gl_fail(err, GL_EPERM, "",
                                       "该用户未绑定部门或乡镇 (no department or township is bound "
                                       "to this user)");
                return listing || unit_member(app, who, proc, u) ? GL_OK : no_site(err);
        }
        return gl_fail(err, GL_EPERM, "",
                       "无权查看施工工地 (your role may not see construction sites)");
}

int app_scope_case_row(const struct app *app, const struct actor *who, const struct procedure *proc,
                       const struct case_row *row, struct gl_error *err)
{
        if (who == NULL || row == NULL)
                return gl_fail(err, GL_ENOTFOUND, "id", "案件不存在 (no such case)");
        bool addressed = row->department[0] != '\0' || row->township[0] != '\0';
        if (!app_scope_covers(app, who, row->division))
                return gl_fail(err, GL_ENOTFOUND, "id", "案件不存在 (no such case)");
        if (who->role != ROLE_DEPT_OFFICER && who->role != ROLE_TOWNSHIP_OFFICER)
                return app_scope_case_in(app, who, proc, row->compartment, row->uscc, err);
        struct scope_units u = {row->department, row->township, row->division};
        if (!addressed || proc == NULL || !app_scope_procedure(who, proc) ||
            !named_open_to(row->compartment, who->role) || !unit_member(app, who, proc, &u))
                return gl_fail(err, GL_ENOTFOUND, "id", "案件不存在 (no such case)");
        return GL_OK;
}

int app_scope_case(const struct app *app, const struct actor *who, const struct procedure *proc,
                   const char *uscc, struct gl_error *err)
{
        return app_scope_case_in(app, who, proc, NULL, uscc, err);
}

bool app_scope_inbox(const struct actor *who, const char **kind, const char **recipient)
{
        if (who == NULL || who->role != ROLE_ENTERPRISE || who->uscc[0] == '\0')
                return false;
        *kind = MESSAGE_TO_ENTERPRISE;
        *recipient = who->uscc;
        return true;
}
