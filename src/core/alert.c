/*
 * The alert rule (alert.h): levels and times, the pack's parameters read into struct alert_rules
 * and checked, the decision for a class of units, and its explanation. Everything a decision
 * says comes from the rules of the day; nothing here reads a clock or a file.
 */
#include "alert.h"

#include "policy.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const level_names[] = {"none", "yellow", "orange", "red"};
static const char *const level_labels[] = {"无预警", "黄色预警（Ⅲ级）", "橙色预警（Ⅱ级）",
                                           "红色预警（Ⅰ级）"};
static const char *const level_colors[] = {"无", "黄色", "橙色", "红色"};

static bool level_ok(enum alert_level level)
{
        return level >= ALERT_YELLOW && level <= ALERT_RED;
}

const char *alert_level_name(enum alert_level level)
{
        return level_ok(level) ? level_names[level] : level_names[0];
}

const char *alert_level_label_zh(enum alert_level level)
{
        return level_ok(level) ? level_labels[level] : level_labels[0];
}

const char *alert_level_color_zh(enum alert_level level)
{
        return level_ok(level) ? level_colors[level] : level_colors[0];
}

enum alert_level alert_level_from_name(const char *name)
{
        for (int l = ALERT_YELLOW; name != NULL && l <= ALERT_RED; l++)
                if (strcmp(name, level_names[l]) == 0)
                        return (enum alert_level)l;
        return ALERT_LEVEL_NONE;
}

/* Copies src into dst of size, cut when too long, always NUL-terminated. */
static void set_text(char *dst, size_t size, const char *src)
{
        size_t n = strlen(src);
        if (n >= size)
                n = size - 1;
        memcpy(dst, src, n);
        dst[n] = '\0';
}

/* ---- time ---- */

alert_time alert_time_of(gl_date day, int hour, int minute)
{
        return (alert_time)day * 1440 + hour * 60 + minute;
}

gl_date alert_time_day(alert_time t)
{
        alert_time d = t >= 0 ? t / 1440 : -((-t + 1439) / 1440);
        return (gl_date)d;
}

static int two_digits(const char *s)
{
        if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
                return -1;
        return (s[0] - '0') * 10 + (s[1] - '0');
}

int alert_time_parse(const char *text, bool end_of_day, alert_time *out)
{
        if (text == NULL)
                return GL_EINVAL;
        size_t len = strlen(text);
        if (len != 10 && len != 16)
                return GL_EINVAL;
        char date[11];
        memcpy(date, text, 10);
        date[10] = '\0';
        gl_date d;
        if (date_parse_iso(date, &d) != GL_OK)
                return GL_EINVAL;
        if (len == 10) {
                *out = alert_time_of(end_of_day ? d + 1 : d, 0, 0);
                return GL_OK;
        }
        if (text[10] != 'T' || text[13] != ':')
                return GL_EINVAL;
        int h = two_digits(text + 11), m = two_digits(text + 14);
        if (h < 0 || h > 23 || m < 0 || m > 59)
                return GL_EINVAL;
        *out = alert_time_of(d, h, m);
        return GL_OK;
}

char *alert_time_format(alert_time t, char buf[static ALERT_TIME_LEN])
{
        gl_date d = alert_time_day(t);
        unsigned minutes = (unsigned)(t - (alert_time)d * 1440) % 1440;
        date_format_iso(d, buf);
        buf[10] = 'T';
        buf[11] = (char)('0' + minutes / 600);
        buf[12] = (char)('0' + minutes / 60 % 10);
        buf[13] = ':';
        buf[14] = (char)('0' + minutes % 60 / 10);
        buf[15] = (char)('0' + minutes % 10);
        buf[16] = '\0';
        return buf;
}

bool alert_covers_day(alert_time from, alert_time to, gl_date day)
{
        alert_time start = alert_time_of(day, 0, 0), end = alert_time_of(day + 1, 0, 0);
        return from < end && to > start && from < to;
}

/* ---- measures ---- */

bool alert_measure_production_limited(const struct alert_measure *m)
{
        return m->halted || m->limit_percent > 0 || m->processes[0] != '\0';
}

bool alert_measure_trucks_limited(const struct alert_measure *m)
{
        return m->no_old_trucks || m->no_road_transport;
}

bool alert_measure_restricted(const struct alert_measure *m)
{
        return alert_measure_production_limited(m) || alert_measure_trucks_limited(m);
}

bool alert_measure_equal(const struct alert_measure *a, const struct alert_measure *b)
{
        return a->own_choice == b->own_choice && a->no_old_trucks == b->no_old_trucks &&
               a->no_road_transport == b->no_road_transport &&
               a->limit_percent == b->limit_percent && a->halted == b->halted &&
               strcmp(a->processes, b->processes) == 0;
}

static const char *const kinds[] = {"own_choice", "no_old_trucks", "no_road_transport",
                                    "limit",      "stop",          "halt"};

bool alert_kind_is_known(const char *kind)
{
        for (size_t i = 0; kind != NULL && i < GL_ARRAY_LEN(kinds); i++)
                if (strcmp(kind, kinds[i]) == 0)
                        return true;
        return false;
}

