/*
 * The measure-1 procedure over HTTP: declarations (submit with documents as base64, list, show with
 * every step, deadlines and the actions the signed-in role may take now; one POST per step of the
 * state machine), a declaration's documents and its printed form (PDF), the running deadlines, and
 * the tax department's confirmation of tax figures. Every handler calls the same app/declaration.h
 * use case as the command line. The business day is the server's local date; a write sends the
 * declaration's version so that a stale page is refused (409).
 */
#include "routes.h"

#include "../app/declaration.h"
#include "../app/enterprise.h"
#include "../core/calendar.h"
#include "../io/declaration_pdf.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct http_field declaration_list_query[] = {
    {"state", HTTP_STRING, false, 1, 32, NULL},
    {"uscc", HTTP_STRING, false, 18, 18, NULL},
    {"year", HTTP_INT, false, 2000, 9999, NULL},
    {0},
};

const struct http_field declaration_submit_body[] = {
    {"uscc", HTTP_STRING, false, 18, 18, NULL},
    {"year", HTTP_INT, true, 2000, 9999, NULL},
    {"grade_sought", HTTP_STRING, false, 1, 3, NULL},
    {"documents", HTTP_ARRAY, true, 1, DECLARATION_DOCUMENTS_MAX, NULL},
    {0},
};

const struct http_field declaration_resubmit_body[] = {
    {"version", HTTP_INT, true, 1, INT64_MAX, NULL},
    {"documents", HTTP_ARRAY, false, 0, DECLARATION_DOCUMENTS_MAX, NULL},
    {0},
};

/* Every other step: the version seen and a reason, findings or note (one of the three names). */
const struct http_field declaration_step_body[] = {
    {"version", HTTP_INT, true, 1, INT64_MAX, NULL},
    {"reason", HTTP_STRING, false, 0, 4000, NULL},
    {"findings", HTTP_STRING, false, 0, 4000, NULL},
    {"note", HTTP_STRING, false, 0, 4000, NULL},
    {0},
};

const struct http_field deadlines_query[] = {
    {"today", HTTP_DATE, false, 0, 0, NULL},
    {0},
};

const struct http_field tax_confirm_body[] = {
    {"uscc", HTTP_STRING, true, 18, 18, NULL},
    {"year", HTTP_INT, true, 2000, 9999, NULL},
    {0},
};

static json_t *date_or_null(gl_date d)
{
        char iso[11];
        return d == GL_DATE_NONE ? json_null() : json_string(date_format_iso(d, iso));
}

static json_t *text_or_null(const char *s)
{
        return (s && s[0]) ? json_string(s) : json_null();
}

/* A JSON text column parsed, or the fallback when it is not JSON. */
static json_t *parsed(const char *text, json_t *fallback)
{
        json_t *v = text ? json_loads(text, 0, NULL) : NULL;
        if (v == NULL)
                return fallback;
        json_decref(fallback);
        return v;
}

static void set(json_t *o, const char *key, json_t *v)
{
        json_object_set_new(o, key, v ? v : json_null());
}

/* A deadline of the declaration as the screens show it. */
static json_t *deadline_json(struct app *app, const char *kind, const char *what, gl_date due,
                             bool provisional, bool open, gl_date today)
{
        json_t *o = json_object();
        set(o, "kind", json_string(kind));
        set(o, "what", json_string(what));
        set(o, "due", date_or_null(due));
        set(o, "provisional", json_boolean(provisional));
        set(o, "open", json_boolean(open));
        if (open) {
                bool prov = false;
                int left = calendar_working_days_between(app_calendar(app), today, due, &prov);
                set(o, "working_days_left", json_integer(left));
                set(o, "overdue", json_boolean(today > due));
        }
        return o;
}

