/*
 * The demo county use case (demo.h): generate the county with core/demo_county.c on the policy
 * pack's grade ladders, write it as the two CSV files of the import format into a private
 * temporary directory, import them with app_import_enterprises and app_import_annual, remove the
 * files, and append one audit record naming the seed.
 */
#include "demo.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/demo_county.h"
#include "../core/policy.h"
#include "audit.h"
#include "enterprise.h"

bool app_demo_ladder(void *ctx, const char *industry, const char *const **rungs, size_t *n)
{
        const struct policy_pack *pack = ctx;
        const struct policy_industry *ind = pack ? policy_industry_find(pack, industry) : NULL;
        if (ind == NULL)
                return false;
        *rungs = (const char *const *)ind->ladder;
        *n = ind->nladder;
        return true;
}

static int count_one(const struct enterprise *e, void *ctx)
{
        (void)e;
        (void)ctx;
        return 1;
}

static void tally(struct demo_summary *s, const struct demo_record *r)
{
        static const char *const grades[] = {"A", "B", "B-", "C", "D"};
        const struct enterprise *e = &r->enterprise;
        s->annual_rows += (int64_t)r->nfigures;
        s->air_emitters += e->air_emitter;
        s->key_air_emitters += e->key_air_emitter;
        s->positive_list += e->positive_list;
        s->ungraded += e->grade[0] == '\0';
        if (e->grade[0] != '\0') {
                size_t g = 0;
                while (g < GL_ARRAY_LEN(grades) && strcmp(grades[g], e->grade) != 0)
                        g++;
                s->grades[g]++;
        }
}

/* Writes the county into dir/enterprises.csv and dir/annual.csv and fills the summary. */
static int write_county(struct demo_county *g, const char *ent_path, const char *ann_path,
                        struct demo_summary *s, struct gl_error *err)
{
        int rc = GL_OK;
        FILE *ent = fopen(ent_path, "w");
        FILE *ann = fopen(ann_path, "w");
        if (ent == NULL || ann == NULL) {
                rc =
                    gl_fail(err, GL_EIO, "", "无法写入临时文件 (cannot write a temporary file): %s",
                            strerror(errno));
                goto fail;
        }
        fputs(demo_enterprise_csv_header, ent);
        fputs(demo_annual_csv_header, ann);
        struct demo_record rec;
        char line[1024];
        while (demo_county_next(g, &rec)) {
                s->enterprises++;
                tally(s, &rec);
                if (demo_enterprise_csv(&rec.enterprise, line, sizeof(line)) >= sizeof(line)) {
                        rc = gl_fail(err, GL_EINVAL, "name", "企业名称过长 (name too long)");
                        goto fail;
                }
                fputs(line, ent);
                for (size_t k = 0; k < rec.nfigures; k++) {
                        demo_annual_csv(&rec.figures[k], line, sizeof(line));
                        fputs(line, ann);
                }
        }
fail:
        if (ent && fclose(ent) != 0 && rc == GL_OK)
                rc = gl_fail(err, GL_EIO, "", "写入临时文件失败 (writing a temporary file failed)");
        if (ann && fclose(ann) != 0 && rc == GL_OK)
                rc = gl_fail(err, GL_EIO, "", "写入临时文件失败 (writing a temporary file failed)");
        return rc;
}

/* Adds the first problems of a failed import to err's message. */
static void add_problems(struct gl_error *err, const struct import_report *rep)
{
        for (size_t i = 0; i < rep->nproblems && i < 3; i++) {
                char line[256];
                import_problem_format(rep, i, line, sizeof(line));
                size_t len = strlen(err->message);
                snprintf(err->message + len, sizeof(err->message) - len, "; %s", line);
        }
}

static int import_county(struct app *app, const struct actor *who, const char *ent_path,
                         const char *ann_path, struct demo_summary *s, struct gl_error *err)
{
        struct import_report rep = {0};
        int rc = app_import_enterprises(app, who, ent_path, "utf-8", NULL, &rep, err);
        if (rc != GL_OK)
                add_problems(err, &rep);
        s->inserted = rep.inserted;
        import_report_free(&rep);
        if (rc != GL_OK)
                return rc;
        memset(&rep, 0, sizeof(rep));
        rc = app_import_annual(app, who, ann_path, "utf-8", NULL, &rep, err);
        if (rc != GL_OK)
                add_problems(err, &rep);
        import_report_free(&rep);
        return rc;
}

