/* Measure 7's ledger: reads, pledges, verify and batches (app/ledger.h). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/policy.h"
#include "../io/csv.h"
#include "app_internal.h"
#include "audit.h"
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

static bool sees_account(const struct actor *who, const char *account)
{
        if (sees_all(who))
                return true;
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
        if (rc == GL_OK && !sees_account(who, out->from) && !sees_account(who, out->to))
                rc = GL_ENOTFOUND;
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_ENOTFOUND, "id", "措施七：没有转移 %lld", (long long)id);
        if (rc != GL_OK)
                return dbfail(app, err, "读取转移");
        if (expl != NULL) {
                ledger_lines_add(expl, "措施七（排污权账本）：%s，%s→%s，%s %lld 克",
                                 ledger_kind_label(out->kind), out->from, out->to,
                                 ledger_pollutant_label_zh(out->pollutant),
                                 (long long)out->grams);
                if (ledger_kind_pending(out->kind)) {
                        char d[11];
                        ledger_lines_add(expl,
                                         "两人审批：提议人 %s，批准人 %s；待批准期限至 %s"
                                         "（m7.pending_expiry_working_days 个工作日）",
                                         out->proposed_by,
                                         out->approved_by[0] ? out->approved_by : "（未批准）",
                                         out->expires_on != GL_DATE_NONE
                                                 ? date_format_iso(out->expires_on, d)
                                                 : "-");
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
        const struct actor *who;
        int (*fn)(const struct ledger_transfer *t, void *ctx);
        void *ctx;
};

static int filter_transfer(const struct ledger_transfer *t, void *c)
{
        struct filter_ctx *f = c;
        if (!sees_account(f->who, t->from) && !sees_account(f->who, t->to))
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
        struct filter_ctx f = {who, fn, ctx};
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
        snprintf(out->label_zh, sizeof(out->label_zh), "%s %s",
                 ledger_account_kind_label(ref.kind), ref.owner);
        const char *codes[LEDGER_POLLUTANTS_MAX];
        size_t n = 0;
        if (app_ledger_pollutants(app, today, codes, &n, err) != GL_OK)
                return err->status;
        for (size_t i = 0; i < n; i++) {
                struct ledger_balance *b = &out->balances[out->n_balances++];
                snprintf(b->pollutant, sizeof(b->pollutant), "%s", codes[i]);
                if (ledger_store_balance(app->db, account, codes[i], &b->balance_g) != GL_OK ||
                    ledger_store_pending_out(app->db, account, codes[i], &b->pending_out_g) !=
                            GL_OK ||
                    ledger_store_pledged(app->db, account, codes[i], &b->pledged_g) != GL_OK ||
                    ledger_store_expired_rights(app->db, account, codes[i], today,
                                                &b->expired_g) != GL_OK)
                        return dbfail(app, err, "读取余额");
                int64_t rest = b->balance_g - b->pending_out_g - b->pledged_g;
                if (b->expired_g > rest)
                        b->expired_g = rest > 0 ? rest : 0;
                b->available_g = ledger_available(b->balance_g, b->pending_out_g, b->pledged_g,
                                                  b->expired_g);
        }
        return GL_OK;
}

int app_ledger_account(struct app *app, const struct actor *who, const char *account,
                       gl_date today, struct ledger_account *out, struct gl_error *err)
{
        int rc = need_read(who, err);
        if (rc != GL_OK)
                return rc;
        if (account == NULL || !sees_account(who, account))
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
                if (!sees_account(who, l.items[i]))
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
