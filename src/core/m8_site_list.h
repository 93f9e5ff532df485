/*
 * Measure 8's rules (建立市级重点建设项目正面清单): the registry of construction sites and the
 * county's positive list of key construction projects (重点建设项目保障正面清单), as far as they
 * are pure. A site's data as given is checked and put in the pack's words here (the project, the
 * category, the builder by USCC, the township, the competent department derived from the category
 * by m8.competent_departments, the address, the earthwork area); the units of the measure's
 * responsibilities are matched against a user's role and binding (the joint preliminary review of
 * "县生态环境分局、住建局及相关乡镇" in m8.joint_reviewers, the list leads in m8.list_leads, the
 * dust-control verifiers in m8.site_verifiers); and the rule of "少检查、少打扰" decides whether an
 * inspection may be made of a site for a reason (m8.listed_inspection_reasons).
 *
 * Units are named as the pack names them: "county_branch" (the county branch, 县生态环境分局: the
 * roles of the branch), "township" (the township of the site concerned, 相关乡镇: its township
 * officer) or a code of the pack's departments (a department officer bound to it).
 *
 * Pure: no I/O and no clock; the dates are the caller's. Every refusal fills err with GL_EINVAL,
 * the field concerned and a Chinese message with its English gloss in parentheses.
 */
#ifndef GL_M8_SITE_LIST_H
#define GL_M8_SITE_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "gl.h"
#include "role.h"

struct policy_pack;
struct policy_term;

#define M8_PROJECT_MAX 300         /* bytes of a project's name */
#define M8_BUILDER_NAME_MAX 255    /* bytes of a builder's name */
#define M8_ADDRESS_MAX 500         /* bytes of an address */
#define M8_NOTE_MAX 4000           /* bytes of an inspection's note, an objection, a reason */
#define M8_EARTHWORK_MAX 100000000 /* m²: 100 km², more than any site */

/* A site as given (every text borrowed; NULL: not given). */
struct m8_site_input {
        const char *project;
        const char *category; /* a code, a Chinese name or alias of the pack's site_categories */
        const char *builder_uscc;
        const char *builder_name;
        const char *township; /* a name of the pack's townships */
        const char *address;
        const char *earthwork_m2; /* decimal digits */
        const char *started_on;   /* YYYY-MM-DD */
        /* The builder is in the enterprise registry, whose USCC is taken as it stands there; a
         * builder outside it needs a valid one (GB 32100). */
        bool builder_registered;
};

/* A site as it is kept, in the pack's words. */
struct m8_site_values {
        char project[M8_PROJECT_MAX + 1];
        char category[64];   /* the category's code */
        char department[64]; /* the competent department's code */
        char builder_uscc[19];
        char builder_name[M8_BUILDER_NAME_MAX + 1];
        char township[128];
        char address[M8_ADDRESS_MAX + 1];
        int64_t earthwork_m2;
        gl_date started_on; /* GL_DATE_NONE when not given */
};

/*
 * Checks a new site (every field but address, earthwork_m2 and started_on required) on day `on`
 * and fills out: the category named by code, name or alias; the competent department the pack's
 * m8.competent_departments gives it on that day; the builder's USCC valid (core/uscc.h) unless the
 * builder is registered (18 characters then); the
 * township one of the pack's; the earthwork area a whole number of m² from 0 to M8_EARTHWORK_MAX;
 * started no later than `on`. The first problem found fails naming its field (project, category,
 * builder_uscc, builder_name, township, address, earthwork_m2, started_on); out is then
 * unspecified.
 */
int m8_site_check(const struct policy_pack *pack, gl_date on, const struct m8_site_input *in,
                  struct m8_site_values *out, struct gl_error *err);

/*
 * The same for a change: every field given replaces the one of *cur (NULL fields keep theirs; a
 * category changed changes the department with it). The builder's USCC is not changed here (a
 * site belongs to its builder: field builder_uscc refused when given and different).
 */
int m8_site_change(const struct policy_pack *pack, gl_date on, const struct m8_site_input *in,
                   struct m8_site_values *cur, struct gl_error *err);

/* The competent department (对口主管部门) of a category on a day, by m8.competent_departments
 * ("category:department" items): its code, or NULL when the pack gives the category none. */
const char *m8_competent_department(const struct policy_pack *pack, gl_date on,
                                    const char *category, char *out, size_t size);

/* What a user is among the measure's units, from its role and binding. */
struct m8_member {
        enum role role;
        const char *department; /* a dept_officer's department (code or Chinese name), or NULL */
        const char *township;   /* a township_officer's township, or NULL */
};

/* The unit a user acts for: "county_branch" for the branch's own roles (county_officer,
 * county_legal, county_leader), its department's code for a department officer (a Chinese name
 * resolved by the pack), its township for a township officer; "" for every other role. */
const char *m8_unit_of(const struct policy_pack *pack, const struct m8_member *m);

/*
 * Whether a unit of the list `param` (m8.joint_reviewers, m8.list_leads, m8.site_verifiers) on
 * day `on` is the user's: "county_branch" for a county officer (county_officer), a department
 * code for an officer of that department, "township" for the officer of site_township. The unit
 * matched is written to unit (the list's item) when one is.
 */
bool m8_member_of(const struct policy_pack *pack, gl_date on, const char *param,
                  const struct m8_member *m, const char *site_township, char *unit,
                  size_t unit_size);

/*
 * Whether a site may be inspected on day `on` for a reason (a code or Chinese name of the pack's
 * inspection_reasons), written as its code to code: every reason of the pack for a site that is
 * not on the list; for a listed site, only those of m8.listed_inspection_reasons (少检查、少打扰:
 * the refusal says which reasons the list allows, citing m8.listed_benefits). field "reason".
 */
int m8_inspection_allowed(const struct policy_pack *pack, gl_date on, bool listed,
                          const char *reason, char *code, size_t code_size, struct gl_error *err);

/* Whether a site's dust-control status ("unchecked", "passed", "failed") lets it apply to the list
 * on day `on`: m8.dust_control_required 1 asks for "passed" (field "dust_control"). */
int m8_dust_allows_applying(const struct policy_pack *pack, gl_date on, const char *dust_control,
                            struct gl_error *err);

/* Whether text (NULL: none) is plain UTF-8 of at most max bytes, no control character but line
 * breaks and tabs when multiline; the message names label. field as given. */
int m8_text_check(const char *field, const char *label, const char *text, size_t max, bool required,
                  bool multiline, struct gl_error *err);

#endif
