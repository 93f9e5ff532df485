/*
 * Measure 3's control measures over HTTP (三个禁用): the control measures a reader may see
 * (/api/v1/controls) and one with the bans' explanation (/api/v1/controls/{id}), in the shapes of
 * io/control_json.h, the same as `greenlane control … --json`; a control measure recorded
 * (POST /api/v1/controls), or refused by the bans with nothing written (422 with the refusal's
 * explanation); and the check of a measure not recorded (POST /api/v1/controls/check), which the
 * propose form asks as it is filled in. The other steps are the engine's,
 * POST /api/v1/cases/{id}/steps (approve, refuse, lift). app/ decides who sees what: the roles
 * that do not read control measures are answered 403 for the list and 404 for one of them.
 */
#include "../app/control.h"
#include "../core/policy.h"
#include "../io/control_json.h"
#include "routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct http_field control_list_query[] = {
    {"state", HTTP_STRING, false, 1, 47, NULL},
    {"today", HTTP_DATE, false, 0, 0, NULL},
    {0},
};

const struct http_field control_show_query[] = {
    {"today", HTTP_DATE, false, 0, 0, NULL},
    {0},
};

/* The texts are app/m3_control.c's to check, naming the field. */
const struct http_field control_propose_body[] = {
    {"uscc", HTTP_STRING, false, 0, 64, NULL},
    {"site", HTTP_INT, false, 1, INT64_MAX, NULL},
    {"kind", HTTP_STRING, false, 0, 64, NULL},
    {"other_kind", HTTP_STRING, false, 0, 64, NULL},
    {"from", HTTP_STRING, false, 0, 32, NULL},
    {"to", HTTP_STRING, false, 0, 32, NULL},
    {"reason", HTTP_STRING, false, 0, M3_TEXT_MAX, NULL},
    {"malicious_case", HTTP_INT, false, 1, INT64_MAX, NULL},
    {"major_risk", HTTP_STRING, false, 0, M3_TEXT_MAX, NULL},
    {"documents", HTTP_ARRAY, false, 0, CASE_DOCUMENTS_MAX, NULL},
    {"today", HTTP_DATE, false, 0, 0, NULL},
    {0},
};

const struct http_field control_check_body[] = {
    {"uscc", HTTP_STRING, false, 0, 64, NULL},
    {"site", HTTP_INT, false, 1, INT64_MAX, NULL},
    {"kind", HTTP_STRING, false, 0, 64, NULL},
    {"other_kind", HTTP_STRING, false, 0, 64, NULL},
    {"from", HTTP_STRING, false, 0, 32, NULL},
    {"to", HTTP_STRING, false, 0, 32, NULL},
    {"malicious_case", HTTP_INT, false, 1, INT64_MAX, NULL},
    {"major_risk", HTTP_STRING, false, 0, M3_TEXT_MAX, NULL},
    {"evidence", HTTP_INT, false, 0, CASE_DOCUMENTS_MAX, NULL},
    {"today", HTTP_DATE, false, 0, 0, NULL},
    {0},
};

static gl_date day_of(gl_date given)
{
        return given == GL_DATE_NONE ? app_today_local() : given;
}

/* A listing: each control in the words of its county's pack's procedure. */
struct list_ctx {
        struct app *app;
        gl_date today;
        json_t *items;
};

static int add_control(const struct m3_control_row *r, void *p)
{
        struct list_ctx *l = p;
        json_t *o = control_json_row(
            l->app, r, procedure_find(app_pack_for(l->app, r->division), r->procedure), l->today);
        if (o == NULL)
                return GL_ENOMEM;
        json_array_append_new(l->items, o);
        return 0;
}

/* 200 {"controls": [LISTED...]} in id order (?state=; ?today= for the phase), an enterprise its
 * own; 403 for the roles that do not read control measures. */
void handle_control_list(struct http_req *req)
{
        struct list_ctx l = {req->app, day_of(http_query_date(req, "today")), json_array()};
        struct gl_error err = {0};
        if (l.items == NULL || app_control_list(req->app, req->actor, http_query_text(req, "state"),
                                                add_control, &l, &err) != GL_OK) {
                json_decref(l.items);
                if (err.status == GL_OK)
                        gl_fail(&err, GL_ENOMEM, "", "out of memory");
                http_reply_gl(req, &err);
                return;
        }
        http_reply_json(req, 200, json_pack("{s:o}", "controls", l.items));
}

