/*
 * Measure 7's release of the government reserve on the procedure engine (政府总量储备释放; the
 * procedure is "m7.release" in the pack). Its opening proposes a pending transfer from the
 * county's reserve — a release to a project or an enterprise, or a listed sale to the market
 * (适时投放) — and names as the case's party the project's builder or the enterprise credited; a
 * second person, a county officer or leader who did not propose it, approves it and it settles
 * (两人审批); it is cancelled with a reason; and when the pack's m7.pending_expiry_working_days
 * pass unapproved, the deadline sweep expires it. The extension keeps the case's transfer
 * (m7_releases); the transfer itself is the ledger's (app/ledger.c), written in the step's
 * transaction.
 */
#include "../core/policy.h"
#include "../store/project_store.h"
#include "app_internal.h"
#include "case.h"
#include "case_hooks.h"
#include "ledger_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

static bool given(const char *v)
{
        return v && v[0];
}

static int db_fail(struct case_ctx *c, const char *what, struct gl_error *err)
{
        return gl_fail(err, GL_EDB, "", "%s失败: %s", what, db_errmsg(c->app->db));
}

struct m7_ext {
        struct ledger_transfer t; /* the case's transfer; id 0 before the opening's effect */
        char from[32];
        struct ledger_transfer_input in; /* an opening's, its texts borrowed from the step */
};

static struct m7_ext *m7(struct case_ctx *c)
{
        return c->ext;
}

/* ---- the extension ---- */

static int m7_load(struct case_ctx *c, struct gl_error *err)
{
        struct m7_ext *x = calloc(1, sizeof(*x));
        if (x == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        c->ext = x;
        if (c->opening)
                return GL_OK;
        int64_t id = 0;
        int rc = ledger_store_release_transfer(c->app->db, c->row->id, &id);
        if (rc == GL_OK)
                rc = ledger_store_get(c->app->db, id, &x->t);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_ESTATE, "", "案件 %lld 缺少储备释放的转移记录",
                               (long long)c->row->id);
        return rc == GL_OK ? GL_OK : db_fail(c, "读取储备释放", err);
}

static int m7_save(struct case_ctx *c, struct gl_error *err)
{
        struct m7_ext *x = m7(c);
        if (c->opening && ledger_store_release_link(c->app->db, c->row->id, x->t.id) != GL_OK)
                return db_fail(c, "保存储备释放", err);
        json_object_set_new(c->audit, "transfer", json_integer((json_int_t)x->t.id));
        json_object_set_new(c->audit, "client_id", json_string(x->t.client_id));
        json_object_set_new(c->audit, "to", json_string(x->t.to));
        json_object_set_new(c->audit, "pollutant", json_string(x->t.pollutant));
        json_object_set_new(c->audit, "grams", json_integer((json_int_t)x->t.grams));
        return GL_OK;
}

static void m7_release(struct case_ctx *c)
{
        free(c->ext);
        c->ext = NULL;
}

/* The second approver is offered the approval, its proposer is not. */
static void m7_filter_offers(struct app *app, const struct actor *who, int64_t case_id,
                             struct case_offer *offers, size_t *n)
{
        int64_t id = 0;
        struct ledger_transfer t;
        if (who == NULL || ledger_store_release_transfer(app->db, case_id, &id) != GL_OK ||
            ledger_store_get(app->db, id, &t) != GL_OK)
                return;
        size_t k = 0;
        for (size_t i = 0; i < *n; i++)
                if (strcmp(offers[i].action->name, "approve") != 0 ||
                    strcmp(t.proposed_by, who->name) != 0)
                        offers[k++] = offers[i];
        *n = k;
}

static int m7_check_pack(const struct policy_pack *pack, const struct procedure *proc,
                         struct gl_error *err)
{
        static const char *const actions[] = {"propose", "approve", "cancel", "expire"};
        for (size_t i = 0; i < GL_ARRAY_LEN(actions); i++)
                if (procedure_action_find(proc, actions[i]) == NULL)
                        return gl_fail(err, GL_EINVAL, "procedures.m7.release.actions",
                                       "procedures.m7.release: the action %s is missing (缺少操作)",
                                       actions[i]);
        if (procedure_deadline_find(proc, "approval") == NULL)
                return gl_fail(
                    err, GL_EINVAL, "procedures.m7.release.deadlines",
                    "procedures.m7.release: the deadline approval is missing (缺少期限)");
        (void)pack;
        return GL_OK;
}

const struct case_extension m7_extension = {.procedure = M7_RELEASE_PROCEDURE,
                                            .audit_entity = "case",
                                            .load = m7_load,
                                            .save = m7_save,
                                            .release = m7_release,
                                            .filter_offers = m7_filter_offers,
                                            .check_pack = m7_check_pack};

/* ---- guards ---- */

