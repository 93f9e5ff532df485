/* Measure 7's ledger: reads, pledges, verify and batches (app/ledger.h). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/division.h"
#include "../core/policy.h"
#include "../io/csv.h"
#include "../store/enterprise_store.h"
#include "../store/project_store.h"
#include "app_internal.h"
#include "audit.h"
#include "ledger_internal.h"
#include "scope.h"
#include "ledger.h"

static int dbfail(struct app *app, struct gl_error *err, const char *what)
{
        return gl_fail(err, GL_EDB, "", "%s失败: %s", what, db_errmsg(app->db));
}

static bool sees_all(const struct actor *who)
{
        switch (who->role) {
        case ROLE_COUNTY_OFFICER:
        case ROLE_COUNTY_LEADER:
        case ROLE_COUNTY_LEGAL:
        case ROLE_CITY_OFFICER:
        case ROLE_ADMIN:
        case ROLE_SYSTEM:
                return true;
        default:
                return false;
        }
}

static int need_read(const struct actor *who, struct gl_error *err)
{
        if (!sees_all(who) && who->role != ROLE_ENTERPRISE)
                return gl_fail(err, GL_EPERM, "role", "措施七：无权查看排污权账本 (no access)");
        return GL_OK;
}

/* The division an account belongs to (its own for the origin, the reserve, the city's and the
 * province's; an enterprise's or a project's county, "" when it is not registered: the pack's)
 * into out; false for an account that cannot be read. */
bool ledger_account_division(struct app *app, const char *account, char out[static 7])
{
        struct ledger_account_ref ref;
        out[0] = '\0';
        if (!ledger_account_parse(account, &ref, "account", NULL))
                return false;
        switch (ref.kind) {
        case LEDGER_ACC_ORIGIN:
        case LEDGER_ACC_RESERVE:
        case LEDGER_ACC_CITY:
        case LEDGER_ACC_PROVINCE:
                snprintf(out, 7, "%.6s", ref.owner);
                return true;
        case LEDGER_ACC_ENTERPRISE: {
                struct enterprise e;
                if (enterprise_store_get(app->db, ref.owner, &e) == GL_OK)
                        snprintf(out, 7, "%s", e.division);
                return true;
        }
        case LEDGER_ACC_PROJECT: {
                struct project_row p;
                if (project_store_get(app->db, ref.project, &p) == GL_OK)
                        snprintf(out, 7, "%s", p.division);
                return true;
        }
        case LEDGER_ACC_NONE:
                break;
        }
        return true;
}

/* Whether who sees account: its role, and the account's division within its jurisdiction or
 * above it (a county officer sees its city's and its province's reserve, as an alert of the
 * city; not another county's accounts). */
bool ledger_sees_account(struct app *app, const struct actor *who, const char *account)
{
        if (sees_all(who)) {
                char d[7];
                if (!ledger_account_division(app, account, d))
                        return false;
                return app_scope_covers(app, who, d) || (d[0] && division_covers(d, who->division));
        }
        if (who->role != ROLE_ENTERPRISE || who->uscc[0] == '\0')
                return false;
        char own[LEDGER_ACCOUNT_MAX + 1];
        snprintf(own, sizeof(own), "enterprise:%s", who->uscc);
        return strcmp(own, account) == 0;
}

int app_ledger_get(struct app *app, const struct actor *who, int64_t id,
                   struct ledger_transfer *out, struct ledger_lines *expl, struct gl_error *err)
{
        int rc = need_read(who, err);
        if (rc != GL_OK)
                return rc;
        rc = ledger_store_get(app->db, id, out);
        if (rc == GL_OK && !ledger_sees_account(app, who, out->from) &&
            !ledger_sees_account(app, who, out->to))
                rc = GL_ENOTFOUND;
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_ENOTFOUND, "id", "措施七：没有转移 %lld", (long long)id);
        if (rc != GL_OK)
                return dbfail(app, err, "读取转移");
        if (expl != NULL) {
                ledger_lines_add(expl, "措施七（排污权账本）：%s，%s→%s，%s %lld 克",
                                 ledger_kind_label(out->kind), out->from, out->to,
                                 ledger_pollutant_label_zh(out->pollutant), (long long)out->grams);
                if (ledger_kind_pending(out->kind)) {
                        char d[11];
                        int64_t n = 0;
                        (void)policy_param_int(ledger_transfer_pack(app, out->from),
                                               "m7.pending_expiry_working_days", out->day, &n);
                        ledger_lines_add(
                            expl,
                            "两人审批：提议人 %s，批准人 %s；待批准期限至 %s"
                            "（m7.pending_expiry_working_days：提议日起 %lld 个工作日）",
                            out->proposed_by, out->approved_by[0] ? out->approved_by : "（未批准）",
                            out->expires_on != GL_DATE_NONE ? date_format_iso(out->expires_on, d)
                                                            : "-",
                            (long long)n);
                        if (out->case_id > 0)
                                ledger_lines_add(expl, "办理程序 m7.release（储备释放）：案件 %lld",
                                                 (long long)out->case_id);
                }
                if (out->valid_until != GL_DATE_NONE) {
                        char d[11];
                        ledger_lines_add(expl, "确权有效期至 %s（m7.rights_validity_years）",
                                         date_format_iso(out->valid_until, d));
                }
        }
        return GL_OK;
}

