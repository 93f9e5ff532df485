/*
 * Benchmark of measure 7's discharge-rights ledger: N durable transfers (default 20,000; the first
 * argument overrides) written through app/ledger on a fresh SQLite database, beside the same
 * double-entry transaction written in plain SQL and run by the sqlite3 program on the same
 * database in the same run.
 *
 * ACCOUNTS enterprise accounts are first credited from the county's origin account (allocations,
 * not timed). Each transfer is a trade of 1,000 g of SO2 between two of them (the next account in
 * a ring), at a price, negotiated: app_ledger_transfer checks the kind between the accounts, the
 * seller's available grams (the sum of its entries, less what is pending, pledged or past its
 * validity), the seller's pledges and whether the buyer is under an order to correct, writes the
 * transfer with its digest, its two entries and its audit record (BLAKE2b chained) and commits.
 *  (a) one transfer per transaction, synchronous=FULL as greenlane runs: app_ledger_transfer;
 *  (b) batched: app_ledger_batch, one transaction for all N (a CSV file written beforehand, not
 *      timed).
 * The baseline writes per transfer the same rows in SQL: the transfer, inserted only when the
 * seller's entries sum to at least the grams (the same SUM the ledger's check takes), its two
 * entries and an audit record whose hash is a random expression (sqlite3 has no BLAKE2b), (a) each
 * transfer in BEGIN IMMEDIATE/COMMIT, (b) all in one transaction. It reads neither pledges nor
 * cases. Every run must add N transfers and 2N entries; the audit chain is verified after the
 * ledger's runs (before sqlite3 appends records that do not verify) and `ledger verify` over
 * everything at the end. Prints seconds and transfers per second of both and the time ratio
 * ledger/sqlite3. With BENCH_KEEP set the directory is kept and named. Figures: docs/ledger.md.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/audit.h"
#include "app/ledger.h"
#include "core/uscc.h"

#define ACCOUNTS 100
#define GRAMS 1000
#define PRICE_FEN 500000
#define DAY "2026-06-01"

static double now_seconds(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void make_uscc(long n, char out[19])
{
        snprintf(out, 19, "91130131M%07ld", n % 10000000);
        out[16] = uscc_org_check_char(out + 8);
        out[17] = '\0';
        out[17] = uscc_check_char(out);
        out[18] = '\0';
}

static void account_of(long i, char out[48])
{
        char uscc[19];
        make_uscc(i % ACCOUNTS + 1, uscc);
        snprintf(out, 48, "enterprise:%s", uscc);
}

static int64_t query_int(db *conn, const char *sql)
{
        int64_t n = -1;
        if (db_query_int64(conn, sql, &n) != GL_OK)
                fprintf(stderr, "bench_ledger: %s: %s\n", sql, db_errmsg(conn));
        return n;
}

struct counts {
        int64_t transfers, entries, audit;
};

static void count(db *conn, struct counts *c)
{
        c->transfers = query_int(conn, "SELECT COUNT(*) FROM ledger_transfers");
        c->entries = query_int(conn, "SELECT COUNT(*) FROM ledger_entries");
        c->audit = query_int(conn, "SELECT COUNT(*) FROM audit_log");
}

static int check_added(const char *what, const struct counts *before, const struct counts *after,
                       long n, bool audited)
{
        int64_t t = after->transfers - before->transfers, e = after->entries - before->entries;
        int64_t a = after->audit - before->audit;
        if (t == n && e == 2 * n && (!audited || a == n))
                return 0;
        fprintf(stderr,
                "bench_ledger: %s added %lld transfers, %lld entries, %lld audit records "
                "(expected %ld, %ld, %ld)\n",
                what, (long long)t, (long long)e, (long long)a, n, 2 * n, n);
        return -1;
}

static int allocate(struct app *app, const struct actor *who, gl_date day)
{
        struct gl_error err = {0};
        for (long i = 0; i < ACCOUNTS; i++) {
                char to[48], client[32];
                account_of(i, to);
                snprintf(client, sizeof(client), "alloc-%ld", i);
                struct ledger_transfer_input in = {.client_id = client,
                                                   .pollutant = "so2",
                                                   .from = "origin:130131",
                                                   .to = to,
                                                   .grams = 1000000000000LL,
                                                   .kind = "allocation",
                                                   .day = day,
                                                   .price_fen = -1};
                struct ledger_transfer t;
                bool replayed = false;
                if (app_ledger_transfer(app, who, &in, &t, &replayed, &err) != GL_OK) {
                        fprintf(stderr, "bench_ledger: allocation %ld: %s\n", i, err.message);
                        return -1;
                }
        }
        return 0;
}

/* (a): n trades, each app_ledger_transfer in its own transaction. */
static double run_one_by_one(struct app *app, const struct actor *who, gl_date day, long n)
{
        struct gl_error err = {0};
        double t0 = now_seconds();
        for (long i = 0; i < n; i++) {
                char from[48], to[48], client[32];
                account_of(i, from);
                account_of(i + 1, to);
                snprintf(client, sizeof(client), "a-%ld", i);
                struct ledger_transfer_input in = {.client_id = client,
                                                   .pollutant = "so2",
                                                   .from = from,
                                                   .to = to,
                                                   .grams = GRAMS,
                                                   .kind = "trade",
                                                   .day = day,
                                                   .price_fen = PRICE_FEN,
                                                   .method = "negotiated"};
                struct ledger_transfer t;
                bool replayed = false;
                if (app_ledger_transfer(app, who, &in, &t, &replayed, &err) != GL_OK || replayed) {
                        fprintf(stderr, "bench_ledger: transfer %ld: %s\n", i, err.message);
                        return -1;
                }
        }
        return now_seconds() - t0;
}

