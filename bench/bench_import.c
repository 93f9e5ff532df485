/*
 * Benchmark of the enterprise import: a CSV file of N enterprises (default 1,000,000; the first
 * argument overrides) imported by app_import_enterprises into a fresh SQLite database (parse,
 * validate every field, detect duplicates, change-aware upsert, one transaction, one audit
 * record), then imported again (every row unchanged). The baseline is plain SQL over a fresh
 * database of the same schema: one prepared INSERT of the same rows, already in memory, in one
 * transaction, with no parsing or checking. Prints seconds, rows per second and the ratio.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/enterprise.h"
#include "core/uscc.h"

static const char *const industries[] = {
    "steel_long", "foundry",  "cement",   "coking",         "lime_kiln",
    "glass",      "ceramics", "chemical", "pharmaceutical", "building_materials",
    "paper",      "other"};
static const char *const townships[] = {"平山镇", "温塘镇", "西柏坡镇", "岗南镇", "下槐镇"};

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

static void row(long i, struct enterprise *e)
{
        memset(e, 0, sizeof(*e));
        make_uscc(i, e->uscc);
        snprintf(e->name, sizeof(e->name), "平山县第%ld号示例企业有限公司", i);
        snprintf(e->industry, sizeof(e->industry), "%s", industries[i % 12]);
        snprintf(e->township, sizeof(e->township), "%s", townships[i % 5]);
        snprintf(e->grade, sizeof(e->grade), "%s", i % 3 ? "C" : "");
        e->air_emitter = i % 2;
        e->key_air_emitter = i % 7 == 0;
        e->positive_list = i % 11 == 0;
        snprintf(e->division, sizeof(e->division), "130131");
}

static int write_csv(const char *path, long n)
{
        FILE *f = fopen(path, "w");
        if (f == NULL)
                return -1;
        fputs("uscc,name,industry,township,grade,air_emitter,key_air_emitter,positive_list\n", f);
        for (long i = 1; i <= n; i++) {
                struct enterprise e;
                row(i, &e);
                fprintf(f, "%s,%s,%s,%s,%s,%d,%d,%d\n", e.uscc, e.name, e.industry, e.township,
                        e.grade, e.air_emitter, e.key_air_emitter, e.positive_list);
        }
        return fclose(f);
}

static int baseline(const char *db_path, long n, double *seconds)
{
        struct app *app = NULL;
        struct gl_error err = {0};
        if (app_open(db_path, &app, &err) != GL_OK)
                return -1;
        db_stmt *st = NULL;
        double t0 = now_seconds();
        int rc = db_begin(app->db);
        if (rc == GL_OK)
                rc = db_prepare(app->db,
                                "INSERT INTO enterprises (uscc, name, industry, township, grade, "
                                "air_emitter, key_air_emitter, positive_list, division, "
                                "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                                &st);
        for (long i = 1; rc == GL_OK && i <= n; i++) {
                struct enterprise e;
                row(i, &e);
                db_bind_text(st, 1, e.uscc);
                db_bind_text(st, 2, e.name);
                db_bind_text(st, 3, e.industry);
                db_bind_text(st, 4, e.township);
                db_bind_text(st, 5, e.grade[0] ? e.grade : NULL);
                db_bind_int64(st, 6, e.air_emitter);
                db_bind_int64(st, 7, e.key_air_emitter);
                db_bind_int64(st, 8, e.positive_list);
                db_bind_text(st, 9, e.division);
                db_bind_text(st, 10, "2026-01-01T00:00:00Z");
                rc = db_step(st) == DB_DONE ? GL_OK : GL_EDB;
                db_reset(st);
        }
        db_finalize(st);
        if (rc == GL_OK)
                rc = db_commit(app->db);
        *seconds = now_seconds() - t0;
        app_close(app);
        return rc;
}

static int import(const char *db_path, const char *csv, struct import_report *rep, double *seconds)
{
        struct app *app = NULL;
        struct gl_error err = {0};
        if (app_open(db_path, &app, &err) != GL_OK)
                return -1;
        struct actor who = actor_system();
        double t0 = now_seconds();
        int rc = app_import_enterprises(app, &who, csv, NULL, NULL, rep, &err);
        *seconds = now_seconds() - t0;
        if (rc != GL_OK)
                fprintf(stderr, "bench_import: %s\n", err.message);
        app_close(app);
        return rc;
}

int main(int argc, char **argv)
{
        long n = argc > 1 ? atol(argv[1]) : 1000000;
        if (n < 1 || n > 9999999 || sodium_init() < 0)
                return 2;
        char dir[] = "/tmp/gl_bench_import_XXXXXX";
        if (mkdtemp(dir) == NULL)
                return 1;
        char csv[64], db1[64], db2[64];
        snprintf(csv, sizeof(csv), "%s/e.csv", dir);
        snprintf(db1, sizeof(db1), "%s/import.db", dir);
        snprintf(db2, sizeof(db2), "%s/baseline.db", dir);
        int status = 1;
        struct import_report rep = {0}, again = {0};
        double t_import = 0, t_again = 0, t_base = 0;
        if (write_csv(csv, n) != 0 || import(db1, csv, &rep, &t_import) != GL_OK ||
            import(db1, csv, &again, &t_again) != GL_OK || baseline(db2, n, &t_base) != GL_OK)
                goto done;
        printf("import %ld enterprises       %7.2f s  %9.0f rows/s   baseline (plain INSERT, no "
               "parsing) %7.2f s   ratio %.2fx\n",
               n, t_import, (double)n / t_import, t_base, t_import / t_base);
        printf("re-import (all %lld unchanged) %7.2f s  %9.0f rows/s   baseline %7.2f s   ratio "
               "%.2fx\n",
               (long long)again.unchanged, t_again, (double)n / t_again, t_base, t_again / t_base);
        status = rep.inserted == n && again.unchanged == n ? 0 : 1;
done:
        import_report_free(&rep);
        import_report_free(&again);
        char cmd[96];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
        if (system(cmd) != 0)
                status = 1;
        return status;
}
