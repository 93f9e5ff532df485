/*
 * The procedure engine (app/case.h). One function, take_step, runs every step of every procedure:
 * it opens the transaction, loads the case (or prepares a new one), checks the actor may see it,
 * gathers what the generic check needs (the deadlines, the actions taken in the current state, the
 * day of the last step), asks core/procedure.c whether the step is allowed, runs the named guards,
 * applies the step's deadline events, runs the named effects, writes the case, its documents, the
 * step record and the procedure's own data, appends the audit record and commits. Anything that
 * fails rolls the whole step back.
 */
#include "case.h"

#include "../core/calendar.h"
#include "../core/policy.h"
#include "../store/enterprise_store.h"
#include "audit.h"
#include "case_hooks.h"
#include "enterprise.h"
#include "message.h"
#include "scope.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

const char *case_ctx_field(const struct case_ctx *c, const char *name)
{
        for (size_t i = 0; i < c->in->nfields; i++)
                if (strcmp(c->in->fields[i].name, name) == 0)
                        return c->in->fields[i].value;
        return NULL;
}

const struct case_deadline *case_ctx_deadline(const struct case_ctx *c, const char *kind)
{
        const struct case_deadline *found = NULL;
        for (size_t i = 0; i < c->ndeadlines; i++)
                if (strcmp(c->deadlines[i].kind, kind) == 0)
                        found = &c->deadlines[i];
        return found;
}

int case_ctx_set_party(struct case_ctx *c, const char *uscc, const char *name, struct gl_error *err)
{
        struct case_row *row = c->row;
        struct enterprise e;
        int rc = enterprise_store_get(c->app->db, uscc, &e);
        if (rc == GL_OK) {
                snprintf(row->uscc, sizeof(row->uscc), "%s", e.uscc);
                snprintf(row->division, sizeof(row->division), "%s", e.division);
                row->subject_name[0] = row->subject_uscc[0] = '\0';
        } else if (rc == GL_ENOTFOUND) {
                row->uscc[0] = '\0';
                snprintf(row->subject_uscc, sizeof(row->subject_uscc), "%s", uscc);
                snprintf(row->subject_name, sizeof(row->subject_name), "%s",
                         name && name[0] ? name : uscc);
        } else {
                return gl_fail(err, GL_EDB, "", "读取企业失败: %s", db_errmsg(c->app->db));
        }
        return GL_OK;
}

int case_ctx_add_review(struct case_ctx *c, const char *kind, const char *outcome,
                        const char *findings, struct gl_error *err)
{
        struct case_review r;
        memset(&r, 0, sizeof(r));
        r.case_id = c->row->id;
        copy(r.kind, sizeof(r.kind), kind);
        copy(r.outcome, sizeof(r.outcome), outcome);
        r.findings = findings ? findings : "";
        copy(r.reviewed_by, sizeof(r.reviewed_by), c->who->name);
        copy(r.reviewer_role, sizeof(r.reviewer_role), role_name(c->who->role));
        r.reviewed_on = c->in->today;
        copy(r.created_at, sizeof(r.created_at), c->now);
        if (case_store_add_review(c->app->db, &r) != GL_OK)
                return gl_fail(err, GL_EDB, "", "记录审查意见失败: %s", db_errmsg(c->app->db));
        return GL_OK;
}

bool case_deadline_running(const struct case_deadline *d)
{
        return strcmp(d->status, "running") == 0 || strcmp(d->status, "suspended") == 0;
}

/* ---- documents ---- */

static int check_documents(const struct case_document_input *docs, size_t n, struct gl_error *err)
{
        if (n > CASE_DOCUMENTS_MAX)
                return gl_fail(err, GL_ELIMIT, "documents", "一次最多提交 %d 份材料",
                               CASE_DOCUMENTS_MAX);
        for (size_t i = 0; i < n; i++) {
                const struct case_document_input *d = &docs[i];
                if (d->name == NULL || d->name[0] == '\0' || strlen(d->name) > 127)
                        return gl_fail(err, GL_EINVAL, "documents",
                                       "第 %zu 份材料缺少名称或名称过长", i + 1);
                if (d->file_name == NULL || d->file_name[0] == '\0' || strlen(d->file_name) > 255 ||
                    strchr(d->file_name, '/') || strchr(d->file_name, '\\'))
                        return gl_fail(err, GL_EINVAL, "documents",
                                       "材料“%s”的文件名无效（只能是文件名，不含目录）", d->name);
                if (d->size > CASE_DOCUMENT_MAX_BYTES)
                        return gl_fail(err, GL_ELIMIT, "documents", "材料“%s”超过 %d MB", d->name,
                                       CASE_DOCUMENT_MAX_BYTES / (1024 * 1024));
                if (d->size > 0 && d->data == NULL)
                        return gl_fail(err, GL_EINVAL, "documents", "材料“%s”没有内容", d->name);
        }
        return GL_OK;
}

/* Stores the documents with their BLAKE2b-256 digest and base64 content. */
static int add_documents(struct case_ctx *c, struct gl_error *err)
{
        const struct case_step_input *in = c->in;
        if (in->ndocs == 0)
                return GL_OK;
        json_t *list = json_array();
        if (list == NULL || json_object_set_new(c->audit, "documents", list) != 0)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        for (size_t i = 0; i < in->ndocs; i++) {
                const struct case_document_input *d = &in->docs[i];
                struct case_document doc;
                memset(&doc, 0, sizeof(doc));
                doc.case_id = c->row->id;
                copy(doc.name, sizeof(doc.name), d->name);
                copy(doc.file_name, sizeof(doc.file_name), d->file_name);
                doc.size = (int64_t)d->size;
                unsigned char hash[32];
                crypto_generichash(hash, sizeof(hash), d->data, d->size, NULL, 0);
                gl_hex_encode(hash, sizeof(hash), doc.digest);
                size_t b64len = sodium_base64_encoded_len(d->size, sodium_base64_VARIANT_ORIGINAL);
                char *b64 = malloc(b64len);
                if (b64 == NULL)
                        return gl_fail(err, GL_ENOMEM, "", "out of memory");
                sodium_bin2base64(b64, b64len, d->size ? d->data : (const unsigned char *)"",
                                  d->size, sodium_base64_VARIANT_ORIGINAL);
                doc.content_base64 = b64;
                copy(doc.added_by, sizeof(doc.added_by), c->who->name);
                copy(doc.added_at, sizeof(doc.added_at), c->now);
                int rc = case_store_add_document(c->app->db, &doc);
                free(b64);
                if (rc != GL_OK)
                        return gl_fail(err, GL_EDB, "", "保存材料失败: %s", db_errmsg(c->app->db));
                json_array_append_new(list, json_pack("{s:s, s:s, s:I, s:s}", "name", doc.name,
                                                      "file_name", doc.file_name, "size",
                                                      (json_int_t)doc.size, "digest", doc.digest));
        }
        return GL_OK;
}

/* ---- what the generic check needs ---- */

struct loaded {
        struct case_deadline *deadlines;
        size_t ndeadlines, cap;
        size_t *taken;
        size_t ntaken, taken_cap;
        gl_date last_step_on; /* GL_DATE_NONE before the first step */
        const struct procedure *proc;
};

