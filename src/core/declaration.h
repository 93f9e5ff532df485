/*
 * Measure 1's declaration (激励性生态环境绩效分级申报): the record a declaration keeps, the names
 * of its states and actions (the API's and the command line's words), the guard of a new submission
 * and the calendar arithmetic of its two deadlines. The state machine — which action may be taken
 * in which state, by which role, and what state follows — is data: the procedure "m1.declaration"
 * of the policy pack, run by the procedure engine (core/procedure.h, app/case.h), with measure 1's
 * named guards and effects in app/m1_declaration.c; docs/procedures.md draws it.
 *
 * Pure: no I/O and no clock; "today" is a parameter.
 */
#ifndef GL_DECLARATION_H
#define GL_DECLARATION_H

#include <stdbool.h>
#include <stdint.h>

#include "calendar.h"
#include "date.h"
#include "enterprise.h"
#include "gl.h"
#include "role.h"

enum declaration_state {
        DECLARATION_NONE = 0,        /* not submitted yet: the start of a new declaration */
        DECLARATION_SUBMITTED,       /* 已申报: received by the county branch */
        DECLARATION_RETURNED,        /* 已退回: returned by the county with reasons */
        DECLARATION_COUNTY_APPROVED, /* 县分局审核通过: forwarded to the city bureau */
        DECLARATION_CITY_REVIEWED,   /* 市局已初审并现场核查 */
        DECLARATION_PROVISIONAL, /* 暂按高一级别管理: provisional grade, grace running */
        DECLARATION_REJECTED,    /* 不予晋级 */
        DECLARATION_FORMAL,      /* 正式晋级: indicators met in time */
        DECLARATION_REVERTED,    /* 已撤销暂定等级: grace passed unmet */
        DECLARATION_STATE_COUNT_
};

enum declaration_action {
        DECLARATION_SUBMIT,
        DECLARATION_RESUBMIT,
        DECLARATION_APPROVE,            /* county review: approve and forward to the city */
        DECLARATION_RETURN,             /* county review: return with reasons */
        DECLARATION_PRELIMINARY_REVIEW, /* city expert team: 初审 */
        DECLARATION_SITE_VERIFICATION,  /* city expert team with the county: 现场核查 */
        DECLARATION_DECIDE_PROVISIONAL, /* city: provisional grade at the next rung */
        DECLARATION_REJECT,             /* city: rejected with reasons */
        DECLARATION_INDICATORS_MET,     /* indicators met: the promotion becomes formal */
        DECLARATION_REVERT,             /* sweep: grace passed unmet */
        DECLARATION_ACTION_COUNT_
};

/*
 * A declaration as stored. Dates are GL_DATE_NONE when not (yet) set. The four text fields that may
 * be long are heap strings owned by the struct (NULL when empty) and freed by declaration_clear.
 */
struct declaration {
        int64_t id;
        char uscc[19];
        int year; /* the year of the annual figures assessed */
        enum declaration_state state;
        char grade_from[GL_GRADE_LEN];   /* the grade when submitted, "" for none */
        char grade_sought[GL_GRADE_LEN]; /* the next rung */
        /* The self-assessment (自评) as computed at the last submission. */
        char tier[8];      /* "key", "general", "none" */
        int grace_months;  /* 12, 6, or 0 for none */
        char *metrics;     /* JSON object */
        char *explanation; /* JSON array of sentences */
        char pack_id[64];
        int pack_version;
        char submitted_by[64];
        gl_date received_on; /* receipt by the county (last submission) */
        gl_date county_due_on;
        bool county_due_provisional;
        char county_decided_by[64];
        gl_date county_decided_on;
        char *county_reason;
        char decided_by[64]; /* the city's decision */
        gl_date decided_on;
        char *decision_reason;
        gl_date grace_deadline;
        bool grace_provisional;
        char closed_by[64]; /* formal or reverted */
        gl_date closed_on;
        char *closed_reason;
        char created_at[24], updated_at[24];
        int64_t version;
};

/* Makes d empty (no strings, dates GL_DATE_NONE) without freeing anything: for fresh memory. */
void declaration_init(struct declaration *d);

/* Empties an initialized d: frees its strings and initializes it again. Accepts NULL. */
void declaration_clear(struct declaration *d);

/* Replaces a heap string field: frees *field and stores a copy of text (NULL or "" stores NULL).
 * GL_ENOMEM leaves *field untouched. */
int declaration_set_text(char **field, const char *text);

/* "submitted", ...; "none" for DECLARATION_NONE. */
const char *declaration_state_name(enum declaration_state s);
/* "已申报", ... */
const char *declaration_state_label_zh(enum declaration_state s);
/* DECLARATION_STATE_COUNT_ when name is unknown. */
enum declaration_state declaration_state_from_name(const char *name);
/* "submit", "resubmit", "approve", "return", "preliminary_review", ... */
const char *declaration_action_name(enum declaration_action a);
/* "提交申报", ... */
const char *declaration_action_label_zh(enum declaration_action a);

/* What the guard of a new submission needs to know. */
struct declaration_submission {
        enum role role;
        const char *actor_uscc; /* for ROLE_ENTERPRISE */
        const char *uscc;
        bool has_open;          /* the enterprise already has an open declaration */
        bool in_scope;          /* its industry is in the measure's scope */
        const char *grade;      /* current grade, "" for none */
        const char *next_grade; /* next rung of its industry's ladder, "" when none */
        const char *grade_sought;
        const char *tier; /* self-assessment: "key", "general" or "none" */
};

/*
 * Checks a new submission: role (GL_EPERM), own enterprise (GL_EPERM), one open declaration
 * (GL_ECONFLICT), industry in scope (GL_ESTATE), an A grade or a top rung cannot declare
 * (GL_ESTATE), the grade sought is the next rung (GL_EINVAL, field "grade_sought"), the
 * self-assessment qualifies (tier key or general, GL_ESTATE).
 */
int declaration_check_submission(const struct declaration_submission *s, struct gl_error *err);

/* The county review is due this many working days after receipt, the receipt day not counted. */
gl_date declaration_county_due(const struct calendar *cal, gl_date received, int working_days,
                               bool *provisional);

/*
 * The grace deadline: the Civil Code end of a period of `months` months from the decision day
 * (the decision day not counted; moved to the next working day when it falls on a day off).
 */
gl_date declaration_grace_deadline(const struct calendar *cal, gl_date decided, int months,
                                   bool *provisional);

#endif
