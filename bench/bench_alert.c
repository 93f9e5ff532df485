/*
 * Benchmark of the heavy-pollution-weather alert engine over a registry of N enterprises (default
 * 1,000,000; the first argument overrides) and M construction sites (default 200,000; the second)
 * in 100 townships, on the shipped pack's industries and ladders. It writes the registry into a
 * SQLite database directly by SQL, then measures, in one run over the same database:
 *  (a) the C rule alone, in memory, the registry read beforehand: every unit decided
 *      (core/alert.c's alert_decide) and its explanation rendered (alert_explain), one by one; and
 *      the application's way — each unit mapped to its class by interned numbers, each class
 *      decided once and explained once per township it appears in (what is stored and rendered),
 *      every unit given its class — timed apart from any storing;
 *  (b) computing and storing a version: app_alert_issue for the whole county (orange), and a
 *      change to red (version 2), each one transaction with its audit record;
 *  (c) the baseline: the same classification (the row applied and the measure, for the same units)
 *      as ONE SQL INSERT … SELECT with CASE over the same database, the table's rows loaded into a
 *      table of their own; the counts by row are checked against the application's;
 *  (d) the diff between the two versions (app_alert_diff, every changed unit visited), beside the
 *      same count as one SQL join;
 *  (e) reading every measure of a version back with its explanation rendered (app_alert_measures).
 * Ratios are printed beside the baseline. With BENCH_KEEP set the directory is kept and named.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/alert.h"
#include "core/alert.h"
#include "core/policy.h"
#include "io/policy_json.h"
#include "store/alert_store.h"
#include "store/db.h"

#define NTOWNSHIPS 100

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

static void die(const char *what, db *conn)
{
        fprintf(stderr, "bench_alert: %s: %s\n", what, conn ? db_errmsg(conn) : "");
        exit(1);
}

static void exec_or_die(db *conn, const char *sql)
{
        if (db_exec(conn, sql) != GL_OK)
                die(sql, conn);
}

static void township_name(long i, char *buf, size_t size)
{
        snprintf(buf, size, "示例乡镇%02ld", i % NTOWNSHIPS);
}

/* The registry: enterprises on the pack's industries, grades on their ladders (one in eight
 * ungraded), four in five discharging air pollutants, one in twenty on the positive list; sites
 * one in five listed, one in ten finished. */
