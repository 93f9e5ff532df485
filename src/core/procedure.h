/*
 * The procedure engine's pure half: a procedure (办理程序) as the policy pack declares it — its
 * states, its actions (from which states, to which state, which roles, whether a reason is
 * required, which fields and documents they take, the named guards and effects they run) and its
 * deadlines (the event that starts each, its rule in working days or Civil Code months from a dated
 * pack parameter, the events that stop, suspend and resume it, and what happens when it passes) —
 * and the decisions the engine takes on such a declaration without touching the database: whether
 * one step may be taken now (procedure_check_step), which actions to offer a reader
 * (procedure_offers), and what a step does to the case's deadlines (procedure_deadline_events).
 *
 * Every procedure of every measure runs through these functions; what cannot be data is a named
 * guard or effect in app/ (app/case.h), which the pack names and app_load_policy checks exists.
 * The pack owns every procedure and everything it points to (policy_pack_free frees them).
 * Pure: no I/O and no clock; "today" is a parameter.
 */
#ifndef GL_PROCEDURE_H
#define GL_PROCEDURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "gl.h"
#include "role.h"

struct policy_pack;
struct calendar;

/* Bit of a role in a role set. */
#define PROCEDURE_ROLE_BIT(r) (1u << (unsigned)(r))

struct procedure_state {
        char *name;     /* e.g. "submitted" */
        char *label_zh; /* e.g. "已申报，待县分局审核" */
        char *label_en; /* e.g. "Submitted, awaiting the county"; NULL when not declared */
        bool open;      /* not an end: the case is still running */
};

enum procedure_field_type {
        PROCEDURE_FIELD_TEXT,
        PROCEDURE_FIELD_DATE,
        PROCEDURE_FIELD_INTEGER,
        PROCEDURE_FIELD_YEAR,
        PROCEDURE_FIELD_GRADE,
        PROCEDURE_FIELD_BOOLEAN, /* "yes" or "no" */
        PROCEDURE_FIELD_CHOICE,  /* one of the field's options, by value */
};

/* One option of a choice field. */
struct procedure_option {
        char *value;    /* what is given and kept: "minor" */
        char *label_zh; /* what a form shows: "轻微" */
        char *label_en; /* NULL when not declared */
};

/* A field an action takes besides its reason and documents. */
struct procedure_field {
        char *name;
        char *label_zh;
        char *label_en; /* NULL when not declared */
        enum procedure_field_type type;
        bool required;
        /* Sealed (封存): the value is kept only by the procedure's extension, in its own table; the
         * step record and the audit record hold its digest ("blake2b:HEX") instead of the text. */
        bool sealed;
        struct procedure_option *options; /* PROCEDURE_FIELD_CHOICE: at least one */
        size_t noptions;
};

/* The option of a choice field with this value, or NULL. */
const struct procedure_option *procedure_option_find(const struct procedure_field *f,
                                                     const char *value);

enum procedure_reason {
        PROCEDURE_REASON_NONE,
        PROCEDURE_REASON_OPTIONAL,
        PROCEDURE_REASON_REQUIRED
};

/*
 * A material an action takes (申报材料): a document handed in is of the material its name says. An
 * action that lists materials takes documents of those only, and at least one of each required.
 */
struct procedure_material {
        char *name;     /* what the document is, as it is named when handed in: "申报表" */
        char *label_en; /* NULL when not declared */
        char *note_zh;  /* what it must hold; NULL when not declared */
        char *note_en;
        bool required;
};

struct procedure_action {
        char *name;     /* e.g. "approve" */
        char *label_zh; /* e.g. "县分局审核通过并报市局" */
        char *label_en; /* NULL when not declared */
        bool opens;     /* opens a new case (from no state) */
        size_t *from;   /* indexes into the procedure's states the action may start from */
        size_t nfrom;
        size_t to; /* index of the state that follows */
        /* When set, the action reaches `to` only once every action named here has been taken in
         * the current state (this one included); before that the case stays where it is. Each of
         * those actions is taken once in the state. */
        size_t *join; /* indexes into the procedure's actions */
        size_t njoin;
        bool once;      /* may be taken only once while the case stays in its state */
        unsigned roles; /* PROCEDURE_ROLE_BIT of each role that may take it */
        enum procedure_reason reason;
        char *reason_label_zh; /* what the reason is called on a form, e.g. "退回理由" */
        char *reason_label_en; /* NULL when not declared */
        struct procedure_field *fields;
        size_t nfields;
        int documents_min;                    /* documents the action requires (0: none) */
        bool documents;                       /* whether it takes documents at all */
        struct procedure_material *materials; /* none: documents of any name */
        size_t nmaterials;
        /* A dated integer parameter (0 or 1) that enables the action; NULL: always enabled. */
        char *enabled_by;
        /* Deadline kinds: `within` allows the action only while the deadline runs (on or before
         * its due day; for a provisional deadline, its latest possible day); `after` only once it
         * has passed (never while it is provisional: a provisional deadline does not act against
         * the party). NULL: no such condition. */
        char *within;
        char *after;
        char **guards; /* named guards (app/), run in order after the generic checks */
        size_t nguards;
        char **effects; /* named effects (app/), run in order once the step is allowed */
        size_t neffects;
};

