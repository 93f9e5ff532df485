/*
 * Measure 7's ledger (app/ledger.h): every write one transaction with its audit record; the
 * entries of a transfer are written only where it settles, both in that transaction.
 */
#include "ledger.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/calendar.h"
#include "../core/policy.h"
#include "app_internal.h"
#include "../io/csv.h"
#include "audit.h"
#include "scope.h"
#include "case.h"
#include "ledger_internal.h"
#include "project.h"

static int dbfail(struct app *app, struct gl_error *err, const char *what)
{
        return gl_fail(err, GL_EDB, "", "%s失败: %s", what, db_errmsg(app->db));
}

static bool may_write(const struct actor *who)
{
        return who->role == ROLE_COUNTY_OFFICER || who->role == ROLE_COUNTY_LEADER ||
               who->role == ROLE_ADMIN || who->role == ROLE_SYSTEM;
}

static int need_write(const struct actor *who, struct gl_error *err)
{
        if (!may_write(who))
                return gl_fail(err, GL_EPERM, "role",
                               "措施七：排污权账本仅由县分局经办人、分局领导或管理员记账 (only the "
                               "county branch writes the ledger)");
        return GL_OK;
}

static const char *county(const struct app *app)
{
        return app_home_division(app);
}

int ledger_pollutants(const struct policy_pack *pack, gl_date day,
                      const char *codes[LEDGER_POLLUTANTS_MAX], size_t *n, struct gl_error *err)
{
        *n = 0;
        const struct policy_value *v = policy_param_value(pack, "m7.pollutants", day);
        if (v == NULL || v->kind != POLICY_LIST)
                return gl_fail(err, GL_ENOTFOUND, "pollutant",
                               "措施七：政策包在该日没有 m7.pollutants (no m7.pollutants then)");
        for (size_t i = 0; i < v->nlist && *n < LEDGER_POLLUTANTS_MAX; i++)
                if (ledger_pollutant_known(v->list[i]))
                        codes[(*n)++] = v->list[i];
        return GL_OK;
}

int app_ledger_pollutants(struct app *app, const struct actor *who, gl_date day,
                          const char *codes[LEDGER_POLLUTANTS_MAX], size_t *n, struct gl_error *err)
{
        return ledger_pollutants(app_scope_pack(app, who), day, codes, n, err);
}

const struct policy_pack *ledger_transfer_pack(struct app *app, const char *from)
{
        char division[7];
        return app_pack_for(app,
                            from && ledger_account_division(app, from, division) ? division : NULL);
}

static int check_pollutant(const struct policy_pack *pack, const char *code, gl_date day,
                           struct gl_error *err)
{
        if (code == NULL || !ledger_pollutant_known(code) ||
            !policy_param_list_has(pack, "m7.pollutants", day, code))
                return gl_fail(err, GL_EINVAL, "pollutant",
                               "措施七：污染物“%s”不在该日的账本污染物（m7.pollutants）之中 "
                               "(pollutant not in m7.pollutants)",
                               code != NULL ? code : "");
        return GL_OK;
}

struct figures {
        int64_t balance, pending, pledged, expired, available;
};

static int figures_of(struct app *app, const char *account, const char *pollutant, gl_date today,
                      struct figures *f)
{
        memset(f, 0, sizeof(*f));
        int rc = ledger_store_balance(app->db, account, pollutant, &f->balance);
        if (rc == GL_OK)
                rc = ledger_store_pending_out(app->db, account, pollutant, &f->pending);
        if (rc == GL_OK)
                rc = ledger_store_pledged(app->db, account, pollutant, &f->pledged);
        if (rc == GL_OK)
                rc = ledger_store_expired_rights(app->db, account, pollutant, today, &f->expired);
        /* Expired rights count only as far as the account still holds them. */
        int64_t rest = f->balance - f->pending - f->pledged;
        if (f->expired > rest)
                f->expired = rest > 0 ? rest : 0;
        f->available = ledger_available(f->balance, f->pending, f->pledged, f->expired);
        return rc;
}

int ledger_available_grams(struct app *app, const char *account, const char *pollutant, gl_date day,
                           int64_t *out)
{
        struct figures f;
        int rc = figures_of(app, account, pollutant, day, &f);
        if (rc == GL_OK)
                *out = f.available;
        return rc;
}

static void digest_of(const struct ledger_transfer *t, char out[65])
{
        char text[1400];
        snprintf(text, sizeof(text), "%s|%s|%s|%lld|%s|%d|%lld|%s|%s", t->pollutant, t->from, t->to,
                 (long long)t->grams, t->kind, (int)t->day, (long long)t->price_fen, t->method,
                 t->note);
        unsigned char h[32];
        crypto_generichash(h, sizeof(h), (const unsigned char *)text, strlen(text), NULL, 0);
        gl_hex_encode(h, sizeof(h), out);
}

