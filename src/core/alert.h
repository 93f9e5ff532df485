/*
 * Heavy-pollution-weather alerts (重污染天气应急预警) and the measures they ask of each enterprise
 * and construction site: the rule, pure (no I/O, no clock). The city issues an alert of a level —
 * yellow (III), orange (II), red (I) — for the whole county or named townships, from an hour to an
 * hour (local time); what a unit must do during it is read from the pack's dated parameters:
 *
 * - alert.applies_to (air_emitter): only enterprises that discharge air pollutants are reached;
 *   the others are not (they have no measure, whatever the level).
 * - alert.positive_list_exempt (1): an enterprise on the environmental-supervision positive list is
 *   "not restricted, not halted" (不限产、不停产): it chooses its own reductions, on condition that
 *   its pollution controls run.
 * - alert.a_grade_exempt (A): grades that choose their own reductions "in principle" (A and
 *   leading, 自主减排).
 * - alert.ungraded_as (lowest): an enterprise without a grade is managed on the lowest rung of its
 *   industry's ladder.
 * - alert.enterprise_measures: the table industry x grade x level -> measure. Each item is
 *   "INDUSTRY/GRADE/LEVEL=MEASURE[+MEASURE]...", INDUSTRY a pack industry code or "*" for every
 *   other air emitter, MEASURE one of own_choice (自主减排), no_old_trucks
 * (禁用国四及以下重型柴油货 车), no_road_transport (禁止公路运输), limit:N (限产 N %),
 * stop:P[;P]... (named processes stopped), halt (停产). An industry without rows of its own, or
 * without a row for a grade, takes the "*" row.
 * - alert.process_names: "CODE=中文=English" for every process a measure may name.
 * - construction sites under construction (finished ones are not reached): a site on the
 * key-project positive list stops the processes of m8.halted_processes at the levels of
 *   alert.site_listed_processes (all other work continues); any other site does what
 *   alert.site_ordinary says for the level ("LEVEL=MEASURE[+MEASURE]").
 *
 * A decision is made on a class — what the rule looks at: for an enterprise its industry, grade and
 * list status, for a site whether it is listed — so that a million units of a few hundred classes
 * are decided a few hundred times; the explanation is rendered from the class and its decision
 * with the rules of the version (deterministic: the same stored decision gives the same words).
 *
 * Time: an alert's bounds are local times to the minute, kept as minutes since 1970-01-01T00:00
 * (alert_time). from is included, to is not: [from, to). An alert is in force on a day when any
 * minute of that day lies within [from, to): to 2022-06-10T00:00 ends as 06-10 begins and does not
 * cover it; to 2022-06-10T01:00 does. A bare date as a bound means 00:00 of that day for from, and
 * the end of that day (00:00 of the next) for to.
 */
#ifndef GL_ALERT_H
#define GL_ALERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "enterprise.h"
#include "gl.h"

struct policy_pack;

enum alert_level { ALERT_LEVEL_NONE = 0, ALERT_YELLOW = 1, ALERT_ORANGE = 2, ALERT_RED = 3 };

/* "yellow", "orange", "red"; "none" for ALERT_LEVEL_NONE. */
const char *alert_level_name(enum alert_level level);
/* "黄色预警（Ⅲ级）", "橙色预警（Ⅱ级）", "红色预警（Ⅰ级）"; "无预警". */
const char *alert_level_label_zh(enum alert_level level);
/* "黄色", "橙色", "红色". */
const char *alert_level_color_zh(enum alert_level level);
/* ALERT_LEVEL_NONE when name is not yellow, orange or red. */
enum alert_level alert_level_from_name(const char *name);

/* ---- time ---- */

typedef int64_t alert_time; /* minutes since 1970-01-01T00:00, local time */
#define ALERT_TIME_LEN 17   /* "YYYY-MM-DDTHH:MM" and a NUL */

alert_time alert_time_of(gl_date day, int hour, int minute);
gl_date alert_time_day(alert_time t);
/*
 * Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" (00:00 to 23:59). A bare date is 00:00 of that day, or,
 * with end_of_day, 00:00 of the next day (the end of the one named). GL_EINVAL, *out untouched,
 * for anything else.
 */
int alert_time_parse(const char *text, bool end_of_day, alert_time *out);
/* Writes "YYYY-MM-DDTHH:MM". Returns buf. */
char *alert_time_format(alert_time t, char buf[static ALERT_TIME_LEN]);
/* Whether some minute of day lies within [from, to). */
bool alert_covers_day(alert_time from, alert_time to, gl_date day);

