/*
 * The generic decisions of the procedure engine (procedure.h): lookups in a declared procedure,
 * the checks every step of every procedure goes through, the actions offered to a reader, and the
 * arithmetic of deadlines (start, suspend, resume). Nothing here knows a measure: what one
 * procedure needs beyond this is a named guard or effect in app/.
 */
#include "procedure.h"

#include "calendar.h"
#include "policy.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static void free_strings(char **list, size_t n)
{
        for (size_t i = 0; i < n; i++)
                free(list[i]);
        free(list);
}

void procedure_clear(struct procedure *p)
{
        if (p == NULL)
                return;
        for (size_t i = 0; i < p->nstates; i++) {
                free(p->states[i].name);
                free(p->states[i].label_zh);
                free(p->states[i].label_en);
        }
        free(p->states);
        for (size_t i = 0; i < p->nactions; i++) {
                struct procedure_action *a = &p->actions[i];
                free(a->name);
                free(a->label_zh);
                free(a->label_en);
                free(a->from);
                free(a->join);
                free(a->reason_label_zh);
                free(a->reason_label_en);
                for (size_t f = 0; f < a->nfields; f++) {
                        free(a->fields[f].name);
                        free(a->fields[f].label_zh);
                        free(a->fields[f].label_en);
                        for (size_t o = 0; o < a->fields[f].noptions; o++) {
                                free(a->fields[f].options[o].value);
                                free(a->fields[f].options[o].label_zh);
                                free(a->fields[f].options[o].label_en);
                        }
                        free(a->fields[f].options);
                }
                free(a->fields);
                for (size_t m = 0; m < a->nmaterials; m++) {
                        free(a->materials[m].name);
                        free(a->materials[m].label_en);
                        free(a->materials[m].note_zh);
                        free(a->materials[m].note_en);
                }
                free(a->materials);
                free(a->enabled_by);
                free(a->within);
                free(a->after);
                free_strings(a->guards, a->nguards);
                free_strings(a->effects, a->neffects);
        }
        free(p->actions);
        for (size_t i = 0; i < p->ndeadlines; i++) {
                struct procedure_deadline *d = &p->deadlines[i];
                free(d->kind);
                free(d->label_zh);
                free(d->label_en);
                free(d->param);
                free(d->length_hook);
                free(d->starts_on);
                free(d->stops_on);
                free(d->suspends_on);
                free(d->resumes_on);
                free(d->expiry_action_name);
                free(d->on_expiry_label);
        }
        free(p->deadlines);
        free(p->name);
        free(p->label_zh);
        free(p->label_en);
        free(p->noun_zh);
        free(p->compartment);
        free_strings(p->departments, p->ndepartments);
        memset(p, 0, sizeof(*p));
}

const struct procedure *procedure_find(const struct policy_pack *pack, const char *name)
{
        if (pack == NULL || name == NULL)
                return NULL;
        for (size_t i = 0; i < pack->nprocedures; i++)
                if (strcmp(pack->procedures[i].name, name) == 0)
                        return &pack->procedures[i];
        return NULL;
}

const struct procedure_action *procedure_action_find(const struct procedure *p, const char *name)
{
        if (p == NULL || name == NULL)
                return NULL;
        for (size_t i = 0; i < p->nactions; i++)
                if (strcmp(p->actions[i].name, name) == 0)
                        return &p->actions[i];
        return NULL;
}

int procedure_state_index(const struct procedure *p, const char *name)
{
        if (p == NULL || name == NULL)
                return -1;
        for (size_t i = 0; i < p->nstates; i++)
                if (strcmp(p->states[i].name, name) == 0)
                        return (int)i;
        return -1;
}

const struct procedure_deadline *procedure_deadline_find(const struct procedure *p,
                                                         const char *kind)
{
        if (p == NULL || kind == NULL)
                return NULL;
        for (size_t i = 0; i < p->ndeadlines; i++)
                if (strcmp(p->deadlines[i].kind, kind) == 0)
                        return &p->deadlines[i];
        return NULL;
}

const char *procedure_state_name(const struct procedure *p, size_t state)
{
        return (p && state < p->nstates) ? p->states[state].name : "none";
}

const char *procedure_state_label(const struct procedure *p, size_t state)
{
        return (p && state < p->nstates) ? p->states[state].label_zh : "未开始";
}