static int audit_transfer(struct app *app, const struct actor *who, const char *action,
                          const struct ledger_transfer *t, struct gl_error *err)
{
        json_t *o =
            json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:s,s:s}", "id", (json_int_t)t->id, "client_id",
                      t->client_id, "pollutant", t->pollutant, "from", t->from, "to", t->to,
                      "grams", (json_int_t)t->grams, "kind", t->kind, "state", t->state);
        char *text = o != NULL ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(o);
        if (text == NULL)
                return gl_fail(err, GL_ENOMEM, "", "内存不足");
        char key[24];
        snprintf(key, sizeof(key), "%lld", (long long)t->id);
        int rc = audit_append(app, who, action, "ledger_transfer", key, text, err);
        free(text);
        return rc;
}

/* The checks of a transfer that moves grams out of t->from now, inside the transaction. */
static int check_settle(struct app *app, const struct ledger_transfer *t, bool pending_counted,
                        struct gl_error *err)
{
        struct ledger_account_ref from, to;
        if (!ledger_account_parse(t->from, &from, "from", err) ||
            !ledger_account_parse(t->to, &to, "to", err))
                return err->status;
        if (from.kind == LEDGER_ACC_PROJECT || to.kind == LEDGER_ACC_PROJECT) {
                int rc = ledger_project_order_check(
                    app, from.kind == LEDGER_ACC_PROJECT ? from.project : to.project, t->kind,
                    t->pollutant, t->day, NULL, err);
                if (rc != GL_OK)
                        return rc;
        }
        if (strcmp(t->kind, "trade") == 0 && to.kind == LEDGER_ACC_ENTERPRISE) {
                char number[128];
                int rc = ledger_store_order_to_correct(app->db, to.owner, number);
                if (rc == GL_OK)
                        return gl_fail(err, GL_ESTATE, "buyer",
                                       "措施七：买方 %s 正处于责令改正期间（案件 %s，措施二），"
                                       "不得受让排污权 (the buyer is under an order to correct: "
                                       "case %s)",
                                       t->to, number, number);
                if (rc != GL_ENOTFOUND)
                        return dbfail(app, err, "读取执法案件");
        }
        if (from.kind == LEDGER_ACC_ORIGIN)
                return GL_OK;
        struct figures f;
        if (figures_of(app, t->from, t->pollutant, t->day, &f) != GL_OK)
                return dbfail(app, err, "读取余额");
        int64_t avail = f.available + (pending_counted ? t->grams : 0);
        if (avail >= t->grams)
                return GL_OK;
        if (f.pledged > 0 && avail + f.pledged >= t->grams) {
                struct ledger_pledge p;
                if (ledger_store_pledge_standing(app->db, t->from, t->pollutant, &p) == GL_OK)
                        return gl_fail(err, GL_ESTATE, "grams",
                                       "措施七：账户 %s 的%s有 %lld 克已质押给“%s”（质押 %lld），"
                                       "可用 %lld 克，不足所需 %lld 克 (pledged: pledge %lld)",
                                       t->from, ledger_pollutant_label_zh(t->pollutant),
                                       (long long)f.pledged, p.pledgee, (long long)p.id,
                                       (long long)avail, (long long)t->grams, (long long)p.id);
        }
        return ledger_refuse_insufficient(err, t->from, t->pollutant, avail, t->grams);
}

/* Settles t: its two entries are dated on (the day it settles: a pending transfer's approval). */
static int settle(struct app *app, struct ledger_transfer *t, const char *approved_by, gl_date on,
                  struct gl_error *err)
{
        app_now_iso(t->settled_at);
        snprintf(t->state, sizeof(t->state), "settled");
        if (approved_by != NULL)
                snprintf(t->approved_by, sizeof(t->approved_by), "%s", approved_by);
        if (ledger_store_set_state(app->db, t->id, "settled", approved_by, t->settled_at, NULL) !=
                GL_OK ||
            ledger_store_post(app->db, t, on != GL_DATE_NONE ? on : t->day) != GL_OK)
                return dbfail(app, err, "记账");
        return GL_OK;
}

static bool client_id_ok(const char *s)
{
        size_t n = s != NULL ? strlen(s) : 0;
        if (n == 0 || n > LEDGER_CLIENT_ID_MAX)
                return false;
        for (size_t i = 0; i < n; i++)
                if (s[i] <= ' ' || s[i] > '~')
                        return false;
        return true;
}

