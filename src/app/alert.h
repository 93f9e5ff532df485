/*
 * Heavy-pollution-weather alerts (重污染天气应急预警) as use cases: the city's alert issued,
 * changed (level raised or lowered, end moved, townships changed) and lifted, each write a new
 * version computed and stored with the measure it asks of every enterprise and construction site
 * it reaches (core/alert.h decides; store/alert_store.h keeps a class per unit), in one
 * transaction with its audit record (entity "alert"); and the readings: the alerts, one alert with
 * its versions, its measures (with each unit's explanation rendered from the stored decision and
 * the rules the version used), the difference between two versions, what the alert in force
 * means for an enterprise, and the alert in force for the public catalog.
 *
 * Who may (the role table, docs/alerts.md):
 * - issue, change and lift: the city officer (市生态环境局: alerts are the city's), and the county
 *   officer recording the city's notice (then the notice is required: the city's document it
 *   records), and the system (the command line). Any other role: GL_EPERM, nothing written.
 * - read alerts, versions, measures and differences: every officer role, administrators and the
 *   system see the county; an enterprise user sees the alerts (they are published) and, of the
 *   measures and differences, only its own enterprise's result and those of the sites it builds
 *   (app/scope.h's rule for an enterprise's records); nobody signed in: GL_EPERM.
 * - the alert in force, without any unit's measure: anyone (the public catalog).
 *
 * Times are local, to the minute: from included, to excluded; a bare date as --to is the end of
 * that day. A change or a lift takes effect at its "at" (default: now), no earlier than the
 * version it follows took effect, and before the alert's end (GL_ESTATE once it has ended or
 * been lifted). A version governs from max(its from, its effective time) until the next version
 * takes effect or its to. Bad input is GL_EINVAL naming the field (level, from, to, township,
 * notice, reason, at, version) and writes nothing.
 */
#ifndef GL_APP_ALERT_H
#define GL_APP_ALERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/alert.h"
#include "../store/alert_store.h"
#include "app.h"

#define ALERT_TOWNSHIPS_MAX 200

struct alert_issue_input {
        const char *level;            /* yellow, orange, red */
        const char *from, *to;        /* DATE[THH:MM] */
        const char *const *townships; /* none: the whole county */
        size_t ntownships;
        const char *notice; /* may be NULL; required of a county officer */
};

/* Issues an alert: version 1 and its results. *id receives the alert's id. */
int app_alert_issue(struct app *app, const struct actor *who, const struct alert_issue_input *in,
                    int64_t *id, struct gl_error *err);

struct alert_change_input {
        const char *level;  /* NULL: unchanged */
        const char *to;     /* NULL: unchanged */
        bool set_townships; /* replace the townships by these (none: the whole county) */
        const char *const *townships;
        size_t ntownships;
        const char *notice; /* NULL: unchanged */
        const char *reason; /* required */
        const char *at;     /* when it takes effect, DATE[THH:MM]; NULL: now */
        int expect_version; /* 0: any; else GL_ECONFLICT (version) when not the newest */
};

/* A new version of alert id; *version (may be NULL) receives its number. GL_EINVAL (change) when
 * nothing would change. */
int app_alert_change(struct app *app, const struct actor *who, int64_t id,
                     const struct alert_change_input *in, int *version, struct gl_error *err);

struct alert_lift_input {
        const char *at;     /* DATE[THH:MM]; NULL: now */
        const char *notice; /* NULL: unchanged; required of a county officer */
        const char *reason; /* may be NULL */
        int expect_version;
};

/* Lifts alert id at in->at: a last version that ends then (at the start, for an alert lifted
 * before it began: it covers nothing), keeping the results of the version before. */
int app_alert_lift(struct app *app, const struct actor *who, int64_t id,
                   const struct alert_lift_input *in, int *version, struct gl_error *err);

/* One alert with its versions, oldest first (deep copies; alert_view_clear frees them). */
struct alert_view {
        struct alert_head head;
        struct alert_version *versions;
        size_t nversions;
        const char *state; /* at the time asked: upcoming, in_force, ended, lifted */
};
void alert_view_clear(struct alert_view *v);
/* The newest version. */
const struct alert_version *alert_view_current(const struct alert_view *v);

/* The local time now, to the minute. The faces read the clock through this. */
alert_time app_alert_now(void);

/* Alert id as of now (its state); GL_ENOTFOUND (id). */
int app_alert_get(struct app *app, const struct actor *who, int64_t id, alert_time now,
                  struct alert_view *out, struct gl_error *err);
/* The alerts, newest first; fn as in app.h. */
int app_alert_list(struct app *app, const struct actor *who, alert_time now,
                   int (*fn)(const struct alert_view *v, void *ctx), void *ctx,
                   struct gl_error *err);
/* The alerts in force at now or still to come (not ended, not lifted), for anyone: the public
 * catalog. No unit's measure. */
int app_alert_current(struct app *app, alert_time now,
                      int (*fn)(const struct alert_view *v, void *ctx), void *ctx,
                      struct gl_error *err);
