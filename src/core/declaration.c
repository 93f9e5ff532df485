/*
 * The measure-1 declaration state machine of declaration.h: the tables (states, actions, who may
 * take each action from which states) and the guards that check one step against them.
 */
#include "declaration.h"

#include <stdlib.h>
#include <string.h>

#define ST(s) (1u << (s))
#define RL(r) (1u << (r))

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

/* The state machine. The target state is declaration_next_state's business. */
static const struct declaration_transition transitions[DECLARATION_ACTION_COUNT_] = {
    [DECLARATION_SUBMIT] = {DECLARATION_SUBMIT, ST(DECLARATION_NONE),
                            RL(ROLE_ENTERPRISE) | RL(ROLE_SYSTEM), false},
    [DECLARATION_RESUBMIT] = {DECLARATION_RESUBMIT, ST(DECLARATION_RETURNED),
                              RL(ROLE_ENTERPRISE) | RL(ROLE_SYSTEM), false},
    [DECLARATION_APPROVE] = {DECLARATION_APPROVE, ST(DECLARATION_SUBMITTED),
                             RL(ROLE_COUNTY_OFFICER) | RL(ROLE_SYSTEM), false},
    [DECLARATION_RETURN] = {DECLARATION_RETURN, ST(DECLARATION_SUBMITTED),
                            RL(ROLE_COUNTY_OFFICER) | RL(ROLE_SYSTEM), true},
    [DECLARATION_PRELIMINARY_REVIEW] = {DECLARATION_PRELIMINARY_REVIEW,
                                        ST(DECLARATION_COUNTY_APPROVED),
                                        RL(ROLE_CITY_OFFICER) | RL(ROLE_CITY_EXPERT) |
                                            RL(ROLE_SYSTEM),
                                        true},
    [DECLARATION_SITE_VERIFICATION] = {DECLARATION_SITE_VERIFICATION,
                                       ST(DECLARATION_COUNTY_APPROVED),
                                       RL(ROLE_CITY_OFFICER) | RL(ROLE_CITY_EXPERT) |
                                           RL(ROLE_SYSTEM),
                                       true},
    [DECLARATION_DECIDE_PROVISIONAL] = {DECLARATION_DECIDE_PROVISIONAL,
                                        ST(DECLARATION_CITY_REVIEWED),
                                        RL(ROLE_CITY_OFFICER) | RL(ROLE_SYSTEM), false},
    [DECLARATION_REJECT] = {DECLARATION_REJECT, ST(DECLARATION_CITY_REVIEWED),
                            RL(ROLE_CITY_OFFICER) | RL(ROLE_SYSTEM), true},
    [DECLARATION_INDICATORS_MET] = {DECLARATION_INDICATORS_MET, ST(DECLARATION_PROVISIONAL),
                                    RL(ROLE_COUNTY_OFFICER) | RL(ROLE_CITY_OFFICER) |
                                        RL(ROLE_SYSTEM),
                                    false},
    [DECLARATION_REVERT] = {DECLARATION_REVERT, ST(DECLARATION_PROVISIONAL), RL(ROLE_SYSTEM), true},
};

const struct declaration_transition *declaration_transition_of(enum declaration_action a)
{
        if ((int)a < 0 || a >= DECLARATION_ACTION_COUNT_)
                return NULL;
        return &transitions[a];
}

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

bool declaration_state_is_open(enum declaration_state s)
{
        return s == DECLARATION_SUBMITTED || s == DECLARATION_RETURNED ||
               s == DECLARATION_COUNTY_APPROVED || s == DECLARATION_CITY_REVIEWED ||
               s == DECLARATION_PROVISIONAL;
}

bool declaration_role_may(enum role r, enum declaration_action a)
{
        const struct declaration_transition *t = declaration_transition_of(a);
        return t != NULL && (int)r >= 0 && r < ROLE_COUNT_ && (t->roles & RL(r)) != 0;
}

bool declaration_may_offer(enum role r, enum declaration_action a, enum declaration_state s,
                           bool has_preliminary, bool has_site)
{
        const struct declaration_transition *t = declaration_transition_of(a);
        if (t == NULL || !declaration_role_may(r, a) || (int)s < 0 ||
            s >= DECLARATION_STATE_COUNT_ || (t->from & ST(s)) == 0)
                return false;
        if (a == DECLARATION_PRELIMINARY_REVIEW && has_preliminary)
                return false;
        if (a == DECLARATION_SITE_VERIFICATION && has_site)
                return false;
        return true;
}