int ledger_make_transfer(struct app *app, const struct actor *who,
                         const struct ledger_transfer_input *in, struct ledger_transfer *t,
                         struct gl_error *err)
{
        memset(t, 0, sizeof(*t));
        if (!client_id_ok(in->client_id))
                return gl_fail(err, GL_EINVAL, "client_id",
                               "措施七：须填写转移编号 client_id（1～64 个可见 ASCII 字符） "
                               "(client_id required)");
        t->day = in->day != GL_DATE_NONE ? in->day : app_today_local();
        const struct policy_pack *pack = ledger_transfer_pack(app, in->from);
        int rc = check_pollutant(pack, in->pollutant, t->day, err);
        if (rc != GL_OK)
                return rc;
        struct ledger_account_ref from, to;
        if (!ledger_account_parse(in->from, &from, "from", err) ||
            !ledger_account_parse(in->to, &to, "to", err))
                return err->status;
        if (strcmp(in->from, in->to) == 0)
                return gl_fail(err, GL_EINVAL, "to", "措施七：转出与转入账户相同 (same account)");
        /* Both accounts within the actor's sight (app/ledger_read.c's rule), and what is debited
         * within its own jurisdiction: a county moves no city's or other county's rights. */
        char debited[7];
        if (!ledger_sees_account(app, who, in->from))
                return gl_fail(err, GL_ENOTFOUND, "from", "措施七：没有账户 %s", in->from);
        if (!ledger_account_division(app, in->from, debited) ||
            !app_scope_covers(app, who, debited))
                return gl_fail(err, GL_EPERM, "from",
                               "措施七：账户 %s 不在您的辖区 %s 内 (outside your jurisdiction)",
                               in->from, who->division);
        if (!ledger_sees_account(app, who, in->to))
                return gl_fail(err, GL_ENOTFOUND, "to", "措施七：没有账户 %s", in->to);
        if (in->grams <= 0)
                return gl_fail(err, GL_EINVAL, "grams",
                               "措施七：转移量须为正整数克 (grams must be positive)");
        const char *kind =
            in->kind != NULL && *in->kind ? in->kind : ledger_kind_infer(from.kind, to.kind);
        if (kind == NULL)
                return gl_fail(err, GL_EINVAL, "kind",
                               "措施七：%s→%s 没有可用的转移类别 (no kind between these accounts)",
                               in->from, in->to);
        if (!ledger_kind_allowed(kind, from.kind, to.kind, err))
                return err->status;
        snprintf(t->client_id, sizeof(t->client_id), "%s", in->client_id);
        snprintf(t->pollutant, sizeof(t->pollutant), "%s", in->pollutant);
        snprintf(t->from, sizeof(t->from), "%s", in->from);
        snprintf(t->to, sizeof(t->to), "%s", in->to);
        snprintf(t->kind, sizeof(t->kind), "%s", kind);
        t->grams = in->grams;
        t->price_fen = -1;
        t->expires_on = t->valid_until = GL_DATE_NONE;
        if (ledger_kind_priced(kind)) {
                if (in->price_fen < 0)
                        return gl_fail(err, GL_EINVAL, "price_fen",
                                       "措施七：交易、挂牌出让须填写价格（分） (price required)");
                t->price_fen = in->price_fen;
                const char *method = strcmp(kind, "sale") == 0 ? "listed" : in->method;
                if (!ledger_method_known(method))
                        return gl_fail(err, GL_EINVAL, "method",
                                       "措施七：交易方式应为 bidding（竞价）、negotiated（协议）或 "
                                       "listed（挂牌） (method)");
                snprintf(t->method, sizeof(t->method), "%s", method);
        }
        const char *note = in->note != NULL ? in->note : "";
        if (in->reduction_project != NULL && *in->reduction_project)
                note = in->reduction_project;
        if (strlen(note) > LEDGER_NOTE_MAX)
                return gl_fail(err, GL_EINVAL, "note", "措施七：备注过长 (note too long)");
        snprintf(t->note, sizeof(t->note), "%s", note);
        if (strcmp(kind, "confirmation") == 0) {
                int64_t years = 5;
                if (policy_param_int(pack, "m7.rights_validity_years", t->day, &years) != GL_OK)
                        years = 5;
                t->valid_until = ledger_valid_until(t->day, (int)years);
        }
        snprintf(t->proposed_by, sizeof(t->proposed_by), "%s", who->name);
        digest_of(t, t->digest);
        app_now_iso(t->created_at);
        if (ledger_kind_pending(kind)) {
                int64_t n = 10;
                if (policy_param_int(pack, "m7.pending_expiry_working_days", t->day, &n) != GL_OK)
                        n = 10;
                t->expires_on = calendar_add_working_days(app->cal, t->day, (int)n, NULL);
                snprintf(t->state, sizeof(t->state), "pending");
        } else {
                snprintf(t->state, sizeof(t->state), "settled");
        }
        return GL_OK;
}

