/*
 * Opening and closing the application context, its accessors, and the transaction helpers every
 * use case shares.
 */
#include "app.h"
#include "case.h"
#include "seal.h"
#include "../core/calendar.h"
#include "../core/policy.h"
#include "../core/alert.h"
#include "../core/incentive.h"
#include "../io/policy_json.h"

#include "../core/division.h"

#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int by_name(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The pack files (*.json) of dir, sorted by name, into *names (freed by the caller, each and
 * the array). */
static int pack_files(const char *dir, char ***names, size_t *n, struct gl_error *err)
{
        *names = NULL;
        *n = 0;
        DIR *d = opendir(dir);
        if (d == NULL)
                return gl_fail(err, GL_EINVAL, "",
                               "GREENLANE_PACKS: 无法打开目录 %s (cannot open the "
                               "directory)",
                               dir);
        size_t cap = 0;
        int rc = GL_OK;
        struct dirent *e;
        while (rc == GL_OK && (e = readdir(d)) != NULL) {
                size_t len = strlen(e->d_name);
                if (len < 6 || e->d_name[0] == '.' || strcmp(e->d_name + len - 5, ".json") != 0)
                        continue;
                char **grown = gl_grow(*names, *n, &cap, sizeof(*grown), 8);
                char *path = malloc(strlen(dir) + len + 2);
                if (grown == NULL || path == NULL) {
                        free(path);
                        if (grown)
                                *names = grown;
                        rc = gl_fail(err, GL_ENOMEM, "", "out of memory");
                        break;
                }
                *names = grown;
                sprintf(path, "%s/%s", dir, e->d_name);
                (*names)[(*n)++] = path;
        }
        closedir(d);
        if (rc == GL_OK && *n > 1)
                qsort(*names, *n, sizeof(**names), by_name);
        return rc;
}

/* Loads the packs of other counties from $GREENLANE_PACKS, when set: each a county's, none of
 * the home pack's county or of another pack's. */
static int load_county_packs(struct app *app, struct gl_error *err)
{
        const char *dir = getenv("GREENLANE_PACKS");
        if (dir == NULL || dir[0] == '\0')
                return GL_OK;
        char **files = NULL;
        size_t n = 0;
        int rc = pack_files(dir, &files, &n, err);
        if (rc == GL_OK && n > 0 &&
            ((app->packs = calloc(n, sizeof(*app->packs))) == NULL ||
             (app->pack_paths = calloc(n, sizeof(*app->pack_paths))) == NULL))
                rc = gl_fail(err, GL_ENOMEM, "", "out of memory");
        for (size_t i = 0; rc == GL_OK && i < n; i++) {
                struct policy_pack *p = NULL;
                rc = app_load_policy_file(files[i], &p, err);
                if (rc != GL_OK) {
                        char message[sizeof(err->message)];
                        memcpy(message, err->message, sizeof(message));
                        snprintf(err->message, sizeof(err->message),
                                 "GREENLANE_PACKS: %.120s: %.360s", files[i], message);
                        err->field[0] = '\0';
                        break;
                }
                app->pack_paths[app->npacks] = strdup(files[i]); /* for app_pack_copy_for */
                app->packs[app->npacks++] = p;
                const char *why = NULL;
                if (division_level(p->division) != DIVISION_COUNTY)
                        why = "不是县级行政区划 (not a county)";
                else if (app->pack && strcmp(p->division, app->pack->division) == 0)
                        why = "与 GREENLANE_POLICY 的政策包同属一县 (the home pack's county)";
                else if (app->pack && strcmp(p->id, app->pack->id) == 0)
                        why = "与 GREENLANE_POLICY 的政策包同名 (the home pack's id: a case "
                              "names its pack by id)";
                for (size_t k = 0; why == NULL && k + 1 < app->npacks; k++)
                        if (strcmp(app->packs[k]->division, p->division) == 0 ||
                            strcmp(app->packs[k]->id, p->id) == 0)
                                why = "另一个政策包已属该县或同名 (another pack's county or id)";
                if (why)
                        rc = gl_fail(err, GL_EINVAL, "",
                                     "GREENLANE_PACKS: %.200s: 政策包的行政区划 %.6s %s", files[i],
                                     p->division, why);
        }
        for (size_t i = 0; i < n; i++)
                free(files[i]);
        free(files);
        return rc;
}

const struct policy_pack *app_pack_for(const struct app *app, const char *division)
{
        for (size_t i = 0; division && division[0] && i < app->npacks; i++)
                if (strcmp(app->packs[i]->division, division) == 0)
                        return app->packs[i];
        return app->pack;
}