struct filter_ctx {
        struct app *app;
        const struct actor *who;
        int (*fn)(const struct ledger_transfer *t, void *ctx);
        void *ctx;
};

static int filter_transfer(const struct ledger_transfer *t, void *c)
{
        struct filter_ctx *f = c;
        if (!ledger_sees_account(f->app, f->who, t->from) &&
            !ledger_sees_account(f->app, f->who, t->to))
                return 0;
        return f->fn(t, f->ctx);
}

int app_ledger_transfers(struct app *app, const struct actor *who,
                         const struct ledger_transfer_query *q,
                         int (*fn)(const struct ledger_transfer *t, void *ctx), void *ctx,
                         struct gl_error *err)
{
        int rc = need_read(who, err);
        if (rc != GL_OK)
                return rc;
        struct ledger_store_query sq = {q->state, q->pollutant, q->account, q->limit, false};
        struct filter_ctx f = {app, who, fn, ctx};
        rc = ledger_store_transfers(app->db, &sq, filter_transfer, &f);
        if (rc < 0 && rc != GL_EDB)
                return app_read_failed(rc, err);
        return rc == GL_OK ? GL_OK : dbfail(app, err, "读取转移");
}

static int account_of(struct app *app, const char *account, gl_date today,
                      struct ledger_account *out, struct gl_error *err)
{
        struct ledger_account_ref ref;
        if (!ledger_account_parse(account, &ref, "account", err))
                return GL_ENOTFOUND;
        memset(out, 0, sizeof(*out));
        snprintf(out->account, sizeof(out->account), "%s", account);
        snprintf(out->kind, sizeof(out->kind), "%s", ledger_account_kind_name(ref.kind));
        snprintf(out->owner, sizeof(out->owner), "%s", ref.owner);
        snprintf(out->label_zh, sizeof(out->label_zh), "%s %s", ledger_account_kind_label(ref.kind),
                 ref.owner);
        snprintf(out->label_en, sizeof(out->label_en), "%s %s",
                 ledger_account_kind_label_en(ref.kind), ref.owner);
        /* An enterprise or a project the registry knows is called by its name. */
        struct enterprise e;
        struct project_row p;
        int found = GL_ENOTFOUND;
        if (ref.kind == LEDGER_ACC_ENTERPRISE &&
            (found = enterprise_store_get(app->db, ref.owner, &e)) == GL_OK) {
                snprintf(out->label_zh, sizeof(out->label_zh), "%s", e.name);
                snprintf(out->label_en, sizeof(out->label_en), "%s", e.name);
        } else if (ref.kind == LEDGER_ACC_PROJECT &&
                   (found = project_store_get(app->db, ref.project, &p)) == GL_OK) {
                snprintf(out->label_zh, sizeof(out->label_zh), "建设项目 #%lld %s",
                         (long long)ref.project, p.v.name);
                snprintf(out->label_en, sizeof(out->label_en), "Project #%lld %s",
                         (long long)ref.project, p.v.name);
        }
        if (found != GL_OK && found != GL_ENOTFOUND)
                return dbfail(app, err, "读取账户名称");
        const char *codes[LEDGER_POLLUTANTS_MAX];
        size_t n = 0;
        /* The pollutants of the account's county's pack. */
        if (ledger_pollutants(ledger_transfer_pack(app, account), today, codes, &n, err) != GL_OK)
                return err->status;
        for (size_t i = 0; i < n; i++) {
                struct ledger_balance *b = &out->balances[out->n_balances++];
                snprintf(b->pollutant, sizeof(b->pollutant), "%s", codes[i]);
                if (ledger_store_balance(app->db, account, codes[i], &b->balance_g) != GL_OK ||
                    ledger_store_pending_out(app->db, account, codes[i], &b->pending_out_g) !=
                        GL_OK ||
                    ledger_store_pledged(app->db, account, codes[i], &b->pledged_g) != GL_OK ||
                    ledger_store_expired_rights(app->db, account, codes[i], today, &b->expired_g) !=
                        GL_OK)
                        return dbfail(app, err, "读取余额");
                int64_t rest = b->balance_g - b->pending_out_g - b->pledged_g;
                if (b->expired_g > rest)
                        b->expired_g = rest > 0 ? rest : 0;
                b->available_g =
                    ledger_available(b->balance_g, b->pending_out_g, b->pledged_g, b->expired_g);
        }
        return GL_OK;
}