static int audit_county(struct app *app, const struct actor *who, const struct demo_summary *s,
                        struct gl_error *err)
{
        char detail[256];
        snprintf(detail, sizeof(detail),
                 "{\"seed\": %llu, \"enterprises\": %lld, \"annual_rows\": %lld, "
                 "\"years\": [%d, %d]}",
                 (unsigned long long)s->seed, (long long)s->enterprises, (long long)s->annual_rows,
                 s->first_year, s->last_year);
        int rc = app_begin(app, err);
        if (rc != GL_OK)
                return rc;
        rc = audit_append(app, who, "demo.county", "division", s->division, detail, err);
        if (rc != GL_OK) {
                app_rollback(app);
                return rc;
        }
        return app_commit(app, err);
}

int app_demo_county(struct app *app, const struct actor *who, uint64_t seed, bool force,
                    struct demo_summary *out, struct gl_error *err)
{
        if (who->role != ROLE_SYSTEM && who->role != ROLE_ADMIN)
                return gl_fail(
                    err, GL_EPERM, "",
                    "只有管理员可以生成演示数据 (only an administrator may build the demo "
                    "county)");
        struct enterprise_query q = {.limit = 1};
        int64_t existing = 0;
        int rc = app_enterprise_list(app, who, &q, count_one, NULL, &existing, err);
        if (rc != GL_OK)
                return rc;
        if (existing > 0 && !force)
                return gl_fail(err, GL_ECONFLICT, "",
                               "数据库中已有 %lld 家企业, 未写入演示数据; 如确需写入请加 --force "
                               "(the database already holds %lld enterprises; nothing was written; "
                               "use --force to import the demo county over them)",
                               (long long)existing, (long long)existing);

        struct demo_county_options opt = {
            .seed = seed,
            .division = app->pack && app->pack->division ? app->pack->division : "130131",
            .ladder = app_demo_ladder,
            .ladder_ctx = app->pack,
        };
        struct demo_county g;
        rc = demo_county_init(&g, &opt, err);
        if (rc != GL_OK)
                return rc;

        struct demo_summary s = {.seed = seed};
        memcpy(s.division, g.division, sizeof(s.division));
        s.first_year = g.opt.first_year;
        s.last_year = g.opt.first_year + g.opt.nyears - 1;
        for (size_t i = 0; i < demo_industry_count() && i < DEMO_MAX_INDUSTRIES; i++) {
                const char *code = demo_industry_code(i);
                const struct policy_industry *ind =
                    app->pack ? policy_industry_find(app->pack, code) : NULL;
                snprintf(s.industries[i].code, sizeof(s.industries[i].code), "%s", code);
                snprintf(s.industries[i].name_zh, sizeof(s.industries[i].name_zh), "%s",
                         ind ? ind->name_zh : demo_industry_name_zh(i));
                s.industries[i].enterprises = demo_county_industry_total(&g, i);
                s.nindustries++;
        }

        char dir[512], ent_path[600], ann_path[600];
        snprintf(dir, sizeof(dir), "%s/greenlane-demo-XXXXXX", gl_temp_dir());
        if (mkdtemp(dir) == NULL)
                return gl_fail(err, GL_EIO, "",
                               "无法创建临时目录 (cannot create a temporary "
                               "directory) %s: %s",
                               dir, strerror(errno));
        snprintf(ent_path, sizeof(ent_path), "%s/enterprises.csv", dir);
        snprintf(ann_path, sizeof(ann_path), "%s/annual.csv", dir);

        rc = write_county(&g, ent_path, ann_path, &s, err);
        if (rc == GL_OK)
                rc = import_county(app, who, ent_path, ann_path, &s, err);
        if (rc == GL_OK)
                rc = audit_county(app, who, &s, err);
        unlink(ent_path);
        unlink(ann_path);
        rmdir(dir);
        if (rc == GL_OK)
                *out = s;
        return rc;
}
