/*
 * Measure 3's rule (三个禁用, the three bans): whether a control measure (管控措施) on an
 * enterprise or a construction site may be taken. The clause: "2022 年 2、3 季度，除恶意违法和存在
 * 重大环境风险隐患情况外，污染管控措施禁用限产、停产、停工手段" (content) and "在非企业重污染天气
 * 应急预警时,禁用限产、停产、停工手段" (procedure), for "排放涉气污染物的企业事业单位和其他生产
 * 经营者" (who).
 *
 * The decision, in this order, each step one line of the explanation:
 * - a kind the pack does not ban (m3.banned_measures: restrict_production, halt_production,
 *   stop_work) is allowed: `other` keeps production going (边生产边整改, 加密监测, ...);
 * - a measure none of whose days falls in the window [m3.window_from, m3.window_to] is allowed;
 *   one that spans an end is judged on the days inside it (m3.window_rule: each_day, a reading);
 * - a unit the bans do not reach is allowed: an enterprise that discharges no air pollutants
 *   (m3.applies_to: air_emitter), a site no longer under construction (m3.site_reach, a reading);
 * - the bans lift on a day when an alert in force covers the unit and itself asks at least as much
 *   of it (m3.lifted_during_alert, m3.alert_rule: each_day_as_asked, a reading): a halt where the
 *   alert halts the enterprise, a restriction where it limits its production (a limit, processes
 *   stopped, or a halt), a stoppage where it stops all work on the site (a listed site: never);
 *   every day inside the window must be such a day;
 * - a measure-2 case recording a malicious violation by the same party allows it (m3.exceptions,
 *   m3.malicious_cases: which cases count, a reading);
 * - a major environmental risk recorded with its evidence allows it once a leader of the branch
 *   approves (m3.major_risk_approved_by, a reading): the measure then awaits the approval;
 * - anything else is refused, naming measure 3, quoting the clause and saying what would allow it.
 * Every dated parameter is read on the measure's first day. Pure: no I/O and no clock.
 */
#ifndef GL_M3_CONTROL_H
#define GL_M3_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "gl.h"

struct policy_pack;

/* The kinds of control measure (管控手段). */
enum m3_kind {
        M3_RESTRICT_PRODUCTION, /* 限产 */
        M3_HALT_PRODUCTION,     /* 停产 */
        M3_STOP_WORK,           /* 停工: a construction site */
        M3_OTHER,               /* a measure that keeps production going */
        M3_KIND_COUNT_
};

/* "restrict_production", "halt_production", "stop_work", "other"; m3_kind_from_name gives -1 for
 * another text. */
const char *m3_kind_name(enum m3_kind k);
int m3_kind_from_name(const char *name);
/* "限产", "停产", "停工", "其他不停产的管控措施". */
const char *m3_kind_label_zh(enum m3_kind k);
const char *m3_kind_label_en(enum m3_kind k);

/*
 * What the alert engine says of one unit on one day (the adapter app/m3_alert_days.c fills it).
 * in_alert: an alert in force covers the unit's township that day; then the alert (its id and
 * version), its level (1 yellow, 2 orange, 3 red), and what it asks of the unit: halted (production
 * halted, or all work stopped on a site), production_limited (production limited by a percentage
 * or processes stopped), limit_percent (0 when none), listed_site (a site on the key-project
 * positive list, which stops only four processes), and row, the alert's words for what it asks
 * (its reduction list row), shown in the explanation.
 */
struct m3_alert_day {
        bool in_alert;
        int64_t alert_id;
        int alert_version;
        int level;
        bool halted;
        bool production_limited;
        int limit_percent;
        bool listed_site;
        char row[64];
};

/* "黄色", "橙色", "红色"; "" for another level. */
const char *m3_alert_level_zh(int level);

/* The unit a measure is taken on, as the registry holds it. */
struct m3_unit {
        bool site;               /* a construction site (else an enterprise) */
        const char *name;        /* its name, the project's for a site */
        const char *township;    /* for the explanation */
        const char *party_uscc;  /* the enterprise's USCC, or the site's builder's */
        bool air_emitter;        /* an enterprise: discharges air pollutants */
        bool under_construction; /* a site: status under_construction */
        bool listed;             /* a site on the key-project positive list */
};