static int collect_deadline(const struct case_deadline *d, void *p)
{
        struct loaded *l = p;
        if (l->ndeadlines == l->cap) {
                size_t cap = l->cap ? l->cap * 2 : 8;
                struct case_deadline *n = realloc(l->deadlines, cap * sizeof(*n));
                if (n == NULL)
                        return GL_ENOMEM;
                l->deadlines = n;
                l->cap = cap;
        }
        l->deadlines[l->ndeadlines++] = *d;
        return 0;
}

/* Actions taken since the case entered its current state: a step that changed the state starts
 * the list again. */
static int collect_taken(const struct case_step_record *s, void *p)
{
        struct loaded *l = p;
        if (l->last_step_on == GL_DATE_NONE || s->on_date > l->last_step_on)
                l->last_step_on = s->on_date;
        if (strcmp(s->from_state, s->to_state) != 0) {
                l->ntaken = 0;
                return 0;
        }
        const struct procedure_action *a = procedure_action_find(l->proc, s->action);
        if (a == NULL)
                return 0;
        if (l->ntaken == l->taken_cap) {
                size_t cap = l->taken_cap ? l->taken_cap * 2 : 8;
                size_t *n = realloc(l->taken, cap * sizeof(*n));
                if (n == NULL)
                        return GL_ENOMEM;
                l->taken = n;
                l->taken_cap = cap;
        }
        l->taken[l->ntaken++] = (size_t)(a - l->proc->actions);
        return 0;
}

static void loaded_free(struct loaded *l)
{
        free(l->deadlines);
        free(l->taken);
}

/* What the generic check needs of case id: its deadlines, the actions taken in its current state
 * and the day of its last step. l->proc is set by the caller; l is freed with loaded_free. */
static int load_context(struct app *app, int64_t id, struct loaded *l, struct gl_error *err)
{
        l->last_step_on = GL_DATE_NONE;
        int rc = case_store_deadlines(app->db, id, collect_deadline, l);
        if (rc == GL_OK && l->proc)
                rc = case_store_steps(app->db, id, collect_taken, l);
        if (rc == GL_ENOMEM)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        if (rc != GL_OK)
                return gl_fail(err, GL_EDB, "", "读取案件失败: %s", db_errmsg(app->db));
        return GL_OK;
}

/* The views core/procedure.c checks deadline conditions against. */
static struct procedure_deadline_view *views_of(const struct loaded *l)
{
        struct procedure_deadline_view *v = calloc(l->ndeadlines ? l->ndeadlines : 1, sizeof(*v));
        if (v == NULL)
                return NULL;
        for (size_t i = 0; i < l->ndeadlines; i++) {
                const struct case_deadline *d = &l->deadlines[i];
                v[i] = (struct procedure_deadline_view){.kind = d->kind,
                                                        .due = d->due,
                                                        .latest_due = d->latest_due,
                                                        .provisional = d->provisional,
                                                        .running = case_deadline_running(d)};
        }
        return v;
}

/* Whether the action's enabled_by parameter is on today. */
static bool action_enabled(const struct policy_pack *pack, const struct procedure_action *a,
                           gl_date today)
{
        if (a->enabled_by == NULL)
                return true;
        int64_t on = 0;
        return policy_param_int(pack, a->enabled_by, today, &on) == GL_OK && on != 0;
}

/* Whether the action's enabled_by parameter is on for some day on or after from (any day when
 * from is GL_DATE_NONE): one of its values in force then is a non-zero integer. */
static bool action_enabled_since(const struct policy_pack *pack, const struct procedure_action *a,
                                 gl_date from)
{
        if (a->enabled_by == NULL)
                return true;
        const struct policy_param *param = policy_param_find(pack, a->enabled_by);
        for (size_t i = 0; param && i < param->nvalues; i++) {
                const struct policy_value *v = &param->values[i];
                bool since = from == GL_DATE_NONE || v->to == GL_DATE_NONE || v->to >= from;
                if (since && v->kind == POLICY_INT && v->integer != 0)
                        return true;
        }
        return false;
}

bool app_case_may_open(const struct app *app, const struct actor *who, const struct procedure *proc,
                       const struct procedure_action *a, gl_date today)
{
        if (who == NULL || proc == NULL || a == NULL || !a->opens ||
            !(a->roles & PROCEDURE_ROLE_BIT(who->role)))
                return false;
        return app_scope_procedure(who, proc) && action_enabled(app_pack_of(app, proc), a, today);
}

/* The actions of p offered to st.role now: st describes the case as the reader finds it, with
 * each action's enabled_by read on enabled_on. Fills out (p->nactions entries at most) in the
 * procedure's order and returns how many. */
static size_t offers_of(struct app *app, const struct actor *who, const struct procedure *p,
                        struct procedure_step st, gl_date enabled_on, int64_t case_id,
                        struct case_offer *out)
{
        size_t n = 0;
        for (size_t i = 0; p && i < p->nactions && st.state != PROCEDURE_NO_STATE; i++) {
                st.action = &p->actions[i];
                st.enabled = action_enabled(app_pack_of(app, p), st.action, enabled_on);
                if (procedure_offers(p, &st))
                        out[n++].action = st.action;
        }
        const struct case_extension *ext = p ? case_extension_find(p->name) : NULL;
        if (n > 0 && ext && ext->filter_offers && case_id > 0)
                ext->filter_offers(app, who, case_id, out, &n);
        return n;
}

/* ---- deadlines of one step ---- */

static int deadline_length(struct case_ctx *c, const struct procedure_deadline *pd, int *n,
                           char *param, size_t param_size, struct gl_error *err)
{
        if (pd->length_hook) {
                const struct case_length_hook *h = case_length_find(pd->length_hook);
                if (h == NULL)
                        return gl_fail(err, GL_EINVAL, pd->length_hook, "程序未实现期限函数 %s",
                                       pd->length_hook);
                return h->fn(c, pd, n, param, param_size, err);
        }
        int64_t v = 0;
        if (policy_param_int(c->pack, pd->param, c->in->today, &v) != GL_OK || v < 0 || v > 1000)
                return gl_fail(err, GL_EINVAL, pd->param, "政策包缺少期限参数 %s 在 %s 的取值",
                               pd->param, "办理日");
        *n = (int)v;
        copy(param, param_size, pd->param);
        return GL_OK;
}

/* Applies the step's events to the case's deadlines (in l, written through): starts, stops,
 * suspensions and resumptions; a step into a closed state ends whatever still runs. */