/* How a deadline's length counts: working days, Civil Code months, or calendar days (日: the
 * start day not counted, the n-th day after it, moved to the next working day when it is not one,
 * as Civil Code art. 203 moves a period's last day — the EIA Law's 60 and 30 days, art. 22). */
enum procedure_rule { PROCEDURE_RULE_WORKING_DAYS, PROCEDURE_RULE_MONTHS, PROCEDURE_RULE_DAYS };

enum procedure_expiry {
        PROCEDURE_EXPIRY_ESCALATE, /* shown overdue in the inbox; nothing else happens */
        PROCEDURE_EXPIRY_ACTION,   /* the sweep takes expiry_action as the system (revert,
                                      expire, close) */
};

struct procedure_deadline {
        char *kind;     /* e.g. "county_review" */
        char *label_zh; /* e.g. "县分局审核期限" */
        char *label_en; /* NULL when not declared */
        enum procedure_rule rule;
        /* The length: a dated integer parameter, or a named length hook (app/) that chooses it
         * for the case (e.g. by the self-assessment's tier); exactly one is set. */
        char *param;
        char *length_hook;
        size_t *starts_on; /* action indexes that start (or restart) it */
        size_t nstarts_on;
        size_t *stops_on; /* action indexes that stop it (met) */
        size_t nstops_on;
        size_t *suspends_on; /* action indexes that stop the clock */
        size_t nsuspends_on;
        size_t *resumes_on; /* action indexes that start it again, due moved by the days stopped */
        size_t nresumes_on;
        enum procedure_expiry on_expiry;
        char *expiry_action_name; /* for PROCEDURE_EXPIRY_ACTION */
        size_t expiry_action;     /* its index */
        char *on_expiry_label;    /* "escalate", "revert", "expire" or "close", as declared */
};

struct procedure {
        char *name; /* e.g. "m1.declaration" */
        int measure;
        char *label_zh, *label_en;
        char *noun_zh; /* what one case is called in lists, e.g. "申报"; "案件" when not declared */
        /* A compartment (e.g. "visits"): cases of this procedure are closed to the roles in
         * closed_to (app/scope.c). NULL: none. */
        char *compartment;
        unsigned closed_to;
        /* The roles that see its cases besides the party's own enterprise users and the system
         * (app/scope.c), e.g. enforcement cases for the county's enforcement, legal and leading
         * roles, the city and administrators; 0: every role the rule by kind lets see cases. */
        unsigned readers;
        /* Departments (codes of the pack's departments) that take part in every case of the
         * procedure, whichever department a case is addressed to (app/scope.c): measure 8's joint
         * reviewer, list lead and site verifier. NULL when none. */
        char **departments;
        size_t ndepartments;
        struct procedure_state *states;
        size_t nstates;
        struct procedure_action *actions;
        size_t nactions;
        struct procedure_deadline *deadlines;
        size_t ndeadlines;
};

/* Frees what a procedure points to (not the struct itself). Accepts NULL. */
void procedure_clear(struct procedure *p);

/* Lookups; NULL or -1 when there is none. */
const struct procedure *procedure_find(const struct policy_pack *pack, const char *name);
const struct procedure_action *procedure_action_find(const struct procedure *p, const char *name);
int procedure_state_index(const struct procedure *p, const char *name);
const struct procedure_deadline *procedure_deadline_find(const struct procedure *p,
                                                         const char *kind);
/* The name of a state index, or "none" for a case not opened yet (SIZE_MAX) or a bad index. */
const char *procedure_state_name(const struct procedure *p, size_t state);
const char *procedure_state_label(const struct procedure *p, size_t state);
bool procedure_state_open(const struct procedure *p, size_t state);

/* "No state yet": the state of a case an opening action is about to create. */
#define PROCEDURE_NO_STATE ((size_t)-1)

/* What the engine knows of a deadline of a case when checking a step. */
struct procedure_deadline_view {
        const char *kind;
        gl_date due;        /* current due day */
        gl_date latest_due; /* latest day it could fall once the calendar is loaded */
        bool provisional;
        bool running; /* running or suspended (not stopped, not expired) */
};