/* A transfer of t's client id already written: GL_OK with it in *out and *replayed when its
 * content is t's, GL_ECONFLICT naming client_id when it is another's, GL_ENOTFOUND when there is
 * none (*replayed false). */
static int replay_of(struct app *app, const struct ledger_transfer *t, struct ledger_transfer *out,
                     bool *replayed, struct gl_error *err)
{
        struct ledger_transfer old;
        *replayed = false;
        int rc = ledger_store_by_client(app->db, t->client_id, &old);
        if (rc == GL_ENOTFOUND)
                return rc;
        if (rc != GL_OK)
                return dbfail(app, err, "读取转移");
        if (strcmp(old.digest, t->digest) != 0)
                return gl_fail(err, GL_ECONFLICT, "client_id",
                               "措施七：转移编号 %s 已用于内容不同的转移（编号 %lld） "
                               "(client_id used for another transfer)",
                               t->client_id, (long long)old.id);
        *out = old;
        *replayed = true;
        return GL_OK;
}

/* Inside the caller's transaction. */
static int transfer_in_tx(struct app *app, const struct actor *who,
                          const struct ledger_transfer_input *in, struct ledger_transfer *out,
                          bool *replayed, struct gl_error *err)
{
        struct ledger_transfer t;
        *replayed = false;
        int rc = ledger_make_transfer(app, who, in, &t, err);
        if (rc != GL_OK)
                return rc;
        if ((rc = replay_of(app, &t, out, replayed, err)) != GL_ENOTFOUND)
                return rc;
        if (ledger_kind_pending(t.kind))
                return gl_fail(err, GL_EINVAL, "kind",
                               "措施七：储备释放、挂牌出让是办理程序 %s 的案件，须逐笔提议，"
                               "不在批量记账中 (a release or a sale is proposed one by one)",
                               M7_RELEASE_PROCEDURE);
        rc = check_settle(app, &t, false, err);
        if (rc != GL_OK)
                return rc;
        snprintf(t.state, sizeof(t.state), "pending");
        if (ledger_store_insert(app->db, &t, &t.id) != GL_OK)
                return dbfail(app, err, "写入转移");
        if ((rc = settle(app, &t, NULL, t.day, err)) != GL_OK)
                return rc;
        rc = audit_transfer(app, who, "ledger.transfer", &t, err);
        if (rc == GL_OK)
                *out = t;
        return rc;
}

int ledger_propose_in_tx(struct app *app, const struct actor *who,
                         const struct ledger_transfer_input *in, struct ledger_transfer *out,
                         struct gl_error *err)
{
        struct ledger_transfer t, old;
        int rc = ledger_make_transfer(app, who, in, &t, err);
        if (rc != GL_OK)
                return rc;
        if (!ledger_kind_pending(t.kind))
                return gl_fail(err, GL_EINVAL, "kind",
                               "措施七：只有储备释放（release）和挂牌出让（sale）待第二人批准 "
                               "(only a release or a sale is proposed)");
        rc = ledger_store_by_client(app->db, t.client_id, &old);
        if (rc == GL_OK)
                return gl_fail(err, GL_ECONFLICT, "client_id",
                               "措施七：转移编号 %s 已用于转移 %lld (client_id already used)",
                               t.client_id, (long long)old.id);
        if (rc != GL_ENOTFOUND)
                return dbfail(app, err, "读取转移");
        if ((rc = check_settle(app, &t, false, err)) != GL_OK)
                return rc;
        if (ledger_store_insert(app->db, &t, &t.id) != GL_OK)
                return dbfail(app, err, "写入转移");
        rc = audit_transfer(app, who, "ledger.propose", &t, err);
        if (rc == GL_OK)
                *out = t;
        return rc;
}

static int finish_tx(struct app *app, int rc, struct gl_error *err)
{
        if (rc != GL_OK) {
                app_rollback(app);
                return rc;
        }
        return app_commit(app, err);
}

int app_ledger_transfer(struct app *app, const struct actor *who,
                        const struct ledger_transfer_input *in, struct ledger_transfer *out,
                        bool *replayed, struct gl_error *err)
{
        int rc = need_write(who, err);
        if (rc != GL_OK)
                return rc;
        struct ledger_transfer t;
        if ((rc = ledger_make_transfer(app, who, in, &t, err)) != GL_OK)
                return rc;
        if (ledger_kind_pending(t.kind)) {
                /* A release or a sale is a case of m7.release: its opening proposes it. */
                if ((rc = replay_of(app, &t, out, replayed, err)) != GL_ENOTFOUND)
                        return rc;
                int64_t case_id;
                if ((rc = m7_release_open(app, who, in, &case_id, err)) != GL_OK)
                        return rc;
                if (ledger_store_by_client(app->db, t.client_id, out) != GL_OK)
                        return dbfail(app, err, "读取转移");
                return GL_OK;
        }
        if ((rc = app_begin(app, err)) != GL_OK)
                return rc;
        rc = transfer_in_tx(app, who, in, out, replayed, err);
        return finish_tx(app, rc, err);
}

