/* SQL of ledger_store.h. */
#include "ledger_store.h"

#include <stdio.h>
#include <string.h>

#define T_COLUMNS                                                                                  \
        "id, client_id, digest, pollutant, from_account, to_account, grams, kind, state, day, "    \
        "expires_on, proposed_by, approved_by, price_fen, method, valid_until, note, reason, "     \
        "created_at, settled_at, "                                                                 \
        "(SELECT r.case_id FROM m7_releases r WHERE r.transfer_id = ledger_transfers.id)"

static void copy(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

static int finish(db_stmt *st, int rc)
{
        if (rc == DB_DONE)
                rc = GL_OK;
        db_finalize(st);
        return rc;
}

static void read_transfer(db_stmt *st, struct ledger_transfer *t)
{
        memset(t, 0, sizeof(*t));
        t->id = db_column_int64(st, 0);
        copy(t->client_id, sizeof(t->client_id), db_column_text(st, 1));
        copy(t->digest, sizeof(t->digest), db_column_text(st, 2));
        copy(t->pollutant, sizeof(t->pollutant), db_column_text(st, 3));
        copy(t->from, sizeof(t->from), db_column_text(st, 4));
        copy(t->to, sizeof(t->to), db_column_text(st, 5));
        t->grams = db_column_int64(st, 6);
        copy(t->kind, sizeof(t->kind), db_column_text(st, 7));
        copy(t->state, sizeof(t->state), db_column_text(st, 8));
        t->day = db_column_date(st, 9);
        t->expires_on = db_column_date(st, 10);
        copy(t->proposed_by, sizeof(t->proposed_by), db_column_text(st, 11));
        copy(t->approved_by, sizeof(t->approved_by), db_column_text(st, 12));
        t->price_fen = db_column_is_null(st, 13) ? -1 : db_column_int64(st, 13);
        copy(t->method, sizeof(t->method), db_column_text(st, 14));
        t->valid_until = db_column_date(st, 15);
        copy(t->note, sizeof(t->note), db_column_text(st, 16));
        copy(t->reason, sizeof(t->reason), db_column_text(st, 17));
        copy(t->created_at, sizeof(t->created_at), db_column_text(st, 18));
        copy(t->settled_at, sizeof(t->settled_at), db_column_text(st, 19));
        t->case_id = db_column_is_null(st, 20) ? 0 : db_column_int64(st, 20);
}

static int get_one(db *conn, const char *sql, const char *text, int64_t num,
                   struct ledger_transfer *out)
{
        db_stmt *st;
        int rc = db_prepare(conn, sql, &st);
        if (rc != GL_OK)
                return rc;
        if (text != NULL)
                db_bind_text(st, 1, text);
        else
                db_bind_int64(st, 1, num);
        rc = db_step(st);
        if (rc == DB_ROW) {
                read_transfer(st, out);
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_ENOTFOUND;
        }
        db_finalize(st);
        return rc;
}

int ledger_store_by_client(db *conn, const char *client_id, struct ledger_transfer *out)
{
        return get_one(conn, "SELECT " T_COLUMNS " FROM ledger_transfers WHERE client_id = $1",
                       client_id, 0, out);
}

int ledger_store_get(db *conn, int64_t id, struct ledger_transfer *out)
{
        return get_one(conn, "SELECT " T_COLUMNS " FROM ledger_transfers WHERE id = $1", NULL, id,
                       out);
}

static const char *nz(const char *s)
{
        return s != NULL && *s != '\0' ? s : NULL;
}

int ledger_store_insert(db *conn, const struct ledger_transfer *t, int64_t *id)
{
        db_stmt *st;
        int rc =
            db_prepare(conn,
                       "INSERT INTO ledger_transfers (client_id, digest, pollutant, "
                       "from_account, to_account, grams, kind, state, day, expires_on, "
                       "proposed_by, approved_by, price_fen, method, valid_until, note, "
                       "reason, created_at, settled_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                       "$8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id",
                       &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, t->client_id);
        db_bind_text(st, 2, t->digest);
        db_bind_text(st, 3, t->pollutant);
        db_bind_text(st, 4, t->from);
        db_bind_text(st, 5, t->to);
        db_bind_int64(st, 6, t->grams);
        db_bind_text(st, 7, t->kind);
        db_bind_text(st, 8, t->state);
        db_bind_date(st, 9, t->day);
        db_bind_date(st, 10, t->expires_on);
        db_bind_text(st, 11, t->proposed_by);
        db_bind_text(st, 12, t->approved_by);
        db_bind_int64_or_null(st, 13, t->price_fen >= 0, t->price_fen);
        db_bind_text_or_null(st, 14, nz(t->method));
        db_bind_date(st, 15, t->valid_until);
        db_bind_text(st, 16, t->note);
        db_bind_text(st, 17, t->reason);
        db_bind_text(st, 18, t->created_at);
        db_bind_text_or_null(st, 19, nz(t->settled_at));
        rc = db_step_int64(st, id); /* finalizes st */
        return rc;
}

int ledger_store_set_state(db *conn, int64_t id, const char *state, const char *approved_by,
                           const char *settled_at, const char *reason)
{
        db_stmt *st;
        int rc = db_prepare(conn,
                            "UPDATE ledger_transfers SET state = $2, approved_by = "
                            "COALESCE($3, approved_by), settled_at = COALESCE($4, settled_at), "
                            "reason = COALESCE($5, reason) WHERE id = $1",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, id);
        db_bind_text(st, 2, state);
        db_bind_text(st, 3, approved_by);
        db_bind_text(st, 4, settled_at);
        db_bind_text(st, 5, reason);
        rc = db_step_done(st); /* finalizes st */
        return rc;
}

int ledger_store_post(db *conn, const struct ledger_transfer *t, gl_date day)
{
        int rc = GL_OK;
        for (int side = 0; side < 2 && rc == GL_OK; side++) {
                db_stmt *st;
                rc = db_prepare(conn,
                                "INSERT INTO ledger_entries (transfer_id, account, pollutant, "
                                "grams, day) VALUES ($1, $2, $3, $4, $5)",
                                &st);
                if (rc != GL_OK)
                        return rc;
                db_bind_int64(st, 1, t->id);
                db_bind_text(st, 2, side == 0 ? t->from : t->to);
                db_bind_text(st, 3, t->pollutant);
                db_bind_int64(st, 4, side == 0 ? -t->grams : t->grams);
                db_bind_date(st, 5, day);
                rc = db_step_done(st); /* finalizes st */
        }
        return rc;
}

static int sum2(db *conn, const char *sql, const char *a, const char *b, gl_date d, int64_t *out)
{
        db_stmt *st;
        int rc = db_prepare(conn, sql, &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, a);
        db_bind_text(st, 2, b);
        if (d != GL_DATE_NONE)
                db_bind_date(st, 3, d);
        rc = db_step_int64(st, out); /* finalizes st */
        return rc;
}

int ledger_store_balance(db *conn, const char *account, const char *pollutant, int64_t *out)
{
        return sum2(conn,
                    "SELECT COALESCE(SUM(grams), 0) FROM ledger_entries WHERE account = $1 AND "
                    "pollutant = $2",
                    account, pollutant, GL_DATE_NONE, out);
}

int ledger_store_pending_out(db *conn, const char *account, const char *pollutant, int64_t *out)
{
        return sum2(conn,
                    "SELECT COALESCE(SUM(grams), 0) FROM ledger_transfers WHERE state = 'pending' "
                    "AND from_account = $1 AND pollutant = $2",
                    account, pollutant, GL_DATE_NONE, out);
}

int ledger_store_pledged(db *conn, const char *account, const char *pollutant, int64_t *out)
{
        return sum2(conn,
                    "SELECT COALESCE(SUM(grams), 0) FROM ledger_pledges WHERE account = $1 AND "
                    "pollutant = $2 AND released_on IS NULL",
                    account, pollutant, GL_DATE_NONE, out);
}

int ledger_store_expired_rights(db *conn, const char *account, const char *pollutant, gl_date today,
                                int64_t *out)
{
        return sum2(conn,
                    "SELECT COALESCE(SUM(grams), 0) FROM ledger_transfers WHERE state = 'settled' "
                    "AND kind = 'confirmation' AND to_account = $1 AND pollutant = $2 AND "
                    "valid_until IS NOT NULL AND valid_until < $3",
                    account, pollutant, today, out);
}

int ledger_store_transfers(db *conn, const struct ledger_store_query *q,
                           int (*fn)(const struct ledger_transfer *t, void *ctx), void *ctx)
{
        char sql[768];
        snprintf(sql, sizeof(sql),
                 "SELECT " T_COLUMNS " FROM ledger_transfers WHERE ($1 IS NULL OR state = $1) "
                 "AND ($2 IS NULL OR pollutant = $2) AND ($3 IS NULL OR from_account = $3 OR "
                 "to_account = $3) ORDER BY id %s LIMIT $4",
                 q->oldest_first ? "ASC" : "DESC");
        db_stmt *st;
        int rc = db_prepare(conn, sql, &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, nz(q->state));
        db_bind_text(st, 2, nz(q->pollutant));
        db_bind_text(st, 3, nz(q->account));
        db_bind_int64(st, 4, q->limit > 0 ? q->limit : INT64_MAX);
        struct ledger_transfer t;
        while ((rc = db_step(st)) == DB_ROW) {
                read_transfer(st, &t);
                int r = fn(&t, ctx);
                if (r != 0) {
                        db_finalize(st);
                        return r < 0 ? r : GL_OK;
                }
        }
        return finish(st, rc);
}

int ledger_store_accounts(db *conn, int (*fn)(const char *account, void *ctx), void *ctx)
{
        db_stmt *st;
        int rc = db_prepare(conn,
                            "SELECT account FROM ledger_entries UNION SELECT from_account FROM "
                            "ledger_transfers UNION SELECT to_account FROM ledger_transfers UNION "
                            "SELECT account FROM ledger_pledges ORDER BY 1",
                            &st);
        if (rc != GL_OK)
                return rc;
        while ((rc = db_step(st)) == DB_ROW) {
                char a[LEDGER_ACCOUNT_MAX + 1];
                copy(a, sizeof(a), db_column_text(st, 0));
                int r = fn(a, ctx);
                if (r != 0) {
                        db_finalize(st);
                        return r < 0 ? r : GL_OK;
                }
        }
        return finish(st, rc);
}

int ledger_store_statement(db *conn, const char *account, const char *pollutant, gl_date from,
                           gl_date to, int64_t *opening,
                           int (*fn)(const struct ledger_statement_line *l, void *ctx), void *ctx)
{
        *opening = 0;
        int rc = GL_OK;
        if (from != GL_DATE_NONE) {
                rc = sum2(conn,
                          "SELECT COALESCE(SUM(grams), 0) FROM ledger_entries WHERE account = $1 "
                          "AND pollutant = $2 AND day < $3",
                          account, pollutant, from, opening);
                if (rc != GL_OK)
                        return rc;
        }
        if (fn == NULL)
                return GL_OK;
        db_stmt *st;
        rc = db_prepare(conn,
                        "SELECT e.transfer_id, t.client_id, e.day, t.kind, CASE WHEN "
                        "t.from_account = $1 THEN t.to_account ELSE t.from_account END, e.grams, "
                        "t.price_fen, t.method FROM ledger_entries e JOIN ledger_transfers t ON "
                        "t.id = e.transfer_id WHERE e.account = $1 AND e.pollutant = $2 AND ($3 "
                        "IS NULL OR e.day >= $3) AND ($4 IS NULL OR e.day <= $4) ORDER BY e.day, "
                        "e.id",
                        &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, account);
        db_bind_text(st, 2, pollutant);
        db_bind_date(st, 3, from);
        db_bind_date(st, 4, to);
        int64_t bal = *opening;
        struct ledger_statement_line l;
        while ((rc = db_step(st)) == DB_ROW) {
                memset(&l, 0, sizeof(l));
                l.transfer_id = db_column_int64(st, 0);
                copy(l.client_id, sizeof(l.client_id), db_column_text(st, 1));
                l.day = db_column_date(st, 2);
                copy(l.kind, sizeof(l.kind), db_column_text(st, 3));
                copy(l.counterparty, sizeof(l.counterparty), db_column_text(st, 4));
                l.grams = db_column_int64(st, 5);
                bal += l.grams;
                l.balance_g = bal;
                l.price_fen = db_column_is_null(st, 6) ? -1 : db_column_int64(st, 6);
                copy(l.method, sizeof(l.method), db_column_text(st, 7));
                int r = fn(&l, ctx);
                if (r != 0) {
                        db_finalize(st);
                        return r < 0 ? r : GL_OK;
                }
        }
        return finish(st, rc);
}

int ledger_store_flows(db *conn, const char *account, const char *pollutant, gl_date from,
                       gl_date to, bool sources,
                       int (*fn)(const char *kind, int64_t grams, int64_t count, void *ctx),
                       void *ctx)
{
        db_stmt *st;
        int rc = db_prepare(conn,
                            sources ? "SELECT t.kind, SUM(e.grams), COUNT(*) FROM ledger_entries e "
                                      "JOIN ledger_transfers t ON t.id = e.transfer_id WHERE "
                                      "e.account = $1 AND e.pollutant = $2 AND e.grams > 0 AND ($3 "
                                      "IS NULL OR e.day >= $3) AND ($4 IS NULL OR e.day <= $4) "
                                      "GROUP BY t.kind ORDER BY t.kind"
                                    : "SELECT t.kind, -SUM(e.grams), COUNT(*) FROM ledger_entries "
                                      "e JOIN ledger_transfers t ON t.id = e.transfer_id WHERE "
                                      "e.account = $1 AND e.pollutant = $2 AND e.grams < 0 AND ($3 "
                                      "IS NULL OR e.day >= $3) AND ($4 IS NULL OR e.day <= $4) "
                                      "GROUP BY t.kind ORDER BY t.kind",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, account);
        db_bind_text(st, 2, pollutant);
        db_bind_date(st, 3, from);
        db_bind_date(st, 4, to);
        while ((rc = db_step(st)) == DB_ROW) {
                int r =
                    fn(db_column_text(st, 0), db_column_int64(st, 1), db_column_int64(st, 2), ctx);
                if (r != 0) {
                        db_finalize(st);
                        return r < 0 ? r : GL_OK;
                }
        }
        return finish(st, rc);
}

/* ---- pledges ---- */

#define P_COLUMNS "id, account, pollutant, grams, pledgee, from_day, released_on"

static void read_pledge(db_stmt *st, struct ledger_pledge *p)
{
        memset(p, 0, sizeof(*p));
        p->id = db_column_int64(st, 0);
        copy(p->account, sizeof(p->account), db_column_text(st, 1));
        copy(p->pollutant, sizeof(p->pollutant), db_column_text(st, 2));
        p->grams = db_column_int64(st, 3);
        copy(p->pledgee, sizeof(p->pledgee), db_column_text(st, 4));
        p->from_day = db_column_date(st, 5);
        p->released_on = db_column_date(st, 6);
}

int ledger_store_pledge_insert(db *conn, const struct ledger_pledge *p, int64_t *id)
{
        db_stmt *st;
        int rc = db_prepare(conn,
                            "INSERT INTO ledger_pledges (account, pollutant, grams, pledgee, "
                            "from_day) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, p->account);
        db_bind_text(st, 2, p->pollutant);
        db_bind_int64(st, 3, p->grams);
        db_bind_text(st, 4, p->pledgee);
        db_bind_date(st, 5, p->from_day);
        rc = db_step_int64(st, id); /* finalizes st */
        return rc;
}

static int pledge_one(db *conn, const char *sql, int64_t id, const char *a, const char *b,
                      struct ledger_pledge *out)
{
        db_stmt *st;
        int rc = db_prepare(conn, sql, &st);
        if (rc != GL_OK)
                return rc;
        if (a != NULL) {
                db_bind_text(st, 1, a);
                db_bind_text(st, 2, b);
        } else {
                db_bind_int64(st, 1, id);
        }
        rc = db_step(st);
        if (rc == DB_ROW) {
                read_pledge(st, out);
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_ENOTFOUND;
        }
        db_finalize(st);
        return rc;
}

int ledger_store_pledge_get(db *conn, int64_t id, struct ledger_pledge *out)
{
        return pledge_one(conn, "SELECT " P_COLUMNS " FROM ledger_pledges WHERE id = $1", id, NULL,
                          NULL, out);
}

int ledger_store_pledge_standing(db *conn, const char *account, const char *pollutant,
                                 struct ledger_pledge *out)
{
        return pledge_one(conn,
                          "SELECT " P_COLUMNS " FROM ledger_pledges WHERE account = $1 AND "
                          "pollutant = $2 AND released_on IS NULL ORDER BY id LIMIT 1",
                          0, account, pollutant, out);
}

int ledger_store_pledge_release(db *conn, int64_t id, gl_date on)
{
        db_stmt *st;
        int rc = db_prepare(conn, "UPDATE ledger_pledges SET released_on = $2 WHERE id = $1", &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, id);
        db_bind_date(st, 2, on);
        rc = db_step_done(st); /* finalizes st */
        return rc;
}

int ledger_store_pledges(db *conn, const char *account,
                         int (*fn)(const struct ledger_pledge *p, void *ctx), void *ctx)
{
        db_stmt *st;
        int rc = db_prepare(conn,
                            "SELECT " P_COLUMNS " FROM ledger_pledges WHERE ($1 IS NULL OR "
                            "account = $1) ORDER BY id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, nz(account));
        struct ledger_pledge p;
        while ((rc = db_step(st)) == DB_ROW) {
                read_pledge(st, &p);
                int r = fn(&p, ctx);
                if (r != 0) {
                        db_finalize(st);
                        return r < 0 ? r : GL_OK;
                }
        }
        return finish(st, rc);
}

int ledger_store_release_link(db *conn, int64_t case_id, int64_t transfer_id)
{
        db_stmt *st;
        int rc =
            db_prepare(conn, "INSERT INTO m7_releases (case_id, transfer_id) VALUES ($1, $2)", &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, case_id);
        db_bind_int64(st, 2, transfer_id);
        rc = db_step(st);
        db_finalize(st);
        return rc == DB_DONE ? GL_OK : rc < 0 ? rc : GL_EDB;
}

static int release_lookup(db *conn, const char *sql, int64_t key, int64_t *out)
{
        db_stmt *st;
        int rc = db_prepare(conn, sql, &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, key);
        rc = db_step(st);
        if (rc == DB_ROW) {
                *out = db_column_int64(st, 0);
                rc = GL_OK;
        } else {
                rc = rc == DB_DONE ? GL_ENOTFOUND : rc;
        }
        db_finalize(st);
        return rc;
}

int ledger_store_release_case(db *conn, int64_t transfer_id, int64_t *case_id)
{
        return release_lookup(conn, "SELECT case_id FROM m7_releases WHERE transfer_id = $1",
                              transfer_id, case_id);
}

int ledger_store_release_transfer(db *conn, int64_t case_id, int64_t *transfer_id)
{
        return release_lookup(conn, "SELECT transfer_id FROM m7_releases WHERE case_id = $1",
                              case_id, transfer_id);
}

int ledger_store_order_to_correct(db *conn, const char *uscc, char number[128])
{
        db_stmt *st;
        int rc = db_prepare(conn,
                            "SELECT m.case_number FROM m2_cases m JOIN cases c ON c.id = "
                            "m.case_id WHERE m.party_uscc = $1 AND c.open = 1 AND m.ordered_on IS "
                            "NOT NULL ORDER BY c.id LIMIT 1",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, uscc);
        rc = db_step(st);
        if (rc == DB_ROW) {
                copy(number, 128, db_column_text(st, 0));
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_ENOTFOUND;
        }
        db_finalize(st);
        return rc;
}

/* ---- verify ---- */

static int each_row(db *conn, const char *sql, int (*fn)(db_stmt *st, void *ctx), void *ctx)
{
        db_stmt *st;
        int rc = db_prepare(conn, sql, &st);
        if (rc != GL_OK)
                return rc;
        while ((rc = db_step(st)) == DB_ROW) {
                int r = fn(st, ctx);
                if (r != 0) {
                        db_finalize(st);
                        return r;
                }
        }
        return finish(st, rc);
}

struct vctx {
        int (*problem)(const char *text, void *ctx);
        int (*pollutant)(const char *code, int64_t sum, int64_t accounts, void *ctx);
        void *ctx;
        const char *what;
};

static int v_problem(db_stmt *st, void *c)
{
        struct vctx *v = c;
        char buf[512];
        snprintf(buf, sizeof(buf), "%s: %s %s %s %s", v->what, db_column_text(st, 0),
                 db_column_text(st, 1), db_column_text(st, 2), db_column_text(st, 3));
        return v->problem(buf, v->ctx);
}

static int v_pollutant(db_stmt *st, void *c)
{
        struct vctx *v = c;
        return v->pollutant(db_column_text(st, 0), db_column_int64(st, 1), db_column_int64(st, 2),
                            v->ctx);
}

int ledger_store_verify(db *conn, int (*problem)(const char *text, void *ctx),
                        int (*pollutant)(const char *code, int64_t sum, int64_t accounts,
                                         void *ctx),
                        void *ctx)
{
        struct vctx v = {problem, pollutant, ctx, ""};
        int rc = each_row(conn,
                          "SELECT pollutant, SUM(grams), COUNT(DISTINCT account) FROM "
                          "ledger_entries GROUP BY pollutant ORDER BY pollutant",
                          v_pollutant, &v);
        static const struct {
                const char *what, *sql;
        } checks[] = {
            {"污染物分录合计不为零 (pollutant entries do not sum to zero)",
             "SELECT pollutant, SUM(grams), '', '' FROM ledger_entries GROUP BY pollutant "
             "HAVING SUM(grams) <> 0"},
            {"已结算转移的分录不是两条或合计不为零 (settled transfer without its two entries)",
             "SELECT t.id, t.client_id, COUNT(e.id), COALESCE(SUM(e.grams), 0) FROM "
             "ledger_transfers t LEFT JOIN ledger_entries e ON e.transfer_id = t.id WHERE "
             "t.state = 'settled' GROUP BY t.id, t.client_id HAVING COUNT(e.id) <> 2 OR "
             "COALESCE(SUM(e.grams), 0) <> 0"},
            {"未结算转移却有分录 (entries of a transfer not settled)",
             "SELECT t.id, t.client_id, t.state, COUNT(e.id) FROM ledger_transfers t JOIN "
             "ledger_entries e ON e.transfer_id = t.id WHERE t.state <> 'settled' GROUP BY "
             "t.id, t.client_id, t.state"},
            {"分录与转移不符 (an entry does not match its transfer)",
             "SELECT e.id, e.transfer_id, e.account, e.grams FROM ledger_entries e JOIN "
             "ledger_transfers t ON t.id = e.transfer_id WHERE e.pollutant <> t.pollutant OR "
             "e.day < t.day OR (e.day <> t.day AND t.kind NOT IN ('release', 'sale')) OR NOT "
             "((e.account = t.from_account AND e.grams = -t.grams) OR "
             "(e.account = t.to_account AND e.grams = t.grams))"},
            {"非核定来源账户为负 (an account other than origin is negative)",
             "SELECT account, pollutant, SUM(grams), '' FROM ledger_entries WHERE account NOT "
             "LIKE 'origin:%' GROUP BY account, pollutant HAVING SUM(grams) < 0"},
            {"质押与待批转出超过余额 (pledges and pending transfers exceed the balance)",
             "SELECT a.account, a.pollutant, a.bal, a.held FROM (SELECT k.account, "
             "k.pollutant, (SELECT COALESCE(SUM(grams), 0) FROM ledger_entries e WHERE "
             "e.account = k.account AND e.pollutant = k.pollutant) AS bal, (SELECT "
             "COALESCE(SUM(grams), 0) FROM ledger_pledges p WHERE p.account = k.account AND "
             "p.pollutant = k.pollutant AND p.released_on IS NULL) + (SELECT "
             "COALESCE(SUM(grams), 0) FROM ledger_transfers t WHERE t.from_account = "
             "k.account AND t.pollutant = k.pollutant AND t.state = 'pending') AS held FROM "
             "(SELECT account, pollutant FROM ledger_pledges UNION SELECT from_account, "
             "pollutant FROM ledger_transfers WHERE state = 'pending') k WHERE k.account NOT "
             "LIKE 'origin:%') a WHERE a.held > a.bal"},
        };
        for (size_t i = 0; rc == GL_OK && i < sizeof(checks) / sizeof(checks[0]); i++) {
                v.what = checks[i].what;
                rc = each_row(conn, checks[i].sql, v_problem, &v);
        }
        return rc;
}