/* The townships an alert may name (those of the registry's enterprises and sites). */
int app_alert_townships(struct app *app, const struct actor *who,
                        int (*fn)(const char *township, void *ctx), void *ctx,
                        struct gl_error *err);

/* ---- measures ---- */

struct alert_measure_query {
        int version;           /* 0: the newest */
        const char *township;  /* NULL: any */
        int halted;            /* -1 any, 0, 1 */
        int restricted;        /* -1 any, 0, 1 */
        const char *kind;      /* own_choice, no_old_trucks, no_road_transport, limit, stop, halt */
        const char *unit;      /* enterprise, site; NULL both */
        int64_t offset, limit; /* limit 0: all */
};

/* One unit's measure as read (valid during the callback). */
struct alert_measure_item {
        const struct alert_version *version; /* the version asked */
        const struct alert_result *r;        /* who, where */
        const struct alert_class_row *k;     /* what the rule looked at and decided */
        const struct alert_rules *rules;     /* the version's rules (process names) */
        struct alert_lines lines;            /* the explanation */
};

/* The measures of a version of alert id that who may see, in key order (enterprises by USCC, then
 * sites by id), filtered; *total (may be NULL) receives how many match before paging. GL_EINVAL
 * naming version, kind, unit or township; GL_ENOTFOUND (id). */
int app_alert_measures(struct app *app, const struct actor *who, int64_t id,
                       const struct alert_measure_query *q,
                       int (*fn)(const struct alert_measure_item *m, void *ctx), void *ctx,
                       int64_t *total, struct gl_error *err);

/* ---- differences between versions ---- */

struct alert_diff_side {
        bool reached;
        const struct alert_class_row *k; /* NULL when not reached */
        const char *township;
};

struct alert_diff_item {
        int64_t site_id;  /* 0: an enterprise */
        const char *uscc; /* "" for a site */
        char name[256];
        struct alert_diff_side before, after;
        const struct alert_rules *rules; /* the newer version's, for process names */
};

/* A transition and how many units took it. */
struct alert_diff_group {
        char before[ALERT_PROCESSES_LEN * 2]; /* the measure in Chinese, "不在预警范围" */
        char after[ALERT_PROCESSES_LEN * 2];
        int64_t units;
};

struct alert_diff_summary {
        int from_version, to_version;
        int64_t changed;                 /* units whose measure changed (those who may see) */
        struct alert_diff_group *groups; /* malloc'd; alert_diff_summary_clear */
        size_t ngroups;
};
void alert_diff_summary_clear(struct alert_diff_summary *s);

/* What changed for whom between two versions of alert id (from 0: the one before to; to 0: the
 * newest): every unit who may see whose measure differs, in key order (offset, limit as above), and
 * the summary of the transitions. GL_EINVAL (from_version, to_version). */
int app_alert_diff(struct app *app, const struct actor *who, int64_t id, int from_version,
                   int to_version, int64_t offset, int64_t limit,
                   int (*fn)(const struct alert_diff_item *d, void *ctx), void *ctx,
                   struct alert_diff_summary *summary, struct gl_error *err);

/* ---- one unit ---- */

/*
 * For use inside another app function's transaction (no scope check): the measure that the alert
 * version in force on day asks of one unit (an enterprise by uscc, or a site by id when uscc is
 * NULL); out->in_alert false when no alert covers it that day. An alert is in force on a day when
 * any hour of that day lies within its from..to (as its versions govern it). Where several
 * versions or alerts cover the unit that day, the one of the highest level (then the newest)
 * answers. A unit covered but not reached (an enterprise that discharges no air pollutants, one
 * registered after the version was computed) is in_alert with no measure (row ""). GL_ENOTFOUND
 * (uscc, site) when the registry has no such unit; GL_EDB.
 */
int alert_unit_on(struct app *app, const char *uscc, int64_t site_id, gl_date day,
                  struct alert_unit_measure *out, struct gl_error *err);

/* What the alerts in force at now or still to come mean for an enterprise user's own enterprise:
 * for each (oldest first), its measure with the explanation, or none when the alert does not
 * reach it. */
struct alert_mine {
        const struct alert_view *alert;
        bool covered; /* the enterprise's township is in the alert's townships */
        bool reached; /* it has a measure (item) */
        const struct alert_measure_item *item;
};
int app_alert_mine(struct app *app, const struct actor *who, alert_time now,
                   int (*fn)(const struct alert_mine *m, void *ctx), void *ctx,
                   struct gl_error *err);

/* ---- demo ---- */

struct demo_alerts {
        int64_t in_force; /* the alert around today, raised once: a diff exists (0: none made) */
        int64_t lifted;   /* the 2022 alert lifted within measure 3's window */
};
/* The demo county's alerts (app/demo_alerts.c), around today (the demo's cases run on real
 * dates) and in 2022. The system actor or an administrator. */
int app_demo_alerts(struct app *app, const struct actor *who, gl_date today,
                    struct demo_alerts *out, struct gl_error *err);

#endif