int app_ledger_account(struct app *app, const struct actor *who, const char *account, gl_date today,
                       struct ledger_account *out, struct gl_error *err)
{
        int rc = need_read(who, err);
        if (rc != GL_OK)
                return rc;
        if (account == NULL || !ledger_sees_account(app, who, account))
                return gl_fail(err, GL_ENOTFOUND, "account", "措施七：没有账户 %s",
                               account != NULL ? account : "");
        rc = account_of(app, account, today, out, err);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_ENOTFOUND, "account", "措施七：没有账户 %s", account);
        return rc;
}

struct names {
        char (*items)[LEDGER_ACCOUNT_MAX + 1];
        size_t n, cap;
};

static int collect_name(const char *a, void *c)
{
        struct names *l = c;
        if (l->n == l->cap) {
                void *p = gl_grow(l->items, l->n, &l->cap, sizeof(*l->items), 16);
                if (p == NULL)
                        return GL_ENOMEM;
                l->items = p;
        }
        snprintf(l->items[l->n++], LEDGER_ACCOUNT_MAX + 1, "%s", a);
        return 0;
}

int app_ledger_accounts(struct app *app, const struct actor *who, const char *kind, gl_date today,
                        int (*fn)(const struct ledger_account *a, void *ctx), void *ctx,
                        struct gl_error *err)
{
        int rc = need_read(who, err);
        if (rc != GL_OK)
                return rc;
        struct names l = {0};
        rc = ledger_store_accounts(app->db, collect_name, &l);
        if (rc != GL_OK) {
                free(l.items);
                return rc == GL_ENOMEM ? app_read_failed(rc, err) : dbfail(app, err, "读取账户");
        }
        struct ledger_account a;
        for (size_t i = 0; i < l.n && rc == GL_OK; i++) {
                if (!ledger_sees_account(app, who, l.items[i]))
                        continue;
                struct gl_error e2 = {0};
                if (account_of(app, l.items[i], today, &a, &e2) != GL_OK)
                        continue;
                if (kind != NULL && *kind && strcmp(kind, a.kind) != 0)
                        continue;
                int r = fn(&a, ctx);
                if (r < 0)
                        rc = app_read_failed(r, err);
                else if (r > 0)
                        break;
        }
        free(l.items);
        return rc;
}

struct rights_ctx {
        const char *account;
        int (*fn)(const struct ledger_right *r, void *ctx);
        void *ctx;
};

static int right_of(const struct ledger_transfer *t, void *c)
{
        struct rights_ctx *rc = c;
        if (strcmp(t->kind, "confirmation") != 0 || strcmp(t->to, rc->account) != 0)
                return 0;
        struct ledger_right r = {.transfer_id = t->id,
                                 .grams = t->grams,
                                 .granted_on = t->day,
                                 .valid_until = t->valid_until};
        snprintf(r.pollutant, sizeof(r.pollutant), "%s", t->pollutant);
        return rc->fn(&r, rc->ctx);
}

int app_ledger_rights(struct app *app, const struct actor *who, const char *account,
                      int (*fn)(const struct ledger_right *r, void *ctx), void *ctx,
                      struct gl_error *err)
{
        int rc = need_read(who, err);
        if (rc != GL_OK)
                return rc;
        if (account == NULL || !ledger_sees_account(app, who, account))
                return gl_fail(err, GL_ENOTFOUND, "account", "措施七：没有账户");
        struct ledger_store_query q = {"settled", NULL, account, 0, true};
        struct rights_ctx c = {account, fn, ctx};
        rc = ledger_store_transfers(app->db, &q, right_of, &c);
        if (rc < 0 && rc != GL_EDB)
                return app_read_failed(rc, err);
        return rc == GL_OK ? GL_OK : dbfail(app, err, "读取确权");
}