/* The state a permitted action leads to. */
static enum declaration_state next_state(const struct declaration_step *s)
{
        switch (s->action) {
        case DECLARATION_SUBMIT:
        case DECLARATION_RESUBMIT:
                return DECLARATION_SUBMITTED;
        case DECLARATION_APPROVE:
                return DECLARATION_COUNTY_APPROVED;
        case DECLARATION_RETURN:
                return DECLARATION_RETURNED;
        case DECLARATION_PRELIMINARY_REVIEW:
                return s->has_site ? DECLARATION_CITY_REVIEWED : DECLARATION_COUNTY_APPROVED;
        case DECLARATION_SITE_VERIFICATION:
                return s->has_preliminary ? DECLARATION_CITY_REVIEWED : DECLARATION_COUNTY_APPROVED;
        case DECLARATION_DECIDE_PROVISIONAL:
                return DECLARATION_PROVISIONAL;
        case DECLARATION_REJECT:
                return DECLARATION_REJECTED;
        case DECLARATION_INDICATORS_MET:
                return DECLARATION_FORMAL;
        case DECLARATION_REVERT:
                return DECLARATION_REVERTED;
        case DECLARATION_ACTION_COUNT_:
                break;
        }
        return DECLARATION_STATE_COUNT_;
}

static bool blank(const char *text)
{
        if (text == NULL)
                return true;
        for (; *text; text++)
                if (*text != ' ' && *text != '\t' && *text != '\n' && *text != '\r')
                        return false;
        return true;
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

int declaration_check_step(const struct declaration_step *s, enum declaration_state *next,
                           struct gl_error *err)
{
        const struct declaration_transition *t = declaration_transition_of(s->action);
        if (t == NULL || s->action == DECLARATION_SUBMIT)
                return gl_fail(err, GL_EINVAL, "action", "未知的申报操作 (unknown action)");
        const char *what = declaration_action_label_zh(s->action);
        if (!declaration_role_may(s->role, s->action))
                return gl_fail(err, GL_EPERM, "role", "%s无权%s (role %s may not %s)",
                               role_label_zh(s->role), what, role_name(s->role),
                               declaration_action_name(s->action));
        int rc = check_own(s->role, s->actor_uscc, s->uscc, err);
        if (rc != GL_OK)
                return rc;
        if (s->expected_version != 0 && s->expected_version != s->version)
                return gl_fail(
                    err, GL_ECONFLICT, "version",
                    "申报已被他人修改（当前版本 %lld，您看到的是版本 %lld），请刷新后重试 "
                    "(stale version)",
                    (long long)s->version, (long long)s->expected_version);
        if ((int)s->state < 0 || s->state >= DECLARATION_STATE_COUNT_ ||
            (t->from & ST(s->state)) == 0)
                return gl_fail(
                    err, GL_ESTATE, "state", "申报当前状态为“%s”，不能%s (not allowed in state %s)",
                    declaration_state_label_zh(s->state), what, declaration_state_name(s->state));
        if (s->action == DECLARATION_PRELIMINARY_REVIEW && s->has_preliminary)
                return gl_fail(err, GL_ESTATE, "state",
                               "初审已记录，不能重复记录 (preliminary review already recorded)");
        if (s->action == DECLARATION_SITE_VERIFICATION && s->has_site)
                return gl_fail(err, GL_ESTATE, "state",
                               "现场核查已记录，不能重复记录 (site verification already recorded)");
        if (t->needs_reason && blank(s->reason))
                return gl_fail(err, GL_EINVAL, "reason",
                               "%s须写明理由或意见 (a reason is required)", what);
        if (s->action == DECLARATION_INDICATORS_MET &&
            declaration_grace_passed(s->grace_deadline, s->today)) {
                char due[11];
                return gl_fail(err, GL_ESTATE, "today",
                               "宽限期已于 %s 届满，不能再确认达标 (grace period ended)",
                               date_format_iso(s->grace_deadline, due));
        }
        if (s->action == DECLARATION_REVERT &&
            !declaration_grace_passed(s->grace_deadline, s->today)) {
                char due[11];
                return gl_fail(err, GL_ESTATE, "today",
                               "宽限期至 %s 尚未届满，不能撤销暂定等级 (grace period not over)",
                               date_format_iso(s->grace_deadline, due));
        }
        *next = next_state(s);
        return GL_OK;
}

int declaration_check_submission(const struct declaration_submission *s, struct gl_error *err)
{
        if (!declaration_role_may(s->role, DECLARATION_SUBMIT))
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

bool declaration_grace_passed(gl_date grace_deadline, gl_date today)
{
        return today > grace_deadline;
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