static int apply_deadlines(struct case_ctx *c, struct loaded *l, struct gl_error *err)
{
        const struct procedure *p = c->proc;
        size_t ai = (size_t)(c->action - p->actions);
        gl_date today = c->in->today;
        db *conn = c->app->db;
        for (size_t k = 0; k < p->ndeadlines; k++) {
                const struct procedure_deadline *pd = &p->deadlines[k];
                enum procedure_deadline_event ev = procedure_deadline_event_of(pd, ai);
                if (ev == PROCEDURE_DEADLINE_NOTHING)
                        continue;
                for (size_t i = 0; i < l->ndeadlines; i++) {
                        struct case_deadline *d = &l->deadlines[i];
                        if (strcmp(d->kind, pd->kind) != 0 || !case_deadline_running(d))
                                continue;
                        bool suspended = strcmp(d->status, "suspended") == 0;
                        if (ev == PROCEDURE_DEADLINE_START || ev == PROCEDURE_DEADLINE_STOP) {
                                copy(d->status, sizeof(d->status),
                                     ev == PROCEDURE_DEADLINE_START ? "superseded" : "met");
                                d->ended_on = today;
                                copy(d->ended_by, sizeof(d->ended_by), c->action->name);
                        } else if (ev == PROCEDURE_DEADLINE_SUSPEND && !suspended) {
                                copy(d->status, sizeof(d->status), "suspended");
                                d->suspended_on = today;
                        } else if (ev == PROCEDURE_DEADLINE_RESUME && suspended) {
                                bool prov = d->provisional;
                                enum procedure_rule rule = PROCEDURE_RULE_WORKING_DAYS;
                                (void)procedure_rule_from_name(d->rule, &rule);
                                gl_date due = procedure_deadline_resume(
                                    c->app->cal, rule, d->due, d->suspended_on, today, &prov);
                                gl_date latest =
                                    procedure_deadline_resume(c->app->cal, rule, d->latest_due,
                                                              d->suspended_on, today, &prov);
                                d->suspended_days += (int)(due - d->due);
                                d->due = due;
                                d->latest_due = latest > due ? latest : due;
                                d->provisional = prov;
                                d->suspended_on = GL_DATE_NONE;
                                copy(d->status, sizeof(d->status), "running");
                        } else {
                                continue;
                        }
                        if (case_store_update_deadline(conn, d) != GL_OK)
                                return gl_fail(err, GL_EDB, "", "保存期限失败: %s",
                                               db_errmsg(conn));
                }
                if (ev != PROCEDURE_DEADLINE_START)
                        continue;
                struct case_deadline nd;
                memset(&nd, 0, sizeof(nd));
                nd.case_id = c->row->id;
                copy(nd.kind, sizeof(nd.kind), pd->kind);
                copy(nd.rule, sizeof(nd.rule), procedure_rule_name(pd->rule));
                int rc = deadline_length(c, pd, &nd.length, nd.param, sizeof(nd.param), err);
                if (rc != GL_OK)
                        return rc;
                /* A length hook answers a negative length for a case the deadline does not
                 * apply to (measure 4: the decision counted by the law's days or by Hebei's
                 * working days, as the pack says): it is not started. */
                if (nd.length < 0)
                        continue;
                copy(nd.started_by, sizeof(nd.started_by), c->action->name);
                nd.started_on = today;
                bool prov = false;
                nd.due = procedure_deadline_due(c->app->cal, pd->rule, today, nd.length,
                                                &nd.latest_due, &prov);
                nd.original_due = nd.due;
                nd.provisional = prov;
                copy(nd.status, sizeof(nd.status), "running");
                nd.suspended_on = nd.ended_on = GL_DATE_NONE;
                /* An action that both starts and suspends a deadline starts it with its clock
                 * stopped (measure 4's acceptance with materials missing: the decision's time
                 * runs once they are in). */
                for (size_t s = 0; s < pd->nsuspends_on; s++)
                        if (pd->suspends_on[s] == ai) {
                                copy(nd.status, sizeof(nd.status), "suspended");
                                nd.suspended_on = today;
                        }
                if (case_store_add_deadline(conn, &nd, &nd.id) != GL_OK)
                        return gl_fail(err, GL_EDB, "", "保存期限失败: %s", db_errmsg(conn));
                if (collect_deadline(&nd, l) != 0)
                        return gl_fail(err, GL_ENOMEM, "", "out of memory");
                char due[11];
                json_t *o = json_pack("{s:s, s:s, s:i, s:s, s:b}", "kind", nd.kind, "rule", nd.rule,
                                      "length", nd.length, "due", date_format_iso(nd.due, due),
                                      "provisional", prov);
                json_t *list = json_object_get(c->audit, "deadlines_started");
                if (list == NULL) {
                        list = json_array();
                        json_object_set_new(c->audit, "deadlines_started", list);
                }
                json_array_append_new(list, o);
        }
        if (procedure_state_open(p, c->to))
                return GL_OK;
        for (size_t i = 0; i < l->ndeadlines; i++) {
                struct case_deadline *d = &l->deadlines[i];
                if (!case_deadline_running(d))
                        continue;
                const struct procedure_deadline *pd = procedure_deadline_find(p, d->kind);
                bool expired = pd && pd->on_expiry == PROCEDURE_EXPIRY_ACTION &&
                               pd->expiry_action == ai && today > d->due;
                copy(d->status, sizeof(d->status), expired ? "expired" : "ended");
                d->ended_on = today;
                copy(d->ended_by, sizeof(d->ended_by), c->action->name);
                if (case_store_update_deadline(conn, d) != GL_OK)
                        return gl_fail(err, GL_EDB, "", "保存期限失败: %s", db_errmsg(conn));
        }
        return GL_OK;
}

/* ---- the step record and its audit record ---- */

/* The reason recorded with the step: the one an effect set (case_ctx.reason), else as typed. */
static const char *step_reason(const struct case_ctx *c)
{
        return c->reason ? c->reason : c->in->reason;
}

void case_sealed_digest(const struct app *app, const char *text, char out[CASE_SEALED_DIGEST_LEN])
{
        unsigned char h[crypto_generichash_BYTES];
        const char *t = text ? text : "";
        crypto_generichash(h, sizeof(h), (const unsigned char *)t, strlen(t), app->audit_key,
                           sizeof(app->audit_key));
        memcpy(out, CASE_SEALED_PREFIX, sizeof(CASE_SEALED_PREFIX) - 1);
        gl_hex_encode(h, sizeof(h), out + sizeof(CASE_SEALED_PREFIX) - 1);
}

static bool sealed_field(const struct procedure_action *a, const char *name)
{
        for (size_t i = 0; i < a->nfields; i++)
                if (strcmp(a->fields[i].name, name) == 0)
                        return a->fields[i].sealed;
        return false;
}

/* The step's fields as recorded: a sealed field's text replaced by its digest (an empty one stays
 * empty: there is no text to keep out). */
static json_t *recorded_fields(const struct case_ctx *c)
{
        json_t *fields = json_object();
        for (size_t i = 0; fields && i < c->in->nfields; i++) {
                const struct case_field *f = &c->in->fields[i];
                const char *v = f->value ? f->value : "";
                char digest[CASE_SEALED_DIGEST_LEN];
                if (v[0] && sealed_field(c->action, f->name)) {
                        case_sealed_digest(c->app, v, digest);
                        v = digest;
                }
                if (json_object_set_new(fields, f->name, json_string(v)) != 0) {
                        json_decref(fields);
                        return NULL;
                }
        }
        return fields;
}