static int audit_pledge(struct app *app, const struct actor *who, const char *action,
                        const struct ledger_pledge *p, struct gl_error *err)
{
        char detail[512], key[24];
        snprintf(detail, sizeof(detail),
                 "{\"id\":%lld,\"account\":\"%s\",\"pollutant\":\"%s\",\"grams\":%lld}",
                 (long long)p->id, p->account, p->pollutant, (long long)p->grams);
        snprintf(key, sizeof(key), "%lld", (long long)p->id);
        return audit_append(app, who, action, "ledger_pledge", key, detail, err);
}

static int finish_tx(struct app *app, int rc, struct gl_error *err)
{
        if (rc != GL_OK) {
                app_rollback(app);
                return rc;
        }
        return app_commit(app, err);
}

static bool may_write(const struct actor *who)
{
        return who->role == ROLE_COUNTY_OFFICER || who->role == ROLE_COUNTY_LEADER ||
               who->role == ROLE_ADMIN || who->role == ROLE_SYSTEM;
}

int app_ledger_pledge(struct app *app, const struct actor *who, const char *account,
                      const char *pollutant, int64_t grams, const char *pledgee, gl_date from,
                      struct ledger_pledge *out, struct gl_error *err)
{
        if (!may_write(who))
                return gl_fail(err, GL_EPERM, "role", "措施七：无权登记质押 (no access)");
        struct ledger_account_ref ref;
        if (!ledger_account_parse(account, &ref, "account", err))
                return err->status;
        if (ref.kind != LEDGER_ACC_ENTERPRISE)
                return gl_fail(err, GL_EINVAL, "account", "措施七：只有企业账户的排污权可以质押");
        if (!ledger_pollutant_known(pollutant))
                return gl_fail(err, GL_EINVAL, "pollutant", "措施七：污染物未知");
        if (grams <= 0)
                return gl_fail(err, GL_EINVAL, "grams", "措施七：质押量须为正整数克");
        if (pledgee == NULL || *pledgee == '\0' || strlen(pledgee) > 255)
                return gl_fail(err, GL_EINVAL, "pledgee", "措施七：须填写质权人");
        if (from == GL_DATE_NONE)
                from = app_today_local();
        int rc = app_begin(app, err);
        if (rc != GL_OK)
                return rc;
        struct ledger_account a = {0};
        rc = app_ledger_account(app, who, account, from, &a, err);
        int64_t avail = 0;
        size_t nb = rc == GL_OK && a.n_balances <= LEDGER_POLLUTANTS_MAX ? a.n_balances : 0;
        for (size_t i = 0; i < nb; i++)
                if (strncmp(a.balances[i].pollutant, pollutant, sizeof(a.balances[i].pollutant)) ==
                    0)
                        avail = a.balances[i].available_g;
        if (rc == GL_OK && avail < grams)
                rc = ledger_refuse_insufficient(err, account, pollutant, avail, grams);
        struct ledger_pledge p = {.grams = grams, .from_day = from, .released_on = GL_DATE_NONE};
        snprintf(p.account, sizeof(p.account), "%s", account);
        snprintf(p.pollutant, sizeof(p.pollutant), "%s", pollutant);
        snprintf(p.pledgee, sizeof(p.pledgee), "%s", pledgee);
        if (rc == GL_OK && ledger_store_pledge_insert(app->db, &p, &p.id) != GL_OK)
                rc = dbfail(app, err, "登记质押");
        if (rc == GL_OK)
                rc = audit_pledge(app, who, "ledger.pledge", &p, err);
        if (rc == GL_OK && out != NULL)
                *out = p;
        return finish_tx(app, rc, err);
}

int app_ledger_unpledge(struct app *app, const struct actor *who, int64_t id, gl_date on,
                        struct ledger_pledge *out, struct gl_error *err)
{
        if (!may_write(who))
                return gl_fail(err, GL_EPERM, "role", "措施七：无权解除质押 (no access)");
        if (on == GL_DATE_NONE)
                on = app_today_local();
        int rc = app_begin(app, err);
        if (rc != GL_OK)
                return rc;
        struct ledger_pledge p;
        rc = ledger_store_pledge_get(app->db, id, &p);
        if (rc == GL_ENOTFOUND)
                rc = gl_fail(err, GL_ENOTFOUND, "id", "措施七：没有质押 %lld", (long long)id);
        else if (rc != GL_OK)
                rc = dbfail(app, err, "读取质押");
        else if (p.released_on != GL_DATE_NONE)
                rc = gl_fail(err, GL_ESTATE, "id", "措施七：质押 %lld 已解除", (long long)id);
        if (rc == GL_OK && ledger_store_pledge_release(app->db, id, on) != GL_OK)
                rc = dbfail(app, err, "解除质押");
        if (rc == GL_OK) {
                p.released_on = on;
                rc = audit_pledge(app, who, "ledger.unpledge", &p, err);
        }
        if (rc == GL_OK && out != NULL)
                *out = p;
        return finish_tx(app, rc, err);
}