static int not_credited(struct gl_error *err)
{
        return gl_fail(err, GL_EINVAL, "to",
                       "措施七：储备只释放至建设项目（project:编号）或企业（enterprise:"
                       "统一社会信用代码） (a release goes to a project or an enterprise)");
}

/* The party: the enterprise credited, or the builder of the project credited, from the registry
 * when it is there. */
static int take_party(struct case_ctx *c, const char *account, struct gl_error *err)
{
        struct ledger_account_ref ref;
        if (!ledger_account_parse(account, &ref, "to", err))
                return err->status;
        char uscc[24] = "", name[256] = "";
        if (ref.kind == LEDGER_ACC_ENTERPRISE) {
                copy(uscc, sizeof(uscc), ref.owner);
        } else if (ref.kind == LEDGER_ACC_PROJECT) {
                struct project_row p;
                int rc = project_store_get(c->app->db, ref.project, &p);
                if (rc == GL_ENOTFOUND)
                        return gl_fail(err, GL_EINVAL, "to",
                                       "措施七：没有建设项目 %lld (no such project)",
                                       (long long)ref.project);
                if (rc != GL_OK)
                        return db_fail(c, "读取建设项目", err);
                copy(uscc, sizeof(uscc), p.v.builder_uscc);
                copy(name, sizeof(name), p.v.builder_name);
        } else {
                return not_credited(err);
        }
        return case_ctx_set_party(c, uscc, name, err);
}

/* m7.may_propose: the fields make a release or a sale out of the county's reserve (checked as the
 * ledger checks a transfer); the party is the one credited. */
static int may_propose(struct case_ctx *c, struct gl_error *err)
{
        struct m7_ext *x = m7(c);
        snprintf(x->from, sizeof(x->from), "reserve:%s",
                 c->pack->division ? c->pack->division : "");
        const char *grams = case_ctx_field(c, "grams");
        const char *price = case_ctx_field(c, "price_fen");
        const char *kind = case_ctx_field(c, "kind");
        x->in = (struct ledger_transfer_input){.client_id = case_ctx_field(c, "client_id"),
                                               .pollutant = case_ctx_field(c, "pollutant"),
                                               .from = x->from,
                                               .to = case_ctx_field(c, "to"),
                                               .grams = grams ? strtoll(grams, NULL, 10) : 0,
                                               .kind = kind,
                                               .day = c->in->today,
                                               .note = case_ctx_field(c, "note"),
                                               .price_fen = -1,
                                               .method = "listed"};
        if (kind && strcmp(kind, "sale") == 0) {
                if (!given(price))
                        return gl_fail(err, GL_EINVAL, "price_fen",
                                       "措施七：挂牌出让须填写挂牌价格（分） (price required)");
                x->in.price_fen = strtoll(price, NULL, 10);
        } else if (given(price)) {
                return gl_fail(err, GL_EINVAL, "price_fen",
                               "措施七：储备释放不收取价格；有价格的是挂牌出让（sale） (a release "
                               "has no price)");
        }
        struct ledger_account_ref to;
        if (given(x->in.to) && ledger_account_parse(x->in.to, &to, "to", err) &&
            to.kind != LEDGER_ACC_PROJECT && to.kind != LEDGER_ACC_ENTERPRISE)
                return not_credited(err);
        /* The transfer's own checks, before the party is looked up; the client id is the
         * effect's (ledger_propose_in_tx), in the same transaction. */
        int rc = ledger_make_transfer(c->app, c->who, &x->in, &x->t, err);
        if (rc != GL_OK)
                return rc;
        return take_party(c, x->in.to, err);
}

/* m7.second_person: the approver is not the proposer (两人审批). */
static int second_person(struct case_ctx *c, struct gl_error *err)
{
        const struct ledger_transfer *t = &m7(c)->t;
        if (strcmp(t->proposed_by, c->who->name) == 0)
                return gl_fail(err, GL_EPERM, "approved_by",
                               "措施七：两人审批规则——提议人 %s 不得批准自己提议的%s "
                               "(two-person rule: the proposer may not approve)",
                               t->proposed_by, ledger_kind_label(t->kind));
        return GL_OK;
}

const struct case_hook m7_guards[] = {
    {"m7.may_propose", may_propose},
    {"m7.second_person", second_person},
    {NULL, NULL},
};

/* ---- effects ---- */

/* Sets the step's reason to the caller's followed by what the ledger did. */
static int explain(struct case_ctx *c, const char *text, struct gl_error *err)
{
        const char *own = c->in->reason;
        int w = snprintf(c->reason_buf, sizeof(c->reason_buf), "%s%s%s", given(own) ? own : "",
                         given(own) ? "。" : "", text);
        if (w < 0 || (size_t)w >= sizeof(c->reason_buf))
                return gl_fail(err, GL_EINVAL, "reason", "理由过长 (too long)");
        c->reason = c->reason_buf;
        return GL_OK;
}