static int record_step(struct case_ctx *c, const char *audit_entity, struct gl_error *err)
{
        json_t *fields = recorded_fields(c);
        if (fields == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        char *ftext = json_dumps(fields, JSON_COMPACT | JSON_SORT_KEYS);
        struct case_step_record s;
        memset(&s, 0, sizeof(s));
        s.case_id = c->row->id;
        copy(s.action, sizeof(s.action), c->action->name);
        copy(s.from_state, sizeof(s.from_state), procedure_state_name(c->proc, c->from));
        copy(s.to_state, sizeof(s.to_state), procedure_state_name(c->proc, c->to));
        copy(s.actor, sizeof(s.actor), c->who->name);
        copy(s.actor_role, sizeof(s.actor_role), role_name(c->who->role));
        s.on_date = c->in->today;
        s.reason = step_reason(c);
        s.fields = ftext;
        copy(s.created_at, sizeof(s.created_at), c->now);
        int rc = ftext ? case_store_add_step(c->app->db, &s) : GL_ENOMEM;
        free(ftext);
        if (rc != GL_OK) {
                json_decref(fields);
                return gl_fail(err, rc == GL_ENOMEM ? GL_ENOMEM : GL_EDB, "",
                               "记录办理步骤失败: %s", db_errmsg(c->app->db));
        }
        char day[11], action_name[128], id[24];
        snprintf(action_name, sizeof(action_name), "%s.%s", audit_entity, c->action->name);
        snprintf(id, sizeof(id), "%lld", (long long)c->row->id);
        json_t *detail = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I}", audit_entity,
                                   (json_int_t)c->row->id, "procedure", c->proc->name, "uscc",
                                   c->row->uscc, "from", procedure_state_name(c->proc, c->from),
                                   "to", procedure_state_name(c->proc, c->to), "on",
                                   date_format_iso(c->in->today, day), "reason",
                                   step_reason(c) ? step_reason(c) : "", "version",
                                   (json_int_t)(c->opening ? 1 : c->row->version + 1));
        if (detail == NULL) {
                json_decref(fields);
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        }
        if (c->in->nfields > 0)
                json_object_set_new(detail, "fields", fields);
        else
                json_decref(fields);
        json_object_update(detail, c->audit);
        char *text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
        json_decref(detail);
        if (text == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        rc = audit_append(c->app, c->who, action_name, audit_entity, id, text, err);
        free(text);
        return rc;
}

/* ---- the party's message ---- */

static bool admits_enterprise(const struct procedure *p, const size_t *actions, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (p->actions[actions[i]].roles & PROCEDURE_ROLE_BIT(ROLE_ENTERPRISE))
                        return true;
        return false;
}

/* Whether a running deadline is the party's to meet: it acts against the party when it passes
 * (revert, expire, close), an action of the party's stops or resumes it, or an action offered to
 * the party must fall within it. One that only escalates is the office's. */
static bool party_deadline(const struct procedure *p, const struct case_deadline *d,
                           const struct case_offer *offers, size_t noffers)
{
        const struct procedure_deadline *pd = procedure_deadline_find(p, d->kind);
        if (pd == NULL || !case_deadline_running(d))
                return false;
        if (pd->on_expiry == PROCEDURE_EXPIRY_ACTION ||
            admits_enterprise(p, pd->stops_on, pd->nstops_on) ||
            admits_enterprise(p, pd->resumes_on, pd->nresumes_on))
                return true;
        for (size_t i = 0; i < noffers; i++)
                if (offers[i].action->within && strcmp(offers[i].action->within, d->kind) == 0)
                        return true;
        return false;
}

/*
 * Tells the enterprise the case is about that a step was taken on it by someone else (站内消息):
 * one message, written in the step's transaction, naming what the enterprise may do now — the
 * actions offered to the enterprise role in the new state, as app_case_get would offer them — and
 * the deadlines it must meet. Nothing for a party outside the registry, for the enterprise's own
 * step, or for a case the enterprise may not see (a compartment closed to it).
 */
static int tell_party(struct case_ctx *c, const struct loaded *l, struct gl_error *err)
{
        const struct case_row *row = c->row;
        if (row->uscc[0] == '\0' ||
            (c->who->role == ROLE_ENTERPRISE && strcmp(c->who->uscc, row->uscc) == 0))
                return GL_OK;
        struct actor party = {.role = ROLE_ENTERPRISE};
        copy(party.uscc, sizeof(party.uscc), row->uscc);
        if (app_scope_case_in(c->app, &party, c->proc, row->compartment, row->uscc, NULL) != GL_OK)
                return GL_OK;
        const struct procedure *p = c->proc;
        /* The actions taken in the state the case is in now: this one too when it stayed. */
        size_t ntaken = c->from == c->to ? l->ntaken : 0;
        size_t *taken = calloc(ntaken + 1, sizeof(*taken));
        struct procedure_deadline_view *views = views_of(l);
        struct case_offer *offers = calloc(p->nactions + 1, sizeof(*offers));
        const struct case_deadline **due = calloc(l->ndeadlines + 1, sizeof(*due));
        int rc = GL_OK;
        if (taken == NULL || views == NULL || offers == NULL || due == NULL) {
                rc = gl_fail(err, GL_ENOMEM, "", "out of memory");
                goto done;
        }
        if (ntaken > 0)
                memcpy(taken, l->taken, ntaken * sizeof(*taken));
        if (c->from == c->to)
                taken[ntaken++] = (size_t)(c->action - p->actions);
        size_t noffers = 0, ndue = 0;
        if (procedure_state_open(p, c->to)) {
                struct procedure_step st = {.role = ROLE_ENTERPRISE,
                                            .state = c->to,
                                            .version = row->version + 1,
                                            .today = c->in->today,
                                            .last_step_on = c->in->today,
                                            .taken = taken,
                                            .ntaken = ntaken,
                                            .deadlines = views,
                                            .ndeadlines = l->ndeadlines};
                noffers = offers_of(c->app, NULL, p, st, c->in->today, row->id, offers);
        }
        for (size_t i = 0; i < l->ndeadlines; i++)
                if (party_deadline(p, &l->deadlines[i], offers, noffers))
                        due[ndue++] = &l->deadlines[i];
        struct message_step m = {.case_id = row->id,
                                 .uscc = row->uscc,
                                 .proc = p,
                                 .action = c->action,
                                 .to = c->to,
                                 .on = c->in->today,
                                 .reason = step_reason(c),
                                 .offers = offers,
                                 .noffers = noffers,
                                 .deadlines = due,
                                 .ndeadlines = ndue,
                                 .now = c->now};
        int64_t id = 0;
        rc = app_message_add_for_step(c->app, &m, &id, err);
        if (rc == GL_OK)
                json_object_set_new(c->audit, "message", json_integer((json_int_t)id));
done:
        free(taken);
        free(views);
        free(offers);
        free(due);
        return rc;
}

/* ---- the step ---- */

static int run_hooks(struct case_ctx *c, char *const *names, size_t n,
                     const struct case_hook *(*find)(const char *), struct gl_error *err)
{
        for (size_t i = 0; i < n; i++) {
                const struct case_hook *h = find(names[i]);
                if (h == NULL)
                        return gl_fail(err, GL_EINVAL, names[i], "程序未实现 %s", names[i]);
                int rc = h->fn(c, err);
                if (rc != GL_OK)
                        return rc;
        }
        return GL_OK;
}

/* Whether text (NULL: none) is UTF-8 throughout: what the step records is JSON. */
static bool utf8_text(const char *text)
{
        for (const char *s = text; s && *s;) {
                size_t n = gl_utf8_char(s, NULL);
                if (n == 0)
                        return false;
                s += n;
        }
        return true;
}

/* The county a new case belongs to before its extension says otherwise: its party's when the
 * party is registered, else the opening officer's county, else the pack's. */
static int opening_division(struct app *app, const struct actor *who, struct case_row *row,
                            struct gl_error *err)
{
        struct enterprise e;
        int rc = row->uscc[0] ? enterprise_store_get(app->db, row->uscc, &e) : GL_ENOTFOUND;
        if (rc == GL_OK) {
                copy(row->division, sizeof(row->division), e.division);
                return GL_OK;
        }
        if (rc != GL_ENOTFOUND)
                return gl_fail(err, GL_EDB, "", "读取企业失败: %s", db_errmsg(app->db));
        copy(row->division, sizeof(row->division), app_scope_county(app, who));
        return GL_OK;
}