int app_ledger_reduction(struct app *app, const struct actor *who, const char *client_id,
                         const char *pollutant, int64_t grams, const char *project,
                         gl_date verified_on, struct ledger_transfer *out, bool *replayed,
                         struct gl_error *err)
{
        if (project == NULL || *project == '\0')
                return gl_fail(err, GL_EINVAL, "project",
                               "措施七：须填写核定减排的减排工程 (reduction project required)");
        char from[32], to[32];
        snprintf(from, sizeof(from), "origin:%s", county(app));
        snprintf(to, sizeof(to), "reserve:%s", county(app));
        struct ledger_transfer_input in = {.client_id = client_id,
                                           .pollutant = pollutant,
                                           .from = from,
                                           .to = to,
                                           .grams = grams,
                                           .kind = "reduction",
                                           .day = verified_on,
                                           .price_fen = -1,
                                           .reduction_project = project};
        return app_ledger_transfer(app, who, &in, out, replayed, err);
}

int app_ledger_trade(struct app *app, const struct actor *who, const char *client_id,
                     const char *pollutant, const char *seller, const char *buyer, int64_t grams,
                     int64_t price_fen, const char *method, gl_date day,
                     struct ledger_transfer *out, bool *replayed, struct gl_error *err)
{
        struct ledger_transfer_input in = {.client_id = client_id,
                                           .pollutant = pollutant,
                                           .from = seller,
                                           .to = buyer,
                                           .grams = grams,
                                           .kind = "trade",
                                           .day = day,
                                           .price_fen = price_fen,
                                           .method = method};
        return app_ledger_transfer(app, who, &in, out, replayed, err);
}

int app_ledger_sale(struct app *app, const struct actor *who, const char *client_id,
                    const char *pollutant, const char *buyer, int64_t grams, int64_t price_fen,
                    gl_date day, struct ledger_transfer *out, bool *replayed, struct gl_error *err)
{
        char from[32];
        snprintf(from, sizeof(from), "reserve:%s", county(app));
        struct ledger_transfer_input in = {.client_id = client_id,
                                           .pollutant = pollutant,
                                           .from = from,
                                           .to = buyer,
                                           .grams = grams,
                                           .kind = "sale",
                                           .day = day,
                                           .price_fen = price_fen,
                                           .method = "listed"};
        return app_ledger_transfer(app, who, &in, out, replayed, err);
}

bool app_ledger_may_approve(const struct actor *who, const struct ledger_transfer *t)
{
        bool role = who->role == ROLE_COUNTY_OFFICER || who->role == ROLE_COUNTY_LEADER ||
                    who->role == ROLE_SYSTEM;
        return role && strcmp(t->state, "pending") == 0 && strcmp(t->proposed_by, who->name) != 0;
}

bool app_ledger_may_cancel(const struct actor *who, const struct ledger_transfer *t)
{
        return may_write(who) && strcmp(t->state, "pending") == 0;
}

static int load_pending(struct app *app, int64_t id, struct ledger_transfer *t,
                        struct gl_error *err)
{
        int rc = ledger_store_get(app->db, id, t);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_ENOTFOUND, "id", "措施七：没有转移 %lld", (long long)id);
        if (rc != GL_OK)
                return dbfail(app, err, "读取转移");
        if (strcmp(t->state, "pending") != 0)
                return gl_fail(err, GL_ESTATE, "state",
                               "措施七：转移 %lld 状态为 %s，不在待批准中 (not pending)",
                               (long long)id, t->state);
        return GL_OK;
}

int ledger_settle_in_tx(struct app *app, const struct actor *who, int64_t id, gl_date today,
                        struct ledger_transfer *out, struct gl_error *err)
{
        struct ledger_transfer t;
        int rc = load_pending(app, id, &t, err);
        if (rc == GL_OK &&
            (!ledger_sees_account(app, who, t.from) || !ledger_sees_account(app, who, t.to)))
                rc = gl_fail(err, GL_ENOTFOUND, "id", "措施七：没有转移 %lld", (long long)id);
        if (rc == GL_OK && strcmp(t.proposed_by, who->name) == 0)
                rc = gl_fail(err, GL_EPERM, "approved_by",
                             "措施七：两人审批规则——提议人 %s 不得批准自己提议的转移 "
                             "(two-person rule: the proposer may not approve)",
                             t.proposed_by);
        if (rc == GL_OK && today != GL_DATE_NONE && t.expires_on != GL_DATE_NONE &&
            today > t.expires_on) {
                char d[11];
                rc = gl_fail(err, GL_ESTATE, "expires_on",
                             "措施七：转移 %lld 已于 %s 过期（m7.pending_expiry_working_days），"
                             "不得批准 (expired)",
                             (long long)id, date_format_iso(t.expires_on, d));
        }
        if (rc == GL_OK)
                rc = check_settle(app, &t, true, err);
        if (rc == GL_OK)
                rc = settle(app, &t, who->name, today, err);
        if (rc == GL_OK)
                rc = audit_transfer(app, who, "ledger.approve", &t, err);
        if (rc == GL_OK && out != NULL)
                *out = t;
        return rc;
}