bool alert_measure_has_kind(const struct alert_measure *m, const char *kind)
{
        if (kind == NULL)
                return false;
        if (strcmp(kind, "own_choice") == 0)
                return m->own_choice;
        if (strcmp(kind, "no_old_trucks") == 0)
                return m->no_old_trucks;
        if (strcmp(kind, "no_road_transport") == 0)
                return m->no_road_transport;
        if (strcmp(kind, "limit") == 0)
                return m->limit_percent > 0;
        if (strcmp(kind, "stop") == 0)
                return m->processes[0] != '\0';
        if (strcmp(kind, "halt") == 0)
                return m->halted;
        return false;
}

/* Appends text to buf (of size), keeping it NUL-terminated. */
static void append(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t size, const char *fmt, ...)
{
        size_t used = strlen(buf);
        if (used + 1 >= size)
                return;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(buf + used, size - used, fmt, ap);
        va_end(ap);
}

const char *alert_process_zh(const struct alert_rules *r, const char *code)
{
        for (size_t i = 0; r != NULL && i < r->nprocesses; i++)
                if (strcmp(r->processes[i].code, code) == 0)
                        return r->processes[i].zh;
        return code;
}

const char *alert_process_en(const struct alert_rules *r, const char *code)
{
        for (size_t i = 0; r != NULL && i < r->nprocesses; i++)
                if (strcmp(r->processes[i].code, code) == 0)
                        return r->processes[i].en;
        return code;
}

/* The processes of a comma-separated list as Chinese names joined by "、". */
static void processes_zh(const struct alert_rules *r, const char *list, char *buf, size_t size)
{
        buf[0] = '\0';
        const char *p = list;
        while (*p) {
                const char *end = strchr(p, ',');
                size_t n = end ? (size_t)(end - p) : strlen(p);
                char code[64];
                snprintf(code, sizeof(code), "%.*s", (int)(n < 63 ? n : 63), p);
                append(buf, size, "%s%s", buf[0] ? "、" : "", alert_process_zh(r, code));
                p += n;
                if (*p == ',')
                        p++;
        }
}

/* What limits production: the percentage and the processes stopped ("" none). */
static void production_zh(const struct alert_rules *r, const struct alert_measure *m, char *buf,
                          size_t size)
{
        buf[0] = '\0';
        if (m->limit_percent > 0)
                append(buf, size, "限产 %d%%", m->limit_percent);
        if (m->processes[0]) {
                char names[ALERT_PROCESSES_LEN * 2];
                processes_zh(r, m->processes, names, sizeof(names));
                append(buf, size, "%s停止%s", buf[0] ? "；" : "", names);
        }
}

static const char *trucks_zh(const struct alert_measure *m)
{
        return m->no_road_transport ? "禁止公路运输"
               : m->no_old_trucks   ? "禁用国四及以下重型柴油货车"
                                    : "";
}

char *alert_measure_text_zh(const struct alert_rules *r, const struct alert_measure *m, bool site,
                            char *buf, size_t size)
{
        buf[0] = '\0';
        if (m->halted)
                append(buf, size, "%s", site ? "停工（停止全部室外作业）" : "停产");
        char production[ALERT_PROCESSES_LEN * 2];
        production_zh(r, m, production, sizeof(production));
        if (production[0])
                append(buf, size, "%s%s", buf[0] ? "；" : "", production);
        if (trucks_zh(m)[0])
                append(buf, size, "%s%s", buf[0] ? "；" : "", trucks_zh(m));
        if (m->own_choice)
                append(buf, size, "%s自主减排", buf[0] ? "；" : "");
        if (buf[0] == '\0')
                append(buf, size, "%s", site ? "正常施工" : "不限产、不停产");
        return buf;
}

/* ---- reading the rules ---- */

static const char *const param_names[ALERT_P_COUNT_] = {
    [ALERT_P_APPLIES_TO] = "alert.applies_to",
    [ALERT_P_POSITIVE_LIST] = "alert.positive_list_exempt",
    [ALERT_P_A_GRADE] = "alert.a_grade_exempt",
    [ALERT_P_UNGRADED] = "alert.ungraded_as",
    [ALERT_P_TABLE] = "alert.enterprise_measures",
    [ALERT_P_PROCESSES] = "alert.process_names",
    [ALERT_P_SITE_LISTED] = "alert.site_listed_processes",
    [ALERT_P_SITE_HALTED] = "m8.halted_processes",
    [ALERT_P_SITE_ORDINARY] = "alert.site_ordinary",
};

const char *alert_param_name(int p)
{
        return p >= 0 && p < ALERT_P_COUNT_ ? param_names[p] : "";
}