/* ---- measures ---- */

#define ALERT_PROCESSES_LEN 512
#define ALERT_ROW_LEN 64

/* What a unit must do. */
struct alert_measure {
        bool own_choice;                     /* 自主减排 */
        bool no_old_trucks;                  /* 禁用国四及以下重型柴油货车 */
        bool no_road_transport;              /* 禁止公路运输 */
        int limit_percent;                   /* 限产 N %; 0 none */
        bool halted;                         /* 停产 (enterprise) / 停工 (site) */
        char processes[ALERT_PROCESSES_LEN]; /* codes stopped, comma-separated; "" none */
};

/* Output limited by a percentage, named processes stopped, or halted. */
bool alert_measure_production_limited(const struct alert_measure *m);
/* no_old_trucks or no_road_transport. */
bool alert_measure_trucks_limited(const struct alert_measure *m);
/* Anything limited or stopped. */
bool alert_measure_restricted(const struct alert_measure *m);
bool alert_measure_equal(const struct alert_measure *a, const struct alert_measure *b);
/* Whether the measure has a kind: own_choice, no_old_trucks, no_road_transport, limit, stop, halt;
 * false for a kind that is none of them. */
bool alert_measure_has_kind(const struct alert_measure *m, const char *kind);
/* True for the names alert_measure_has_kind knows. */
bool alert_kind_is_known(const char *kind);
/* The measure in Chinese, e.g. "限产 20%；禁用国四及以下重型柴油货车", or "不限产、不停产"
 * ("正常施工" for a site). Process names from rules (may be NULL: codes). Returns buf. */
struct alert_rules;
char *alert_measure_text_zh(const struct alert_rules *r, const struct alert_measure *m, bool site,
                            char *buf, size_t size);

/*
 * What the alert version in force on a day asks of one unit, as app/alert.h's alert_unit_on answers
 * it (measure 3's guard reads it).
 */
struct alert_unit_measure {
        bool in_alert; /* an alert version in force on that day covers the unit's township */
        int64_t alert_id;
        int alert_version;
        enum alert_level level;
        char notice[128];
        bool halted;             /* production (enterprise) or all work (site) stops */
        bool production_limited; /* output limited by a percentage, named processes stopped, or
                                    halted */
        int limit_percent;       /* 0 when none */
        bool trucks_limited;     /* no China-IV-or-older heavy trucks */
        bool own_choice;         /* chooses its own reductions (A grade, leading, positive list) */
        bool restricted;         /* anything limited or stopped (alert_measure_restricted) */
        bool listed_site;        /* a site read as on the key-project positive list */
        char row[64];            /* the table row applied, e.g. "steel_long/B/orange" */
        char processes[512];     /* processes stopped, comma-separated pack codes ("" none) */
};

/* ---- the rules of one day ---- */

/* One parameter as the rules used it: its name, whether it is a reading (its description says
 * 解读), and its value as text. */
struct alert_param_used {
        char name[48];
        bool reading;
        char value[1024];
};

struct alert_row {
        char industry[64]; /* pack code or "*" */
        char grade[GL_GRADE_LEN];
        enum alert_level level;
        char item[256]; /* the item as written, "steel_long/B/orange=..." */
        struct alert_measure m;
};

struct alert_process_name {
        char code[48];
        char zh[64];
        char en[96];
};

struct alert_industry_floor {
        char code[64];
        char name_zh[64];
        char lowest[GL_GRADE_LEN]; /* the lowest rung of its ladder, "" when the ladder is empty */
};

enum {
        ALERT_P_APPLIES_TO,
        ALERT_P_POSITIVE_LIST,
        ALERT_P_A_GRADE,
        ALERT_P_UNGRADED,
        ALERT_P_TABLE,
        ALERT_P_PROCESSES,
        ALERT_P_SITE_LISTED,
        ALERT_P_SITE_HALTED, /* m8.halted_processes */
        ALERT_P_SITE_ORDINARY,
        ALERT_P_COUNT_
};

/* The name of parameter p (ALERT_P_*), "" out of range. */
const char *alert_param_name(int p);