/* The summary of a declaration (list rows and the head of the full view). */
static json_t *summary_json(struct app *app, const struct actor *who, const struct declaration *d,
                            gl_date today)
{
        json_t *o = json_object();
        struct enterprise e;
        memset(&e, 0, sizeof(e));
        app_enterprise_get(app, who, d->uscc, &e, NULL);
        bool unconfirmed = false;
        app_declaration_tax_unconfirmed(app, d, &unconfirmed, NULL);
        set(o, "id", json_integer(d->id));
        set(o, "uscc", json_string(d->uscc));
        set(o, "enterprise_name", json_string(e.name));
        set(o, "year", json_integer(d->year));
        set(o, "state", json_string(declaration_state_name(d->state)));
        set(o, "state_label", json_string(declaration_state_label_zh(d->state)));
        set(o, "version", json_integer(d->version));
        set(o, "grade_from", text_or_null(d->grade_from));
        set(o, "grade_sought", json_string(d->grade_sought));
        set(o, "tier", json_string(d->tier));
        set(o, "grace_months", d->grace_months > 0 ? json_integer(d->grace_months) : json_null());
        set(o, "received_on", date_or_null(d->received_on));
        set(o, "county_due_on", date_or_null(d->county_due_on));
        set(o, "county_due_provisional", json_boolean(d->county_due_provisional));
        set(o, "grace_deadline", date_or_null(d->grace_deadline));
        set(o, "grace_provisional", json_boolean(d->grace_provisional));
        set(o, "tax_unconfirmed", json_boolean(unconfirmed));
        gl_date due = d->state == DECLARATION_SUBMITTED     ? d->county_due_on
                      : d->state == DECLARATION_PROVISIONAL ? d->grace_deadline
                                                            : GL_DATE_NONE;
        if (due != GL_DATE_NONE) {
                set(o, "due", date_or_null(due));
                set(o, "working_days_left",
                    json_integer(
                        calendar_working_days_between(app_calendar(app), today, due, NULL)));
                set(o, "overdue", json_boolean(today > due));
        }
        return o;
}

static int add_step(const struct case_step_record *s, void *ctx)
{
        json_t *o = json_object();
        set(o, "action", json_string(s->action));
        set(o, "from", json_string(s->from_state));
        set(o, "to", json_string(s->to_state));
        set(o, "actor", json_string(s->actor));
        set(o, "actor_name", text_or_null(s->actor_name));
        set(o, "role", json_string(s->actor_role));
        set(o, "on", date_or_null(s->on_date));
        set(o, "at", json_string(s->created_at));
        set(o, "reason", text_or_null(s->reason));
        json_array_append_new(ctx, o);
        return 0;
}

static int add_review(const struct case_review *r, void *ctx)
{
        json_t *o = json_object();
        set(o, "kind", json_string(r->kind));
        set(o, "outcome", text_or_null(r->outcome));
        set(o, "findings", text_or_null(r->findings));
        set(o, "reviewed_by", json_string(r->reviewed_by));
        set(o, "reviewed_by_name", text_or_null(r->reviewed_by_name));
        set(o, "role", json_string(r->reviewer_role));
        set(o, "on", date_or_null(r->reviewed_on));
        json_array_append_new(ctx, o);
        return 0;
}

static json_t *document_json(const struct case_document *d)
{
        json_t *o = json_object();
        set(o, "id", json_integer(d->id));
        set(o, "name", json_string(d->name));
        set(o, "file_name", json_string(d->file_name));
        set(o, "size", json_integer(d->size));
        set(o, "digest", json_string(d->digest));
        set(o, "added_by", json_string(d->added_by));
        set(o, "added_by_name", text_or_null(d->added_by_name));
        set(o, "added_at", json_string(d->added_at));
        return o;
}

static int add_document(const struct case_document *d, void *ctx)
{
        json_array_append_new(ctx, document_json(d));
        return 0;
}

struct grades {
        json_t *items;
        int64_t id;
};

static int add_grade(const struct grade_change *g, void *ctx)
{
        struct grades *c = ctx;
        if (g->case_id != c->id)
                return 0;
        json_t *o = json_object();
        set(o, "kind", json_string(g->kind));
        set(o, "from", text_or_null(g->from_grade));
        set(o, "to", text_or_null(g->to_grade));
        set(o, "on", date_or_null(g->on_date));
        set(o, "grace_deadline", date_or_null(g->grace_deadline));
        set(o, "decided_by", json_string(g->decided_by));
        set(o, "reason", text_or_null(g->reason));
        json_array_append_new(c->items, o);
        return 0;
}

