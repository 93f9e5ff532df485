/*
 * The one place measure 3 reads heavy-pollution-weather alerts (重污染天气应急预警): for the unit
 * of a control measure — an enterprise by its USCC or a construction site by its id — and each day
 * of the measure inside the bans' window, whether an alert in force covers it that day and what
 * the alert asks of it (app/control.h, core/m3_control.h's struct m3_alert_day). The three bans
 * lift on a day only as far as that day's alert asks.
 *
 * The alerts are the alert engine's (its issue, change and lift, and the measures an alert
 * imposes on each enterprise and site). This build holds no alert yet: every day is reported
 * without one, so that only the window, the unit and the other two exceptions decide. Where the
 * alert engine is present, the body asks it, day by day, for the measures the alert in force
 * imposes on the unit (alert_unit_on()), and nothing else in measure 3 changes.
 */
#include "control.h"

#include <string.h>

int m3_alert_days(struct app *app, const char *uscc, int64_t site_id, gl_date from, gl_date to,
                  struct m3_alert_day *days, int ndays, struct gl_error *err)
{
        (void)app;
        (void)uscc;
        (void)site_id;
        if (from == GL_DATE_NONE || to < from || ndays < 0 || (int64_t)to - from + 1 != ndays)
                return gl_fail(err, GL_EINVAL, "days",
                               "预警日数与管控日期不符 (the days do not match the dates)");
        /* No alert engine in this build: no alert covers the unit on any day. */
        memset(days, 0, (size_t)ndays * sizeof(*days));
        return GL_OK;
}