/* Owned arrays; free with alert_rules_free. */
struct alert_rules {
        gl_date on; /* the day whose values these are */
        struct alert_param_used params[ALERT_P_COUNT_];
        bool positive_list_exempt;
        char a_grades[8][GL_GRADE_LEN];
        size_t na_grades;
        char ungraded_as[GL_GRADE_LEN + 8]; /* "lowest" or a grade */
        struct alert_row *rows;
        size_t nrows;
        struct alert_process_name *processes;
        size_t nprocesses;
        struct alert_industry_floor *industries;
        size_t nindustries;
        char default_lowest[GL_GRADE_LEN]; /* m1.default_ladder's lowest, for unknown industries */
        bool site_listed_at[4];            /* by level */
        char site_listed_processes[ALERT_PROCESSES_LEN]; /* m8.halted_processes, comma-separated */
        struct alert_measure site_ordinary[4];           /* by level */
        bool site_ordinary_set[4];
        char site_ordinary_item[4][256];
};

/*
 * The rules in force on day on: the parameters above read from pack and checked (a row or measure
 * that does not parse, an industry or grade the pack does not know, a process without a name, a
 * level without its site measure, a "*" row missing for a grade and level: GL_EINVAL naming the
 * parameter). The caller frees out with alert_rules_free.
 */
int alert_rules_load(const struct policy_pack *pack, gl_date on, struct alert_rules *out,
                     struct gl_error *err);
void alert_rules_free(struct alert_rules *r);
/* The alert parameters of a pack checked on the first day of each of their values (at load). A pack
 * without alert parameters passes (it runs no alerts). */
int alert_check_pack(const struct policy_pack *pack, struct gl_error *err);

/* The Chinese name of a process code, or the code itself when the rules have none. */
const char *alert_process_zh(const struct alert_rules *r, const char *code);
const char *alert_process_en(const struct alert_rules *r, const char *code);

/* ---- deciding a class ---- */

/* What the rule looks at. */
struct alert_class {
        bool site;
        char industry[64];        /* enterprise: pack code */
        char grade[GL_GRADE_LEN]; /* enterprise: "" none */
        bool positive_list;       /* enterprise */
        bool listed;              /* site: on the key-project positive list */
};

enum alert_basis {
        ALERT_BASIS_TABLE,         /* a row of alert.enterprise_measures */
        ALERT_BASIS_POSITIVE_LIST, /* alert.positive_list_exempt */
        ALERT_BASIS_A_GRADE,       /* alert.a_grade_exempt */
        ALERT_BASIS_SITE_LISTED,   /* m8.halted_processes at alert.site_listed_processes */
        ALERT_BASIS_SITE_ORDINARY, /* alert.site_ordinary */
        ALERT_BASIS_COUNT_
};

/* "table", "positive_list", "a_grade", "site_listed", "site_ordinary". */
const char *alert_basis_name(enum alert_basis b);
/* -1 when unknown. */
int alert_basis_from_name(const char *name);

struct alert_decision {
        enum alert_basis basis;
        int row; /* index into rules.rows for ALERT_BASIS_TABLE, else -1 */
        /* The row applied: "steel_long/B/orange" (a general row has industry "*"),
         * "positive_list", "a_grade/A", "site/listed/orange", "site/ordinary/red". */
        char row_key[ALERT_ROW_LEN];
        char grade_used[GL_GRADE_LEN]; /* the grade the table was read with */
        bool ungraded;                 /* no grade: read as alert.ungraded_as */
        bool general_row;              /* the "*" row, the industry having none of its own */
        struct alert_measure m;
};

/* Whether the rules reach an enterprise at all (alert.applies_to: air emitters). */
bool alert_reaches_enterprise(const struct alert_rules *r, const struct enterprise *e);
/* The class of an enterprise or a site. */
void alert_class_of_enterprise(const struct enterprise *e, struct alert_class *out);
void alert_class_of_site(bool listed, struct alert_class *out);

/* Decides what level asks of a class. GL_EINVAL (no row for it, a level out of range). */
int alert_decide(const struct alert_rules *r, enum alert_level level, const struct alert_class *c,
                 struct alert_decision *out);

/* ---- explaining ---- */

#define ALERT_LINES_MAX 8
#define ALERT_LINE_LEN 1024

struct alert_lines {
        size_t n;
        char line[ALERT_LINES_MAX][ALERT_LINE_LEN];
};

/* Where the unit stands in the alert: the words of the first line. */
struct alert_where {
        enum alert_level level;
        int version;
        bool whole_county;
        const char *township; /* the unit's */
};

/* The explanation, in Chinese: the alert and the township, the class, the parameters used (each
 * named with its value; readings say 解读), the result. */
void alert_explain(const struct alert_rules *r, const struct alert_where *w,
                   const struct alert_class *c, const struct alert_decision *d,
                   struct alert_lines *out);

#endif