static int not_found(int64_t id, struct gl_error *err)
{
        return gl_fail(err, GL_ENOTFOUND, "id", "案件 %lld 不存在 (no such case)", (long long)id);
}

/*
 * One step: the opening of a new case (id 0, procedure and uscc given) or a step on case id. The
 * order of the checks is core/procedure.h's; the guards run after them and before anything is
 * written.
 */
static int take_step(struct app *app, const struct actor *who, int64_t id, const char *procedure,
                     const char *uscc, const struct case_step_input *in, int64_t *new_id,
                     struct gl_error *err)
{
        if (in == NULL || in->action == NULL || in->action[0] == '\0')
                return gl_fail(err, GL_EINVAL, "action", "缺少办理操作 (action missing)");
        if (in->today == GL_DATE_NONE)
                return gl_fail(err, GL_EINVAL, "today", "缺少办理日期");
        if (in->nfields > CASE_FIELDS_MAX)
                return gl_fail(err, GL_ELIMIT, "fields", "字段过多");
        for (size_t i = 0; i < in->nfields; i++) {
                if (in->fields[i].name == NULL || in->fields[i].name[0] == '\0')
                        return gl_fail(err, GL_EINVAL, "fields", "第 %zu 个字段没有名称", i + 1);
                if (!utf8_text(in->fields[i].name) || !utf8_text(in->fields[i].value))
                        return gl_fail(err, GL_EINVAL,
                                       utf8_text(in->fields[i].name) ? in->fields[i].name
                                                                     : "fields",
                                       "字段取值不是有效的 UTF-8 文本 (not UTF-8 text)");
        }
        if (!utf8_text(in->reason))
                return gl_fail(err, GL_EINVAL, "reason",
                               "理由不是有效的 UTF-8 文本 (not UTF-8 text)");
        int rc = check_documents(in->docs, in->ndocs, err);
        if (rc != GL_OK)
                return rc;

