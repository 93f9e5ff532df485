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

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
        db_close(app->db);
        sodium_memzero(app->audit_key, sizeof(app->audit_key));
        if (!app->shared_config) {
                calendar_free(app->cal);
                policy_pack_free(app->pack);
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
