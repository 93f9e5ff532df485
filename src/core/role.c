/*
 * Names and Chinese labels of the roles declared in role.h.
 */
#include "role.h"

#include <string.h>

static const struct {
        const char *name;
        const char *label_zh;
} roles[ROLE_COUNT_] = {
    [ROLE_NONE] = {"none", "无"},
    [ROLE_ENTERPRISE] = {"enterprise", "企业用户"},
    [ROLE_COUNTY_OFFICER] = {"county_officer", "县分局工作人员"},
    [ROLE_COUNTY_LEGAL] = {"county_legal", "县分局法制审核人员"},
    [ROLE_COUNTY_LEADER] = {"county_leader", "县分局领导"},
    [ROLE_CITY_OFFICER] = {"city_officer", "市生态环境局工作人员"},
    [ROLE_CITY_EXPERT] = {"city_expert", "市局专家组成员"},
    [ROLE_TAX_OFFICER] = {"tax_officer", "县税务部门"},
    [ROLE_APPROVAL_OFFICER] = {"approval_officer", "行政审批局"},
    [ROLE_DEPT_OFFICER] = {"dept_officer", "行业主管部门"},
    [ROLE_TOWNSHIP_OFFICER] = {"township_officer", "乡镇人民政府"},
    [ROLE_ADMIN] = {"admin", "系统管理员"},
    [ROLE_SYSTEM] = {"system", "系统"},
};

const char *role_name(enum role r)
{
        return (r >= 0 && r < ROLE_COUNT_) ? roles[r].name : "none";
}

const char *role_label_zh(enum role r)
{
        return (r >= 0 && r < ROLE_COUNT_) ? roles[r].label_zh : "无";
}

enum role role_from_name(const char *name)
{
        if (name == NULL)
                return ROLE_NONE;
        for (int r = ROLE_ENTERPRISE; r < ROLE_SYSTEM; r++)
                if (strcmp(roles[r].name, name) == 0)
                        return (enum role)r;
        return ROLE_NONE;
}