int app_pack_copy_for(const struct app *app, const char *division, struct policy_pack **out,
                      struct gl_error *err)
{
        for (size_t i = 0; division && division[0] && i < app->npacks; i++)
                if (strcmp(app->packs[i]->division, division) == 0)
                        return app->pack_paths[i]
                                   ? app_load_policy_file(app->pack_paths[i], out, err)
                                   : gl_fail(err, GL_ENOMEM, "", "out of memory");
        return app_load_policy(out, err);
}

const struct policy_pack *app_pack_named(const struct app *app, const char *id)
{
        for (size_t i = 0; id && i < app->npacks; i++)
                if (strcmp(app->packs[i]->id, id) == 0)
                        return app->packs[i];
        return app->pack;
}

static bool declares(const struct policy_pack *p, const struct procedure *proc)
{
        for (size_t i = 0; p && i < p->nprocedures; i++)
                if (&p->procedures[i] == proc)
                        return true;
        return false;
}

const struct policy_pack *app_pack_of(const struct app *app, const struct procedure *proc)
{
        for (size_t i = 0; proc && i < app->npacks; i++)
                if (declares(app->packs[i], proc))
                        return app->packs[i];
        return app->pack;
}

size_t app_pack_count(const struct app *app)
{
        return app->npacks;
}

const struct policy_pack *app_pack_at(const struct app *app, size_t i)
{
        return i < app->npacks ? app->packs[i] : NULL;
}