int ledger_end_in_tx(struct app *app, const struct actor *who, int64_t id, const char *state,
                     const char *reason, struct ledger_transfer *out, struct gl_error *err)
{
        struct ledger_transfer t;
        int rc = load_pending(app, id, &t, err);
        if (rc == GL_OK &&
            (!ledger_sees_account(app, who, t.from) || !ledger_sees_account(app, who, t.to)))
                rc = gl_fail(err, GL_ENOTFOUND, "id", "措施七：没有转移 %lld", (long long)id);
        if (rc == GL_OK && ledger_store_set_state(app->db, id, state, NULL, NULL, reason) != GL_OK)
                rc = dbfail(app, err, "结束转移");
        if (rc == GL_OK) {
                snprintf(t.state, sizeof(t.state), "%s", state);
                snprintf(t.reason, sizeof(t.reason), "%s", reason);
                rc = audit_transfer(
                    app, who, strcmp(state, "expired") == 0 ? "ledger.expire" : "ledger.cancel", &t,
                    err);
        }
        if (rc == GL_OK && out != NULL)
                *out = t;
        return rc;
}

/* The m7.release case of transfer id: GL_OK with *case_id, GL_ENOTFOUND when it has none (a
 * transfer proposed before the procedure, schema 21), or GL_EDB. */
static int case_of(struct app *app, int64_t id, int64_t *case_id, struct gl_error *err)
{
        int rc = ledger_store_release_case(app->db, id, case_id);
        if (rc != GL_OK && rc != GL_ENOTFOUND)
                return dbfail(app, err, "读取储备释放案件");
        return rc;
}

/* Takes action on the case of transfer id, or, for a transfer without one, runs legacy in a
 * transaction of its own; *out the transfer after. */
static int step_transfer(struct app *app, const struct actor *who, int64_t id, const char *action,
                         const char *reason, gl_date today, struct ledger_transfer *out,
                         struct gl_error *err)
{
        int64_t case_id = 0;
        int rc = case_of(app, id, &case_id, err);
        if (rc == GL_OK) {
                struct case_step_input in = {.action = action,
                                             .reason = reason,
                                             .today =
                                                 today != GL_DATE_NONE ? today : app_today_local()};
                rc = app_case_step(app, who, case_id, &in, err);
        } else if (rc == GL_ENOTFOUND) {
                if ((rc = app_begin(app, err)) != GL_OK)
                        return rc;
                if (strcmp(action, "approve") == 0)
                        rc = ledger_settle_in_tx(app, who, id, today, NULL, err);
                else
                        rc = ledger_end_in_tx(
                            app, who, id, strcmp(action, "expire") == 0 ? "expired" : "cancelled",
                            reason, NULL, err);
                rc = finish_tx(app, rc, err);
        }
        if (rc == GL_OK && out != NULL && ledger_store_get(app->db, id, out) != GL_OK)
                rc = dbfail(app, err, "读取转移");
        return rc;
}

int app_ledger_approve(struct app *app, const struct actor *who, int64_t id, gl_date today,
                       struct ledger_transfer *out, struct gl_error *err)
{
        if (who->role != ROLE_COUNTY_OFFICER && who->role != ROLE_COUNTY_LEADER &&
            who->role != ROLE_SYSTEM)
                return gl_fail(err, GL_EPERM, "role",
                               "措施七：储备释放、挂牌出让须由县分局经办人或分局领导批准 "
                               "(two-person rule: county officer or leader approves)");
        struct ledger_transfer t;
        int rc = load_pending(app, id, &t, err);
        if (rc != GL_OK)
                return rc;
        return step_transfer(app, who, id, "approve", NULL, today, out, err);
}