/* Everything about one declaration, with the actions the actor may take now. */
static json_t *full_json(struct app *app, const struct actor *who, const struct declaration *d,
                         gl_date today, struct gl_error *err)
{
        json_t *head = summary_json(app, who, d, today);
        set(head, "metrics", parsed(d->metrics, json_object()));
        set(head, "explanation", parsed(d->explanation, json_array()));
        set(head, "pack_id", json_string(d->pack_id));
        set(head, "pack_version", json_integer(d->pack_version));
        set(head, "submitted_by", json_string(d->submitted_by));
        set(head, "county_decided_by", text_or_null(d->county_decided_by));
        set(head, "county_decided_on", date_or_null(d->county_decided_on));
        set(head, "county_reason", text_or_null(d->county_reason));
        set(head, "decided_by", text_or_null(d->decided_by));
        set(head, "decided_on", date_or_null(d->decided_on));
        set(head, "decision_reason", text_or_null(d->decision_reason));
        set(head, "closed_by", text_or_null(d->closed_by));
        set(head, "closed_on", date_or_null(d->closed_on));
        set(head, "closed_reason", text_or_null(d->closed_reason));
        set(head, "created_at", json_string(d->created_at));
        set(head, "updated_at", json_string(d->updated_at));

        struct case_view v;
        json_t *deadlines = json_array(), *steps = json_array(), *reviews = json_array(),
               *documents = json_array(), *actions = json_array();
        struct grades grades = {json_array(), d->id};
        int rc = app_case_get(app, who, d->id, today, &v, err);
        if (rc == GL_OK) {
                for (size_t i = 0; i < v.ndeadlines; i++) {
                        const struct case_deadline_view *dv = &v.deadlines[i];
                        if (strcmp(dv->row.status, "superseded") == 0)
                                continue;
                        bool is_running = case_deadline_running(&dv->row);
                        json_array_append_new(
                            deadlines, deadline_json(app, dv->row.kind, dv->label_zh, dv->row.due,
                                                     dv->row.provisional, is_running, today));
                }
                for (size_t i = 0; i < v.noffers; i++)
                        json_array_append_new(actions, json_string(v.offers[i].action->name));
                app_case_view_free(&v);
                rc = app_case_steps(app, who, d->id, add_step, steps, err);
        }
        if (rc == GL_OK)
                rc = app_case_reviews(app, who, d->id, add_review, reviews, err);
        if (rc == GL_OK)
                rc = app_case_documents(app, who, d->id, add_document, documents, err);
        if (rc == GL_OK)
                rc = app_grade_history(app, who, d->uscc, add_grade, &grades, err);
        json_t *out =
            json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "declaration", head, "deadlines",
                      deadlines, "steps", steps, "reviews", reviews, "documents", documents,
                      "grade_history", grades.items, "actions", actions);
        if (rc != GL_OK) {
                json_decref(out);
                return NULL;
        }
        return out;
}

