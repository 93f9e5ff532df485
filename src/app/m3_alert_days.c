/*
 * The one place measure 3 reads heavy-pollution-weather alerts (重污染天气应急预警): for the unit
 * of a control measure — an enterprise by its USCC or a construction site by its id — and each day
 * of the measure inside the bans' window, whether an alert in force covers it that day and what
 * the alert asks of it (app/control.h, core/m3_control.h's struct m3_alert_day). The three bans
 * lift on a day only as far as that day's alert asks.
 *
 * The alerts are the alert engine's (app/alert.h): for each day, alert_unit_on() gives the
 * measure that the alert version in force that day asks of the unit, as that version computed
 * it, including whether a site was read as on the key-projects positive list.
 */
#include "control.h"
#include "alert.h"

#include <stdio.h>
#include <string.h>

int m3_alert_days(struct app *app, const char *uscc, int64_t site_id, gl_date from, gl_date to,
                  struct m3_alert_day *days, int ndays, struct gl_error *err)
{
        if (from == GL_DATE_NONE || to < from || ndays < 0 || (int64_t)to - from + 1 != ndays)
                return gl_fail(err, GL_EINVAL, "days",
                               "预警日数与管控日期不符 (the days do not match the dates)");
        for (int i = 0; i < ndays; i++) {
                struct alert_unit_measure m;
                int rc = alert_unit_on(app, uscc, site_id, (gl_date)(from + i), &m, err);
                if (rc != GL_OK)
                        return rc;
                struct m3_alert_day *d = &days[i];
                memset(d, 0, sizeof(*d));
                d->in_alert = m.in_alert;
                if (!m.in_alert)
                        continue;
                d->alert_id = m.alert_id;
                d->alert_version = m.alert_version;
                d->level = (int)m.level;
                d->halted = m.halted;
                d->production_limited = m.production_limited;
                d->limit_percent = m.limit_percent;
                d->listed_site = m.listed_site;
                snprintf(d->row, sizeof(d->row), "%s", m.row);
        }
        return GL_OK;
}