        struct case_row row;
        memset(&row, 0, sizeof(row));
        struct loaded l = {0};
        struct procedure_deadline_view *views = NULL;
        char now[21];
        app_now_iso(now);
        struct case_ctx c = {
            .app = app, .who = who, .in = in, .now = now, .row = &row, .opening = id == 0};
        c.audit = json_object();
        if (c.audit == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        const struct case_extension *ext = NULL;
        rc = app_begin(app, err);
        if (rc != GL_OK) {
                json_decref(c.audit);
                return rc;
        }
        if (c.opening) {
                /* An enterprise that names no party opens the case for itself. */
                const char *own = app_scope_list_uscc(who, SCOPE_CASE);
                copy(row.uscc, sizeof(row.uscc), (uscc == NULL || uscc[0] == '\0') ? own : uscc);
                /* The case's county, and so its pack: its party's, or the officer's. */
                if ((rc = opening_division(app, who, &row, err)) != GL_OK)
                        goto fail;
                c.pack = app_pack_for(app, row.division);
                c.proc = procedure_find(c.pack, procedure);
                if (c.proc == NULL) {
                        rc = gl_fail(err, GL_ENOTFOUND, "procedure", "政策包没有办理程序 %s",
                                     procedure ? procedure : "");
                        goto fail;
                }
                copy(row.procedure, sizeof(row.procedure), c.proc->name);
                copy(row.subject_name, sizeof(row.subject_name),
                     case_ctx_field(&c, "subject_name"));
                copy(row.compartment, sizeof(row.compartment), c.proc->compartment);
                /* Opening a case for a party one may not see is not allowed: the actor named the
                 * party, so there is nothing to hide by answering "not found". */
                if (app_scope_case_in(app, who, c.proc, row.compartment, row.uscc, NULL) != GL_OK) {
                        rc = who->role == ROLE_ENTERPRISE
                                 ? gl_fail(err, GL_EPERM, "uscc",
                                           "%s只能为本企业办理 (an enterprise acts only for "
                                           "itself)",
                                           role_label_zh(who->role))
                                 : gl_fail(err, GL_EPERM, "procedure",
                                           "%s不能办理“%s” (the procedure is closed to your role)",
                                           role_label_zh(who->role), c.proc->label_zh);
                        goto fail;
                }
                c.from = PROCEDURE_NO_STATE;
        } else {
                rc = case_store_get(app->db, id, &row);
                if (rc == GL_ENOTFOUND) {
                        rc = not_found(id, err);
                        goto fail;
                }
                if (rc != GL_OK) {
                        rc = gl_fail(err, GL_EDB, "", "读取案件失败: %s", db_errmsg(app->db));
                        goto fail;
                }
                /* A case runs on the pack it was opened on, whatever its county's is now. */
                c.pack = app_pack_named(app, row.pack_id);
                c.proc = procedure_find(c.pack, row.procedure);
                if (c.proc == NULL) {
                        rc = gl_fail(err, GL_ESTATE, "procedure",
                                     "案件 %lld 的办理程序 %s 不在当前政策包中", (long long)id,
                                     row.procedure);
                        goto fail;
                }
                /* Another party's case does not exist for whom may not see it. */
                rc = app_scope_case_row(app, who, c.proc, &row, err);
                if (rc != GL_OK) {
                        rc = not_found(id, err);
                        goto fail;
                }
                int si = procedure_state_index(c.proc, row.state);
                if (si < 0) {
                        rc = gl_fail(err, GL_ESTATE, "state", "案件状态 %s 不在办理程序中",
                                     row.state);
                        goto fail;
                }
                c.from = (size_t)si;
                l.proc = c.proc;
                if ((rc = load_context(app, id, &l, err)) != GL_OK)
                        goto fail;
        }
        c.action = procedure_action_find(c.proc, in->action);
        if (c.action == NULL) {
                rc = gl_fail(err, GL_EINVAL, "action", "办理程序“%s”没有操作 %s", c.proc->label_zh,
                             in->action);
                goto fail;
        }
        if ((views = views_of(&l)) == NULL) {
                rc = gl_fail(err, GL_ENOMEM, "", "out of memory");
                goto fail;
        }
        const char *names[CASE_FIELDS_MAX], *values[CASE_FIELDS_MAX];
        for (size_t i = 0; i < in->nfields; i++) {
                names[i] = in->fields[i].name;
                values[i] = in->fields[i].value;
        }
        const char *doc_names[CASE_DOCUMENTS_MAX];
        for (size_t i = 0; i < in->ndocs; i++)
                doc_names[i] = in->docs[i].name;
        struct procedure_step st = {.action = c.action,
                                    .role = who->role,
                                    .state = c.from,
                                    .version = row.version,
                                    .expected_version = in->expected_version,
                                    .today = in->today,
                                    .last_step_on = c.opening ? GL_DATE_NONE : l.last_step_on,
                                    .taken = l.taken,
                                    .ntaken = l.ntaken,
                                    .reason = in->reason,
                                    .field_names = names,
                                    .field_values = values,
                                    .nfields = in->nfields,
                                    .ndocuments = in->ndocs,
                                    .document_names = doc_names,
                                    .enabled = action_enabled(c.pack, c.action, in->today),
                                    .deadlines = views,
                                    .ndeadlines = l.ndeadlines};
        rc = procedure_check_step(c.proc, &st, &c.to, err);
        if (rc != GL_OK)
                goto fail;
        ext = case_extension_find(c.proc->name);
        if (ext && ext->load && (rc = ext->load(&c, err)) != GL_OK)
                goto fail;
        /* A case about a party, or a site, outside the actor's jurisdiction is not theirs to
         * open: the actor named it, so the answer says why. */
        if (c.opening && !app_scope_covers(app, who, row.division)) {
                rc = gl_fail(err, GL_EPERM, "uscc",
                             "当事人所在地（行政区划 %s）不在您的辖区 %s 内 (the party is "
                             "outside your jurisdiction)",
                             row.division, who->division);
                goto fail;
        }
        c.deadlines = l.deadlines;
        c.ndeadlines = l.ndeadlines;
        rc = run_hooks(&c, c.action->guards, c.action->nguards, case_guard_find, err);
        if (rc != GL_OK)
                goto fail;

        copy(row.state, sizeof(row.state), procedure_state_name(c.proc, c.to));
        row.open = procedure_state_open(c.proc, c.to);
        row.closed_on = row.open ? GL_DATE_NONE : in->today;
        copy(row.updated_at, sizeof(row.updated_at), now);
        if (c.opening) {
                row.opened_on = in->today;
                copy(row.pack_id, sizeof(row.pack_id), c.pack->id);
                row.pack_version = c.pack->version;
                copy(row.created_at, sizeof(row.created_at), now);
                rc = case_store_insert(app->db, &row, &row.id);
                if (rc != GL_OK) {
                        rc = gl_fail(err, rc == GL_ECONFLICT ? GL_ECONFLICT : GL_EDB, "uscc",
                                     "保存案件失败: %s", db_errmsg(app->db));
                        goto fail;
                }
                row.version = 0;
        }
        rc = apply_deadlines(&c, &l, err);
        if (rc != GL_OK)
                goto fail;
        c.deadlines = l.deadlines;
        c.ndeadlines = l.ndeadlines;
        rc = run_hooks(&c, c.action->effects, c.action->neffects, case_effect_find, err);
        if (rc != GL_OK)
                goto fail;
        if (!c.opening) {
                rc = case_store_update(app->db, &row);
                if (rc == GL_ECONFLICT) {
                        rc = gl_fail(err, GL_ECONFLICT, "version",
                                     "案件已被他人修改，请刷新后重试 (changed meanwhile)");
                        goto fail;
                }
                if (rc != GL_OK) {
                        rc = gl_fail(err, GL_EDB, "", "保存案件失败: %s", db_errmsg(app->db));
                        goto fail;
                }
        }
        if (ext && ext->save && (rc = ext->save(&c, err)) != GL_OK)
                goto fail;
        rc = add_documents(&c, err);
        if (rc == GL_OK)
                rc = tell_party(&c, &l, err);
        if (rc == GL_OK)
                rc = record_step(&c, ext && ext->audit_entity ? ext->audit_entity : "case", err);
        if (rc == GL_OK)
                rc = app_commit(app, err);
        if (rc != GL_OK)
                goto fail;
        if (new_id)
                *new_id = row.id;
        if (ext && ext->release)
                ext->release(&c);
        free(views);
        loaded_free(&l);
        json_decref(c.audit);
        return GL_OK;
fail:
        app_rollback(app);
        if (ext && ext->release)
                ext->release(&c);
        free(views);
        loaded_free(&l);
        json_decref(c.audit);
        return rc;
}

int app_case_open(struct app *app, const struct actor *who, const char *procedure, const char *uscc,
                  const struct case_step_input *in, int64_t *id, struct gl_error *err)
{
        int64_t made = 0;
        int rc = take_step(app, who, 0, procedure, uscc, in, &made, err);
        if (rc == GL_OK && id)
                *id = made;
        return rc;
}

int app_case_step(struct app *app, const struct actor *who, int64_t id,
                  const struct case_step_input *in, struct gl_error *err)
{
        if (id <= 0)
                return not_found(id, err);
        return take_step(app, who, id, NULL, NULL, in, NULL, err);
}

/* ---- reads ---- */

const struct procedure *app_case_procedure(const struct app *app, const struct case_row *row)
{
        return procedure_find(app_pack_named(app, row->pack_id), row->procedure);
}

/* Loads a case the actor may see, with its procedure. */
static int load_visible(struct app *app, const struct actor *who, int64_t id, struct case_row *row,
                        const struct procedure **proc, struct gl_error *err)
{
        int rc = case_store_get(app->db, id, row);
        if (rc == GL_ENOTFOUND)
                return not_found(id, err);
        if (rc != GL_OK)
                return gl_fail(err, GL_EDB, "", "读取案件失败: %s", db_errmsg(app->db));
        const struct procedure *p =
            procedure_find(app_pack_named(app, row->pack_id), row->procedure);
        if (app_scope_case_row(app, who, p, row, err) != GL_OK)
                return not_found(id, err);
        if (proc)
                *proc = p;
        return GL_OK;
}

void app_case_view_free(struct case_view *v)
{
        if (v == NULL)
                return;
        free(v->offers);
        free(v->deadlines);
        memset(v, 0, sizeof(*v));
}

int app_case_get(struct app *app, const struct actor *who, int64_t id, gl_date today,
                 struct case_view *out, struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        const struct procedure *p = NULL;
        int rc = load_visible(app, who, id, &out->row, &p, err);
        if (rc != GL_OK)
                return rc;
        struct loaded l = {.proc = p};
        if ((rc = load_context(app, id, &l, err)) != GL_OK) {
                loaded_free(&l);
                return rc;
        }
        out->procedure = p;
        int si = p ? procedure_state_index(p, out->row.state) : -1;
        out->state = si < 0 ? PROCEDURE_NO_STATE : (size_t)si;
        out->deadlines = calloc(l.ndeadlines ? l.ndeadlines : 1, sizeof(*out->deadlines));
        struct procedure_deadline_view *views = views_of(&l);
        out->offers = calloc(p && p->nactions ? p->nactions : 1, sizeof(*out->offers));
        if (out->deadlines == NULL || views == NULL || out->offers == NULL) {
                free(views);
                loaded_free(&l);
                app_case_view_free(out);
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        }
        for (size_t i = 0; i < l.ndeadlines; i++) {
                struct case_deadline_view *v = &out->deadlines[i];
                v->row = l.deadlines[i];
                const struct procedure_deadline *pd = procedure_deadline_find(p, v->row.kind);
                v->label_zh = pd ? pd->label_zh : v->row.kind;
                v->label_en = pd ? pd->label_en : NULL;
                v->on_expiry = pd ? pd->on_expiry_label : "escalate";
                if (case_deadline_running(&v->row)) {
                        /* A suspended deadline's clock stands still: what was left on the day it
                         * stopped, overdue only if it was overdue then. */
                        bool prov = false;
                        gl_date from = today;
                        if (strcmp(v->row.status, "suspended") == 0 &&
                            v->row.suspended_on != GL_DATE_NONE && v->row.suspended_on < today)
                                from = v->row.suspended_on;
                        v->working_days_left =
                            calendar_working_days_between(app->cal, from, v->row.due, &prov);
                        v->overdue = from > v->row.due;
                }
        }
        out->ndeadlines = l.ndeadlines;
        /* Offered as of today, or of the last step's day when today is earlier: a reader's clock
         * behind the record does not hide what may be done next. */
        gl_date last = l.last_step_on;
        struct procedure_step st = {.role = who->role,
                                    .state = out->state,
                                    .version = out->row.version,
                                    .today = today > last || last == GL_DATE_NONE ? today : last,
                                    .last_step_on = last,
                                    .taken = l.taken,
                                    .ntaken = l.ntaken,
                                    .deadlines = views,
                                    .ndeadlines = l.ndeadlines};
        out->noffers = offers_of(app, who, p, st, today, out->row.id, out->offers);
        free(views);
        loaded_free(&l);
        return GL_OK;
}

int app_case_could_step(struct app *app, const struct actor *who, int64_t id, bool *could,
                        struct gl_error *err)
{
        struct case_row row;
        const struct procedure *p = NULL;
        int rc = load_visible(app, who, id, &row, &p, err);
        if (rc != GL_OK)
                return rc;
        int si = p ? procedure_state_index(p, row.state) : -1;
        if (si < 0) {
                *could = false;
                return GL_OK;
        }
        struct loaded l = {.proc = p};
        struct procedure_deadline_view *views = NULL;
        if ((rc = load_context(app, id, &l, err)) != GL_OK)
                goto done;
        if ((views = views_of(&l)) == NULL) {
                rc = gl_fail(err, GL_ENOMEM, "", "out of memory");
                goto done;
        }
        struct procedure_step st = {.role = who->role,
                                    .state = (size_t)si,
                                    .version = row.version,
                                    .today = GL_DATE_NONE,
                                    .last_step_on = l.last_step_on,
                                    .taken = l.taken,
                                    .ntaken = l.ntaken,
                                    .deadlines = views,
                                    .ndeadlines = l.ndeadlines};
        bool found = false;
        for (size_t i = 0; i < p->nactions && !found; i++) {
                st.action = &p->actions[i];
                st.enabled = action_enabled_since(app_pack_of(app, p), st.action, l.last_step_on);
                found = procedure_could_offer(p, &st);
        }
        *could = found;
done:
        free(views);
        loaded_free(&l);
        return rc;
}

int app_case_steps(struct app *app, const struct actor *who, int64_t id,
                   int (*fn)(const struct case_step_record *s, void *ctx), void *ctx,
                   struct gl_error *err)
{
        struct case_row row;
        int rc = load_visible(app, who, id, &row, NULL, err);
        if (rc != GL_OK)
                return rc;
        rc = case_store_steps(app->db, id, fn, ctx);
        if (rc < 0)
                return gl_fail(err, rc == GL_ENOMEM ? GL_ENOMEM : GL_EDB, "",
                               "读取办理步骤失败: %s", db_errmsg(app->db));
        return rc;
}

int app_case_documents(struct app *app, const struct actor *who, int64_t id,
                       int (*fn)(const struct case_document *d, void *ctx), void *ctx,
                       struct gl_error *err)
{
        struct case_row row;
        int rc = load_visible(app, who, id, &row, NULL, err);
        if (rc != GL_OK)
                return rc;
        rc = case_store_documents(app->db, id, fn, ctx);
        if (rc < 0)
                return gl_fail(err, rc == GL_ENOMEM ? GL_ENOMEM : GL_EDB, "", "读取材料失败: %s",
                               db_errmsg(app->db));
        return rc;
}

int app_case_reviews(struct app *app, const struct actor *who, int64_t id,
                     int (*fn)(const struct case_review *r, void *ctx), void *ctx,
                     struct gl_error *err)
{
        struct case_row row;
        int rc = load_visible(app, who, id, &row, NULL, err);
        if (rc != GL_OK)
                return rc;
        rc = case_store_reviews(app->db, id, fn, ctx);
        if (rc < 0)
                return gl_fail(err, rc == GL_ENOMEM ? GL_ENOMEM : GL_EDB, "",
                               "读取审核意见失败: %s", db_errmsg(app->db));
        return rc;
}

int app_case_document_base64(struct app *app, const struct actor *who, int64_t id,
                             int64_t document_id, struct case_document *meta, char **b64,
                             struct gl_error *err)
{
        struct case_row row;
        int rc = load_visible(app, who, id, &row, NULL, err);
        if (rc != GL_OK)
                return rc;
        rc = case_store_document_content(app->db, id, document_id, meta, b64);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_ENOTFOUND, "document", "材料 %lld 不存在",
                               (long long)document_id);
        if (rc != GL_OK)
                return gl_fail(err, rc == GL_ENOMEM ? GL_ENOMEM : GL_EDB, "", "读取材料失败: %s",
                               db_errmsg(app->db));
        return GL_OK;
}