static int write_batch(const char *path, long n)
{
        FILE *f = fopen(path, "w");
        if (f == NULL) {
                perror(path);
                return -1;
        }
        fprintf(f, "client_id,pollutant,from,to,grams,kind,day,note,price_fen,method\n");
        for (long i = 0; i < n; i++) {
                char from[48], to[48];
                account_of(i, from);
                account_of(i + 1, to);
                fprintf(f, "b-%ld,so2,%s,%s,%d,trade,%s,,%d,negotiated\n", i, from, to, GRAMS, DAY,
                        PRICE_FEN);
        }
        return fclose(f) == 0 ? 0 : -1;
}

/* The baseline's script: per transfer the transfer (when the seller holds enough), its two entries
 * and an audit record; each in BEGIN IMMEDIATE/COMMIT, or (batched) all in one. */
static int write_script(const char *path, long n, bool batched)
{
        FILE *f = fopen(path, "w");
        if (f == NULL) {
                perror(path);
                return -1;
        }
        const char *prefix = batched ? "d" : "c";
        if (batched)
                fprintf(f, "BEGIN IMMEDIATE;\n");
        for (long i = 0; i < n; i++) {
                char from[48], to[48];
                account_of(i, from);
                account_of(i + 1, to);
                if (!batched)
                        fprintf(f, "BEGIN IMMEDIATE;\n");
                fprintf(f,
                        "INSERT INTO ledger_transfers (client_id, digest, pollutant, from_account, "
                        "to_account, grams, kind, state, day, proposed_by, approved_by, price_fen, "
                        "method, note, created_at, settled_at) SELECT '%s-%ld', "
                        "lower(hex(randomblob(32))), 'so2', '%s', '%s', %d, 'trade', 'settled', "
                        "'%s', 'bench', '', %d, 'negotiated', '', "
                        "strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now'), "
                        "strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now') WHERE (SELECT "
                        "COALESCE(SUM(grams), 0) FROM ledger_entries WHERE account = '%s' AND "
                        "pollutant = 'so2') >= %d;\n",
                        prefix, i, from, to, GRAMS, DAY, PRICE_FEN, from, GRAMS);
                fprintf(f,
                        "INSERT INTO ledger_entries (transfer_id, account, pollutant, grams, day) "
                        "VALUES (last_insert_rowid(), '%s', 'so2', %d, '%s');\n",
                        from, -GRAMS, DAY);
                fprintf(f,
                        "INSERT INTO ledger_entries (transfer_id, account, pollutant, grams, day) "
                        "SELECT transfer_id, '%s', 'so2', %d, '%s' FROM ledger_entries WHERE id = "
                        "last_insert_rowid();\n",
                        to, GRAMS, DAY);
                fprintf(f,
                        "INSERT INTO audit_log (at, actor, action, entity_type, entity_id, detail, "
                        "digest, prev_hash, hash) SELECT strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', "
                        "'now'), 'bench', 'ledger.transfer', 'ledger_transfer', transfer_id, "
                        "'{\"kind\":\"trade\"}', lower(hex(randomblob(32))), (SELECT hash FROM "
                        "audit_log ORDER BY id DESC LIMIT 1), lower(hex(randomblob(32))) FROM "
                        "ledger_entries WHERE id = last_insert_rowid();\n");
                if (!batched)
                        fprintf(f, "COMMIT;\n");
        }
        if (batched)
                fprintf(f, "COMMIT;\n");
        return fclose(f) == 0 ? 0 : -1;
}

static double run_sqlite3(const char *db_path, const char *script)
{
        char cmd[512];
        snprintf(cmd, sizeof(cmd), "sqlite3 -bail '%s' < '%s'", db_path, script);
        double t0 = now_seconds();
        int rc = system(cmd);
        double t = now_seconds() - t0;
        if (rc != 0) {
                fprintf(stderr, "bench_ledger: failed: %s\n", cmd);
                return -1;
        }
        return t;
}