static int bad(struct gl_error *err, int p, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int bad(struct gl_error *err, int p, const char *fmt, ...)
{
        char what[400];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(what, sizeof(what), fmt, ap);
        va_end(ap);
        return gl_fail(err, GL_EINVAL, param_names[p], "parameters.%s: %s", param_names[p], what);
}

/* Parses one MEASURE ("limit:20", "stop:a;b", ...) into m. */
static int parse_one(const char *text, size_t len, struct alert_measure *m)
{
        char t[256];
        if (len == 0 || len >= sizeof(t))
                return -1;
        memcpy(t, text, len);
        t[len] = '\0';
        if (strcmp(t, "own_choice") == 0) {
                m->own_choice = true;
        } else if (strcmp(t, "no_old_trucks") == 0) {
                m->no_old_trucks = true;
        } else if (strcmp(t, "no_road_transport") == 0) {
                m->no_road_transport = true;
        } else if (strcmp(t, "halt") == 0) {
                m->halted = true;
        } else if (strncmp(t, "limit:", 6) == 0) {
                char *end = NULL;
                long v = strtol(t + 6, &end, 10);
                if (end == t + 6 || *end != '\0' || v < 1 || v > 99 || m->limit_percent)
                        return -1;
                m->limit_percent = (int)v;
        } else if (strncmp(t, "stop:", 5) == 0) {
                if (t[5] == '\0' || m->processes[0])
                        return -1;
                for (char *c = t + 5; *c; c++) {
                        if (*c == ';')
                                *c = ',';
                        else if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
                                   *c == '_'))
                                return -1;
                }
                if (strstr(t + 5, ",,") || t[strlen(t) - 1] == ',')
                        return -1;
                set_text(m->processes, sizeof(m->processes), t + 5);
        } else {
                return -1;
        }
        return 0;
}

/* Parses "MEASURE[+MEASURE]..." into m (zeroed first). */
static int parse_measure(const char *text, struct alert_measure *m)
{
        memset(m, 0, sizeof(*m));
        const char *p = text;
        for (;;) {
                const char *plus = strchr(p, '+');
                size_t n = plus ? (size_t)(plus - p) : strlen(p);
                if (parse_one(p, n, m) != 0)
                        return -1;
                if (plus == NULL)
                        break;
                p = plus + 1;
        }
        if (m->own_choice && alert_measure_restricted(m))
                return -1; /* own choice and an imposed measure contradict */
        return 0;
}

static const struct policy_value *value_of(const struct policy_pack *pack, int p, gl_date on)
{
        return policy_param_value(pack, param_names[p], on);
}

/* Notes the parameter as used: its value as text and whether it is a reading. */
static void note_param(const struct policy_pack *pack, int p, const struct policy_value *v,
                       struct alert_rules *r)
{
        struct alert_param_used *u = &r->params[p];
        set_text(u->name, sizeof(u->name), param_names[p]);
        const struct policy_param *prm = policy_param_find(pack, param_names[p]);
        u->reading = prm && prm->description_zh && strstr(prm->description_zh, "解读") != NULL;
        policy_value_format(v, u->value, sizeof(u->value));
}

static int need(const struct policy_pack *pack, int p, gl_date on, enum policy_value_kind kind,
                const struct policy_value **out, struct alert_rules *r, struct gl_error *err)
{
        const struct policy_value *v = value_of(pack, p, on);
        char iso[11];
        if (v == NULL)
                return bad(err, p, "no value on %s (政策包在该日没有该参数的值)",
                           date_format_iso(on, iso));
        if (v->kind != kind)
                return bad(err, p, "wrong kind (参数类型不符)");
        note_param(pack, p, v, r);
        *out = v;
        return GL_OK;
}

static bool process_known(const struct alert_rules *r, const char *list)
{
        const char *p = list;
        while (*p) {
                const char *end = strchr(p, ',');
                size_t n = end ? (size_t)(end - p) : strlen(p);
                bool found = false;
                for (size_t i = 0; i < r->nprocesses && !found; i++)
                        found = strlen(r->processes[i].code) == n &&
                                memcmp(r->processes[i].code, p, n) == 0;
                if (!found)
                        return false;
                p += n;
                if (*p == ',')
                        p++;
        }
        return true;
}