static void write_registry(const char *path, const struct policy_pack *pack, long n, long m)
{
        struct gl_error err = {0};
        db *conn = NULL;
        if (db_open(path, &conn, &err) != GL_OK || db_migrate(conn, &err) != GL_OK) {
                fprintf(stderr, "bench_alert: %s\n", err.message);
                exit(1);
        }
        exec_or_die(conn, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF");
        exec_or_die(conn, "BEGIN");
        db_stmt *ent = NULL, *site = NULL;
        if (db_prepare(conn,
                       "INSERT INTO enterprises (uscc, name, industry, township, grade, "
                       "air_emitter, key_air_emitter, positive_list, updated_at) VALUES ($1, $2, "
                       "$3, $4, $5, $6, 0, $7, 'bench')",
                       &ent) != GL_OK ||
            db_prepare(conn,
                       "INSERT INTO sites (id, project, category, builder_uscc, builder_name, "
                       "township, department, status, listed, created_by, created_at) VALUES ($1, "
                       "$2, 'school', '', '', $3, 'education', $4, $5, 'bench', 'bench')",
                       &site) != GL_OK)
                die("prepare", conn);
        for (long i = 0; i < n; i++) {
                char uscc[32], name[64], town[32];
                snprintf(uscc, sizeof(uscc), "91130131%010ld", i);
                snprintf(name, sizeof(name), "示例企业%ld有限公司", i);
                township_name((long)rnd(NTOWNSHIPS), town, sizeof(town));
                const struct policy_industry *ind = &pack->industries[rnd(pack->nindustries)];
                const char *grade = rnd(8) == 0 ? NULL : ind->ladder[rnd(ind->nladder)];
                db_bind_text(ent, 1, uscc);
                db_bind_text(ent, 2, name);
                db_bind_text(ent, 3, ind->code);
                db_bind_text(ent, 4, town);
                db_bind_text(ent, 5, grade);
                db_bind_int64(ent, 6, rnd(5) != 0);
                db_bind_int64(ent, 7, rnd(20) == 0);
                if (db_step(ent) != DB_DONE)
                        die("insert an enterprise", conn);
                db_reset(ent);
        }
        for (long i = 1; i <= m; i++) {
                char project[64], town[32];
                snprintf(project, sizeof(project), "示例工程%ld", i);
                township_name((long)rnd(NTOWNSHIPS), town, sizeof(town));
                db_bind_int64(site, 1, i);
                db_bind_text(site, 2, project);
                db_bind_text(site, 3, town);
                db_bind_text(site, 4, rnd(10) == 0 ? "finished" : "under_construction");
                db_bind_int64(site, 5, rnd(5) == 0);
                if (db_step(site) != DB_DONE)
                        die("insert a site", conn);
                db_reset(site);
        }
        db_finalize(ent);
        db_finalize(site);
        exec_or_die(conn, "COMMIT");
        exec_or_die(conn, "ANALYZE");
        db_close(conn);
}

/* ---- (a) the rule in memory ---- */

struct unit {
        struct alert_class c;
        int township;
};

struct loaded {
        struct unit *u;
        size_t n, cap;
        char towns[NTOWNSHIPS][32];
};

static int town_index(const char *name)
{
        /* "示例乡镇NN": the two digits at the end */
        size_t len = strlen(name);
        if (len < 2)
                return 0;
        return (name[len - 2] - '0') * 10 + (name[len - 1] - '0');
}

static struct unit *next_unit(struct loaded *l)
{
        if (l->n == l->cap) {
                l->cap = l->cap ? l->cap * 2 : 1 << 16;
                l->u = realloc(l->u, l->cap * sizeof(*l->u));
                if (l->u == NULL) {
                        fprintf(stderr, "bench_alert: out of memory\n");
                        exit(1);
                }
        }
        return &l->u[l->n++];
}

static int load_enterprise(const struct enterprise *e, void *ctx)
{
        struct loaded *l = ctx;
        if (!e->air_emitter)
                return 0;
        struct unit *u = next_unit(l);
        alert_class_of_enterprise(e, &u->c);
        u->township = town_index(e->township);
        return 0;
}

static int load_site(const struct alert_site_unit *s, void *ctx)
{
        struct loaded *l = ctx;
        struct unit *u = next_unit(l);
        alert_class_of_site(s->listed, &u->c);
        u->township = town_index(s->township);
        return 0;
}

/* Every unit decided and explained on its own; returns the bytes of explanation. */
static size_t decide_and_explain(const struct alert_rules *r, const struct loaded *l,
                                 enum alert_level level, long *restricted)
{
        static struct alert_lines lines;
        size_t bytes = 0;
        long k = 0;
        for (size_t i = 0; i < l->n; i++) {
                struct alert_decision d;
                if (alert_decide(r, level, &l->u[i].c, &d) != GL_OK) {
                        fprintf(stderr, "bench_alert: no row for a unit\n");
                        exit(1);
                }
                struct alert_where w = {.level = level,
                                        .version = 1,
                                        .whole_county = true,
                                        .township = l->towns[l->u[i].township]};
                alert_explain(r, &w, &l->u[i].c, &d, &lines);
                for (size_t j = 0; j < lines.n; j++)
                        bytes += strlen(lines.line[j]);
                k += alert_measure_restricted(&d.m);
        }
        *restricted = k;
        return bytes;
}

/* The application's way, in memory: each unit mapped to its class by interned numbers (industry,
 * grade, positive list; a site: listed), each class decided once and explained once per township
 * it appears in (what is stored and rendered on reading), every unit given its class. */
#define MAX_INDUSTRIES 1024
#define MAX_GRADES 16

struct interned {
        const char *text[MAX_INDUSTRIES]; /* open addressing on the text's hash */
        int number[MAX_INDUSTRIES];
        int n;
};

static int intern_text(struct interned *t, const char *text)
{
        uint64_t h = 1469598103934665603ULL;
        for (const char *p = text; *p; p++)
                h = (h ^ (unsigned char)*p) * 1099511628211ULL;
        for (size_t i = h & (MAX_INDUSTRIES - 1);; i = (i + 1) & (MAX_INDUSTRIES - 1)) {
                if (t->text[i] == NULL) {
                        if (t->n >= MAX_INDUSTRIES / 2) {
                                fprintf(stderr, "bench_alert: too many industries\n");
                                exit(1);
                        }
                        t->text[i] = text;
                        t->number[i] = t->n++;
                        return t->number[i];
                }
                if (strcmp(t->text[i], text) == 0)
                        return t->number[i];
        }
}

struct app_memory {
        int *unit_class;         /* per unit */
        size_t nclasses;         /* classes decided */
        size_t nexplained;       /* (class, township) explanations rendered */
        size_t bytes;            /* of explanation */
        long restricted, halted; /* units */
};

static void app_in_memory(const struct alert_rules *r, const struct loaded *l,
                          enum alert_level level, struct app_memory *out)
{
        static struct alert_lines lines;
        struct interned *ind = calloc(1, sizeof(*ind)), *grades = calloc(1, sizeof(*grades));
        size_t slots = (size_t)MAX_INDUSTRIES * MAX_GRADES * 2 + 2;
        int *by_key = malloc(slots * sizeof(int));
        struct alert_decision *d = malloc(slots * sizeof(*d));
        const struct alert_class **first = malloc(slots * sizeof(*first));
        unsigned char *explained = NULL;
        int *unit_class = malloc((l->n ? l->n : 1) * sizeof(int));
        if (ind == NULL || grades == NULL || by_key == NULL || d == NULL || first == NULL ||
            unit_class == NULL) {
                fprintf(stderr, "bench_alert: out of memory\n");
                exit(1);
        }
        for (size_t i = 0; i < slots; i++)
                by_key[i] = -1;
        size_t nclasses = 0, nexplained = 0, bytes = 0;
        long restricted = 0, halted = 0;
        for (size_t i = 0; i < l->n; i++) {
                const struct alert_class *c = &l->u[i].c;
                size_t key;
                if (c->site) {
                        key = (size_t)MAX_INDUSTRIES * MAX_GRADES * 2 + (c->listed ? 1 : 0);
                } else {
                        int g = intern_text(grades, c->grade);
                        if (g >= MAX_GRADES) {
                                fprintf(stderr, "bench_alert: too many grades\n");
                                exit(1);
                        }
                        key = ((size_t)intern_text(ind, c->industry) * MAX_GRADES + (size_t)g) * 2 +
                              (c->positive_list ? 1 : 0);
                }
                int k = by_key[key];
                if (k < 0) {
                        k = by_key[key] = (int)nclasses;
                        first[nclasses] = c;
                        if (alert_decide(r, level, c, &d[nclasses]) != GL_OK) {
                                fprintf(stderr, "bench_alert: no row for a class\n");
                                exit(1);
                        }
                        nclasses++;
                        explained = realloc(explained, nclasses * NTOWNSHIPS);
                        if (explained == NULL) {
                                fprintf(stderr, "bench_alert: out of memory\n");
                                exit(1);
                        }
                        memset(explained + (size_t)k * NTOWNSHIPS, 0, NTOWNSHIPS);
                }
                unsigned char *e = &explained[(size_t)k * NTOWNSHIPS + (size_t)l->u[i].township];
                if (!*e) {
                        struct alert_where w = {.level = level,
                                                .version = 1,
                                                .whole_county = true,
                                                .township = l->towns[l->u[i].township]};
                        alert_explain(r, &w, first[k], &d[k], &lines);
                        for (size_t j = 0; j < lines.n; j++)
                                bytes += strlen(lines.line[j]);
                        *e = 1;
                        nexplained++;
                }
                unit_class[i] = k;
                restricted += alert_measure_restricted(&d[k].m);
                halted += d[k].m.halted;
        }
        out->unit_class = unit_class;
        out->nclasses = nclasses;
        out->nexplained = nexplained;
        out->bytes = bytes;
        out->restricted = restricted;
        out->halted = halted;
        free(ind);
        free(grades);
        free(by_key);
        free(d);
        free(first);
        free(explained);
}

/* ---- (c) the baseline ---- */

/* The table's rows, the ladders' lowest rungs, loaded into tables of their own. */
static void load_rule_tables(db *conn, const struct alert_rules *r)
{
        exec_or_die(conn,
                    "DROP TABLE IF EXISTS bench_rules; DROP TABLE IF EXISTS bench_lowest;"
                    "DROP TABLE IF EXISTS bench_sql_results; DROP TABLE IF EXISTS bench_sql_red;"
                    "CREATE TABLE bench_rules (industry TEXT, grade TEXT, level TEXT, "
                    "own_choice INT, trucks INT, road INT, limit_percent INT, halted INT, "
                    "processes TEXT, PRIMARY KEY (industry, grade, level));"
                    "CREATE TABLE bench_lowest (industry TEXT PRIMARY KEY, lowest TEXT);"
                    "CREATE TABLE bench_sql_results (site_id INT, uscc TEXT, township TEXT, "
                    "row_key TEXT, own_choice INT, trucks INT, limit_percent INT, halted INT, "
                    "processes TEXT);"
                    "CREATE TABLE bench_sql_red AS SELECT * FROM bench_sql_results WHERE 0");
        db_stmt *st = NULL;
        if (db_prepare(conn, "INSERT INTO bench_rules VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                       &st) != GL_OK)
                die("prepare rules", conn);
        for (size_t i = 0; i < r->nrows; i++) {
                const struct alert_row *row = &r->rows[i];
                db_bind_text(st, 1, row->industry);
                db_bind_text(st, 2, row->grade);
                db_bind_text(st, 3, alert_level_name(row->level));
                db_bind_int64(st, 4, row->m.own_choice);
                db_bind_int64(st, 5, row->m.no_old_trucks);
                db_bind_int64(st, 6, row->m.no_road_transport);
                db_bind_int64(st, 7, row->m.limit_percent);
                db_bind_int64(st, 8, row->m.halted);
                db_bind_text(st, 9, row->m.processes);
                if (db_step(st) != DB_DONE)
                        die("insert a rule", conn);
                db_reset(st);
        }
        db_finalize(st);
        if (db_prepare(conn, "INSERT INTO bench_lowest VALUES ($1, $2)", &st) != GL_OK)
                die("prepare ladders", conn);
        for (size_t i = 0; i < r->nindustries; i++) {
                db_bind_text(st, 1, r->industries[i].code);
                db_bind_text(st, 2, r->industries[i].lowest);
                if (db_step(st) != DB_DONE)
                        die("insert a ladder", conn);
                db_reset(st);
        }
        db_finalize(st);
}

/* The same classification for level (positive list, grade A, the table with its general rows,
 * ungraded as the lowest rung; sites listed or not) as one INSERT ... SELECT with CASE. */
static void sql_classify(db *conn, const struct alert_rules *r, const char *table,
                         enum alert_level lv)
{
        char sql[8192];
        const char *level = alert_level_name(lv);
        snprintf(
            sql, sizeof(sql),
            "INSERT INTO %s SELECT 0, e.uscc, e.township,"
            " CASE WHEN e.positive_list = 1 THEN 'positive_list'"
            "  WHEN e.g = 'A' THEN 'a_grade/A'"
            "  ELSE COALESCE(ri.industry, '*') || '/' || e.g || '/' || '%s' END,"
            " CASE WHEN e.positive_list = 1 OR e.g = 'A' THEN 1"
            "  ELSE COALESCE(ri.own_choice, rg.own_choice) END,"
            " CASE WHEN e.positive_list = 1 OR e.g = 'A' THEN 0"
            "  ELSE COALESCE(ri.trucks, rg.trucks) + COALESCE(ri.road, rg.road) END,"
            " CASE WHEN e.positive_list = 1 OR e.g = 'A' THEN 0"
            "  ELSE COALESCE(ri.limit_percent, rg.limit_percent) END,"
            " CASE WHEN e.positive_list = 1 OR e.g = 'A' THEN 0"
            "  ELSE COALESCE(ri.halted, rg.halted) END,"
            " CASE WHEN e.positive_list = 1 OR e.g = 'A' THEN ''"
            "  ELSE COALESCE(ri.processes, rg.processes) END"
            " FROM (SELECT x.*, CASE WHEN x.grade IS NULL OR x.grade = ''"
            "   THEN COALESCE(l.lowest, 'D') ELSE x.grade END AS g"
            "   FROM enterprises x LEFT JOIN bench_lowest l ON l.industry = x.industry"
            "   WHERE x.air_emitter = 1) e"
            " LEFT JOIN bench_rules ri ON ri.industry = e.industry AND ri.grade = e.g"
            "  AND ri.level = '%s'"
            " LEFT JOIN bench_rules rg ON rg.industry = '*' AND rg.grade = e.g AND rg.level = '%s'"
            " ORDER BY e.uscc;"
            "INSERT INTO %s SELECT s.id, '', s.township,"
            " CASE WHEN s.listed = 1 THEN 'site/listed/%s' ELSE 'site/ordinary/%s' END,"
            " 0, 0, 0, CASE WHEN s.listed = 1 THEN 0 ELSE %d END,"
            " CASE WHEN s.listed = 1 THEN '%s' ELSE '%s' END"
            " FROM sites s WHERE s.status = 'under_construction' ORDER BY s.id",
            table, level, level, level, table, level, level, r->site_ordinary[lv].halted,
            r->site_listed_at[lv] ? r->site_listed_processes : "", r->site_ordinary[lv].processes);
        exec_or_die(conn, sql);
}

static int64_t query_int(db *conn, const char *sql)
{
        int64_t v = -1;
        if (db_query_int64(conn, sql, &v) != GL_OK)
                die(sql, conn);
        return v;
}

/* ---- (d), (e) ---- */

static int count_item(const struct alert_diff_item *d, void *ctx)
{
        (void)d;
        (*(int64_t *)ctx)++;
        return 0;
}

struct read_count {
        int64_t n;
        size_t bytes;
};

static int count_measure(const struct alert_measure_item *m, void *ctx)
{
        struct read_count *c = ctx;
        c->n++;
        for (size_t i = 0; i < m->lines.n; i++)
                c->bytes += strlen(m->lines.line[i]);
        return 0;
}

int main(int argc, char **argv)
{
        long n = argc > 1 ? atol(argv[1]) : 1000000;
        long m = argc > 2 ? atol(argv[2]) : 200000;
        char dir[] = "/tmp/greenlane-bench-alert-XXXXXX";
        if (mkdtemp(dir) == NULL) {
                perror("mkdtemp");
                return 1;
        }
        char db_path[256], cmd[512];
        snprintf(db_path, sizeof(db_path), "%s/bench.db", dir);
        struct gl_error err = {0};
        struct policy_pack *pack = NULL;
        if (policy_pack_load_default(&pack, &err) != GL_OK) {
                fprintf(stderr, "bench_alert: %s\n", err.message);
                return 1;
        }
        printf("alert engine over %ld enterprises and %ld sites in %d townships\n", n, m,
               NTOWNSHIPS);
        double t0 = now_seconds();
        write_registry(db_path, pack, n, m);
        printf("  generated the registry in %.1f s\n", now_seconds() - t0);

        db *conn = NULL;
        if (db_open(db_path, &conn, &err) != GL_OK) {
                fprintf(stderr, "bench_alert: %s\n", err.message);
                return 1;
        }
        struct alert_rules rules;
        if (alert_rules_load(pack, date_from_ymd(2026, 1, 15), &rules, &err) != GL_OK) {
                fprintf(stderr, "bench_alert: %s\n", err.message);
                return 1;
        }

        /* (a) */
        struct loaded *l = calloc(1, sizeof(*l));
        for (int i = 0; i < NTOWNSHIPS; i++)
                township_name(i, l->towns[i], sizeof(l->towns[i]));
        t0 = now_seconds();
        if (alert_store_scan_enterprises(conn, "", load_enterprise, l) != GL_OK ||
            alert_store_scan_sites(conn, "", true, load_site, l) != GL_OK)
                die("read the registry", conn);
        double read = now_seconds() - t0;
        long restricted_a = 0;
        t0 = now_seconds();
        size_t bytes = decide_and_explain(&rules, l, ALERT_ORANGE, &restricted_a);
        double rule_a = now_seconds() - t0;
        struct app_memory am = {0};
        t0 = now_seconds();
        app_in_memory(&rules, l, ALERT_ORANGE, &am);
        double rule_app = now_seconds() - t0;

        /* (b) */
        struct app *app = NULL;
        if (app_open(db_path, &app, &err) != GL_OK) {
                fprintf(stderr, "bench_alert: %s\n", err.message);
                return 1;
        }
        struct actor city = {.role = ROLE_CITY_OFFICER, .name = "bench"};
        struct alert_issue_input in = {
            .level = "orange", .from = "2026-01-15T00:00", .to = "2026-01-18", .notice = "bench"};
        int64_t id = 0;
        t0 = now_seconds();
        if (app_alert_issue(app, &city, &in, &id, &err) != GL_OK) {
                fprintf(stderr, "bench_alert: issue: %s\n", err.message);
                return 1;
        }
        double issue = now_seconds() - t0;
        struct alert_change_input raise = {
            .level = "red", .reason = "bench", .at = "2026-01-16T08:00"};
        t0 = now_seconds();
        if (app_alert_change(app, &city, id, &raise, NULL, &err) != GL_OK) {
                fprintf(stderr, "bench_alert: change: %s\n", err.message);
                return 1;
        }
        double change = now_seconds() - t0;

        /* (c) */
        load_rule_tables(conn, &rules);
        exec_or_die(conn, "BEGIN");
        t0 = now_seconds();
        sql_classify(conn, &rules, "bench_sql_results", ALERT_ORANGE);
        exec_or_die(conn, "COMMIT");
        double sql = now_seconds() - t0;
        int64_t sql_rows = query_int(conn, "SELECT COUNT(*) FROM bench_sql_results");
        int64_t app_rows =
            query_int(conn, "SELECT enterprises + sites FROM alert_versions WHERE version = 1");
        int64_t app_blocks =
            query_int(conn, "SELECT COUNT(*) FROM alert_result_blocks WHERE version = 1");
        int64_t app_bytes =
            query_int(conn, "SELECT SUM(length(units)) FROM alert_result_blocks WHERE version = 1");
        /* The counts by row key must agree. */
        int64_t disagree = query_int(
            conn, "SELECT COUNT(*) FROM (SELECT row_key, COUNT(*) AS n FROM bench_sql_results "
                  "GROUP BY row_key) s FULL JOIN (SELECT row_key, SUM(units) AS n FROM "
                  "alert_classes WHERE version = 1 GROUP BY row_key) a ON a.row_key = s.row_key "
                  "WHERE a.n IS NOT s.n");
        int64_t halted_sql =
            query_int(conn, "SELECT COUNT(*) FROM bench_sql_results WHERE halted = 1");
        int64_t halted_app = query_int(conn, "SELECT halted FROM alert_versions WHERE version = 1");

        /* (d) */
        struct alert_diff_summary sum = {0};
        int64_t items = 0;
        struct actor reader = {.role = ROLE_COUNTY_OFFICER, .name = "bench"};
        t0 = now_seconds();
        if (app_alert_diff(app, &reader, id, 1, 2, 0, 0, count_item, &items, &sum, &err) != GL_OK) {
                fprintf(stderr, "bench_alert: diff: %s\n", err.message);
                return 1;
        }
        double diff = now_seconds() - t0;
        /* The baseline's own results for red beside those for orange, joined. */
        exec_or_die(conn, "BEGIN");
        sql_classify(conn, &rules, "bench_sql_red", ALERT_RED);
        exec_or_die(conn, "COMMIT");
        exec_or_die(conn, "CREATE INDEX bench_sql_red_key ON bench_sql_red (site_id, uscc)");
        t0 = now_seconds();
        int64_t sql_changed = query_int(
            conn, "SELECT COUNT(*) FROM bench_sql_results a JOIN bench_sql_red b ON b.site_id = "
                  "a.site_id AND b.uscc = a.uscc WHERE (a.own_choice, a.trucks, a.limit_percent, "
                  "a.halted, a.processes) IS NOT (b.own_choice, b.trucks, b.limit_percent, "
                  "b.halted, b.processes)");
        double sql_diff = now_seconds() - t0;

        /* (e) */
        struct alert_measure_query q = {.version = 1, .halted = -1, .restricted = -1};
        struct read_count rc = {0};
        t0 = now_seconds();
        if (app_alert_measures(app, &reader, id, &q, count_measure, &rc, NULL, &err) != GL_OK) {
                fprintf(stderr, "bench_alert: measures: %s\n", err.message);
                return 1;
        }
        double reread = now_seconds() - t0;

        printf("  units reached (air emitters, sites under construction): %zu\n", l->n);
        printf("  reading the registry into memory:                %.3f s\n", read);
        printf("(a) C: decide + explain every unit, one by one:    %.3f s  (%.0f units/s, %.1f MB "
               "of explanation, %ld restricted)\n",
               rule_a, (double)l->n / rule_a, (double)bytes / 1e6, restricted_a);
        printf("    C: the application's way in memory (classes):  %.3f s  (%zu classes decided, "
               "%zu class x township explanations, %.2f MB, %ld restricted)\n",
               rule_app, am.nclasses, am.nexplained, (double)am.bytes / 1e6, am.restricted);
        printf("(b) issue: compute + store version 1:              %.3f s  (%lld units in %lld "
               "blocks, %.1f MB)\n",
               issue, (long long)app_rows, (long long)app_blocks, (double)app_bytes / 1e6);
        printf("    change to red: compute + store version 2:      %.3f s\n", change);
        printf("(c) SQL: one INSERT ... SELECT with CASE:          %.3f s  (%lld rows)\n", sql,
               (long long)sql_rows);
        printf("    ratio (a)/(c) %.2f   (a) classes/(c) %.3f   (a) classes/(a) one by one %.3f\n",
               rule_a / sql, rule_app / sql, rule_app / rule_a);
        printf("    ratio (b) issue/(c) %.2f   (b) change/(c) %.2f\n", issue / sql, change / sql);
        printf("    agreement: rows %s, counts by row %s, halted %lld / %lld\n",
               sql_rows == app_rows ? "equal" : "DIFFER", disagree == 0 ? "equal" : "DIFFER",
               (long long)halted_app, (long long)halted_sql);
        printf("(d) diff v1 -> v2 (C merge, every change visited): %.3f s  (%lld changed, %zu "
               "transitions)\n",
               diff, (long long)sum.changed, sum.ngroups);
        printf("    SQL join counting the same:                    %.3f s  (%lld changed)  ratio "
               "%.2f\n",
               sql_diff, (long long)sql_changed, diff / sql_diff);
        printf("(e) read version 1 back, explanations rendered:    %.3f s  (%lld units, %.1f MB)\n",
               reread, (long long)rc.n, (double)rc.bytes / 1e6);
        int status = sql_rows == app_rows && disagree == 0 && halted_app == halted_sql &&
                             am.restricted == restricted_a && (int64_t)am.halted == halted_app &&
                             sum.changed == sql_changed && items == sum.changed && rc.n == app_rows
                         ? 0
                         : 1;
        if (status != 0)
                printf("  the application and the baseline DISAGREE\n");
        alert_diff_summary_clear(&sum);
        app_close(app);
        db_close(conn);
        alert_rules_free(&rules);
        policy_pack_free(pack);
        free(am.unit_class);
        free(l->u);
        free(l);
        if (getenv("BENCH_KEEP") != NULL) {
                printf("  kept %s\n", dir);
                return status;
        }
        snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
        if (system(cmd) != 0)
                return 1;
        return status;
}
