/*
 * Heavy-pollution-weather alerts for the demo county (alert.h's app_demo_alerts), issued by the
 * demo's city officer through the ordinary use cases, so that they are computed, checked and
 * audited like any other:
 * - an alert around the demo's today (the demo's recent cases run on the real date): yellow for
 *   the whole county from 20:00 the evening before until the end of the day after tomorrow,
 *   raised to orange at 08:00 today — every air-emitting enterprise has a measure now, the
 *   enterprise users among them, and the two versions have a difference to show;
 * - an orange alert of June 2022 for the county's three busiest townships, lifted before its
 *   end: inside measure 3's window (2022-04-01 to 2022-09-30), when the three bans lift for the
 *   townships it covers.
 * Nothing is made when the database holds alerts already.
 */
#include "../store/user_store.h"
#include "alert.h"
#include "app_internal.h"

#include <stdio.h>
#include <string.h>

#define DEMO_CITY_OFFICER "shiju"
#define DEMO_NOTICE "石家庄市重污染天气应急指挥部办公室预警通知（演示）"

/* The demo's city officer, or the system when the county has none. */
static struct actor issuer(struct app *app)
{
        struct user_record u;
        if (user_store_get(app->db, DEMO_CITY_OFFICER, &u) == GL_OK &&
            u.role == ROLE_CITY_OFFICER && !u.disabled) {
                struct actor a = {.user_id = u.id, .role = ROLE_CITY_OFFICER};
                snprintf(a.name, sizeof(a.name), "%s", u.username);
                return a;
        }
        return actor_system();
}

static void at(gl_date day, const char *hhmm, char out[static ALERT_TIME_LEN])
{
        char iso[11];
        snprintf(out, ALERT_TIME_LEN, "%.10sT%.5s", date_format_iso(day, iso), hhmm);
}

/* The three townships with the most enterprises. */
static size_t busiest(struct app *app, char names[3][ALERT_TOWNSHIP_MAX + 1])
{
        db_stmt *st = NULL;
        size_t n = 0;
        if (db_prepare(app->db,
                       "SELECT township FROM enterprises WHERE township <> '' GROUP BY township "
                       "ORDER BY COUNT(*) DESC, township LIMIT 3",
                       &st) != GL_OK)
                return 0;
        while (n < 3 && db_step(st) == DB_ROW)
                snprintf(names[n++], ALERT_TOWNSHIP_MAX + 1, "%s", db_column_text(st, 0));
        db_finalize(st);
        return n;
}

int app_demo_alerts(struct app *app, const struct actor *who, gl_date today,
                    struct demo_alerts *out, struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        if (who->role != ROLE_SYSTEM && who->role != ROLE_ADMIN)
                return gl_fail(err, GL_EPERM, "",
                               "只有管理员可以生成演示数据 (only an administrator may build demo "
                               "data)");
        int64_t existing = 0, enterprises = 0;
        if (db_query_int64(app->db, "SELECT COUNT(*) FROM alerts", &existing) != GL_OK ||
            db_query_int64(app->db, "SELECT COUNT(*) FROM enterprises", &enterprises) != GL_OK)
                return gl_fail(err, GL_EDB, "", "读取预警记录失败: %s", db_errmsg(app->db));
        if (existing > 0 || enterprises == 0)
                return GL_OK;
        struct actor city = issuer(app);

        /* June 2022, lifted early: measure 3's window. */
        char names[3][ALERT_TOWNSHIP_MAX + 1];
        const char *towns[3];
        size_t n = busiest(app, names);
        for (size_t i = 0; i < n; i++)
                towns[i] = names[i];
        struct alert_issue_input past = {.level = "orange",
                                         .from = "2022-06-08T00:00",
                                         .to = "2022-06-12",
                                         .townships = towns,
                                         .ntownships = n,
                                         .notice = "石家庄市重污染天气应急指挥部办公室 2022 年第 "
                                                   "6 号预警通知（演示）"};
        int rc = app_alert_issue(app, &city, &past, &out->lifted, err);
        struct alert_lift_input lift = {.at = "2022-06-10T12:00",
                                        .reason = "空气质量好转，市级通知提前解除（演示）"};
        if (rc == GL_OK)
                rc = app_alert_lift(app, &city, out->lifted, &lift, NULL, err);
        if (rc != GL_OK)
                return rc;

        /* Around today: yellow since last evening, raised to orange this morning. */
        char from[ALERT_TIME_LEN], to[11], raised[ALERT_TIME_LEN];
        at(today - 1, "20:00", from);
        date_format_iso(today + 2, to); /* a bare date: until the end of that day */
        at(today, "08:00", raised);
        struct alert_issue_input now = {
            .level = "yellow", .from = from, .to = to, .notice = DEMO_NOTICE};
        if ((rc = app_alert_issue(app, &city, &now, &out->in_force, err)) != GL_OK)
                return rc;
        struct alert_change_input raise = {.level = "orange",
                                           .reason = "预测污染加重，市级通知升级为橙色预警（演示）",
                                           .at = raised};
        return app_alert_change(app, &city, out->in_force, &raise, NULL, err);
}