int app_ledger_cancel(struct app *app, const struct actor *who, int64_t id, const char *reason,
                      struct ledger_transfer *out, struct gl_error *err)
{
        int rc = need_write(who, err);
        if (rc != GL_OK)
                return rc;
        if (reason == NULL || *reason == '\0' || strlen(reason) > LEDGER_NOTE_MAX)
                return gl_fail(err, GL_EINVAL, "reason",
                               "措施七：须填写撤销理由 (reason required)");
        struct ledger_transfer t;
        if ((rc = load_pending(app, id, &t, err)) != GL_OK)
                return rc;
        return step_transfer(app, who, id, "cancel", reason, GL_DATE_NONE, out, err);
}

struct due_ids {
        gl_date today;
        int64_t *ids;
        size_t n, cap;
};

static int collect_expired(const struct ledger_transfer *t, void *p)
{
        struct due_ids *d = p;
        if (t->expires_on == GL_DATE_NONE || d->today <= t->expires_on)
                return 0;
        if (d->n == d->cap) {
                size_t cap = d->cap ? d->cap * 2 : 16;
                int64_t *n = realloc(d->ids, cap * sizeof(*n));
                if (n == NULL)
                        return GL_ENOMEM;
                d->ids = n;
                d->cap = cap;
        }
        d->ids[d->n++] = t->id;
        return 0;
}

int app_ledger_expire(struct app *app, const struct actor *who, gl_date today, int64_t *count,
                      struct gl_error *err)
{
        *count = 0;
        int rc = need_write(who, err);
        if (rc != GL_OK)
                return rc;
        struct due_ids d = {.today = today};
        struct ledger_store_query q = {.state = "pending", .oldest_first = true};
        rc = ledger_store_transfers(app->db, &q, collect_expired, &d);
        if (rc != GL_OK) {
                free(d.ids);
                return rc == GL_ENOMEM ? gl_fail(err, GL_ENOMEM, "", "内存不足")
                                       : dbfail(app, err, "读取待批准转移");
        }
        /* The procedure's expiry is the system's step (as the deadline sweep takes it). */
        struct actor sys = {.role = ROLE_SYSTEM};
        snprintf(sys.name, sizeof(sys.name), "%s", who->role == ROLE_SYSTEM ? who->name : "system");
        for (size_t i = 0; i < d.n && rc == GL_OK; i++) {
                rc = step_transfer(
                    app, &sys, d.ids[i], "expire",
                    "逾期未批准（m7.pending_expiry_working_days）(expired unapproved)", today, NULL,
                    err);
                if (rc == GL_OK)
                        (*count)++;
        }
        free(d.ids);
        return rc;
}

/* Whether step (a code of m7.procedure_order) is done for the project on the way to pollutant's
 * rights: the totals review passed (or the project needs none), its EIA approved, its account
 * holding what the review found it needs (the trade completed). */
static const char *order_step_label(const char *step)
{
        if (strcmp(step, "totals_review") == 0)
                return "总量审核";
        if (strcmp(step, "eia_approval") == 0)
                return "环评审批";
        if (strcmp(step, "trade") == 0)
                return "完成交易";
        return "确权";
}

static int order_step_done(struct app *app, int64_t project_id, const struct project_stage *st,
                           const char *step, const char *pollutant, bool *done,
                           struct ledger_lines *expl)
{
        enum pollutant p = pollutant_from_code(pollutant);
        int64_t need = p < POLLUTANT_COUNT_ ? st->need_g[p] : 0;
        if (strcmp(step, "totals_review") == 0) {
                *done = st->infrastructure || st->totals_reviewed;
        } else if (strcmp(step, "eia_approval") == 0) {
                *done = st->eia_approved;
        } else if (strcmp(step, "trade") == 0) {
                char account[LEDGER_ACCOUNT_MAX + 1];
                snprintf(account, sizeof(account), "project:%lld", (long long)project_id);
                int64_t held = 0;
                if (ledger_store_balance(app->db, account, pollutant, &held) != GL_OK)
                        return GL_EDB;
                *done = st->infrastructure || held >= need;
        } else {
                *done = false; /* the confirmation itself: never before another step */
        }
        if (expl != NULL)
                ledger_lines_add(expl, "措施七程序顺序（m7.procedure_order）：%s%s", step,
                                 *done ? "已完成" : "未完成");
        return GL_OK;
}