/* The grade changes of enterprises in the reader's jurisdiction. */
struct covered_grades {
        struct app *app;
        const struct actor *who;
        int (*fn)(const struct grade_change *g, void *ctx);
        void *ctx;
};

static int covered_grade(const struct grade_change *g, void *p)
{
        struct covered_grades *c = p;
        return app_enterprise_covered(c->app, c->who, g->uscc) ? c->fn(g, c->ctx) : 0;
}

int app_grade_history(struct app *app, const struct actor *who, const char *uscc,
                      int (*fn)(const struct grade_change *g, void *ctx), void *ctx,
                      struct gl_error *err)
{
        int rc = app_scope_check(who, SCOPE_ENTERPRISE, uscc ? uscc : "", err);
        if (rc != GL_OK)
                return rc;
        if (uscc && uscc[0] && !app_enterprise_covered(app, who, uscc))
                return gl_fail(err, GL_ENOTFOUND, "uscc", "没有该企业 (no such enterprise)");
        struct covered_grades c = {app, who, fn, ctx};
        rc = grade_history_list(app->db, uscc, covered_grade, &c);
        if (rc < 0)
                return gl_fail(err, rc == GL_ENOMEM ? GL_ENOMEM : GL_EDB, "",
                               "读取等级变更失败: %s", db_errmsg(app->db));
        return rc;
}

struct list_filter {
        struct app *app;
        const struct actor *who;
        gl_date today;
        int (*fn)(const struct case_row *c, void *ctx);
        void *ctx;
};

static int visible_only(const struct case_row *c, void *p)
{
        struct list_filter *f = p;
        const struct procedure *proc =
            procedure_find(app_pack_named(f->app, c->pack_id), c->procedure);
        if (app_scope_case_row(f->app, f->who, proc, c, NULL) != GL_OK)
                return 0;
        if (c->next.kind[0] == '\0')
                return f->fn(c, f->ctx);
        struct case_row r = *c;
        bool prov = false;
        gl_date today = f->today;
        r.next.working_days_left =
            calendar_working_days_between(f->app->cal, today, r.next.due, &prov);
        /* Suspended: the clock stands still, so not overdue (io/case_json.c shows no days left). */
        r.next.overdue = !r.next.suspended && today > r.next.due;
        return f->fn(&r, f->ctx);
}

int app_case_list(struct app *app, const struct actor *who, const struct case_query *q,
                  int (*fn)(const struct case_row *c, void *ctx), void *ctx, struct gl_error *err)
{
        struct case_query mine = q ? *q : (struct case_query){0};
        const char *only = app_scope_list_uscc(who, SCOPE_CASE);
        if (only)
                mine.uscc = only;
        struct scope_division within;
        app_scope_list_division(app, who, &within);
        mine.division_prefix = within.prefix;
        mine.division_blank = within.blank_too;
        gl_date today =
            mine.today == GL_DATE_NONE || mine.today == 0 ? app_today_local() : mine.today;
        struct list_filter f = {app, who, today, fn, ctx};
        int rc = case_store_list(app->db, &mine, visible_only, &f);
        if (rc < 0)
                return gl_fail(err, rc == GL_ENOMEM ? GL_ENOMEM : GL_EDB, "", "读取案件失败: %s",
                               db_errmsg(app->db));
        return rc;
}