struct pledge_ctx {
        struct app *app;
        const struct actor *who;
        int (*fn)(const struct ledger_pledge *p, void *ctx);
        void *ctx;
};

static int pledge_filter(const struct ledger_pledge *p, void *c)
{
        struct pledge_ctx *f = c;
        return ledger_sees_account(f->app, f->who, p->account) ? f->fn(p, f->ctx) : 0;
}

int app_ledger_pledges(struct app *app, const struct actor *who, const char *account,
                       int (*fn)(const struct ledger_pledge *p, void *ctx), void *ctx,
                       struct gl_error *err)
{
        int rc = need_read(who, err);
        if (rc != GL_OK)
                return rc;
        struct pledge_ctx c = {app, who, fn, ctx};
        rc = ledger_store_pledges(app->db, account, pledge_filter, &c);
        if (rc < 0 && rc != GL_EDB)
                return app_read_failed(rc, err);
        return rc == GL_OK ? GL_OK : dbfail(app, err, "读取质押");
}

int app_ledger_statement(struct app *app, const struct actor *who, const char *account,
                         const char *pollutant, gl_date from, gl_date to, int64_t *opening,
                         int64_t *closing,
                         int (*fn)(const struct ledger_statement_line *l, void *ctx), void *ctx,
                         struct gl_error *err)
{
        int rc = need_read(who, err);
        if (rc != GL_OK)
                return rc;
        struct ledger_account_ref ref;
        if (account == NULL || !ledger_sees_account(app, who, account) ||
            !ledger_account_parse(account, &ref, "account", NULL))
                return gl_fail(err, GL_ENOTFOUND, "account", "措施七：没有账户 %s",
                               account != NULL ? account : "");
        if (!ledger_pollutant_known(pollutant))
                return gl_fail(err, GL_EINVAL, "pollutant", "措施七：污染物未知");
        if ((rc = db_begin_read(app->db)) != GL_OK)
                return dbfail(app, err, "读取");
        rc = ledger_store_statement(app->db, account, pollutant, from, to, opening, fn, ctx);
        if (rc == GL_OK) {
                if (to == GL_DATE_NONE)
                        rc = ledger_store_balance(app->db, account, pollutant, closing);
                else {
                        int64_t o2;
                        rc = ledger_store_statement(app->db, account, pollutant, to + 1,
                                                    GL_DATE_NONE, &o2, NULL, NULL);
                        *closing = o2;
                }
        }
        app_rollback(app);
        if (rc < 0 && rc != GL_EDB)
                return app_read_failed(rc, err);
        return rc == GL_OK ? GL_OK : dbfail(app, err, "读取对账单");
}

struct reserve_ctx {
        struct ledger_flow *flows;
        size_t *n;
};

static int add_flow(const char *kind, int64_t grams, int64_t count, void *c)
{
        struct reserve_ctx *r = c;
        if (*r->n >= LEDGER_KINDS_MAX)
                return 1;
        struct ledger_flow *f = &r->flows[(*r->n)++];
        snprintf(f->kind, sizeof(f->kind), "%s", kind);
        f->grams = grams;
        f->count = count;
        return 0;
}

