/*
 * The roles a user of greenlane can hold. An enterprise user is bound to one USCC; a department
 * officer to one sector department (a code of the pack's departments); a township officer to one
 * township (a name of the pack's townships). Authorization tables (CLI and HTTP) are written in
 * terms of these.
 */
#ifndef GL_ROLE_H
#define GL_ROLE_H

#include <stdbool.h>

enum role {
        ROLE_NONE = 0,
        ROLE_ENTERPRISE,       /* enterprise staff, bound to one USCC */
        ROLE_COUNTY_OFFICER,   /* county branch officer */
        ROLE_COUNTY_LEGAL,     /* county branch legal reviewer (法制审核) */
        ROLE_COUNTY_LEADER,    /* county branch leader (集体审查, leads service visits) */
        ROLE_CITY_OFFICER,     /* city bureau officer */
        ROLE_CITY_EXPERT,      /* member of the city bureau's expert team */
        ROLE_TAX_OFFICER,      /* county tax department: supplies and confirms tax figures */
        ROLE_APPROVAL_OFFICER, /* administrative approval bureau (EIA) */
        ROLE_DEPT_OFFICER,     /* sector department, bound to one department */
        ROLE_TOWNSHIP_OFFICER, /* township government (乡镇人民政府), bound to one township */
        ROLE_ADMIN,            /* administrator */
        ROLE_SYSTEM,           /* the command line run by the operator, and scheduled sweeps */
        ROLE_COUNT_
};

/* "enterprise", "county_officer", ...; "none" for ROLE_NONE. */
const char *role_name(enum role r);
/* Chinese label for users: "企业用户", "县分局执法人员", ... */
const char *role_label_zh(enum role r);
/* ROLE_NONE when name is not a role name. ROLE_SYSTEM is never returned: it cannot be assigned. */
enum role role_from_name(const char *name);

#endif