/* ---- my work ---- */

struct work_item {
        int64_t id;
        gl_date due; /* of the soonest running deadline; GL_DATE_NONE when none */
};

struct work_list {
        struct work_item *items;
        size_t n, cap;
};

static int collect_open(const struct case_row *c, void *p)
{
        struct work_list *l = p;
        if (l->n == l->cap) {
                size_t cap = l->cap ? l->cap * 2 : 64;
                struct work_item *n = realloc(l->items, cap * sizeof(*n));
                if (n == NULL)
                        return GL_ENOMEM;
                l->items = n;
                l->cap = cap;
        }
        l->items[l->n++] = (struct work_item){c->id, c->next.kind[0] ? c->next.due : GL_DATE_NONE};
        return 0;
}

static int by_due(const void *a, const void *b)
{
        const struct work_item *x = a, *y = b;
        bool xn = x->due == GL_DATE_NONE, yn = y->due == GL_DATE_NONE;
        if (xn != yn)
                return xn ? 1 : -1;
        if (!xn && x->due != y->due)
                return x->due < y->due ? -1 : 1;
        return (x->id > y->id) - (x->id < y->id);
}

int app_case_work(struct app *app, const struct actor *who, gl_date today,
                  int (*fn)(const struct case_view *v, void *ctx), void *ctx, struct gl_error *err)
{
        struct case_query q = {.open_only = true, .today = today};
        struct work_list l = {0};
        int rc = app_case_list(app, who, &q, collect_open, &l, err);
        if (rc == GL_ENOMEM)
                rc = gl_fail(err, GL_ENOMEM, "", "out of memory");
        if (rc == GL_OK && l.n > 1)
                qsort(l.items, l.n, sizeof(*l.items), by_due);
        for (size_t i = 0; rc == GL_OK && i < l.n; i++) {
                struct case_view v;
                rc = app_case_get(app, who, l.items[i].id, today, &v, err);
                if (rc != GL_OK)
                        break;
                if (v.noffers > 0)
                        rc = fn(&v, ctx);
                app_case_view_free(&v);
        }
        free(l.items);
        return rc;
}

/* ---- deadlines of every procedure ---- */

struct deadline_walk {
        struct app *app;
        const struct actor *who;
        gl_date today;
        int (*fn)(const struct deadline_item *item, void *ctx);
        void *ctx;
};

static int walk_deadline(const struct case_deadline *d, const struct case_row *c, void *p)
{
        struct deadline_walk *w = p;
        const struct procedure *proc =
            procedure_find(app_pack_named(w->app, c->pack_id), c->procedure);
        if (app_scope_case_row(w->app, w->who, proc, c, NULL) != GL_OK)
                return 0;
        const struct procedure_deadline *pd = procedure_deadline_find(proc, d->kind);
        struct deadline_item it;
        memset(&it, 0, sizeof(it));
        it.case_id = c->id;
        it.procedure = proc;
        copy(it.uscc, sizeof(it.uscc), c->uscc);
        it.state = c->state;
        it.kind = d->kind;
        it.what = pd ? pd->label_zh : d->kind;
        it.due = d->due;
        it.original_due = d->original_due;
        it.latest_due = d->latest_due;
        it.suspended = strcmp(d->status, "suspended") == 0;
        bool prov = d->provisional;
        it.working_days_left = calendar_working_days_between(w->app->cal, w->today, d->due, &prov);
        it.provisional = prov;
        it.overdue = w->today > d->due;
        it.on_expiry = pd ? pd->on_expiry_label : "escalate";
        return w->fn(&it, w->ctx);
}

int app_deadlines_list(struct app *app, const struct actor *who, gl_date today,
                       int (*fn)(const struct deadline_item *item, void *ctx), void *ctx,
                       struct gl_error *err)
{
        struct deadline_walk w = {app, who, today, fn, ctx};
        int rc = case_store_running_deadlines(app->db, walk_deadline, &w);
        if (rc < 0)
                return gl_fail(err, rc == GL_ENOMEM ? GL_ENOMEM : GL_EDB, "", "读取期限失败: %s",
                               db_errmsg(app->db));
        return rc;
}

struct due_case {
        int64_t case_id;
        int64_t version;
        size_t deadline; /* index into the procedure's deadlines */
        const struct procedure *proc;
        gl_date due;
};

struct due_list {
        struct app *app;
        gl_date today;
        struct due_case *items;
        size_t n, cap;
        int64_t waiting;
};

static int collect_due(const struct case_deadline *d, const struct case_row *c, void *p)
{
        struct due_list *l = p;
        const struct procedure *proc =
            procedure_find(app_pack_named(l->app, c->pack_id), c->procedure);
        const struct procedure_deadline *pd = procedure_deadline_find(proc, d->kind);
        if (pd == NULL || pd->on_expiry != PROCEDURE_EXPIRY_ACTION || l->today <= d->due ||
            strcmp(d->status, "running") != 0)
                return 0;
        if (d->provisional) {
                l->waiting++;
                return 0;
        }
        if (l->n == l->cap) {
                size_t cap = l->cap ? l->cap * 2 : 16;
                struct due_case *n = realloc(l->items, cap * sizeof(*n));
                if (n == NULL)
                        return GL_ENOMEM;
                l->items = n;
                l->cap = cap;
        }
        l->items[l->n++] =
            (struct due_case){c->id, c->version, (size_t)(pd - proc->deadlines), proc, d->due};
        return 0;
}

int app_deadlines_sweep_report(struct app *app, const struct actor *who, gl_date today,
                               struct sweep_result *out, struct gl_error *err)
{
        struct sweep_result res = {0};
        if (who->role != ROLE_SYSTEM)
                return gl_fail(err, GL_EPERM, "role",
                               "%s无权执行期限清理，只有系统可以执行到期处理 (only the system "
                               "sweeps)",
                               role_label_zh(who->role));
        struct due_list l = {.app = app, .today = today};
        int rc = case_store_running_deadlines(app->db, collect_due, &l);
        if (rc != GL_OK) {
                free(l.items);
                return gl_fail(err, rc == GL_ENOMEM ? GL_ENOMEM : GL_EDB, "", "读取期限失败: %s",
                               db_errmsg(app->db));
        }
        res.waiting = l.waiting;
        for (size_t i = 0; i < l.n && rc == GL_OK; i++) {
                const struct due_case *dc = &l.items[i];
                const struct procedure_deadline *pd = &dc->proc->deadlines[dc->deadline];
                const struct procedure_action *a = &dc->proc->actions[pd->expiry_action];
                char due[11], reason[384];
                snprintf(reason, sizeof(reason), "%s已于 %s 届满，按政策包办理程序 %s 自动%s",
                         pd->label_zh, date_format_iso(dc->due, due), dc->proc->name, a->label_zh);
                struct case_step_input in = {.action = a->name,
                                             .reason = reason,
                                             .expected_version = dc->version,
                                             .today = today};
                rc = app_case_step(app, who, dc->case_id, &in, err);
                if (rc == GL_OK)
                        res.acted++;
        }
        free(l.items);
        if (out)
                *out = res;
        return rc;
}

int app_deadlines_sweep(struct app *app, const struct actor *who, gl_date today, int64_t *acted,
                        struct gl_error *err)
{
        struct sweep_result r = {0};
        int rc = app_deadlines_sweep_report(app, who, today, &r, err);
        if (acted)
                *acted = r.acted;
        return rc;
}