/* What became of a measure-2 case (app/ reads it from the case and m2_cases). */
enum m3_case_status {
        M3_CASE_OPEN,      /* still being handled */
        M3_CASE_REFERRED,  /* closed, referred to the ordinary penalty procedure */
        M3_CASE_EXEMPT,    /* closed, exempted from penalty */
        M3_CASE_WITHDRAWN, /* closed without either: withdrawn (撤销) */
};

/* The measure-2 case a proposal names as its malicious violation. */
struct m3_case_fact {
        int64_t id;
        bool found;             /* an enforcement case (m2.enforcement) of that number */
        const char *number;     /* its filing number, for the explanation */
        const char *party_uscc; /* its party */
        bool malicious;         /* m2_cases.malicious */
        enum m3_case_status status;
};

/* What is proposed, and what the rule needs to know of it. */
struct m3_request {
        enum m3_kind kind;
        const char *other_label; /* the other measure's name (kind other), or NULL */
        gl_date from, to;        /* from <= to */
        struct m3_unit unit;
        /* The alert facts of the days in the window (m3_window_days): days[i] is the day
         * alert_from + i; ndays 0 when none of the measure's days is in the window. */
        const struct m3_alert_day *days;
        size_t ndays;
        gl_date alert_from;
        const struct m3_case_fact *malicious; /* NULL: none named */
        const char *major_risk;               /* NULL or "": none recorded */
        size_t evidence;                      /* documents of evidence handed in */
};

enum m3_outcome {
        M3_ALLOWED,         /* may be taken now */
        M3_AWAITS_APPROVAL, /* allowed once a leader of the branch approves (major risk) */
        M3_REFUSED,         /* the bans forbid it */
};

/* Why: the ground of an allowed measure, or none for a refused one. */
enum m3_ground {
        M3_GROUND_NOT_BANNED,  /* a kind the bans do not name */
        M3_GROUND_OUTSIDE,     /* no day in the window */
        M3_GROUND_NOT_REACHED, /* a unit the bans do not reach */
        M3_GROUND_ALERT,       /* every day in the window under an alert that asks as much */
        M3_GROUND_MALICIOUS,   /* a malicious violation of the same party */
        M3_GROUND_MAJOR_RISK,  /* a major environmental risk, approved by the leadership */
        M3_GROUND_NONE,        /* refused */
};

#define M3_LINES_MAX 24
#define M3_LINE_LEN 640

struct m3_decision {
        enum m3_outcome outcome;
        enum m3_ground ground;
        bool banned_kind; /* the kind is one the bans name */
        bool in_window;   /* some day of the measure is in the window */
        bool reached;     /* the bans reach the unit */
        gl_date window_from, window_to;
        size_t days_in_window;
        char lines[M3_LINES_MAX][M3_LINE_LEN];
        size_t nlines;
};

/*
 * The days of [from, to] inside the bans' window, as the pack says it on from: *first and *n (0
 * when none), the window in *window_from and *window_to. GL_ENOTFOUND naming a parameter the pack
 * lacks on that day, GL_EINVAL when to < from.
 */
int m3_window_days(const struct policy_pack *pack, gl_date from, gl_date to, gl_date *first,
                   size_t *n, gl_date *window_from, gl_date *window_to, struct gl_error *err);

/*
 * The decision on r under pack. GL_EINVAL when r is inconsistent (to before from; alert days not
 * matching the window), GL_ENOTFOUND naming a parameter the pack lacks, GL_EINVAL naming a reading
 * whose value this program does not implement.
 */
int m3_decide(const struct policy_pack *pack, const struct m3_request *r, struct m3_decision *out,
              struct gl_error *err);

/* Whether the alert facts of one day ask at least as much of the unit as kind: halt_production
 * only where the enterprise is halted; restrict_production where production is limited, a limit
 * is set or it is halted; stop_work where all work on a site stops and the site is not listed. */
bool m3_alert_asks_enough(enum m3_kind kind, bool site, const struct m3_alert_day *d);

/* "not_banned", "outside_window", "not_reached", "alert", "malicious", "major_risk", "none". */
const char *m3_ground_name(enum m3_ground g);
/* The exception a ground uses: "alert", "malicious", "major_risk", or "" for none. */
const char *m3_ground_exception(enum m3_ground g);
/* "allowed", "awaiting_approval", "refused". */
const char *m3_outcome_name(enum m3_outcome o);

#endif
