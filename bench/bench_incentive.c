/*
 * Benchmark of measure 1's decision over N enterprises (default 1,000,000; the first argument
 * overrides) in 100 industries, all in scope. It writes a policy pack with 100 industries and a
 * SQLite database of enterprises and their figures (directly by SQL, for speed), then measures:
 *  (a) the engine alone, in memory: incentive_evaluate over the loaded subjects (best of 3), and
 *      the same plus writing every enterprise's explanation;
 *  (b) end to end: `greenlane eval incentive --year 2025 --json >/dev/null` on that database;
 * each beside the baseline: the same tiering (peer averages as ratios of sums, key ≥ 1.20 ×,
 * general >, A has no tier) written as ONE SQL query, run by the sqlite3 program on the same
 * database in the same run. The figures are generated small enough that the query's 64-bit
 * products cannot overflow, so its tiers can be checked against the engine's.
 * With BENCH_KEEP set in the environment the generated directory is kept (for profiling) and named.
 */
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/embedded.h"
#include "core/incentive.h"
#include "io/policy_json.h"
#include "store/db.h"
#include "store/incentive_store.h"

#define NINDUSTRIES 100
#define YEAR 2025

static double now_seconds(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng_state = 88172645463325252ULL;

static uint64_t rnd(uint64_t bound)
{
        rng_state ^= rng_state << 13;
        rng_state ^= rng_state >> 7;
        rng_state ^= rng_state << 17;
        return rng_state % bound;
}

/* The default pack with 100 industries, all of them in m1.industries. */
static int write_pack(const char *path)
{
        const struct embedded_file *f = embedded_find(embedded_policies, POLICY_DEFAULT_PACK);
        json_error_t jerr;
        json_t *pack = f ? json_loadb(f->data, f->size, 0, &jerr) : NULL;
        if (pack == NULL)
                return -1;
        json_t *industries = json_array(), *codes = json_array();
        for (int i = 0; i < NINDUSTRIES; i++) {
                char code[16], zh[32], en[32];
                snprintf(code, sizeof(code), "ind%02d", i);
                snprintf(zh, sizeof(zh), "示例行业%02d", i);
                snprintf(en, sizeof(en), "industry %02d", i);
                json_array_append_new(
                    industries, json_pack("{s:s, s:s, s:s, s:[s,s,s,s,s]}", "code", code, "name_zh",
                                          zh, "name_en", en, "ladder", "D", "C", "B-", "B", "A"));
                json_array_append_new(codes, json_string(code));
        }
        json_object_set_new(pack, "industries", industries);
        json_t *values = json_object_get(
            json_object_get(json_object_get(pack, "parameters"), "m1.industries"), "values");
        json_object_set_new(json_array_get(values, 0), "value", codes);
        int rc = json_dump_file(pack, path, JSON_INDENT(1));
        json_decref(pack);
        return rc;
}

static int exec_or_die(db *conn, const char *sql)
{
        if (db_exec(conn, sql) != GL_OK) {
                fprintf(stderr, "bench_incentive: %s: %s\n", sql, db_errmsg(conn));
                exit(1);
        }
        return 0;
}

static void write_database(const char *path, long n)
{
        struct gl_error err = {0};
        db *conn = NULL;
        if (db_open(path, &conn, &err) != GL_OK || db_migrate(conn, &err) != GL_OK) {
                fprintf(stderr, "bench_incentive: %s\n", err.message);
                exit(1);
        }
        exec_or_die(conn, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF");
        exec_or_die(conn, "BEGIN");
        db_stmt *ent = NULL, *fig = NULL;
        if (db_prepare(conn,
                       "INSERT INTO enterprises (uscc, name, industry, grade, updated_at) "
                       "VALUES ($1, $2, $3, $4, 'bench')",
                       &ent) != GL_OK ||
            db_prepare(conn,
                       "INSERT INTO annual_figures (uscc, year, tax_fen, rd_fen, revenue_fen, "
                       "so2_g, nox_g, pm_g, vocs_g, updated_at) VALUES ($1, $2, $3, $4, $5, $6, "
                       "$7, $8, $9, 'bench')",
                       &fig) != GL_OK) {
                fprintf(stderr, "bench_incentive: %s\n", db_errmsg(conn));
                exit(1);
        }
        static const char *const grades[] = {"D", "C", "B-", "B", "A", NULL};
        for (long i = 0; i < n; i++) {
                char uscc[32], name[64], industry[16];
                snprintf(uscc, sizeof(uscc), "91130131%010ld", i % 10000000000L);
                snprintf(name, sizeof(name), "平山县第%ld号示例企业有限公司", i);
                snprintf(industry, sizeof(industry), "ind%02ld", i % NINDUSTRIES);
                db_bind_text(ent, 1, uscc);
                db_bind_text(ent, 2, name);
                db_bind_text(ent, 3, industry);
                db_bind_text(ent, 4, grades[rnd(6)]);
                bool zero_emissions = rnd(200) == 0, no_vocs = rnd(100) == 0;
                db_bind_text(fig, 1, uscc);
                db_bind_int64(fig, 2, YEAR);
                db_bind_int64(fig, 3, 1000 + (int64_t)rnd(999000));
                db_bind_int64(fig, 4, (int64_t)rnd(500000));
                db_bind_int64(fig, 5, rnd(200) == 0 ? 0 : 1000000 + (int64_t)rnd(9000000));
                for (int p = 0; p < 3; p++)
                        db_bind_int64(fig, 6 + p, zero_emissions ? 0 : (int64_t)rnd(250000));
                db_bind_int64_or_null(fig, 9, !no_vocs, zero_emissions ? 0 : (int64_t)rnd(250000));
                if (db_step(ent) != DB_DONE || db_step(fig) != DB_DONE) {
                        fprintf(stderr, "bench_incentive: insert: %s\n", db_errmsg(conn));
                        exit(1);
                }
                db_reset(ent);
                db_reset(fig);
        }
        db_finalize(ent);
        db_finalize(fig);
        exec_or_die(conn, "COMMIT");
        exec_or_die(conn, "ANALYZE");
        db_close(conn);
}

/* The same tiering as one SQL statement (the baseline). */
static void write_query(const char *path, bool counts)
{
        FILE *f = fopen(path, "w");
        if (f == NULL) {
                perror(path);
                exit(1);
        }
        fprintf(f, "%s", counts ? "SELECT tier, COUNT(*) FROM (\n" : ".output /dev/null\n");
        fprintf(f,
                "WITH f AS (\n"
                "  SELECT e.uscc, e.industry, e.grade, a.tax_fen AS tax, a.rd_fen AS rd,\n"
                "         a.revenue_fen AS rev, a.so2_g + a.nox_g + a.pm_g + a.vocs_g AS em\n"
                "  FROM enterprises e LEFT JOIN annual_figures a\n"
                "    ON a.uscc = e.uscc AND a.year = %d\n"
                "  WHERE e.industry IN (",
                YEAR);
        for (int i = 0; i < NINDUSTRIES; i++)
                fprintf(f, "%s'ind%02d'", i ? "," : "", i);
        fprintf(
            f,
            ")),\n"
            "v AS (SELECT *, (tax >= 0 AND em > 0) IS 1 AS has_t,\n"
            "             (rd >= 0 AND rev > 0) IS 1 AS has_r FROM f),\n"
            "peer AS (SELECT industry,\n"
            "  SUM(CASE WHEN has_t THEN tax END) AS st, SUM(CASE WHEN has_t THEN em END) AS se,\n"
            "  SUM(CASE WHEN has_r THEN rd END) AS sr, SUM(CASE WHEN has_r THEN rev END) AS sv\n"
            "  FROM v GROUP BY industry),\n"
            "t AS (SELECT v.uscc, v.grade,\n"
            "  CASE WHEN v.grade IS 'A' THEN 'none'\n"
            "    WHEN (has_t AND tax * se * 100 >= st * em * 120 AND tax * se > st * em)\n"
            "      OR (has_r AND rd * sv * 100 >= sr * rev * 120 AND rd * sv > sr * rev)\n"
            "      THEN 'key'\n"
            "    WHEN (has_t AND tax * se > st * em) OR (has_r AND rd * sv > sr * rev)\n"
            "      THEN 'general'\n"
            "    ELSE 'none' END AS tier\n"
            "  FROM v JOIN peer USING (industry))\n"
            "SELECT uscc, tier,\n"
            "  CASE tier WHEN 'key' THEN 12 WHEN 'general' THEN 6 END AS grace_months,\n"
            "  CASE COALESCE(grade, 'D') WHEN 'D' THEN 'C' WHEN 'C' THEN 'B-'\n"
            "    WHEN 'B-' THEN 'B' WHEN 'B' THEN 'A' END AS next_grade\n"
            "FROM t ORDER BY uscc%s;\n",
            counts ? ") GROUP BY tier ORDER BY tier" : "");
        fclose(f);
}

static double run_timed(const char *command)
{
        double t0 = now_seconds();
        int rc = system(command);
        double t = now_seconds() - t0;
        if (rc != 0) {
                fprintf(stderr, "bench_incentive: failed: %s\n", command);
                exit(1);
        }
        return t;
}

struct loaded {
        const struct policy_pack *pack;
        struct incentive_subject *s;
        size_t n, cap;
};

static int add_subject(const struct incentive_store_row *row, void *ctx)
{
        struct loaded *l = ctx;
        if (l->n == l->cap) {
                l->cap = l->cap ? l->cap * 2 : 1024;
                l->s = realloc(l->s, l->cap * sizeof(*l->s));
                if (l->s == NULL)
                        return GL_ENOMEM;
        }
        struct incentive_subject *s = &l->s[l->n++];
        memset(s, 0, sizeof(*s));
        snprintf(s->uscc, sizeof(s->uscc), "%s", row->uscc);
        snprintf(s->grade, sizeof(s->grade), "%s", row->grade);
        const struct policy_industry *ind = policy_industry_find(l->pack, row->industry);
        s->industry = ind ? (int32_t)(ind - l->pack->industries) : -1;
        s->tax_fen = row->tax_fen;
        s->rd_fen = row->rd_fen;
        s->revenue_fen = row->revenue_fen;
        memcpy(s->emission_g, row->emission_g, sizeof(s->emission_g));
        return 0;
}

int main(int argc, char **argv)
{
        long n = argc > 1 ? atol(argv[1]) : 1000000;
        char dir[] = "/tmp/greenlane-bench-incentive-XXXXXX";
        if (mkdtemp(dir) == NULL) {
                perror("mkdtemp");
                return 1;
        }
        char self[1024], greenlane[1100];
        ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
        if (len <= 0)
                return 1;
        self[len] = '\0';
        *strrchr(self, '/') = '\0';
        snprintf(greenlane, sizeof(greenlane), "%s/../greenlane", self);
        char db_path[256], pack_path[256], query_path[256], counts_path[256], cmd[4096];
        snprintf(db_path, sizeof(db_path), "%s/bench.db", dir);
        snprintf(pack_path, sizeof(pack_path), "%s/pack.json", dir);
        snprintf(query_path, sizeof(query_path), "%s/tiering.sql", dir);
        snprintf(counts_path, sizeof(counts_path), "%s/counts.sql", dir);

        printf("measure 1 over %ld enterprises in %d industries (year %d)\n", n, NINDUSTRIES, YEAR);
        double t0 = now_seconds();
        if (write_pack(pack_path) != 0) {
                fprintf(stderr, "bench_incentive: cannot write the pack\n");
                return 1;
        }
        write_database(db_path, n);
        write_query(query_path, false);
        write_query(counts_path, true);
        printf("  generated the database in %.1f s\n", now_seconds() - t0);

        struct gl_error err = {0};
        struct policy_pack *pack = NULL;
        db *conn = NULL;
        if (policy_pack_load_file(pack_path, &pack, &err) != GL_OK ||
            db_open(db_path, &conn, &err) != GL_OK) {
                fprintf(stderr, "bench_incentive: %s\n", err.message);
                return 1;
        }
        struct loaded l = {.pack = pack};
        t0 = now_seconds();
        if (incentive_store_each_subject(conn, YEAR, NULL, 0, NULL, NULL, add_subject, &l) !=
            GL_OK) {
                fprintf(stderr, "bench_incentive: load: %s\n", db_errmsg(conn));
                return 1;
        }
        double load = now_seconds() - t0;
        db_close(conn);

        gl_date on = date_from_ymd(2026, 6, 1);
        double engine = 1e9;
        struct incentive_eval *ev = NULL;
        for (int round = 0; round < 3; round++) {
                incentive_eval_free(ev);
                ev = NULL;
                t0 = now_seconds();
                if (incentive_evaluate(pack, on, l.s, l.n, NULL, 0, &ev, &err) != GL_OK) {
                        fprintf(stderr, "bench_incentive: %s\n", err.message);
                        return 1;
                }
                double t = now_seconds() - t0;
                engine = t < engine ? t : engine;
        }
        long tiers[3] = {0, 0, 0};
        for (size_t i = 0; i < l.n; i++)
                tiers[incentive_eval_outcome(ev, i)->tier]++;
        struct incentive_result *r = malloc(sizeof(*r));
        t0 = now_seconds();
        for (size_t i = 0; i < l.n; i++)
                incentive_eval_result(ev, i, YEAR, r);
        double explain = now_seconds() - t0;
        free(r);

        snprintf(cmd, sizeof(cmd), "sqlite3 %s < %s", db_path, query_path);
        double sql_a = run_timed(cmd);
        snprintf(cmd, sizeof(cmd),
                 "GREENLANE_POLICY=%s %s --db %s eval incentive --year %d --json "
                 "--today 2026-06-01 >/dev/null",
                 pack_path, greenlane, db_path, YEAR);
        double e2e = run_timed(cmd);
        snprintf(cmd, sizeof(cmd), "sqlite3 %s < %s", db_path, query_path);
        double sql_b = run_timed(cmd);

        printf("  engine tiers: key %ld, general %ld, none %ld\n", tiers[2], tiers[1], tiers[0]);
        printf("  SQL tiers (must match):\n");
        fflush(stdout);
        snprintf(cmd, sizeof(cmd), "sqlite3 -separator ' ' %s < %s | sed 's/^/    /'", db_path,
                 counts_path);
        run_timed(cmd);
        printf("  loading the subjects from SQLite (one query): %.3f s\n", load);
        printf("(a) engine alone, in memory:        %.3f s   SQL query by sqlite3: %.3f s   "
               "ratio engine/SQL %.3f\n",
               engine, sql_a, engine / sql_a);
        printf("    engine + every explanation:     %.3f s   ratio to SQL %.3f\n", engine + explain,
               (engine + explain) / sql_a);
        printf("(b) end to end, eval --json:        %.3f s   SQL query by sqlite3: %.3f s   "
               "ratio greenlane/SQL %.3f\n",
               e2e, sql_b, e2e / sql_b);

        incentive_eval_free(ev);
        free(l.s);
        policy_pack_free(pack);
        if (getenv("BENCH_KEEP") != NULL) {
                printf("  kept %s (database bench.db, pack pack.json)\n", dir);
                return 0;
        }
        snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
        return system(cmd) == 0 ? 0 : 1;
}