/* Answers 200 (or status) with the full view of declaration id, read after a step. */
static void reply_declaration(struct http_req *req, int64_t id, int status, gl_date today)
{
        struct declaration d;
        declaration_init(&d);
        struct gl_error err = {0};
        if (app_declaration_get(req->app, req->actor, id, &d, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        json_t *body = full_json(req->app, req->actor, &d, today, &err);
        declaration_clear(&d);
        if (body == NULL) {
                http_reply_gl(req, &err);
                return;
        }
        http_reply_json(req, status, body);
}

/* 201 with the new declaration (the full view); 400 bad input or a document; 403 another
 * enterprise; 404 no such enterprise; 409 an open declaration exists, not in scope, top of the
 * ladder, or a self-assessment that does not qualify. */
void handle_declaration_submit(struct http_req *req)
{
        struct http_documents *docs = calloc(1, sizeof(*docs));
        if (docs == NULL) {
                http_reply_json(req, 500, NULL);
                return;
        }
        if (http_documents_or_reply(req, docs) != 0) {
                free(docs);
                return;
        }
        const char *uscc = http_body_text(req, "uscc");
        gl_date today = app_today_local();
        struct gl_error err = {0};
        int64_t id = 0;
        int rc = app_declaration_submit(
            req->app, req->actor, uscc, (int)http_body_int(req, "year", 0),
            http_body_text(req, "grade_sought"), docs->items, docs->n, today, &id, &err);
        http_documents_free(docs);
        free(docs);
        if (rc != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        reply_declaration(req, id, 201, today);
}

static int id_or_reply(struct http_req *req, int64_t *id)
{
        return http_param_int_or_reply(req, "id", 1, INT64_MAX, id);
}

struct list_ctx {
        struct http_req *req;
        json_t *items;
        gl_date today;
};

static int add_summary(const struct declaration *d, void *p)
{
        struct list_ctx *c = p;
        json_array_append_new(c->items, summary_json(c->req->app, c->req->actor, d, c->today));
        return 0;
}

/* 200 {"declarations": [...]}, oldest first: an enterprise sees its own; 400 an unknown state. */
void handle_declaration_list(struct http_req *req)
{
        struct declaration_query q = {.state = -1,
                                      .uscc = http_query_text(req, "uscc"),
                                      .year = (int)http_query_int(req, "year", 0)};
        const char *state = http_query_text(req, "state");
        if (state) {
                enum declaration_state s = declaration_state_from_name(state);
                if (s == DECLARATION_STATE_COUNT_ || s == DECLARATION_NONE) {
                        http_reply_error(req, 400, "invalid", "state",
                                         "未知的申报状态 (unknown state) %s", state);
                        return;
                }
                q.state = (int)s;
        }
        struct list_ctx c = {req, json_array(), app_today_local()};
        struct gl_error err = {0};
        if (app_declaration_list(req->app, req->actor, &q, add_summary, &c, &err) != GL_OK) {
                json_decref(c.items);
                http_reply_gl(req, &err);
                return;
        }
        http_reply_json(req, 200, json_pack("{s:o}", "declarations", c.items));
}

/* 200 {"declaration", "deadlines", "steps", "reviews", "documents", "grade_history", "actions"};
 * 404 when there is none the actor may see. */
void handle_declaration_show(struct http_req *req)
{
        int64_t id = 0;
        if (id_or_reply(req, &id) != 0)
                return;
        reply_declaration(req, id, 200, app_today_local());
}

/* 200 {"document": {..., "content_base64"}}; 404 when the declaration is not visible or has no
 * such document. */
void handle_declaration_document(struct http_req *req)
{
        int64_t id = 0, doc_id = 0;
        if (id_or_reply(req, &id) != 0 ||
            http_param_int_or_reply(req, "doc", 1, INT64_MAX, &doc_id) != 0)
                return;
        struct declaration d;
        declaration_init(&d);
        struct gl_error err = {0};
        if (app_declaration_get(req->app, req->actor, id, &d, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        declaration_clear(&d);
        struct case_document meta;
        char *content = NULL;
        if (app_case_document_base64(req->app, req->actor, id, doc_id, &meta, &content, &err) !=
            GL_OK) {
                if (err.status == GL_ENOTFOUND)
                        gl_fail(&err, GL_ENOTFOUND, "doc", "材料不存在 (no such document)");
                http_reply_gl(req, &err);
                return;
        }
        json_t *o = document_json(&meta);
        set(o, "content_base64", json_string(content));
        free(content);
        http_reply_json(req, 200, json_pack("{s:o}", "document", o));
}

/* 200 application/pdf: the declaration form printed today, the same readers and scope as the
 * declaration itself (Content-Disposition names it declaration-ID.pdf); 404 when there is none
 * the actor may see; 500 when the PDF cannot be made (its fonts missing, say). */
void handle_declaration_form(struct http_req *req)
{
        int64_t id = 0;
        if (id_or_reply(req, &id) != 0)
                return;
        struct declaration_record r;
        struct gl_error err = {0};
        if (app_declaration_record(req->app, req->actor, id, &r, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        struct pdf_doc *doc = NULL;
        unsigned char *data = NULL;
        size_t size = 0;
        int rc = declaration_form_pdf(&r, app_today_local(), &doc, &err);
        if (rc == GL_OK)
                rc = pdf_write_memory(doc, &data, &size, &err);
        pdf_free(doc);
        app_declaration_record_clear(&r);
        if (rc != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        char disposition[64];
        snprintf(disposition, sizeof(disposition), "inline; filename=\"declaration-%lld.pdf\"",
                 (long long)id);
        http_reply_bytes(req, 200, "application/pdf", data, size, disposition);
}

/* The step a route stands for: the last segment of its pattern is the action's name. */
static enum declaration_action route_action(const struct http_route *route)
{
        const char *slash = strrchr(route->pattern, '/');
        const char *name = slash ? slash + 1 : "";
        for (int a = 0; a < DECLARATION_ACTION_COUNT_; a++)
                if (strcmp(name, declaration_action_name((enum declaration_action)a)) == 0)
                        return (enum declaration_action)a;
        return DECLARATION_ACTION_COUNT_;
}

/*
 * One step on a declaration (POST /api/v1/declarations/{id}/ACTION): 200 with the full view;
 * 400 a reason missing or a bad document; 403 another enterprise's declaration; 404 none; 409 a
 * stale version, a step out of order, or a grace period over.
 */
void handle_declaration_step(struct http_req *req)
{
        int64_t id = 0;
        if (id_or_reply(req, &id) != 0)
                return;
        enum declaration_action action = route_action(req->route);
        int64_t version = http_body_int(req, "version", 0);
        const char *text = http_body_text(req, "reason");
        if (text == NULL)
                text = http_body_text(req, "findings");
        if (text == NULL)
                text = http_body_text(req, "note");
        gl_date today = app_today_local();
        struct gl_error err = {0};
        int rc;
        switch (action) {
        case DECLARATION_RESUBMIT: {
                struct http_documents *docs = calloc(1, sizeof(*docs));
                if (docs == NULL) {
                        http_reply_json(req, 500, NULL);
                        return;
                }
                if (http_documents_or_reply(req, docs) != 0) {
                        free(docs);
                        return;
                }
                rc = app_declaration_resubmit(req->app, req->actor, id, version, docs->items,
                                              docs->n, today, &err);
                http_documents_free(docs);
                free(docs);
                break;
        }
        case DECLARATION_APPROVE:
        case DECLARATION_RETURN:
                rc = app_declaration_review(req->app, req->actor, id, version,
                                            action == DECLARATION_APPROVE, text, today, &err);
                break;
        case DECLARATION_PRELIMINARY_REVIEW:
        case DECLARATION_SITE_VERIFICATION:
                rc = app_declaration_city_review(req->app, req->actor, id, version,
                                                 action == DECLARATION_SITE_VERIFICATION, text,
                                                 today, &err);
                break;
        case DECLARATION_DECIDE_PROVISIONAL:
        case DECLARATION_REJECT:
                rc = app_declaration_decide(req->app, req->actor, id, version,
                                            action == DECLARATION_DECIDE_PROVISIONAL, text, today,
                                            &err);
                break;
        case DECLARATION_INDICATORS_MET:
                rc = app_declaration_indicators_met(req->app, req->actor, id, version, text, today,
                                                    &err);
                break;
        default:
                http_reply_error(req, 404, "not_found", "", "没有这个操作 (no such action)");
                return;
        }
        if (rc != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        reply_declaration(req, id, 200, today);
}

struct deadline_list {
        struct app *app;
        const struct actor *who;
        json_t *items;
};

static int add_deadline(const struct deadline_item *it, void *p)
{
        struct deadline_list *c = p;
        struct enterprise e;
        memset(&e, 0, sizeof(e));
        app_enterprise_get(c->app, c->who, it->uscc, &e, NULL);
        json_t *o = json_object();
        bool m1 = it->procedure && strcmp(it->procedure->name, "m1.declaration") == 0;
        if (m1)
                set(o, "declaration_id", json_integer(it->case_id));
        set(o, "case_id", json_integer(it->case_id));
        set(o, "procedure", json_string(it->procedure ? it->procedure->name : ""));
        set(o, "uscc", json_string(it->uscc));
        set(o, "enterprise_name", json_string(e.name));
        set(o, "state", json_string(it->state));
        set(o, "kind", json_string(it->kind));
        set(o, "what", json_string(it->what));
        set(o, "due", date_or_null(it->due));
        set(o, "original_due", date_or_null(it->original_due));
        set(o, "latest_due", date_or_null(it->latest_due));
        set(o, "provisional", json_boolean(it->provisional));
        set(o, "suspended", json_boolean(it->suspended));
        set(o, "on_expiry", json_string(it->on_expiry));
        set(o, "working_days_left", json_integer(it->working_days_left));
        set(o, "overdue", json_boolean(it->overdue));
        json_array_append_new(c->items, o);
        return 0;
}

/* 200 {"today", "deadlines": [...]}: running deadlines, soonest first, counted on ?today= (default
 * the server's date); an enterprise sees its own. */
void handle_deadlines_list(struct http_req *req)
{
        gl_date today = http_query_date(req, "today");
        if (today == GL_DATE_NONE)
                today = app_today_local();
        struct deadline_list c = {req->app, req->actor, json_array()};
        struct gl_error err = {0};
        if (app_deadlines_list(req->app, req->actor, today, add_deadline, &c, &err) != GL_OK) {
                json_decref(c.items);
                http_reply_gl(req, &err);
                return;
        }
        http_reply_json(
            req, 200, json_pack("{s:o, s:o}", "today", date_or_null(today), "deadlines", c.items));
}

/* 200 {"uscc", "year", "tax_confirmed": true}; 404 when there is no tax figure for that year. */
void handle_tax_confirm(struct http_req *req)
{
        const char *uscc = http_body_text(req, "uscc");
        int year = (int)http_body_int(req, "year", 0);
        struct gl_error err = {0};
        if (app_tax_confirm(req->app, req->actor, uscc, year, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        http_reply_json(
            req, 200, json_pack("{s:s, s:i, s:b}", "uscc", uscc, "year", year, "tax_confirmed", 1));
}