static int load_processes(const struct policy_value *v, struct alert_rules *r, struct gl_error *err)
{
        r->processes = calloc(v->nlist ? v->nlist : 1, sizeof(*r->processes));
        if (r->processes == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        for (size_t i = 0; i < v->nlist; i++) {
                const char *item = v->list[i];
                const char *e1 = strchr(item, '='), *e2 = e1 ? strchr(e1 + 1, '=') : NULL;
                struct alert_process_name *pn = &r->processes[i];
                if (e1 == NULL || e2 == NULL || e1 == item || e2 == e1 + 1 || e2[1] == '\0' ||
                    (size_t)(e1 - item) >= sizeof(pn->code) ||
                    (size_t)(e2 - e1 - 1) >= sizeof(pn->zh) || strlen(e2 + 1) >= sizeof(pn->en))
                        return bad(err, ALERT_P_PROCESSES,
                                   "\"%s\" is not CODE=中文=English (工序名称格式不符)", item);
                snprintf(pn->code, sizeof(pn->code), "%.*s", (int)(e1 - item), item);
                snprintf(pn->zh, sizeof(pn->zh), "%.*s", (int)(e2 - e1 - 1), e1 + 1);
                set_text(pn->en, sizeof(pn->en), e2 + 1);
                r->nprocesses = i + 1;
        }
        return GL_OK;
}

static int load_industries(const struct policy_pack *pack, struct alert_rules *r,
                           struct gl_error *err)
{
        r->industries = calloc(pack->nindustries ? pack->nindustries : 1, sizeof(*r->industries));
        if (r->industries == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        for (size_t i = 0; i < pack->nindustries; i++) {
                const struct policy_industry *ind = &pack->industries[i];
                struct alert_industry_floor *f = &r->industries[i];
                set_text(f->code, sizeof(f->code), ind->code);
                set_text(f->name_zh, sizeof(f->name_zh), ind->name_zh ? ind->name_zh : "");
                set_text(f->lowest, sizeof(f->lowest), ind->nladder ? ind->ladder[0] : "");
        }
        r->nindustries = pack->nindustries;
        const struct policy_value *dl = policy_param_value(pack, "m1.default_ladder", r->on);
        set_text(r->default_lowest, sizeof(r->default_lowest),
                 dl && dl->kind == POLICY_LIST && dl->nlist ? dl->list[0] : "D");
        return GL_OK;
}

static const struct alert_industry_floor *floor_of(const struct alert_rules *r, const char *code)
{
        for (size_t i = 0; i < r->nindustries; i++)
                if (strcmp(r->industries[i].code, code) == 0)
                        return &r->industries[i];
        return NULL;
}

static const char *const all_grades[] = {"A", "B", "B-", "C", "D"};

static int load_table(const struct policy_pack *pack, const struct policy_value *v,
                      struct alert_rules *r, struct gl_error *err)
{
        r->rows = calloc(v->nlist ? v->nlist : 1, sizeof(*r->rows));
        if (r->rows == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        for (size_t i = 0; i < v->nlist; i++) {
                const char *item = v->list[i];
                struct alert_row *row = &r->rows[i];
                const char *eq = strchr(item, '=');
                char key[128];
                if (eq == NULL || (size_t)(eq - item) >= sizeof(key) ||
                    strlen(item) >= sizeof(row->item))
                        return bad(err, ALERT_P_TABLE,
                                   "\"%s\" is not INDUSTRY/GRADE/LEVEL=MEASURE (管控表行格式不符)",
                                   item);
                snprintf(key, sizeof(key), "%.*s", (int)(eq - item), item);
                char *s1 = strchr(key, '/'), *s2 = s1 ? strchr(s1 + 1, '/') : NULL;
                if (s1 == NULL || s2 == NULL || strchr(s2 + 1, '/'))
                        return bad(err, ALERT_P_TABLE,
                                   "\"%s\" is not INDUSTRY/GRADE/LEVEL=MEASURE (管控表行格式不符)",
                                   item);
                *s1 = *s2 = '\0';
                const char *industry = key, *grade = s1 + 1, *level = s2 + 1;
                if (strcmp(industry, "*") != 0 && policy_industry_find(pack, industry) == NULL)
                        return bad(err, ALERT_P_TABLE,
                                   "\"%s\": no industry %s in the pack (未知行业)", item, industry);
                if (!policy_grade_is_known(grade))
                        return bad(err, ALERT_P_TABLE,
                                   "\"%s\": %s is not a grade A, B, B-, C, D (不是绩效等级)", item,
                                   grade);
                const struct policy_industry *ind = policy_industry_find(pack, industry);
                if (ind && ind->nladder && policy_ladder_rank(ind, grade) < 0)
                        return bad(err, ALERT_P_TABLE,
                                   "\"%s\": %s is not on the ladder of %s (不在该行业的等级阶梯上)",
                                   item, grade, industry);
                enum alert_level l = alert_level_from_name(level);
                if (l == ALERT_LEVEL_NONE)
                        return bad(err, ALERT_P_TABLE,
                                   "\"%s\": %s is not yellow, orange or red (预警级别无效)", item,
                                   level);
                if (parse_measure(eq + 1, &row->m) != 0)
                        return bad(err, ALERT_P_TABLE,
                                   "\"%s\": the measure does not parse (管控措施格式不符)", item);
                if (!process_known(r, row->m.processes))
                        return bad(err, ALERT_P_TABLE,
                                   "\"%s\": a process has no name in alert.process_names "
                                   "(工序未命名)",
                                   item);
                set_text(row->industry, sizeof(row->industry), industry);
                set_text(row->grade, sizeof(row->grade), grade);
                row->level = l;
                set_text(row->item, sizeof(row->item), item);
                for (size_t j = 0; j < i; j++)
                        if (strcmp(r->rows[j].industry, row->industry) == 0 &&
                            strcmp(r->rows[j].grade, row->grade) == 0 && r->rows[j].level == l)
                                return bad(err, ALERT_P_TABLE,
                                           "\"%s\": the row is given twice "
                                           "(管控表行重复)",
                                           item);
                r->nrows = i + 1;
        }
        /* Every grade and level has a general row, so that every air emitter has a measure. */
        for (size_t g = 0; g < GL_ARRAY_LEN(all_grades); g++)
                for (int l = ALERT_YELLOW; l <= ALERT_RED; l++) {
                        bool found = false;
                        for (size_t i = 0; i < r->nrows && !found; i++)
                                found = strcmp(r->rows[i].industry, "*") == 0 &&
                                        strcmp(r->rows[i].grade, all_grades[g]) == 0 &&
                                        r->rows[i].level == (enum alert_level)l;
                        if (!found)
                                return bad(err, ALERT_P_TABLE,
                                           "no general row */%s/%s (缺少通用行)", all_grades[g],
                                           level_names[l]);
                }
        return GL_OK;
}

static int load_sites(const struct policy_pack *pack, struct alert_rules *r, struct gl_error *err)
{
        const struct policy_value *v;
        int rc = need(pack, ALERT_P_SITE_LISTED, r->on, POLICY_LIST, &v, r, err);
        if (rc != GL_OK)
                return rc;
        for (size_t i = 0; i < v->nlist; i++) {
                enum alert_level l = alert_level_from_name(v->list[i]);
                if (l == ALERT_LEVEL_NONE)
                        return bad(err, ALERT_P_SITE_LISTED,
                                   "\"%s\" is not yellow, orange or red (预警级别无效)",
                                   v->list[i]);
                r->site_listed_at[l] = true;
        }
        if ((rc = need(pack, ALERT_P_SITE_HALTED, r->on, POLICY_LIST, &v, r, err)) != GL_OK)
                return rc;
        r->site_listed_processes[0] = '\0';
        for (size_t i = 0; i < v->nlist; i++)
                append(r->site_listed_processes, sizeof(r->site_listed_processes), "%s%s",
                       i ? "," : "", v->list[i]);
        if (!process_known(r, r->site_listed_processes))
                return bad(err, ALERT_P_SITE_HALTED,
                           "a process has no name in alert.process_names (工序未命名)");
        if ((rc = need(pack, ALERT_P_SITE_ORDINARY, r->on, POLICY_LIST, &v, r, err)) != GL_OK)
                return rc;
        for (size_t i = 0; i < v->nlist; i++) {
                const char *item = v->list[i];
                const char *eq = strchr(item, '=');
                char level[16];
                if (eq == NULL || (size_t)(eq - item) >= sizeof(level) || strlen(item) >= 256)
                        return bad(err, ALERT_P_SITE_ORDINARY,
                                   "\"%s\" is not LEVEL=MEASURE (格式不符)", item);
                snprintf(level, sizeof(level), "%.*s", (int)(eq - item), item);
                enum alert_level l = alert_level_from_name(level);
                if (l == ALERT_LEVEL_NONE || r->site_ordinary_set[l])
                        return bad(err, ALERT_P_SITE_ORDINARY,
                                   "\"%s\": %s is not yellow, orange or red, or is given twice "
                                   "(预警级别无效或重复)",
                                   item, level);
                if (parse_measure(eq + 1, &r->site_ordinary[l]) != 0 ||
                    !process_known(r, r->site_ordinary[l].processes))
                        return bad(err, ALERT_P_SITE_ORDINARY,
                                   "\"%s\": the measure does not parse or names a process "
                                   "without a name (管控措施格式不符)",
                                   item);
                r->site_ordinary_set[l] = true;
                set_text(r->site_ordinary_item[l], sizeof(r->site_ordinary_item[l]), item);
        }
        for (int l = ALERT_YELLOW; l <= ALERT_RED; l++)
                if (!r->site_ordinary_set[l])
                        return bad(err, ALERT_P_SITE_ORDINARY, "no measure for %s (缺少该级别)",
                                   level_names[l]);
        return GL_OK;
}

static int load_all(const struct policy_pack *pack, struct alert_rules *r, struct gl_error *err)
{
        const struct policy_value *v;
        int rc = need(pack, ALERT_P_APPLIES_TO, r->on, POLICY_TEXT, &v, r, err);
        if (rc != GL_OK)
                return rc;
        if (strcmp(v->text, "air_emitter") != 0)
                return bad(err, ALERT_P_APPLIES_TO, "\"%s\": only air_emitter is known (未知取值)",
                           v->text);
        if ((rc = need(pack, ALERT_P_POSITIVE_LIST, r->on, POLICY_INT, &v, r, err)) != GL_OK)
                return rc;
        if (v->integer != 0 && v->integer != 1)
                return bad(err, ALERT_P_POSITIVE_LIST, "must be 0 or 1 (应为 0 或 1)");
        r->positive_list_exempt = v->integer == 1;
        if ((rc = need(pack, ALERT_P_A_GRADE, r->on, POLICY_LIST, &v, r, err)) != GL_OK)
                return rc;
        if (v->nlist > GL_ARRAY_LEN(r->a_grades))
                return bad(err, ALERT_P_A_GRADE, "too many grades (等级过多)");
        for (size_t i = 0; i < v->nlist; i++) {
                if (!policy_grade_is_known(v->list[i]))
                        return bad(err, ALERT_P_A_GRADE, "%s is not a grade (不是绩效等级)",
                                   v->list[i]);
                set_text(r->a_grades[i], sizeof(r->a_grades[i]), v->list[i]);
        }
        r->na_grades = v->nlist;
        if ((rc = need(pack, ALERT_P_UNGRADED, r->on, POLICY_TEXT, &v, r, err)) != GL_OK)
                return rc;
        if (strcmp(v->text, "lowest") != 0 && !policy_grade_is_known(v->text))
                return bad(err, ALERT_P_UNGRADED, "\"%s\": lowest or a grade (应为 lowest 或等级)",
                           v->text);
        set_text(r->ungraded_as, sizeof(r->ungraded_as), v->text);
        if ((rc = need(pack, ALERT_P_PROCESSES, r->on, POLICY_LIST, &v, r, err)) != GL_OK ||
            (rc = load_processes(v, r, err)) != GL_OK)
                return rc;
        if ((rc = need(pack, ALERT_P_TABLE, r->on, POLICY_LIST, &v, r, err)) != GL_OK ||
            (rc = load_table(pack, v, r, err)) != GL_OK)
                return rc;
        if ((rc = load_industries(pack, r, err)) != GL_OK)
                return rc;
        return load_sites(pack, r, err);
}

int alert_rules_load(const struct policy_pack *pack, gl_date on, struct alert_rules *out,
                     struct gl_error *err)
{
        struct alert_rules r;
        memset(&r, 0, sizeof(r));
        r.on = on;
        int rc = pack ? load_all(pack, &r, err)
                      : gl_fail(err, GL_EINVAL, "", "没有政策包 (no policy pack)");
        if (rc != GL_OK) {
                alert_rules_free(&r);
                return rc;
        }
        *out = r;
        return GL_OK;
}

void alert_rules_free(struct alert_rules *r)
{
        if (r == NULL)
                return;
        free(r->rows);
        free(r->processes);
        free(r->industries);
        r->rows = NULL;
        r->processes = NULL;
        r->industries = NULL;
        r->nrows = r->nprocesses = r->nindustries = 0;
}

int alert_check_pack(const struct policy_pack *pack, struct gl_error *err)
{
        const struct policy_param *table = policy_param_find(pack, param_names[ALERT_P_TABLE]);
        if (table == NULL)
                return GL_OK;
        /* Every day on which some alert parameter takes a new value. */
        for (int p = 0; p < ALERT_P_COUNT_; p++) {
                const struct policy_param *prm = policy_param_find(pack, param_names[p]);
                for (size_t i = 0; prm != NULL && i < prm->nvalues; i++) {
                        if (prm->values[i].from == GL_DATE_NONE)
                                continue; /* a what-if value, in force on every day checked */
                        struct alert_rules r;
                        int rc = alert_rules_load(pack, prm->values[i].from, &r, err);
                        if (rc != GL_OK)
                                return rc;
                        alert_rules_free(&r);
                }
        }
        return GL_OK;
}

/* ---- deciding ---- */

static const char *const basis_names[ALERT_BASIS_COUNT_] = {
    [ALERT_BASIS_TABLE] = "table",
    [ALERT_BASIS_POSITIVE_LIST] = "positive_list",
    [ALERT_BASIS_A_GRADE] = "a_grade",
    [ALERT_BASIS_SITE_LISTED] = "site_listed",
    [ALERT_BASIS_SITE_ORDINARY] = "site_ordinary",
};

const char *alert_basis_name(enum alert_basis b)
{
        return (unsigned)b < ALERT_BASIS_COUNT_ ? basis_names[b] : "";
}

int alert_basis_from_name(const char *name)
{
        for (int b = 0; name != NULL && b < ALERT_BASIS_COUNT_; b++)
                if (strcmp(name, basis_names[b]) == 0)
                        return b;
        return -1;
}

bool alert_reaches_enterprise(const struct alert_rules *r, const struct enterprise *e)
{
        (void)r; /* alert.applies_to: air_emitter, the one value the rules know */
        return e->air_emitter;
}

void alert_class_of_enterprise(const struct enterprise *e, struct alert_class *out)
{
        memset(out, 0, sizeof(*out));
        set_text(out->industry, sizeof(out->industry), e->industry);
        set_text(out->grade, sizeof(out->grade), e->grade);
        out->positive_list = e->positive_list;
}

void alert_class_of_site(bool listed, struct alert_class *out)
{
        memset(out, 0, sizeof(*out));
        out->site = true;
        out->listed = listed;
}

static int find_row(const struct alert_rules *r, const char *industry, const char *grade,
                    enum alert_level level)
{
        for (size_t i = 0; i < r->nrows; i++)
                if (r->rows[i].level == level && strcmp(r->rows[i].grade, grade) == 0 &&
                    strcmp(r->rows[i].industry, industry) == 0)
                        return (int)i;
        return -1;
}

static void decide_site(const struct alert_rules *r, enum alert_level level,
                        const struct alert_class *c, struct alert_decision *d)
{
        if (c->listed) {
                d->basis = ALERT_BASIS_SITE_LISTED;
                d->row_key[0] = '\0';
                append(d->row_key, sizeof(d->row_key), "site/listed/%s", level_names[level]);
                if (r->site_listed_at[level])
                        set_text(d->m.processes, sizeof(d->m.processes), r->site_listed_processes);
                return;
        }
        d->basis = ALERT_BASIS_SITE_ORDINARY;
        d->row_key[0] = '\0';
        append(d->row_key, sizeof(d->row_key), "site/ordinary/%s", level_names[level]);
        d->m = r->site_ordinary[level];
}

int alert_decide(const struct alert_rules *r, enum alert_level level, const struct alert_class *c,
                 struct alert_decision *out)
{
        if (!level_ok(level))
                return GL_EINVAL;
        struct alert_decision d;
        memset(&d, 0, sizeof(d));
        d.row = -1;
        if (c->site) {
                decide_site(r, level, c, &d);
                *out = d;
                return GL_OK;
        }
        /* 正面清单: not restricted, not halted, on condition its controls run. */
        if (c->positive_list && r->positive_list_exempt) {
                d.basis = ALERT_BASIS_POSITIVE_LIST;
                set_text(d.row_key, sizeof(d.row_key), "positive_list");
                set_text(d.grade_used, sizeof(d.grade_used), c->grade);
                d.m.own_choice = true;
                *out = d;
                return GL_OK;
        }
        const char *grade = c->grade;
        if (grade[0] == '\0') {
                d.ungraded = true;
                if (strcmp(r->ungraded_as, "lowest") == 0) {
                        const struct alert_industry_floor *f = floor_of(r, c->industry);
                        grade = f && f->lowest[0] ? f->lowest : r->default_lowest;
                } else {
                        grade = r->ungraded_as;
                }
        }
        set_text(d.grade_used, sizeof(d.grade_used), grade);
        for (size_t i = 0; i < r->na_grades; i++)
                if (strcmp(r->a_grades[i], grade) == 0) {
                        d.basis = ALERT_BASIS_A_GRADE;
                        d.row_key[0] = '\0';
                        append(d.row_key, sizeof(d.row_key), "a_grade/%s", d.grade_used);
                        d.m.own_choice = true;
                        *out = d;
                        return GL_OK;
                }
        int row = find_row(r, c->industry, grade, level);
        if (row < 0) {
                row = find_row(r, "*", grade, level);
                d.general_row = true;
        }
        if (row < 0)
                return GL_EINVAL;
        d.basis = ALERT_BASIS_TABLE;
        d.row = row;
        d.row_key[0] = '\0';
        append(d.row_key, sizeof(d.row_key), "%s/%s/%s", r->rows[row].industry, d.grade_used,
               level_names[level]);
        d.m = r->rows[row].m;
        *out = d;
        return GL_OK;
}

/* ---- explaining ---- */

static void line(struct alert_lines *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void line(struct alert_lines *out, const char *fmt, ...)
{
        if (out->n >= ALERT_LINES_MAX)
                return;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(out->line[out->n++], ALERT_LINE_LEN, fmt, ap);
        va_end(ap);
}

/* "（解读）" after a parameter that is a reading. */
static const char *reading(const struct alert_rules *r, int p)
{
        return r->params[p].reading ? "，解读" : "";
}

static const char *industry_zh(const struct alert_rules *r, const char *code)
{
        const struct alert_industry_floor *f = floor_of(r, code);
        return f && f->name_zh[0] ? f->name_zh : code;
}

static void explain_site(const struct alert_rules *r, const struct alert_where *w,
                         const struct alert_class *c, const struct alert_decision *d,
                         struct alert_lines *out)
{
        const char *color = alert_level_color_zh(w->level);
        char what[ALERT_PROCESSES_LEN * 3];
        if (c->listed) {
                line(out, "在建施工工地，已列入重点建设项目保障正面清单（第八条：重污染天气应急响应"
                          "期间，仅对施工场地土石方作业、建筑拆除、喷涂粉刷、护坡喷浆等建设工序予"
                          "以启动应急响应，其他建设工序正常施工）");
                processes_zh(r, r->site_listed_processes, what, sizeof(what));
                if (r->site_listed_at[w->level])
                        line(out,
                             "%s预警期间停止%s，其他建设工序正常施工（政策包参数 "
                             "m8.halted_processes = %s%s；alert.site_listed_processes = %s%s）",
                             color, what, r->params[ALERT_P_SITE_HALTED].value,
                             reading(r, ALERT_P_SITE_HALTED), r->params[ALERT_P_SITE_LISTED].value,
                             reading(r, ALERT_P_SITE_LISTED));
                else
                        line(out,
                             "%s预警不在正面清单工地停止工序的级别之内，各工序正常施工（政策包参数 "
                             "alert.site_listed_processes = %s%s）",
                             color, r->params[ALERT_P_SITE_LISTED].value,
                             reading(r, ALERT_P_SITE_LISTED));
        } else {
                line(out, "在建施工工地，未列入重点建设项目保障正面清单");
                alert_measure_text_zh(r, &d->m, true, what, sizeof(what));
                line(out, "%s预警期间：%s（政策包参数 alert.site_ordinary 之“%s”%s）", color, what,
                     r->site_ordinary_item[w->level], reading(r, ALERT_P_SITE_ORDINARY));
        }
        if (d->m.halted)
                line(out, "结论：停止全部室外作业（停工）");
        else if (d->m.processes[0])
                line(out, "结论：停止上述工序，其他建设工序正常施工");
        else
                line(out, "结论：正常施工");
}

static void explain_enterprise(const struct alert_rules *r, const struct alert_where *w,
                               const struct alert_class *c, const struct alert_decision *d,
                               struct alert_lines *out)
{
        const char *color = alert_level_color_zh(w->level);
        line(out,
             "排放大气污染物的企业（政策包参数 alert.applies_to = %s%s）：行业 %s（%s），%s%s，%s",
             r->params[ALERT_P_APPLIES_TO].value, reading(r, ALERT_P_APPLIES_TO),
             industry_zh(r, c->industry), c->industry,
             c->grade[0] ? "绩效等级 " : "尚未评定绩效等级", c->grade,
             c->positive_list ? "在生态环境监管正面清单上" : "不在生态环境监管正面清单上");
        if (d->basis == ALERT_BASIS_POSITIVE_LIST) {
                line(
                    out,
                    "生态环境监管正面清单企业：预警期间不限产、不停产，自主减排，前提是污染治理设施"
                    "正常运行（政策包参数 alert.positive_list_exempt = %s%s）",
                    r->params[ALERT_P_POSITIVE_LIST].value, reading(r, ALERT_P_POSITIVE_LIST));
                line(out, "结论：自主减排，不限产、不停产（须保持污染治理设施正常运行）");
                return;
        }
        if (d->ungraded) {
                if (strcmp(r->ungraded_as, "lowest") == 0)
                        line(out,
                             "未评级企业按本行业等级阶梯的最低一级 %s 管理（政策包参数 "
                             "alert.ungraded_as = %s%s）",
                             d->grade_used, r->params[ALERT_P_UNGRADED].value,
                             reading(r, ALERT_P_UNGRADED));
                else
                        line(out, "未评级企业按 %s 级管理（政策包参数 alert.ungraded_as = %s%s）",
                             d->grade_used, r->params[ALERT_P_UNGRADED].value,
                             reading(r, ALERT_P_UNGRADED));
        }
        if (d->basis == ALERT_BASIS_A_GRADE) {
                line(out,
                     "绩效等级 %s：原则上自主减排，不限产、不停产（政策包参数 alert.a_grade_exempt "
                     "= %s%s）",
                     d->grade_used, r->params[ALERT_P_A_GRADE].value, reading(r, ALERT_P_A_GRADE));
                line(out, "结论：自主减排，不限产、不停产");
                return;
        }
        char what[ALERT_PROCESSES_LEN * 3];
        const struct alert_row *row =
            d->row >= 0 && (size_t)d->row < r->nrows ? &r->rows[d->row] : NULL;
        alert_measure_text_zh(r, &d->m, false, what, sizeof(what));
        if (d->general_row)
                line(out,
                     "管控表中没有本行业 %s 级%s预警的专门行，按其他涉气企业的通用行 "
                     "%s：%s（政策包参数 "
                     "alert.enterprise_measures 之“%s”%s）",
                     d->grade_used, color, d->row_key, what, row ? row->item : "",
                     reading(r, ALERT_P_TABLE));
        else
                line(out, "管控表行 %s：%s（政策包参数 alert.enterprise_measures 之“%s”%s）",
                     d->row_key, what, row ? row->item : "", reading(r, ALERT_P_TABLE));
        char production[ALERT_PROCESSES_LEN * 2];
        production_zh(r, &d->m, production, sizeof(production));
        const char *trucks = trucks_zh(&d->m);
        if (d->m.halted)
                line(out, "结论：停产%s%s", trucks[0] ? "；" : "", trucks);
        else if (production[0] && d->m.processes[0] == '\0')
                line(out, "结论：%s，不停产%s%s", production, trucks[0] ? "；" : "", trucks);
        else if (production[0])
                line(out, "结论：限产（%s），不停产%s%s", production, trucks[0] ? "；" : "",
                     trucks);
        else if (trucks[0])
                line(out, "结论：不限产、不停产；%s", trucks);
        else
                line(out, "结论：%s", what);
}

void alert_explain(const struct alert_rules *r, const struct alert_where *w,
                   const struct alert_class *c, const struct alert_decision *d,
                   struct alert_lines *out)
{
        out->n = 0;
        line(out, "%s（第 %d 版），范围%s：%s %s在预警范围内", alert_level_label_zh(w->level),
             w->version, w->whole_county ? "为全县" : "为所列乡镇",
             c->site ? "工地所在乡镇" : "企业所在乡镇",
             w->township && w->township[0] ? w->township : "（未登记乡镇）");
        if (c->site)
                explain_site(r, w, c, d, out);
        else
                explain_enterprise(r, w, c, d, out);
}