int main(int argc, char **argv)
{
        long n = argc > 1 ? atol(argv[1]) : 20000;
        if (n < 1 || n > 10000000 || sodium_init() < 0)
                return 2;
        char dir[] = "/tmp/greenlane-bench-ledger-XXXXXX";
        if (mkdtemp(dir) == NULL) {
                perror("mkdtemp");
                return 1;
        }
        char db_path[64], batch[64], script_a[64], script_b[64];
        snprintf(db_path, sizeof(db_path), "%s/ledger.db", dir);
        snprintf(batch, sizeof(batch), "%s/batch.csv", dir);
        snprintf(script_a, sizeof(script_a), "%s/transfers-a.sql", dir);
        snprintf(script_b, sizeof(script_b), "%s/transfers-b.sql", dir);

        int status = 1;
        struct app *app = NULL;
        struct gl_error err = {0};
        struct actor who = actor_system();
        snprintf(who.name, sizeof(who.name), "bench");
        gl_date day;
        date_parse_iso(DAY, &day);
        struct counts c0, c1, c2, c3, c4;
        struct audit_verify_result v = {0};
        if (app_open(db_path, &app, &err) != GL_OK) {
                fprintf(stderr, "bench_ledger: %s\n", err.message);
                goto done;
        }
        if (allocate(app, &who, day) != 0 || write_batch(batch, n) != 0 ||
            write_script(script_a, n, false) != 0 || write_script(script_b, n, true) != 0)
                goto done;
        printf("discharge-rights transfers: %ld trades of %d g of SO2 among %d enterprise "
               "accounts, each checked against the seller's available grams\n",
               n, GRAMS, ACCOUNTS);
        count(app->db, &c0);
        double la = run_one_by_one(app, &who, day, n);
        if (la < 0)
                goto done;
        count(app->db, &c1);
        int64_t written = 0;
        double t0 = now_seconds();
        if (app_ledger_batch(app, &who, batch, &written, &err) != GL_OK) {
                fprintf(stderr, "bench_ledger: batch: %s\n", err.message);
                goto done;
        }
        double lb = now_seconds() - t0;
        count(app->db, &c2);
        if (check_added("ledger (a)", &c0, &c1, n, true) != 0 ||
            check_added("ledger (b)", &c1, &c2, n, false) != 0 || written != n)
                goto done;
        if (audit_verify(app, NULL, &v, &err) != GL_OK || !v.intact) {
                fprintf(stderr, "bench_ledger: audit verify: broken at %lld: %s %s\n",
                        (long long)v.first_broken_id, v.reason, err.message);
                goto done;
        }
        app_close(app);
        app = NULL;

        double sa = run_sqlite3(db_path, script_a);
        if (sa < 0 || app_open(db_path, &app, &err) != GL_OK)
                goto done;
        count(app->db, &c3);
        app_close(app);
        app = NULL;
        double sb = run_sqlite3(db_path, script_b);
        if (sb < 0 || app_open(db_path, &app, &err) != GL_OK)
                goto done;
        count(app->db, &c4);
        if (check_added("sqlite3 (a)", &c2, &c3, n, true) != 0 ||
            check_added("sqlite3 (b)", &c3, &c4, n, true) != 0)
                goto done;
        struct ledger_verify_report report = {0};
        if (app_ledger_verify(app, &who, &report, &err) != GL_OK || !report.ok) {
                fprintf(stderr, "bench_ledger: ledger verify does not hold: %s\n", err.message);
                ledger_lines_free(&report.problems);
                goto done;
        }
        ledger_lines_free(&report.problems);

        printf("(a) one transfer per transaction: ledger %7.2f s %7.0f transfers/s   sqlite3, "
               "BEGIN/COMMIT each %7.2f s %7.0f transfers/s   ratio ledger/sqlite3 %.2fx\n",
               la, (double)n / la, sa, (double)n / sa, la / sa);
        printf("(b) batched, one transaction:     ledger %7.2f s %7.0f transfers/s   sqlite3, "
               "one transaction  %7.2f s %7.0f transfers/s   ratio ledger/sqlite3 %.2fx\n",
               lb, (double)n / lb, sb, (double)n / sb, lb / sb);
        printf("  checked: each run added %ld transfers and %ld entries; the audit chain verified "
               "after the ledger's runs (%lld records); ledger verify holds over all four\n",
               n, 2 * n, (long long)v.records);
        status = 0;
done:
        app_close(app);
        if (getenv("BENCH_KEEP") != NULL) {
                printf("  kept %s\n", dir);
                return status;
        }
        char cmd[96];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
        if (system(cmd) != 0)
                status = 1;
        return status;
}