int app_ledger_reserve(struct app *app, const struct actor *who, gl_date from, gl_date to,
                       struct ledger_reserve_report *out, struct gl_error *err)
{
        int rc = need_read(who, err);
        if (rc != GL_OK)
                return rc;
        if (!sees_all(who))
                return gl_fail(err, GL_EPERM, "role", "措施七：无权查看政府总量储备");
        memset(out, 0, sizeof(*out));
        /* The reserve of the officer's county; for the city, the province and the system, the
         * pack's county's. */
        snprintf(out->reserve, sizeof(out->reserve), "reserve:%s", app_scope_county(app, who));
        out->from = from;
        out->to = to;
        const char *codes[LEDGER_POLLUTANTS_MAX];
        size_t n = 0;
        if (app_ledger_pollutants(app, who, to != GL_DATE_NONE ? to : app_today_local(), codes, &n,
                                  err) != GL_OK)
                return err->status;
        for (size_t i = 0; i < n && rc == GL_OK; i++) {
                struct ledger_reserve_pollutant *p = &out->pollutants[out->n++];
                snprintf(p->pollutant, sizeof(p->pollutant), "%s", codes[i]);
                int64_t o2 = 0;
                rc = ledger_store_statement(app->db, out->reserve, codes[i], from, GL_DATE_NONE,
                                            &p->opening_g, NULL, NULL);
                if (rc == GL_OK && to != GL_DATE_NONE)
                        rc = ledger_store_statement(app->db, out->reserve, codes[i], to + 1,
                                                    GL_DATE_NONE, &o2, NULL, NULL);
                else if (rc == GL_OK)
                        rc = ledger_store_balance(app->db, out->reserve, codes[i], &o2);
                p->closing_g = o2;
                struct reserve_ctx s = {p->sources, &p->n_sources}, u = {p->uses, &p->n_uses};
                if (rc == GL_OK)
                        rc = ledger_store_flows(app->db, out->reserve, codes[i], from, to, true,
                                                add_flow, &s);
                if (rc == GL_OK)
                        rc = ledger_store_flows(app->db, out->reserve, codes[i], from, to, false,
                                                add_flow, &u);
        }
        return rc == GL_OK ? GL_OK : dbfail(app, err, "读取储备");
}

struct price_ctx {
        const char *pollutant;
        int year;
        int (*fn)(const struct ledger_price *p, void *ctx);
        void *ctx;
};

static int price_of(const struct ledger_transfer *t, void *c)
{
        struct price_ctx *pc = c;
        if (t->price_fen < 0 || !ledger_kind_priced(t->kind))
                return 0;
        int y, m, d;
        date_to_ymd(t->day, &y, &m, &d);
        if (pc->year != 0 && y != pc->year)
                return 0;
        struct ledger_price p = {.day = t->day,
                                 .grams = t->grams,
                                 .price_fen = t->price_fen,
                                 .yuan_per_tonne = ledger_yuan_per_tonne(t->price_fen, t->grams)};
        snprintf(p.pollutant, sizeof(p.pollutant), "%s", t->pollutant);
        snprintf(p.method, sizeof(p.method), "%s", t->method);
        return pc->fn(&p, pc->ctx);
}

int app_ledger_prices(struct app *app, const char *pollutant, int year,
                      int (*fn)(const struct ledger_price *p, void *ctx), void *ctx,
                      struct gl_error *err)
{
        struct ledger_store_query q = {"settled", pollutant, NULL, 0, true};
        struct price_ctx c = {pollutant, year, fn, ctx};
        int rc = ledger_store_transfers(app->db, &q, price_of, &c);
        if (rc < 0 && rc != GL_EDB)
                return app_read_failed(rc, err);
        return rc == GL_OK ? GL_OK : dbfail(app, err, "读取成交价格");
}

static int v_problem(const char *text, void *c)
{
        struct ledger_verify_report *r = c;
        r->ok = false;
        return ledger_lines_add(&r->problems, "%s", text);
}

static int v_pollutant(const char *code, int64_t sum, int64_t accounts, void *c)
{
        struct ledger_verify_report *r = c;
        if (r->n >= LEDGER_POLLUTANTS_MAX)
                return 0;
        struct ledger_verify_pollutant *p = &r->pollutants[r->n++];
        snprintf(p->pollutant, sizeof(p->pollutant), "%s", code);
        p->sum_g = sum;
        p->accounts = accounts;
        return 0;
}

int app_ledger_verify(struct app *app, const struct actor *who, struct ledger_verify_report *out,
                      struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        int rc = need_read(who, err);
        if (rc != GL_OK)
                return rc;
        if (!sees_all(who))
                return gl_fail(err, GL_EPERM, "role", "措施七：无权核对账本");
        out->ok = true;
        if ((rc = db_begin_read(app->db)) != GL_OK)
                return dbfail(app, err, "读取");
        rc = ledger_store_verify(app->db, v_problem, v_pollutant, out);
        app_rollback(app);
        if (rc == GL_ENOMEM)
                return app_read_failed(rc, err);
        return rc == GL_OK ? GL_OK : dbfail(app, err, "核对账本");
}
