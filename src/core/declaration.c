/*
 * Measure 1's pure rules for its declaration (declaration.h): the names of its states and
 * actions as the API and the command line know them, the guard of a new submission, and the two
 * deadlines' calendar arithmetic. The state machine itself is the pack's procedure
 * "m1.declaration" (policy/pingshan-2022.json), run by core/procedure.c.
 */
#include "declaration.h"

#include <stdlib.h>
#include <string.h>

static const struct {
        const char *name;
        const char *label_zh;
} states[DECLARATION_STATE_COUNT_] = {
    [DECLARATION_NONE] = {"none", "未申报"},
    [DECLARATION_SUBMITTED] = {"submitted", "已申报，待县分局审核"},
    [DECLARATION_RETURNED] = {"returned", "已退回，可重新申报"},
    [DECLARATION_COUNTY_APPROVED] = {"county_approved", "县分局审核通过，已报市局"},
    [DECLARATION_CITY_REVIEWED] = {"city_reviewed", "市局已初审和现场核查，待决定"},
    [DECLARATION_PROVISIONAL] = {"provisional", "暂按高一级别管理"},
    [DECLARATION_REJECTED] = {"rejected", "不予晋级"},
    [DECLARATION_FORMAL] = {"formal", "正式晋级"},
    [DECLARATION_REVERTED] = {"reverted", "期满未达标，已恢复原级别"},
};

static const struct {
        const char *name;
        const char *label_zh;
} actions[DECLARATION_ACTION_COUNT_] = {
    [DECLARATION_SUBMIT] = {"submit", "提交申报"},
    [DECLARATION_RESUBMIT] = {"resubmit", "重新申报"},
    [DECLARATION_APPROVE] = {"approve", "县分局审核通过并报市局"},
    [DECLARATION_RETURN] = {"return", "县分局退回"},
    [DECLARATION_PRELIMINARY_REVIEW] = {"preliminary_review", "市局专家组初审"},
    [DECLARATION_SITE_VERIFICATION] = {"site_verification", "现场核查"},
    [DECLARATION_DECIDE_PROVISIONAL] = {"decide_provisional", "决定暂按高一级别管理"},
    [DECLARATION_REJECT] = {"reject", "决定不予晋级"},
    [DECLARATION_INDICATORS_MET] = {"indicators_met", "确认指标已达标，正式晋级"},
    [DECLARATION_REVERT] = {"revert", "期满未达标，撤销暂定等级"},
};

const char *declaration_state_name(enum declaration_state s)
{
        return ((int)s >= 0 && s < DECLARATION_STATE_COUNT_) ? states[s].name : "none";
}

const char *declaration_state_label_zh(enum declaration_state s)
{
        return ((int)s >= 0 && s < DECLARATION_STATE_COUNT_) ? states[s].label_zh : "未申报";
}

enum declaration_state declaration_state_from_name(const char *name)
{
        if (name == NULL)
                return DECLARATION_STATE_COUNT_;
        for (int s = 0; s < DECLARATION_STATE_COUNT_; s++)
                if (strcmp(states[s].name, name) == 0)
                        return (enum declaration_state)s;
        return DECLARATION_STATE_COUNT_;
}

const char *declaration_action_name(enum declaration_action a)
{
        return ((int)a >= 0 && a < DECLARATION_ACTION_COUNT_) ? actions[a].name : "unknown";
}

const char *declaration_action_label_zh(enum declaration_action a)
{
        return ((int)a >= 0 && a < DECLARATION_ACTION_COUNT_) ? actions[a].label_zh : "未知操作";
}

/* Refusal for an enterprise user acting on another enterprise's declaration. */
static int check_own(enum role role, const char *actor_uscc, const char *uscc, struct gl_error *err)
{
        if (role != ROLE_ENTERPRISE)
                return GL_OK;
        if (actor_uscc == NULL || uscc == NULL || strcmp(actor_uscc, uscc) != 0)
                return gl_fail(err, GL_EPERM, "uscc",
                               "企业用户只能办理本企业的申报 (an enterprise acts only for itself)");
        return GL_OK;
}

int declaration_check_submission(const struct declaration_submission *s, struct gl_error *err)
{
        if (s->role != ROLE_ENTERPRISE && s->role != ROLE_SYSTEM)
                return gl_fail(err, GL_EPERM, "role", "%s无权提交申报 (role %s may not submit)",
                               role_label_zh(s->role), role_name(s->role));
        int rc = check_own(s->role, s->actor_uscc, s->uscc, err);
        if (rc != GL_OK)
                return rc;
        if (s->has_open)
                return gl_fail(
                    err, GL_ECONFLICT, "uscc",
                    "该企业已有一份未办结的申报，办结前不能再次申报 (an open declaration "
                    "exists)");
        if (!s->in_scope)
                return gl_fail(err, GL_ESTATE, "uscc",
                               "该企业所属行业不在措施一的适用范围内 (industry not in scope of "
                               "measure 1)");
        const char *grade = s->grade ? s->grade : "";
        if (strcmp(grade, "A") == 0)
                return gl_fail(
                    err, GL_ESTATE, "grade",
                    "A 级企业已是最高级别，无需申报晋级 (an A grade cannot be promoted)");
        if (s->next_grade == NULL || s->next_grade[0] == '\0')
                return gl_fail(
                    err, GL_ESTATE, "grade",
                    "该企业当前等级“%s”已是本行业最高级别，无更高级别可申报 (no next grade)",
                    grade[0] ? grade : "无");
        if (s->grade_sought == NULL || strcmp(s->grade_sought, s->next_grade) != 0)
                return gl_fail(
                    err, GL_EINVAL, "grade_sought",
                    "申报等级只能是高一级别“%s”，不能是“%s” (the grade sought must be the "
                    "next rung)",
                    s->next_grade, s->grade_sought ? s->grade_sought : "");
        if (s->tier == NULL || (strcmp(s->tier, "key") != 0 && strcmp(s->tier, "general") != 0))
                return gl_fail(err, GL_ESTATE, "tier",
                               "自评结果不符合一般性激励或重点激励条件，不能申报 (the "
                               "self-assessment does not qualify)");
        return GL_OK;
}

gl_date declaration_county_due(const struct calendar *cal, gl_date received, int working_days,
                               bool *provisional)
{
        return calendar_add_working_days(cal, received, working_days, provisional);
}

gl_date declaration_grace_deadline(const struct calendar *cal, gl_date decided, int months,
                                   bool *provisional)
{
        return calendar_add_months(cal, decided, months, provisional);
}

void declaration_clear(struct declaration *d)
{
        if (d == NULL)
                return;
        free(d->metrics);
        free(d->explanation);
        free(d->county_reason);
        free(d->decision_reason);
        free(d->closed_reason);
        declaration_init(d);
}

void declaration_init(struct declaration *d)
{
        memset(d, 0, sizeof(*d));
        d->received_on = d->county_due_on = d->county_decided_on = GL_DATE_NONE;
        d->decided_on = d->grace_deadline = d->closed_on = GL_DATE_NONE;
}

int declaration_set_text(char **field, const char *text)
{
        char *copy = NULL;
        if (text != NULL && text[0] != '\0') {
                size_t n = strlen(text) + 1;
                copy = malloc(n);
                if (copy == NULL)
                        return GL_ENOMEM;
                memcpy(copy, text, n);
        }
        free(*field);
        *field = copy;
        return GL_OK;
}