static json_t *control_of(struct http_req *req, int64_t id, gl_date today, struct gl_error *err)
{
        struct control_record r;
        if (app_control_get(req->app, req->actor, id, today, &r, err) != GL_OK)
                return NULL;
        json_t *o = control_json(&r);
        app_control_record_free(&r);
        if (o == NULL)
                gl_fail(err, GL_ENOMEM, "", "out of memory");
        return o;
}

/* 200 {"control": CONTROL}; 404 when there is none or the reader may not see it. */
void handle_control_show(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        struct gl_error err = {0};
        json_t *o = control_of(req, id, day_of(http_query_date(req, "today")), &err);
        if (o == NULL) {
                http_reply_gl(req, &err);
                return;
        }
        http_reply_json(req, 200, json_pack("{s:o}", "control", o));
}

static struct control_proposal proposal_of(struct http_req *req)
{
        int64_t site = http_body_int(req, "site", 0),
                mcase = http_body_int(req, "malicious_case", 0);
        return (struct control_proposal){.uscc = http_body_text(req, "uscc"),
                                         .site_id = site,
                                         .kind = http_body_text(req, "kind"),
                                         .other_kind = http_body_text(req, "other_kind"),
                                         .from = http_body_text(req, "from"),
                                         .to = http_body_text(req, "to"),
                                         .reason = http_body_text(req, "reason"),
                                         .malicious_case = mcase,
                                         .major_risk = http_body_text(req, "major_risk"),
                                         .today = day_of(http_body_date(req, "today"))};
}

/* 200 {"decision": DECISION}: allowed, awaiting the leader's approval, or refused, with the
 * explanation; nothing is written. 400 naming the field; 403 a role that does not read control
 * measures. */
void handle_control_check(struct http_req *req)
{
        struct control_proposal p = proposal_of(req);
        p.evidence = (size_t)http_body_int(req, "evidence", 0);
        struct m3_decision *d = calloc(1, sizeof(*d));
        struct gl_error err = {0};
        if (d == NULL) {
                http_reply_error(req, 500, "internal", "", "%s", "out of memory");
                return;
        }
        if (app_control_check(req->app, req->actor, &p, d, &err) != GL_OK) {
                free(d);
                http_reply_gl(req, &err);
                return;
        }
        json_t *o = control_json_decision(d);
        free(d);
        http_reply_json(req, 200, json_pack("{s:o}", "decision", o));
}

/* The refusal: 422 {"error": {"code": "refused", ...}, "decision": DECISION, "explanation":
 * [TEXT]}. */
static void reply_refused(struct http_req *req, const struct gl_error *err,
                          const struct m3_decision *d)
{
        char *text = http_error_body("refused", err->field, err->message);
        json_t *body = text ? json_loads(text, 0, NULL) : NULL;
        free(text);
        json_t *decision = control_json_decision(d);
        if (body == NULL || decision == NULL) {
                json_decref(body);
                json_decref(decision);
                http_reply_error(req, 500, "internal", "", "%s", "out of memory");
                return;
        }
        json_object_set(body, "explanation", json_object_get(decision, "explanation"));
        json_object_set_new(body, "decision", decision);
        http_reply_json(req, 422, body);
}

/* 201 {"id", "control": CONTROL, "decision": DECISION}: in force, or awaiting the leader for a
 * major risk. 422 when the three bans forbid it (nothing written); 400 naming the field (a
 * document: documents[i]...); 403 a role that may not propose. */
void handle_control_propose(struct http_req *req)
{
        struct control_proposal p = proposal_of(req);
        struct http_documents docs = {0};
        if (http_documents_or_reply(req, &docs) != 0)
                return;
        p.docs = docs.items;
        p.ndocs = docs.n;
        struct m3_decision *d = calloc(1, sizeof(*d));
        if (d == NULL) {
                http_documents_free(&docs);
                http_reply_error(req, 500, "internal", "", "%s", "out of memory");
                return;
        }
        int64_t id = 0;
        struct gl_error err = {0};
        int rc = app_control_propose(req->app, req->actor, &p, &id, d, &err);
        http_documents_free(&docs);
        if (rc == GL_ESTATE && d->outcome == M3_REFUSED && d->nlines > 0) {
                reply_refused(req, &err, d);
                free(d);
                return;
        }
        if (rc != GL_OK) {
                free(d);
                http_reply_gl(req, &err);
                return;
        }
        json_t *decision = control_json_decision(d);
        free(d);
        json_t *o = control_of(req, id, p.today, &err);
        if (o == NULL) {
                json_decref(decision);
                http_reply_gl(req, &err);
                return;
        }
        http_reply_json(req, 201,
                        json_pack("{s:I, s:o, s:o}", "id", (json_int_t)id, "control", o, "decision",
                                  decision ? decision : json_null()));
}