/* What the generic check of a step needs to know of the case and the actor. */
struct procedure_step {
        const struct procedure_action *action;
        enum role role;
        size_t state;             /* current state index, PROCEDURE_NO_STATE for an opening */
        int64_t version;          /* current version */
        int64_t expected_version; /* the version the actor saw; 0: not checked */
        gl_date today;            /* the business day of the step */
        gl_date last_step_on;     /* the day of the case's last step, GL_DATE_NONE when none */
        /* Actions taken since the case entered its current state (indexes, may repeat). */
        const size_t *taken;
        size_t ntaken;
        const char *reason;
        /* The fields given: parallel arrays of names and texts. */
        const char *const *field_names;
        const char *const *field_values;
        size_t nfields;
        size_t ndocuments;
        const char *const *document_names; /* what each document is (ndocuments of them) */
        bool enabled; /* the action's enabled_by parameter is 1 on today (true when it has none) */
        const struct procedure_deadline_view *deadlines;
        size_t ndeadlines;
};

/*
 * The generic checks of one step, in this order: the role may take the action (GL_EPERM), the
 * action is enabled by the pack (GL_EPERM, field "action"), the version is current (GL_ECONFLICT),
 * the state allows it (GL_ESTATE), it is not repeated where it may be taken once (GL_ESTATE), the
 * step is not dated before the case's last step (GL_EINVAL, field "today"), the deadline it must
 * fall within still runs or the one it must follow has passed (GL_ESTATE, field "today"), a reason
 * is given where required and none where the action takes none (GL_EINVAL, field "reason"),
 * every required field is given and every field given is declared and of its type (GL_EINVAL,
 * the field), documents are given where required (GL_EINVAL, field "documents"). Returns GL_OK with
 * *next set to the state that follows, or fails with err filled and *next untouched. The named
 * guards run afterwards (app/).
 */
int procedure_check_step(const struct procedure *p, const struct procedure_step *s, size_t *next,
                         struct gl_error *err);

/* Whether to offer an action to a role now: the role may take it, it is enabled, the state allows
 * it, a once-only action is not yet taken, and its deadline conditions hold on today. */
bool procedure_offers(const struct procedure *p, const struct procedure_step *s);

/*
 * Whether the action could be offered to the role on some day — a step names its own day, and may
 * be dated back to any day since the case's last step (s->last_step_on): procedure_offers with
 * s->enabled saying whether the action is enabled on some such day, and of its deadline conditions
 * what no such day changes. The deadline it must fall within runs and ends no earlier than the
 * last step; the one it must follow runs and is not provisional. s->today is not read. False only
 * where no day allows the step.
 */
bool procedure_could_offer(const struct procedure *p, const struct procedure_step *s);

/* What a step does to one deadline kind of its case. */
enum procedure_deadline_event {
        PROCEDURE_DEADLINE_NOTHING,
        PROCEDURE_DEADLINE_START,   /* start (a running one of the kind is superseded) */
        PROCEDURE_DEADLINE_STOP,    /* met: stop the clock for good */
        PROCEDURE_DEADLINE_SUSPEND, /* stop the clock until resumed */
        PROCEDURE_DEADLINE_RESUME,  /* start the clock again, due moved by the days stopped */
};

/* The event an action is for a deadline. A step into a closed state stops every deadline that
 * runs: that is the caller's business (closes_all). */
enum procedure_deadline_event procedure_deadline_event_of(const struct procedure_deadline *d,
                                                          size_t action);

/* The due day of a deadline started on `start` with length n: the n-th working day after start,
 * or the Civil Code end of n months; *latest receives the latest day it could fall once the
 * calendar is loaded, *provisional whether the answer depends on a year not loaded. */
gl_date procedure_deadline_due(const struct calendar *cal, enum procedure_rule rule, gl_date start,
                               int n, gl_date *latest, bool *provisional);

/*
 * A suspension ended on `resumed` after it began on `suspended`: the new due day of a deadline due
 * on `due`, moved by the days stopped — the working days in (suspended, resumed] for a rule in
 * working days, the calendar days for a rule in months or days (moved to the next working day).
 */
gl_date procedure_deadline_resume(const struct calendar *cal, enum procedure_rule rule, gl_date due,
                                  gl_date suspended, gl_date resumed, bool *provisional);

/* "working_days", "months" or "days". */
const char *procedure_rule_name(enum procedure_rule r);
/* The rule of that name; false when name is none of them. */
bool procedure_rule_from_name(const char *name, enum procedure_rule *out);

#endif