int ledger_project_order_check(struct app *app, int64_t project_id, const char *kind,
                               const char *pollutant, gl_date day, struct ledger_lines *expl,
                               struct gl_error *err)
{
        static const char *const known[] = {"totals_review", "eia_approval", "trade",
                                            "confirmation"};
        /* The order of the project's county's pack. */
        char division[7] = "";
        struct project_row p;
        if (project_store_get(app->db, project_id, &p) == GL_OK)
                snprintf(division, sizeof(division), "%s", p.division);
        const struct policy_value *v =
            policy_param_value(app_pack_for(app, division), "m7.procedure_order", day);
        if (v == NULL || v->kind != POLICY_LIST || v->nlist == 0)
                return gl_fail(
                    err, GL_EINVAL, "m7.procedure_order",
                    "措施七：政策包未列出 m7.procedure_order（总量审核、环评审批、完成交易、"
                    "确权的顺序）");
        for (size_t i = 0; i < v->nlist; i++) {
                bool ok = false;
                for (size_t k = 0; k < GL_ARRAY_LEN(known); k++)
                        ok = ok || strcmp(v->list[i], known[k]) == 0;
                if (!ok)
                        return gl_fail(
                            err, GL_EINVAL, "m7.procedure_order",
                            "措施七：m7.procedure_order 第 %zu 项“%s”不是 totals_review、"
                            "eia_approval、trade、confirmation 之一",
                            i + 1, v->list[i]);
        }
        struct project_stage st;
        int rc = app_project_stage(app, project_id, &st, err);
        if (rc != GL_OK)
                return rc == GL_ENOTFOUND
                           ? gl_fail(err, GL_EINVAL, "project",
                                     "措施七：建设项目 %lld 不存在 (no such construction project)",
                                     (long long)project_id)
                           : rc;
        /* A transfer into the project completes its trade; one out of it confirms its rights, to
         * its builder. Every step the order puts before it must be done. */
        const char *step = strcmp(kind, "confirmation") == 0 ? "confirmation" : "trade";
        for (size_t i = 0; i < v->nlist && strcmp(v->list[i], step) != 0; i++) {
                bool done = false;
                if (order_step_done(app, project_id, &st, v->list[i], pollutant, &done, expl) !=
                    GL_OK)
                        return gl_fail(err, GL_EDB, "", "措施七：读取建设项目账户失败");
                if (done)
                        continue;
                return gl_fail(err, GL_ESTATE, "project",
                               "措施七：建设项目 %lld 尚未完成“%s”，按 m7.procedure_order（%s）"
                               "不得%s (measure 7's order: %s comes first)",
                               (long long)project_id, order_step_label(v->list[i]),
                               "总量审核→环评审批→完成交易→确权",
                               strcmp(step, "trade") == 0 ? "完成交易" : "确权", v->list[i]);
        }
        return GL_OK;
}

int app_ledger_batch(struct app *app, const struct actor *who, const char *path, int64_t *count,
                     struct gl_error *err)
{
        *count = 0;
        int rc = need_write(who, err);
        if (rc != GL_OK)
                return rc;
        struct csv_reader *r;
        if ((rc = csv_open_file(path, NULL, CSV_ENCODING_UTF8, &r, err)) != GL_OK)
                return rc;
        if ((rc = app_begin(app, err)) != GL_OK) {
                csv_close(r);
                return rc;
        }
        struct csv_record rec;
        bool header = true;
        int got;
        while ((got = csv_next(r, &rec, err)) == 1) {
                if (header) {
                        header = false;
                        if (strcmp(rec.fields[0], "client_id") == 0)
                                continue;
                }
                if (rec.nfields == 1 && rec.fields[0][0] == '\0')
                        continue;
                const char *f[10] = {0};
                for (size_t i = 0; i < 10; i++)
                        f[i] = i < rec.nfields ? rec.fields[i] : "";
                struct ledger_transfer_input in = {.client_id = f[0],
                                                   .pollutant = f[1],
                                                   .from = f[2],
                                                   .to = f[3],
                                                   .kind = f[5],
                                                   .day = GL_DATE_NONE,
                                                   .note = f[7],
                                                   .price_fen = -1,
                                                   .method = f[9]};
                char *end = NULL;
                in.grams = strtoll(f[4], &end, 10);
                if (end == f[4] || *end != '\0')
                        in.grams = 0;
                bool bad_day = *f[6] && date_parse_iso(f[6], &in.day) != GL_OK;
                if (*f[8])
                        in.price_fen = strtoll(f[8], NULL, 10);
                struct ledger_transfer t;
                bool replayed;
                if (bad_day)
                        rc = gl_fail(err, GL_EINVAL, "day", "措施七：日期应为 YYYY-MM-DD");
                else
                        rc = transfer_in_tx(app, who, &in, &t, &replayed, err);
                if (rc != GL_OK) {
                        char msg[600];
                        snprintf(msg, sizeof(msg), "%.500s（%.60s）", err->message, err->field);
                        gl_fail(err, rc, "", "%s:%lld: %s", path, (long long)rec.line, msg);
                        snprintf(err->field, sizeof(err->field), "%.40s:%lld", path,
                                 (long long)rec.line);
                        break;
                }
                (*count)++;
        }
        if (got < 0)
                rc = got;
        csv_close(r);
        return finish_tx(app, rc, err);
}
