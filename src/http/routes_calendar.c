/*
 * Calendar queries over the holiday calendar the server runs with (working days and Civil Code
 * periods, src/core/calendar.h). Every answer says whether it is provisional: computed past the
 * loaded years, on the statutory holidays and weekends alone.
 */
#include "routes.h"

#include "../core/calendar.h"

const struct http_field calendar_date_query[] = {
    {"date", HTTP_DATE, true, 0, 0, NULL},
    {0},
};

const struct http_field calendar_shift_query[] = {
    {"date", HTTP_DATE, true, 0, 0, NULL},
    {"n", HTTP_INT, true, 0, 1200, NULL},
    {0},
};

/* Dates near the end of the supported years could be carried past them: refuse those. */
static bool date_in_range_or_reply(struct http_req *req, gl_date d)
{
        int year;
        date_to_ymd(d, &year, NULL, NULL);
        if (year > 9000) {
                http_reply_error(req, 400, "invalid", "date",
                                 "日期超出支持范围 (date out of the supported range)");
                return false;
        }
        return true;
}

static void reply_date(struct http_req *req, gl_date start, gl_date d, bool provisional)
{
        char a[11], b[11];
        http_reply_json(req, 200,
                        json_pack("{s:s, s:s, s:b}", "date", date_format_iso(start, a), "result",
                                  date_format_iso(d, b), "provisional", provisional));
}

/* 200 {"date", "working_day", "provisional"}. */
void handle_calendar_is_working_day(struct http_req *req)
{
        gl_date d = http_query_date(req, "date");
        bool provisional = false;
        bool working = calendar_is_working_day(app_calendar(req->app), d, &provisional);
        char buf[11];
        http_reply_json(req, 200,
                        json_pack("{s:s, s:b, s:b}", "date", date_format_iso(d, buf), "working_day",
                                  working, "provisional", provisional));
}

/* 200 {"date", "result", "provisional"}: the n-th working day after date. */
void handle_calendar_add_working_days(struct http_req *req)
{
        gl_date d = http_query_date(req, "date");
        bool provisional = false;
        if (!date_in_range_or_reply(req, d))
                return;
        gl_date r = calendar_add_working_days(app_calendar(req->app), d,
                                              (int)http_query_int(req, "n", 0), &provisional);
        reply_date(req, d, r, provisional);
}

/* 200 {"date", "result", "provisional"}: Civil Code end of n months from date. */
void handle_calendar_add_months(struct http_req *req)
{
        gl_date d = http_query_date(req, "date");
        bool provisional = false;
        if (!date_in_range_or_reply(req, d))
                return;
        gl_date r = calendar_add_months(app_calendar(req->app), d, (int)http_query_int(req, "n", 0),
                                        &provisional);
        reply_date(req, d, r, provisional);
}