int app_open(const char *url, struct app **out, struct gl_error *err)
{
        struct app *app = calloc(1, sizeof(*app));
        if (app == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        int rc = db_open(url, &app->db, err);
        /* A database without a schema is a new one: the anchor log of another database that had
         * this path before is put aside (app_audit_setup). */
        int64_t schema = 0;
        bool fresh = rc == GL_OK && (db_schema_version(app->db, &schema) != GL_OK || schema == 0);
        if (rc == GL_OK)
                rc = db_migrate(app->db, err);
        if (rc == GL_OK)
                rc = app_audit_setup(app, url, fresh, err);
        /* Rows written before seals existed are sealed as they stand. */
        if (rc == GL_OK && schema > 0 && schema < SEALS_SCHEMA &&
            (rc = app_begin(app, err)) == GL_OK) {
                rc = seal_all(app, err);
                rc = rc == GL_OK ? app_commit(app, err) : (app_rollback(app), rc);
        }
        if (rc == GL_OK)
                rc = calendar_load_default(&app->cal, err);
        if (rc == GL_OK)
                rc = app_load_policy(&app->pack, err);
        if (rc == GL_OK)
                rc = load_county_packs(app, err);
        if (rc != GL_OK) {
                app_close(app);
                return rc;
        }
        *out = app;
        return GL_OK;
}

int app_open_sharing(const struct app *shared, const char *url, struct app **out,
                     struct gl_error *err)
{
        struct app *app = calloc(1, sizeof(*app));
        if (app == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        int rc = db_open(url, &app->db, err);
        if (rc != GL_OK) {
                free(app);
                return rc;
        }
        app->pack = shared->pack;
        app->packs = shared->packs;
        app->pack_paths = shared->pack_paths;
        app->npacks = shared->npacks;
        app->cal = shared->cal;
        app->shared_config = true;
        memcpy(app->audit_key, shared->audit_key, sizeof(app->audit_key));
        memcpy(app->key_path, shared->key_path, sizeof(app->key_path));
        app->keyed_from = shared->keyed_from;
        memcpy(app->anchor_path, shared->anchor_path, sizeof(app->anchor_path));
        *out = app;
        return GL_OK;
}

void app_close(struct app *app)
{
        if (app == NULL)
                return;
        seal_store_free(app->seals);
        app_seal_forget(app);
        db_close(app->db);
        sodium_memzero(app->audit_key, sizeof(app->audit_key));
        if (!app->shared_config) {
                calendar_free(app->cal);
                policy_pack_free(app->pack);
                for (size_t i = 0; i < app->npacks; i++) {
                        policy_pack_free(app->packs[i]);
                        free(app->pack_paths[i]);
                }
                free(app->packs);
                free(app->pack_paths);
        }
        free(app);
}

const struct policy_pack *app_policy(const struct app *app)
{
        return app->pack;
}

const char *app_home_division(const struct app *app)
{
        /* A pack always names its division (io/policy_json.c); without a pack, the county the
         * schema's defaults were written for. */
        return app && app->pack && app->pack->division ? app->pack->division : "130131";
}

const struct calendar *app_calendar(const struct app *app)
{
        return app->cal;
}

int app_schema_version(struct app *app, int64_t *out, struct gl_error *err)
{
        if (db_schema_version(app->db, out) != GL_OK)
                return gl_fail(err, GL_EDB, "", "数据库不可用 (database unavailable): %s",
                               db_errmsg(app->db));
        return GL_OK;
}

int app_read_failed(int status, struct gl_error *err)
{
        if (status == GL_ENOMEM)
                return gl_fail(err, status, "", "内存不足 (out of memory)");
        return gl_fail(err, status, "", "读取未能完成 (the read could not be completed)");
}

/* What the program checks of a pack beyond its shape: the procedures' named functions and the
 * readings measure 1 implements, and the alert parameters (core/alert.h). */
static int check_pack(const struct policy_pack *pack, struct gl_error *err)
{
        int rc = app_check_procedures(pack, err);
        if (rc == GL_OK)
                rc = incentive_check_pack(pack, err);
        return rc == GL_OK ? alert_check_pack(pack, err) : rc;
}

int app_load_policy(struct policy_pack **out, struct gl_error *err)
{
        const char *path = getenv("GREENLANE_POLICY");
        int rc;
        if (path == NULL || path[0] == '\0') {
                rc = policy_pack_load_default(out, err);
                if (rc == GL_OK && (rc = check_pack(*out, err)) != GL_OK) {
                        policy_pack_free(*out);
                        *out = NULL;
                }
                return rc;
        }
        rc = app_load_policy_file(path, out, err);
        if (rc != GL_OK && err != NULL) {
                char message[sizeof(err->message)];
                memcpy(message, err->message, sizeof(message));
                snprintf(err->message, sizeof(err->message), "GREENLANE_POLICY: %.480s", message);
                err->field[0] = '\0'; /* the key path is in the message; no request field */
        }
        return rc;
}

int app_load_policy_file(const char *path, struct policy_pack **out, struct gl_error *err)
{
        int rc = policy_pack_load_file(path, out, err);
        if (rc == GL_OK && (rc = check_pack(*out, err)) != GL_OK) {
                policy_pack_free(*out);
                *out = NULL;
        }
        return rc;
}

struct actor actor_system(void)
{
        struct actor a = {0};
        a.role = ROLE_SYSTEM;
        const char *user = getenv("USER");
        snprintf(a.name, sizeof(a.name), "cli:%s", user && *user ? user : "operator");
        return a;
}

int app_begin(struct app *app, struct gl_error *err)
{
        if (db_begin(app->db) != GL_OK)
                return gl_fail(err, GL_EDB, "", "数据库忙或不可写 (database busy or read-only): %s",
                               db_errmsg(app->db));
        return GL_OK;
}

int app_commit(struct app *app, struct gl_error *err)
{
        if (db_commit(app->db) != GL_OK) {
                gl_fail(err, GL_EDB, "", "提交失败 (commit failed): %s", db_errmsg(app->db));
                db_rollback(app->db);
                app->pending_id = 0;
                return GL_EDB;
        }
        app_audit_publish(app);
        return GL_OK;
}

void app_rollback(struct app *app)
{
        db_rollback(app->db);
        app->pending_id = 0;
}

gl_date app_today_local(void)
{
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

void app_now_iso(char buf[static 21])
{
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void app_url_shown(const char *url, char *out, size_t size)
{
        db_url_shown(url, out, size);
}

int app_load_policy_of(const char *division, struct policy_pack **out, struct gl_error *err)
{
        int rc = app_load_policy(out, err);
        const char *dir = getenv("GREENLANE_PACKS");
        if (rc != GL_OK || division == NULL || division[0] == '\0' || dir == NULL ||
            dir[0] == '\0' || strcmp((*out)->division, division) == 0)
                return rc;
        char **files = NULL;
        size_t n = 0;
        rc = pack_files(dir, &files, &n, err);
        for (size_t i = 0; rc == GL_OK && i < n; i++) {
                struct policy_pack *p = NULL;
                rc = app_load_policy_file(files[i], &p, err);
                if (rc == GL_OK && strcmp(p->division, division) == 0) {
                        policy_pack_free(*out);
                        *out = p;
                        break;
                }
                policy_pack_free(p);
        }
        for (size_t i = 0; i < n; i++)
                free(files[i]);
        free(files);
        if (rc != GL_OK) {
                policy_pack_free(*out);
                *out = NULL;
        }
        return rc;
}