static void tonnes(int64_t grams, char out[32])
{
        snprintf(out, 32, "%lld.%06lld 吨", (long long)(grams / 1000000),
                 (long long)(grams % 1000000));
}

/* m7.propose: the pending transfer, and the explanation of who may approve it and until when. */
static int effect_propose(struct case_ctx *c, struct gl_error *err)
{
        struct m7_ext *x = m7(c);
        int rc = ledger_propose_in_tx(c->app, c->who, &x->in, &x->t, err);
        if (rc != GL_OK)
                return rc;
        int64_t n = 0;
        (void)policy_param_int(c->pack, "m7.pending_expiry_working_days", x->t.day, &n);
        char t[32], d[11], text[480];
        tonnes(x->t.grams, t);
        snprintf(text, sizeof(text),
                 "提议%s%s %s 至 %s（转移 %lld）；须由提议人以外的县分局经办人或分局领导于 %s "
                 "前批准（m7.pending_expiry_working_days：%lld 个工作日），逾期作废",
                 ledger_kind_label(x->t.kind), ledger_pollutant_label_zh(x->t.pollutant), t,
                 x->t.to, (long long)x->t.id, date_format_iso(x->t.expires_on, d), (long long)n);
        return explain(c, text, err);
}

static int effect_settle(struct case_ctx *c, struct gl_error *err)
{
        struct m7_ext *x = m7(c);
        int rc = ledger_settle_in_tx(c->app, c->who, x->t.id, c->in->today, &x->t, err);
        if (rc != GL_OK)
                return rc;
        char t[32], text[320];
        tonnes(x->t.grams, t);
        snprintf(text, sizeof(text), "%s 提议、%s 批准（两人审批），%s %s 已自 %s 记入 %s",
                 x->t.proposed_by, c->who->name, ledger_pollutant_label_zh(x->t.pollutant), t,
                 x->t.from, x->t.to);
        return explain(c, text, err);
}

static int effect_cancel(struct case_ctx *c, struct gl_error *err)
{
        return ledger_end_in_tx(c->app, c->who, m7(c)->t.id, "cancelled", c->in->reason, &m7(c)->t,
                                err);
}

static int effect_expire(struct case_ctx *c, struct gl_error *err)
{
        int rc = ledger_end_in_tx(
            c->app, c->who, m7(c)->t.id, "expired",
            "逾期未批准（m7.pending_expiry_working_days）(expired unapproved)", &m7(c)->t, err);
        if (rc != GL_OK)
                return rc;
        return given(c->in->reason)
                   ? GL_OK
                   : explain(c, "逾期未批准，转移作废（m7.pending_expiry_working_days）", err);
}

const struct case_hook m7_effects[] = {
    {"m7.propose", effect_propose},
    {"m7.settle", effect_settle},
    {"m7.cancel", effect_cancel},
    {"m7.expire", effect_expire},
    {NULL, NULL},
};

const struct case_length_hook m7_lengths[] = {
    {NULL, NULL},
};

/* ---- the use case ---- */

int m7_release_open(struct app *app, const struct actor *who,
                    const struct ledger_transfer_input *in, int64_t *case_id, struct gl_error *err)
{
        char reserve[32];
        snprintf(reserve, sizeof(reserve), "reserve:%s",
                 app->pack->division ? app->pack->division : "");
        if (given(in->from) && strcmp(in->from, reserve) != 0)
                return gl_fail(err, GL_EINVAL, "from",
                               "措施七：储备释放、挂牌出让只出自本县政府总量储备 %s (a release "
                               "comes from the county's reserve)",
                               reserve);
        char grams[24], price[24];
        snprintf(grams, sizeof(grams), "%lld", (long long)in->grams);
        snprintf(price, sizeof(price), "%lld", (long long)in->price_fen);
        const char *kind = given(in->kind) ? in->kind : "release";
        struct case_field f[7];
        size_t n = 0;
        f[n++] = (struct case_field){"kind", kind};
        f[n++] = (struct case_field){"to", in->to};
        f[n++] = (struct case_field){"pollutant", in->pollutant};
        f[n++] = (struct case_field){"grams", grams};
        f[n++] = (struct case_field){"client_id", in->client_id};
        if (in->price_fen >= 0)
                f[n++] = (struct case_field){"price_fen", price};
        if (given(in->note))
                f[n++] = (struct case_field){"note", in->note};
        struct case_step_input step = {.action = "propose",
                                       .fields = f,
                                       .nfields = n,
                                       .today =
                                           in->day != GL_DATE_NONE ? in->day : app_today_local()};
        return app_case_open(app, who, M7_RELEASE_PROCEDURE, NULL, &step, case_id, err);
}