bool procedure_state_open(const struct procedure *p, size_t state)
{
        return p && state < p->nstates && p->states[state].open;
}

static bool has_index(const size_t *list, size_t n, size_t x)
{
        for (size_t i = 0; i < n; i++)
                if (list[i] == x)
                        return true;
        return false;
}

static size_t action_index(const struct procedure *p, const struct procedure_action *a)
{
        return (size_t)(a - p->actions);
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

static bool state_allows(const struct procedure_action *a, size_t state)
{
        if (state == PROCEDURE_NO_STATE)
                return a->opens;
        return !a->opens && has_index(a->from, a->nfrom, state);
}

static const struct procedure_deadline_view *view_of(const struct procedure_step *s,
                                                     const char *kind)
{
        for (size_t i = 0; i < s->ndeadlines; i++)
                if (s->deadlines[i].running && strcmp(s->deadlines[i].kind, kind) == 0)
                        return &s->deadlines[i];
        return NULL;
}

/* The last day an action that must fall within the deadline v may be taken: its due day, or for a
 * provisional deadline the latest day it could fall. */
static gl_date last_day_within(const struct procedure_deadline_view *v)
{
        return v->provisional && v->latest_due > v->due ? v->latest_due : v->due;
}

/* The materials of an action that lists them: each document is one of them, and each required
 * one is handed in. */
static int check_materials(const struct procedure_action *a, const struct procedure_step *s,
                           struct gl_error *err)
{
        if (a->nmaterials == 0)
                return GL_OK;
        char names[512] = "";
        size_t used = 0;
        for (size_t m = 0; m < a->nmaterials && used < sizeof(names); m++) {
                int w = snprintf(names + used, sizeof(names) - used, "%s%s", m ? "、" : "",
                                 a->materials[m].name);
                used += w > 0 ? (size_t)w : 0;
        }
        for (size_t i = 0; i < s->ndocuments; i++) {
                const char *name = s->document_names ? s->document_names[i] : NULL;
                size_t m = 0;
                while (m < a->nmaterials && (name == NULL || strcmp(a->materials[m].name, name)))
                        m++;
                if (m == a->nmaterials) {
                        char field[48];
                        snprintf(field, sizeof(field), "documents[%zu].name", i);
                        return gl_fail(err, GL_EINVAL, field,
                                       "“%s”不是%s所列的材料（应为：%s） (not a material of this "
                                       "action)",
                                       name ? name : "", a->label_zh, names);
                }
        }
        for (size_t m = 0; m < a->nmaterials; m++) {
                if (!a->materials[m].required)
                        continue;
                size_t i = 0;
                while (i < s->ndocuments &&
                       (s->document_names == NULL || s->document_names[i] == NULL ||
                        strcmp(s->document_names[i], a->materials[m].name) != 0))
                        i++;
                if (i == s->ndocuments)
                        return gl_fail(err, GL_EINVAL, "documents",
                                       "%s须附“%s” (a required material is missing: %s)",
                                       a->label_zh, a->materials[m].name,
                                       a->materials[m].label_en ? a->materials[m].label_en
                                                                : a->materials[m].name);
        }
        return GL_OK;
}

/* The deadline conditions of an action on today: GL_OK, or GL_ESTATE with the reason. */
static int check_deadlines(const struct procedure *p, const struct procedure_step *s,
                           struct gl_error *err)
{
        const struct procedure_action *a = s->action;
        char day[11];
        if (a->within) {
                const struct procedure_deadline_view *v = view_of(s, a->within);
                const struct procedure_deadline *d = procedure_deadline_find(p, a->within);
                const char *what = d ? d->label_zh : a->within;
                if (v == NULL)
                        return gl_fail(err, GL_ESTATE, "today", "%s未在计算，不能%s", what,
                                       a->label_zh);
                gl_date last = last_day_within(v);
                if (s->today > last)
                        return gl_fail(err, GL_ESTATE, "today", "%s已于 %s 届满，不能再%s", what,
                                       date_format_iso(last, day), a->label_zh);
        }
        if (a->after) {
                const struct procedure_deadline_view *v = view_of(s, a->after);
                const struct procedure_deadline *d = procedure_deadline_find(p, a->after);
                const char *what = d ? d->label_zh : a->after;
                if (v == NULL)
                        return gl_fail(err, GL_ESTATE, "today", "%s未在计算，不能%s", what,
                                       a->label_zh);
                if (s->today <= v->due)
                        return gl_fail(err, GL_ESTATE, "today", "%s至 %s 尚未届满，不能%s", what,
                                       date_format_iso(v->due, day), a->label_zh);
                if (v->provisional)
                        return gl_fail(err, GL_ESTATE, "today",
                                       "%s按未发布放假安排的年份暂定计算（至 %s），暂定期限不作"
                                       "不利于当事人的处理，待该年度放假安排公布后再办理%s",
                                       what, date_format_iso(v->due, day), a->label_zh);
        }
        return GL_OK;
}

static size_t times_taken(const struct procedure_step *s, size_t action)
{
        size_t n = 0;
        for (size_t i = 0; i < s->ntaken; i++)
                n += s->taken[i] == action;
        return n;
}

/* Whether a field value fits its declared type. */
const struct procedure_option *procedure_option_find(const struct procedure_field *f,
                                                     const char *value)
{
        for (size_t i = 0; f && value && i < f->noptions; i++)
                if (strcmp(f->options[i].value, value) == 0)
                        return &f->options[i];
        return NULL;
}

static bool field_fits(const struct procedure_field *f, const char *v)
{
        gl_date d;
        enum procedure_field_type t = f->type;
        switch (t) {
        case PROCEDURE_FIELD_BOOLEAN:
                return strcmp(v, "yes") == 0 || strcmp(v, "no") == 0;
        case PROCEDURE_FIELD_CHOICE:
                return procedure_option_find(f, v) != NULL;
        case PROCEDURE_FIELD_TEXT:
                return true;
        case PROCEDURE_FIELD_DATE:
                return date_parse_iso(v, &d) == GL_OK;
        case PROCEDURE_FIELD_INTEGER:
        case PROCEDURE_FIELD_YEAR: {
                if (*v == '\0')
                        return false;
                const char *c = v;
                if (*c == '-' && t == PROCEDURE_FIELD_INTEGER)
                        c++;
                size_t n = 0;
                for (; *c; c++, n++)
                        if (*c < '0' || *c > '9' || n >= 12)
                                return false;
                if (t == PROCEDURE_FIELD_YEAR) {
                        long y = strtol(v, NULL, 10);
                        return n == 4 && y >= 2000 && y <= 9999;
                }
                return n > 0;
        }
        case PROCEDURE_FIELD_GRADE:
                return *v == '\0' || policy_grade_is_known(v);
        }
        return false;
}

static int check_fields(const struct procedure_step *s, struct gl_error *err)
{
        const struct procedure_action *a = s->action;
        for (size_t i = 0; i < s->nfields; i++) {
                const struct procedure_field *f = NULL;
                for (size_t k = 0; k < a->nfields && f == NULL; k++)
                        if (strcmp(a->fields[k].name, s->field_names[i]) == 0)
                                f = &a->fields[k];
                if (f == NULL)
                        return gl_fail(err, GL_EINVAL, s->field_names[i], "“%s”不接受字段 %s",
                                       a->label_zh, s->field_names[i]);
                const char *v = s->field_values[i] ? s->field_values[i] : "";
                if (field_fits(f, v))
                        continue;
                if (f->type == PROCEDURE_FIELD_BOOLEAN)
                        return gl_fail(err, GL_EINVAL, f->name,
                                       "%s的值“%s”无效：应为 yes 或 no (yes or no)", f->label_zh,
                                       v);
                if (f->type == PROCEDURE_FIELD_CHOICE) {
                        char list[512];
                        size_t used = 0;
                        list[0] = '\0';
                        for (size_t o = 0; o < f->noptions && used + 1 < sizeof(list); o++) {
                                int n = snprintf(list + used, sizeof(list) - used, "%s%s（%s）",
                                                 o ? "、" : "", f->options[o].value,
                                                 f->options[o].label_zh);
                                if (n < 0 || (size_t)n >= sizeof(list) - used)
                                        break;
                                used += (size_t)n;
                        }
                        return gl_fail(err, GL_EINVAL, f->name, "%s的值“%s”无效，可选：%s",
                                       f->label_zh, v, list);
                }
                return gl_fail(err, GL_EINVAL, f->name, "%s的值“%s”无效", f->label_zh, v);
        }
        for (size_t k = 0; k < a->nfields; k++) {
                if (!a->fields[k].required)
                        continue;
                bool given = false;
                for (size_t i = 0; i < s->nfields && !given; i++)
                        given = strcmp(a->fields[k].name, s->field_names[i]) == 0 &&
                                !blank(s->field_values[i]);
                if (!given)
                        return gl_fail(err, GL_EINVAL, a->fields[k].name, "缺少%s",
                                       a->fields[k].label_zh);
        }
        return GL_OK;
}

int procedure_check_step(const struct procedure *p, const struct procedure_step *s, size_t *next,
                         struct gl_error *err)
{
        const struct procedure_action *a = s->action;
        if (p == NULL || a == NULL)
                return gl_fail(err, GL_EINVAL, "action", "未知的办理操作");
        size_t ai = action_index(p, a);
        if ((int)s->role < 0 || s->role >= ROLE_COUNT_ ||
            (a->roles & PROCEDURE_ROLE_BIT(s->role)) == 0)
                return gl_fail(err, GL_EPERM, "role", "%s无权%s (role %s may not %s)",
                               role_label_zh(s->role), a->label_zh, role_name(s->role), a->name);
        if (!s->enabled)
                return gl_fail(err, GL_EPERM, "action", "政策包参数 %s 未启用“%s”",
                               a->enabled_by ? a->enabled_by : "", a->label_zh);
        if (s->expected_version != 0 && s->expected_version != s->version)
                return gl_fail(err, GL_ECONFLICT, "version",
                               "案件已被他人修改（当前版本 %lld，您看到的是版本 %lld），请刷新后"
                               "重试 (stale version)",
                               (long long)s->version, (long long)s->expected_version);
        if (!state_allows(a, s->state))
                return gl_fail(err, GL_ESTATE, "state",
                               "当前状态为“%s”，不能%s (not allowed in state %s)",
                               procedure_state_label(p, s->state), a->label_zh,
                               procedure_state_name(p, s->state));
        /* A joined action is taken once in its state (the loader made it name itself). */
        if ((a->once || a->njoin > 0) && times_taken(s, ai) > 0)
                return gl_fail(err, GL_ESTATE, "state", "%s已记录，不能重复记录", a->label_zh);
        if (s->last_step_on != GL_DATE_NONE && s->today < s->last_step_on) {
                char d1[11], d2[11];
                return gl_fail(err, GL_EINVAL, "today",
                               "办理日期 %s 早于上一步骤的日期 %s，步骤不能倒签",
                               date_format_iso(s->today, d1), date_format_iso(s->last_step_on, d2));
        }
        int rc = check_deadlines(p, s, err);
        if (rc != GL_OK)
                return rc;
        if (a->reason == PROCEDURE_REASON_REQUIRED && blank(s->reason))
                return gl_fail(err, GL_EINVAL, "reason",
                               "%s须写明理由或意见（%s） (a reason is required)", a->label_zh,
                               a->reason_label_zh ? a->reason_label_zh : "理由");
        /* A text given where the action takes none would be recorded outside every field the
         * pack declares (and outside a sealed one's protection): refused, not dropped. */
        if (a->reason == PROCEDURE_REASON_NONE && !blank(s->reason))
                return gl_fail(err, GL_EINVAL, "reason", "“%s”不接受理由或意见 (takes no reason)",
                               a->label_zh);
        rc = check_fields(s, err);
        if (rc != GL_OK)
                return rc;
        if (!a->documents && s->ndocuments > 0)
                return gl_fail(err, GL_EINVAL, "documents", "“%s”不接受材料", a->label_zh);
        if ((int)s->ndocuments < a->documents_min)
                return gl_fail(err, GL_EINVAL, "documents", "%s须附至少 %d 份材料", a->label_zh,
                               a->documents_min);
        rc = check_materials(a, s, err);
        if (rc != GL_OK)
                return rc;
        size_t to = a->to;
        if (a->njoin > 0) {
                for (size_t j = 0; j < a->njoin; j++)
                        if (a->join[j] != ai && times_taken(s, a->join[j]) == 0)
                                to = s->state;
        }
        *next = to;
        return GL_OK;
}

/* What procedure_offers and procedure_could_offer ask alike: the role may take the action, it is
 * enabled (s->enabled, on whichever day the caller asks about), the state allows it, and a
 * once-only action is not yet taken. */
static bool open_to_role(const struct procedure *p, const struct procedure_step *s)
{
        const struct procedure_action *a = s->action;
        if (p == NULL || a == NULL || (int)s->role < 0 || s->role >= ROLE_COUNT_)
                return false;
        if ((a->roles & PROCEDURE_ROLE_BIT(s->role)) == 0 || !s->enabled ||
            !state_allows(a, s->state))
                return false;
        size_t ai = action_index(p, a);
        /* A joined action is taken once in its state (the loader made it name itself). */
        return !((a->once || a->njoin > 0) && times_taken(s, ai) > 0);
}

bool procedure_offers(const struct procedure *p, const struct procedure_step *s)
{
        return open_to_role(p, s) && check_deadlines(p, s, NULL) == GL_OK;
}

bool procedure_could_offer(const struct procedure *p, const struct procedure_step *s)
{
        if (!open_to_role(p, s))
                return false;
        const struct procedure_action *a = s->action;
        if (a->within) {
                const struct procedure_deadline_view *v = view_of(s, a->within);
                if (v == NULL ||
                    (s->last_step_on != GL_DATE_NONE && last_day_within(v) < s->last_step_on))
                        return false;
        }
        if (a->after) {
                const struct procedure_deadline_view *v = view_of(s, a->after);
                if (v == NULL || v->provisional)
                        return false;
        }
        return true;
}

enum procedure_deadline_event procedure_deadline_event_of(const struct procedure_deadline *d,
                                                          size_t action)
{
        if (has_index(d->starts_on, d->nstarts_on, action))
                return PROCEDURE_DEADLINE_START;
        if (has_index(d->stops_on, d->nstops_on, action))
                return PROCEDURE_DEADLINE_STOP;
        if (has_index(d->suspends_on, d->nsuspends_on, action))
                return PROCEDURE_DEADLINE_SUSPEND;
        if (has_index(d->resumes_on, d->nresumes_on, action))
                return PROCEDURE_DEADLINE_RESUME;
        return PROCEDURE_DEADLINE_NOTHING;
}

gl_date procedure_deadline_due(const struct calendar *cal, enum procedure_rule rule, gl_date start,
                               int n, gl_date *latest, bool *provisional)
{
        bool prov = false;
        gl_date due, last;
        if (rule == PROCEDURE_RULE_MONTHS) {
                due = calendar_add_months(cal, start, n, &prov);
                last = calendar_add_months_latest(cal, start, n, NULL);
        } else if (rule == PROCEDURE_RULE_DAYS) {
                due = start + n;
                while (!calendar_is_working_day(cal, due, &prov))
                        due++;
                /* Past the loaded years only weekends are known: a holiday of up to eight days
                 * could still move the last day (the longest, the Spring Festival's). */
                last = prov ? due + 8 : due;
        } else {
                due = calendar_add_working_days(cal, start, n, &prov);
                last = calendar_add_working_days_latest(cal, start, n, NULL);
        }
        if (last < due)
                last = due;
        if (latest)
                *latest = last;
        if (prov && provisional)
                *provisional = true;
        return due;
}

gl_date procedure_deadline_resume(const struct calendar *cal, enum procedure_rule rule, gl_date due,
                                  gl_date suspended, gl_date resumed, bool *provisional)
{
        if (resumed <= suspended)
                return due;
        if (rule == PROCEDURE_RULE_WORKING_DAYS) {
                int days = calendar_working_days_between(cal, suspended, resumed, provisional);
                return days > 0 ? calendar_add_working_days(cal, due, days, provisional) : due;
        }
        gl_date moved = due + (resumed - suspended);
        while (!calendar_is_working_day(cal, moved, provisional))
                moved++;
        return moved;
}

const char *procedure_rule_name(enum procedure_rule r)
{
        return r == PROCEDURE_RULE_MONTHS ? "months"
               : r == PROCEDURE_RULE_DAYS ? "days"
                                          : "working_days";
}

bool procedure_rule_from_name(const char *name, enum procedure_rule *out)
{
        static const enum procedure_rule rules[] = {PROCEDURE_RULE_WORKING_DAYS,
                                                    PROCEDURE_RULE_MONTHS, PROCEDURE_RULE_DAYS};
        for (size_t i = 0; name && i < GL_ARRAY_LEN(rules); i++)
                if (strcmp(name, procedure_rule_name(rules[i])) == 0) {
                        *out = rules[i];
                        return true;
                }
        return false;
}
