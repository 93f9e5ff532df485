/*
 * The alert use cases (alert.h). A write is one transaction: who may, the input checked field by
 * field, the alert read again inside the transaction, the new version written with its results,
 * one audit record (entity "alert"), commit.
 *
 * Computing a version's results reads every enterprise and every site under construction once,
 * in key order: the unit's township becomes a place number (a table of the townships seen) and its
 * class — industry, grade and list status, or listed — a class number (a table of the classes
 * seen, keyed by interned industry and grade numbers, each decided once by core/alert.c). Each
 * unit reached is kept as a packed record of its block (place, kind) — 20 or 10 bytes — and the
 * blocks are written once at the end (store/alert_store.h). The rules the version used are
 * stored with it as a JSON snapshot (the alert parameters on the day it begins to govern, the
 * industries' ladders), and a reading rebuilds them from it into a small pack, so that an
 * explanation rendered years later says what it said when the version was written, whatever the
 * pack says then.
 */
#include "alert.h"

#include "../core/division.h"

#include "../core/policy.h"
#include "audit.h"
#include "scope.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define COMPUTE_CACHE_MIB 256

static int db_failed(struct app *app, int rc, struct gl_error *err)
{
        if (rc == GL_ENOMEM)
                return gl_fail(err, GL_ENOMEM, "", "内存不足 (out of memory)");
        return gl_fail(err, GL_EDB, "", "数据库错误 (database error): %s", db_errmsg(app->db));
}

static int no_alert(int64_t id, struct gl_error *err)
{
        return gl_fail(err, GL_ENOTFOUND, "id", "没有该预警 (no such alert): %lld", (long long)id);
}

alert_time app_alert_now(void)
{
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        return alert_time_of(date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday),
                             tm.tm_hour, tm.tm_min);
}

static alert_time max_time(alert_time a, alert_time b)
{
        return a > b ? a : b;
}

/* ---- who may ---- */

static int check_writer(const struct actor *who, struct gl_error *err)
{
        if (who != NULL && (who->role == ROLE_CITY_OFFICER || who->role == ROLE_COUNTY_OFFICER ||
                            who->role == ROLE_SYSTEM))
                return GL_OK;
        return gl_fail(err, GL_EPERM, "",
                       "重污染天气预警由市生态环境局发布、调整和解除，县分局工作人员可登记市级预警"
                       "通知 (only the city officer, or a county officer recording the city's "
                       "notice, may issue, change or lift an alert)");
}

/* A county officer records the city's notice: it must be given. */
static int check_notice_given(const struct actor *who, const char *notice, struct gl_error *err)
{
        if (who->role == ROLE_COUNTY_OFFICER && (notice == NULL || notice[0] == '\0'))
                return gl_fail(err, GL_EINVAL, "notice",
                               "县分局登记市级预警须填写市级预警通知（文号或内容） (a county "
                               "officer records the city's notice: give it)");
        return GL_OK;
}

static int check_reader(const struct actor *who, struct gl_error *err)
{
        return app_scope_check(who, SCOPE_ENTERPRISE, NULL, err);
}

/* ---- input ---- */

static bool valid_utf8(const char *s)
{
        while (*s) {
                size_t n = gl_utf8_char(s, NULL);
                if (n == 0)
                        return false;
                s += n;
        }
        return true;
}

static int check_text(const char *field, const char *label, const char *text, size_t max,
                      struct gl_error *err)
{
        if (text == NULL)
                return GL_OK;
        if (strlen(text) > max)
                return gl_fail(err, GL_EINVAL, field, "%s过长：至多 %zu 字节 (too long)", label,
                               max);
        if (!valid_utf8(text))
                return gl_fail(err, GL_EINVAL, field, "%s不是有效的 UTF-8 文本 (not UTF-8)", label);
        for (const char *p = text; *p; p++)
                if ((unsigned char)*p < 0x20 && *p != '\n')
                        return gl_fail(err, GL_EINVAL, field, "%s含控制字符 (control character)",
                                       label);
        return GL_OK;
}

static int parse_level(const char *text, enum alert_level *out, struct gl_error *err)
{
        enum alert_level l = alert_level_from_name(text);
        if (l == ALERT_LEVEL_NONE)
                return gl_fail(err, GL_EINVAL, "level",
                               "预警级别 '%s' 应为 yellow（黄色）、orange（橙色）或 red（红色） "
                               "(must be yellow, orange or red)",
                               text ? text : "");
        *out = l;
        return GL_OK;
}

static int parse_time(const char *field, const char *label, const char *text, bool end,
                      alert_time *out, struct gl_error *err)
{
        if (text == NULL || text[0] == '\0')
                return gl_fail(err, GL_EINVAL, field, "需要%s (%s is needed)", label, field);
        if (alert_time_parse(text, end, out) != GL_OK)
                return gl_fail(err, GL_EINVAL, field,
                               "%s '%s' 应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM (a date, or a date and "
                               "an hour)",
                               label, text);
        return GL_OK;
}

static int by_text(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The townships named, checked (non-empty, not too long, UTF-8), without repeats, sorted, into
 * v (whole_county when none). */
static int set_townships(struct alert_version *v, const char *const *names, size_t n,
                         struct gl_error *err)
{
        for (size_t i = 0; i < v->ntownships; i++)
                free(v->townships[i]);
        free(v->townships);
        v->townships = NULL;
        v->ntownships = 0;
        v->whole_county = n == 0;
        if (n > ALERT_TOWNSHIPS_MAX)
                return gl_fail(err, GL_EINVAL, "township", "乡镇过多：至多 %d 个 (too many)",
                               ALERT_TOWNSHIPS_MAX);
        if (n == 0)
                return GL_OK;
        v->townships = calloc(n, sizeof(char *));
        if (v->townships == NULL)
                return gl_fail(err, GL_ENOMEM, "", "内存不足 (out of memory)");
        for (size_t i = 0; i < n; i++) {
                const char *t = names[i] ? names[i] : "";
                if (t[0] == '\0')
                        return gl_fail(err, GL_EINVAL, "township", "乡镇名称为空 (empty township)");
                int rc = check_text("township", "乡镇名称", t, ALERT_TOWNSHIP_MAX, err);
                if (rc != GL_OK)
                        return rc;
                bool dup = false;
                for (size_t j = 0; j < v->ntownships && !dup; j++)
                        dup = strcmp(v->townships[j], t) == 0;
                if (dup)
                        continue;
                if ((v->townships[v->ntownships] = strdup(t)) == NULL)
                        return gl_fail(err, GL_ENOMEM, "", "内存不足 (out of memory)");
                v->ntownships++;
        }
        qsort(v->townships, v->ntownships, sizeof(char *), by_text);
        return GL_OK;
}

/* Every township named is one of the townships of pack, the alert's county's (its table of
 * terms), or one where an enterprise or a site of the registry stands (inside the transaction). */
static int check_townships_known(struct app *app, const struct policy_pack *pack,
                                 const struct alert_version *v, struct gl_error *err)
{
        for (size_t i = 0; i < v->ntownships; i++) {
                if (policy_term_find(pack, POLICY_TOWNSHIPS, v->townships[i]) != NULL)
                        continue;
                bool known = false;
                int rc = alert_store_township_known(app->db, v->townships[i], &known);
                if (rc != GL_OK)
                        return db_failed(app, rc, err);
                if (!known)
                        return gl_fail(err, GL_EINVAL, "township",
                                       "政策包的乡镇名单、本县企业名录和施工工地中都没有乡镇“%s” "
                                       "(not a township of the pack, and no enterprise or site of "
                                       "the county stands there)",
                                       v->townships[i]);
        }
        return GL_OK;
}

/* ---- a small map of texts to numbers ---- */

struct strmap_slot {
        char *key;
        int value;
};

struct strmap {
        struct strmap_slot *slots;
        size_t cap, n;
};

static uint64_t hash_text(const char *s)
{
        uint64_t h = 1469598103934665603ULL;
        for (; *s; s++)
                h = (h ^ (unsigned char)*s) * 1099511628211ULL;
        return h;
}

static void strmap_free(struct strmap *m)
{
        for (size_t i = 0; i < m->cap; i++)
                free(m->slots[i].key);
        free(m->slots);
        memset(m, 0, sizeof(*m));
}

/* 1 and *value when key is in m, else 0. */
static int strmap_get(const struct strmap *m, const char *key, int *value)
{
        if (m->cap == 0)
                return 0;
        for (size_t i = hash_text(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
                if (m->slots[i].key == NULL)
                        return 0;
                if (strcmp(m->slots[i].key, key) == 0) {
                        *value = m->slots[i].value;
                        return 1;
                }
        }
}

static int strmap_put(struct strmap *m, const char *key, int value)
{
        if ((m->n + 1) * 2 > m->cap) {
                size_t cap = m->cap ? m->cap * 2 : 64;
                struct strmap_slot *slots = calloc(cap, sizeof(*slots));
                if (slots == NULL)
                        return GL_ENOMEM;
                for (size_t i = 0; i < m->cap; i++) {
                        if (m->slots[i].key == NULL)
                                continue;
                        size_t j = hash_text(m->slots[i].key) & (cap - 1);
                        while (slots[j].key)
                                j = (j + 1) & (cap - 1);
                        slots[j] = m->slots[i];
                }
                free(m->slots);
                m->slots = slots;
                m->cap = cap;
        }
        size_t i = hash_text(key) & (m->cap - 1);
        while (m->slots[i].key) {
                if (strcmp(m->slots[i].key, key) == 0) {
                        m->slots[i].value = value;
                        return GL_OK;
                }
                i = (i + 1) & (m->cap - 1);
        }
        if ((m->slots[i].key = strdup(key)) == NULL)
                return GL_ENOMEM;
        m->slots[i].value = value;
        m->n++;
        return GL_OK;
}

/* ---- a small map of 64-bit keys to numbers ---- */

struct intmap_slot {
        uint64_t key; /* stored + 1: 0 marks a free slot */
        int value;
};

struct intmap {
        struct intmap_slot *slots;
        size_t cap, n;
};

static size_t hash_u64(uint64_t k, size_t cap)
{
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdULL;
        k ^= k >> 33;
        return (size_t)k & (cap - 1);
}

static void intmap_free(struct intmap *m)
{
        free(m->slots);
        memset(m, 0, sizeof(*m));
}

static int intmap_get(const struct intmap *m, uint64_t key, int *value)
{
        if (m->cap == 0)
                return 0;
        for (size_t i = hash_u64(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
                if (m->slots[i].key == 0)
                        return 0;
                if (m->slots[i].key == key + 1) {
                        *value = m->slots[i].value;
                        return 1;
                }
        }
}

/* key must be new. */
static int intmap_put(struct intmap *m, uint64_t key, int value)
{
        if ((m->n + 1) * 2 > m->cap) {
                size_t cap = m->cap ? m->cap * 2 : 64;
                struct intmap_slot *slots = calloc(cap, sizeof(*slots));
                if (slots == NULL)
                        return GL_ENOMEM;
                for (size_t i = 0; i < m->cap; i++) {
                        if (m->slots[i].key == 0)
                                continue;
                        size_t j = hash_u64(m->slots[i].key - 1, cap);
                        while (slots[j].key)
                                j = (j + 1) & (cap - 1);
                        slots[j] = m->slots[i];
                }
                free(m->slots);
                m->slots = slots;
                m->cap = cap;
        }
        size_t i = hash_u64(key, m->cap);
        while (m->slots[i].key)
                i = (i + 1) & (m->cap - 1);
        m->slots[i].key = key + 1;
        m->slots[i].value = value;
        m->n++;
        return GL_OK;
}

/* ---- the rules of a version: its snapshot ---- */

static json_t *value_json(const struct policy_value *v)
{
        if (v->kind == POLICY_INT)
                return json_integer((json_int_t)v->integer);
        if (v->kind == POLICY_TEXT)
                return json_string(v->text ? v->text : "");
        json_t *a = json_array();
        for (size_t i = 0; a && i < v->nlist; i++)
                json_array_append_new(a, json_string(v->list[i]));
        return a;
}

static const char *kind_name(enum policy_value_kind k)
{
        return k == POLICY_INT ? "integer" : k == POLICY_TEXT ? "text" : "list";
}

/* The alert parameters of pack on day on, and the industries' ladders, as JSON text (malloc'd). */
static char *snapshot_of(const struct policy_pack *pack, gl_date on)
{
        json_t *params = json_object();
        for (int p = 0; p <= ALERT_P_COUNT_; p++) {
                const char *name = p < ALERT_P_COUNT_ ? alert_param_name(p) : "m1.default_ladder";
                const struct policy_param *prm = policy_param_find(pack, name);
                const struct policy_value *v = policy_param_value(pack, name, on);
                if (prm == NULL || v == NULL)
                        continue;
                bool reading = prm->description_zh && strstr(prm->description_zh, "解读");
                json_object_set_new(params, name,
                                    json_pack("{s:s, s:b, s:o}", "kind", kind_name(v->kind),
                                              "reading", reading, "value", value_json(v)));
        }
        json_t *industries = json_array();
        for (size_t i = 0; i < pack->nindustries; i++) {
                const struct policy_industry *ind = &pack->industries[i];
                json_t *ladder = json_array();
                for (size_t j = 0; j < ind->nladder; j++)
                        json_array_append_new(ladder, json_string(ind->ladder[j]));
                json_array_append_new(
                    industries, json_pack("{s:s, s:s, s:o}", "code", ind->code, "name_zh",
                                          ind->name_zh ? ind->name_zh : "", "ladder", ladder));
        }
        char iso[11];
        json_t *o =
            json_pack("{s:s, s:i, s:s, s:o, s:o}", "pack", pack->id, "pack_version", pack->version,
                      "on", date_format_iso(on, iso), "params", params, "industries", industries);
        char *text = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(o);
        return text;
}

static char *dup_or_empty(const char *s)
{
        return strdup(s ? s : "");
}

/* The snapshot's value into v (kind from the snapshot). */
static int value_from_json(json_t *jv, const char *kind, gl_date on, struct policy_value *v)
{
        v->from = on;
        v->to = GL_DATE_NONE;
        if (strcmp(kind, "integer") == 0) {
                v->kind = POLICY_INT;
                v->integer = json_integer_value(jv);
                return GL_OK;
        }
        if (strcmp(kind, "text") == 0) {
                v->kind = POLICY_TEXT;
                v->text = dup_or_empty(json_string_value(jv));
                return v->text ? GL_OK : GL_ENOMEM;
        }
        v->kind = POLICY_LIST;
        size_t n = json_array_size(jv);
        v->list = calloc(n ? n : 1, sizeof(char *));
        if (v->list == NULL)
                return GL_ENOMEM;
        for (size_t i = 0; i < n; i++) {
                if ((v->list[i] = dup_or_empty(json_string_value(json_array_get(jv, i)))) == NULL)
                        return GL_ENOMEM;
                v->nlist = i + 1;
        }
        return GL_OK;
}

/* A pack holding only what the snapshot kept, for alert_rules_load. */
static int pack_of_snapshot(json_t *snap, gl_date on, struct policy_pack **out)
{
        struct policy_pack *pack = calloc(1, sizeof(*pack));
        if (pack == NULL)
                return GL_ENOMEM;
        pack->id = dup_or_empty(json_string_value(json_object_get(snap, "pack")));
        pack->version = (int)json_integer_value(json_object_get(snap, "pack_version"));
        int rc = pack->id ? GL_OK : GL_ENOMEM;
        json_t *params = json_object_get(snap, "params");
        size_t np = json_object_size(params);
        pack->params = calloc(np ? np : 1, sizeof(*pack->params));
        if (pack->params == NULL)
                rc = GL_ENOMEM;
        const char *name;
        json_t *p;
        json_object_foreach(params, name, p)
        {
                if (rc != GL_OK)
                        break;
                struct policy_param *prm = &pack->params[pack->nparams++];
                prm->name = strdup(name);
                prm->clause = strdup("");
                prm->description_zh =
                    strdup(json_is_true(json_object_get(p, "reading")) ? "解读" : "");
                prm->values = calloc(1, sizeof(*prm->values));
                if (!prm->name || !prm->clause || !prm->description_zh || !prm->values) {
                        rc = GL_ENOMEM;
                        break;
                }
                prm->nvalues = 1;
                const char *kind = json_string_value(json_object_get(p, "kind"));
                rc = value_from_json(json_object_get(p, "value"), kind ? kind : "text", on,
                                     &prm->values[0]);
                prm->kind = prm->values[0].kind;
        }
        json_t *industries = json_object_get(snap, "industries");
        size_t ni = json_array_size(industries);
        if (rc == GL_OK &&
            (pack->industries = calloc(ni ? ni : 1, sizeof(*pack->industries))) == NULL)
                rc = GL_ENOMEM;
        for (size_t i = 0; rc == GL_OK && i < ni; i++) {
                json_t *j = json_array_get(industries, i);
                struct policy_industry *ind = &pack->industries[pack->nindustries++];
                ind->code = dup_or_empty(json_string_value(json_object_get(j, "code")));
                ind->name_zh = dup_or_empty(json_string_value(json_object_get(j, "name_zh")));
                ind->name_en = strdup("");
                json_t *ladder = json_object_get(j, "ladder");
                size_t nl = json_array_size(ladder);
                ind->ladder = calloc(nl ? nl : 1, sizeof(char *));
                if (!ind->code || !ind->name_zh || !ind->name_en || !ind->ladder) {
                        rc = GL_ENOMEM;
                        break;
                }
                for (size_t k = 0; k < nl; k++) {
                        ind->ladder[k] = dup_or_empty(json_string_value(json_array_get(ladder, k)));
                        if (ind->ladder[k] == NULL) {
                                rc = GL_ENOMEM;
                                break;
                        }
                        ind->nladder = k + 1;
                }
        }
        if (rc != GL_OK) {
                policy_pack_free(pack);
                return rc;
        }
        *out = pack;
        return GL_OK;
}

/* The rules a version used, from its snapshot. */
static int rules_of_version(const struct alert_version *v, struct alert_rules *out,
                            struct gl_error *err)
{
        json_error_t jerr;
        json_t *snap = json_loads(v->params ? v->params : "{}", 0, &jerr);
        if (snap == NULL)
                return gl_fail(err, GL_EDB, "",
                               "预警第 %d 版的参数记录已损坏 (the version's rules "
                               "cannot be read)",
                               v->version);
        struct policy_pack *pack = NULL;
        int rc = pack_of_snapshot(snap, v->params_on, &pack);
        json_decref(snap);
        if (rc != GL_OK)
                return gl_fail(err, rc, "", "内存不足 (out of memory)");
        rc = alert_rules_load(pack, v->params_on, out, err);
        policy_pack_free(pack);
        return rc;
}

/* ---- computing a version's results ---- */

struct compute {
        struct app *app;
        struct alert_rules rules;
        const struct alert_version *v;
        struct strmap named; /* the version's townships */
        struct strmap seen;  /* township -> place, or -1 when the version does not cover it */
        char **places;
        size_t nplaces, places_cap;
        struct strmap industries; /* industry code -> its number, interned once */
        struct strmap grades;     /* grade -> its number */
        struct intmap keys;       /* (industry, grade, lists) numbers -> class */
        struct alert_class_row *classes;
        size_t nclasses, classes_cap;
        struct alert_result_writer *w;
        int64_t enterprises, sites, restricted, halted;
        struct gl_error *err;
};

static void compute_free(struct compute *c)
{
        alert_rules_free(&c->rules);
        strmap_free(&c->named);
        strmap_free(&c->seen);
        strmap_free(&c->industries);
        strmap_free(&c->grades);
        intmap_free(&c->keys);
        for (size_t i = 0; i < c->nplaces; i++)
                free(c->places[i]);
        free(c->places);
        free(c->classes);
        alert_result_writer_close(c->w);
}

/* The place of township, or -1 when the version does not cover it. */
static int place_of(struct compute *c, const char *township, int *place)
{
        if (strmap_get(&c->seen, township, place))
                return GL_OK;
        int dummy;
        bool covered = c->v->whole_county || strmap_get(&c->named, township, &dummy);
        int p = -1;
        if (covered) {
                char **grown = gl_grow(c->places, c->nplaces, &c->places_cap, sizeof(char *), 32);
                if (grown == NULL)
                        return GL_ENOMEM;
                c->places = grown;
                if ((c->places[c->nplaces] = strdup(township)) == NULL)
                        return GL_ENOMEM;
                p = (int)c->nplaces++;
        }
        if (strmap_put(&c->seen, township, p) != GL_OK)
                return GL_ENOMEM;
        *place = p;
        return GL_OK;
}

/* The number of text in m, numbered from m's size when new (-1: out of memory). */
static int intern(struct strmap *m, const char *text)
{
        int v = 0;
        if (strmap_get(m, text, &v))
                return v;
        v = (int)m->n;
        return strmap_put(m, text, v) == GL_OK ? v : -1;
}

/* The class of k: its key made of interned numbers (no text built per unit), decided once. */
static int class_of(struct compute *c, const struct alert_class *k, int *out)
{
        uint64_t key;
        if (k->site) {
                key = (1ULL << 63) | (k->listed ? 1U : 0U);
        } else {
                int ind = intern(&c->industries, k->industry), grade = intern(&c->grades, k->grade);
                if (ind < 0 || grade < 0)
                        return gl_fail(c->err, GL_ENOMEM, "", "内存不足 (out of memory)");
                key = ((uint64_t)ind << 32) | ((uint64_t)grade << 1) | (k->positive_list ? 1U : 0U);
        }
        if (intmap_get(&c->keys, key, out))
                return GL_OK;
        struct alert_class_row row;
        memset(&row, 0, sizeof(row));
        row.klass = (int)c->nclasses;
        row.c = *k;
        if (alert_decide(&c->rules, c->v->level, k, &row.d) != GL_OK)
                return gl_fail(c->err, GL_EINVAL, "", "管控表中没有适用于 %s/%s 的行 (no row)",
                               k->industry, k->grade);
        struct alert_class_row *grown =
            gl_grow(c->classes, c->nclasses, &c->classes_cap, sizeof(*grown), 64);
        if (grown == NULL)
                return gl_fail(c->err, GL_ENOMEM, "", "内存不足 (out of memory)");
        c->classes = grown;
        if (intmap_put(&c->keys, key, row.klass) != GL_OK)
                return gl_fail(c->err, GL_ENOMEM, "", "内存不足 (out of memory)");
        c->classes[c->nclasses++] = row;
        *out = row.klass;
        return GL_OK;
}

static void count(struct compute *c, int klass)
{
        struct alert_class_row *k = &c->classes[klass];
        k->units++;
        if (alert_measure_restricted(&k->d.m))
                c->restricted++;
        if (k->d.m.halted)
                c->halted++;
}

static int add_enterprise(const struct enterprise *e, void *ctx)
{
        struct compute *c = ctx;
        if (!alert_reaches_enterprise(&c->rules, e))
                return 0;
        int place = -1, klass = 0;
        if (place_of(c, e->township, &place) != GL_OK) {
                gl_fail(c->err, GL_ENOMEM, "", "内存不足 (out of memory)");
                return GL_ENOMEM;
        }
        if (place < 0)
                return 0;
        struct alert_class k;
        alert_class_of_enterprise(e, &k);
        int rc = class_of(c, &k, &klass);
        if (rc != GL_OK)
                return rc;
        if ((rc = alert_result_writer_add(c->w, 0, e->uscc, place, klass)) != GL_OK)
                return db_failed(c->app, rc, c->err);
        c->enterprises++;
        count(c, klass);
        return 0;
}

static int add_site(const struct alert_site_unit *s, void *ctx)
{
        struct compute *c = ctx;
        int place = -1, klass = 0;
        if (place_of(c, s->township, &place) != GL_OK) {
                gl_fail(c->err, GL_ENOMEM, "", "内存不足 (out of memory)");
                return GL_ENOMEM;
        }
        if (place < 0)
                return 0;
        struct alert_class k;
        alert_class_of_site(s->listed, &k);
        int rc = class_of(c, &k, &klass);
        if (rc != GL_OK)
                return rc;
        if ((rc = alert_result_writer_add(c->w, s->id, "", place, klass)) != GL_OK)
                return db_failed(c->app, rc, c->err);
        c->sites++;
        count(c, klass);
        return 0;
}

/* Computes and writes the results of version v (inside the transaction); fills v's counts. */
static int compute_results(struct app *app, struct alert_version *v, struct gl_error *err)
{
        struct compute c;
        memset(&c, 0, sizeof(c));
        c.app = app;
        c.v = v;
        c.err = err;
        int rc = rules_of_version(v, &c.rules, err);
        for (size_t i = 0; rc == GL_OK && i < v->ntownships; i++)
                if (strmap_put(&c.named, v->townships[i], 1) != GL_OK)
                        rc = gl_fail(err, GL_ENOMEM, "", "内存不足 (out of memory)");
        if (rc == GL_OK &&
            (rc = alert_result_writer_open(app->db, v->alert_id, v->version, &c.w)) != GL_OK)
                rc = db_failed(app, rc, err);
        if (rc == GL_OK) {
                gl_error_clear(err);
                /* The units of the alert's jurisdiction only. */
                struct alert_head head;
                char prefix[7] = "";
                rc = alert_store_get(app->db, v->alert_id, &head);
                if (rc == GL_OK)
                        division_prefix(head.division, prefix);
                bool home = division_covers(head.division, app_home_division(app));
                if (rc == GL_OK)
                        rc = alert_store_scan_enterprises(app->db, prefix, add_enterprise, &c);
                if (rc == GL_OK)
                        rc = alert_store_scan_sites(app->db, prefix, home, add_site, &c);
                if (rc != GL_OK && err->status == GL_OK)
                        rc = db_failed(app, rc, err);
        }
        if (rc == GL_OK && (rc = alert_result_writer_finish(c.w)) != GL_OK)
                rc = db_failed(app, rc, err);
        for (size_t i = 0; rc == GL_OK && i < c.nplaces; i++)
                if ((rc = alert_store_insert_place(app->db, v->alert_id, v->version, (int)i,
                                                   c.places[i])) != GL_OK)
                        rc = db_failed(app, rc, err);
        for (size_t i = 0; rc == GL_OK && i < c.nclasses; i++)
                if ((rc = alert_store_insert_class(app->db, v->alert_id, v->version,
                                                   &c.classes[i])) != GL_OK)
                        rc = db_failed(app, rc, err);
        if (rc == GL_OK) {
                v->enterprises = c.enterprises;
                v->sites = c.sites;
                v->restricted = c.restricted;
                v->halted = c.halted;
                if ((rc = alert_store_set_counts(app->db, v->alert_id, v->version, c.enterprises,
                                                 c.sites, c.restricted, c.halted)) != GL_OK)
                        rc = db_failed(app, rc, err);
        }
        compute_free(&c);
        return rc;
}

/* ---- writing a version ---- */

/* The day whose parameters a version uses: the first it governs. */
static gl_date params_day(const struct alert_version *v)
{
        return alert_time_day(max_time(v->starts_at, v->effective_at));
}

/* Fills v's pack (pack: the pack of the alert's division, app_pack_for), snapshot and author. */
static int stamp(const struct policy_pack *pack, const struct actor *who, struct alert_version *v,
                 struct gl_error *err)
{
        if (pack == NULL)
                return gl_fail(err, GL_EINVAL, "", "没有政策包 (no policy pack)");
        v->params_on = params_day(v);
        struct alert_rules r;
        int rc = alert_rules_load(pack, v->params_on, &r, err);
        if (rc != GL_OK) {
                char message[sizeof(err->message)];
                memcpy(message, err->message, sizeof(message));
                return gl_fail(err, GL_EINVAL, "from",
                               "政策包在该日没有可用的预警参数 (the pack has no alert rules for "
                               "that day): %.400s",
                               message);
        }
        alert_rules_free(&r);
        snprintf(v->pack_id, sizeof(v->pack_id), "%s", pack->id);
        v->pack_version = pack->version;
        free(v->params);
        if ((v->params = snapshot_of(pack, v->params_on)) == NULL)
                return gl_fail(err, GL_ENOMEM, "", "内存不足 (out of memory)");
        snprintf(v->created_by, sizeof(v->created_by), "%s", who->name);
        snprintf(v->created_role, sizeof(v->created_role), "%s", role_name(who->role));
        app_now_iso(v->created_at);
        return GL_OK;
}

static json_t *version_detail(const struct alert_version *v)
{
        char from[ALERT_TIME_LEN], to[ALERT_TIME_LEN], eff[ALERT_TIME_LEN], iso[11];
        json_t *towns = json_array();
        for (size_t i = 0; i < v->ntownships; i++)
                json_array_append_new(towns, json_string(v->townships[i]));
        return json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:s, s:s, s:s, s:i, s:s, s:i, "
                         "s:I, s:I, s:I, s:I}",
                         "version", v->version, "change", v->change, "level",
                         alert_level_name(v->level), "from", alert_time_format(v->starts_at, from),
                         "to", alert_time_format(v->ends_at, to), "effective_at",
                         alert_time_format(v->effective_at, eff), "whole_county", v->whole_county,
                         "townships", towns, "notice", v->notice, "reason", v->reason, "pack",
                         v->pack_id, "pack_version", v->pack_version, "params_on",
                         date_format_iso(v->params_on, iso), "results_version", v->results_version,
                         "enterprises", (json_int_t)v->enterprises, "sites", (json_int_t)v->sites,
                         "restricted", (json_int_t)v->restricted, "halted", (json_int_t)v->halted);
}

static int audit_version(struct app *app, const struct actor *who, const char *action,
                         const struct alert_version *v, struct gl_error *err)
{
        json_t *detail = version_detail(v);
        char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(detail);
        if (text == NULL)
                return gl_fail(err, GL_ENOMEM, "", "内存不足 (out of memory)");
        char entity[24];
        snprintf(entity, sizeof(entity), "%lld", (long long)v->alert_id);
        int rc = audit_append(app, who, action, "alert", entity, text, err);
        free(text);
        return rc;
}

/* Writes version v, computing its results when it has its own. */
static int write_version(struct app *app, struct alert_version *v, struct gl_error *err)
{
        int rc = alert_store_insert_version(app->db, v);
        if (rc != GL_OK)
                return db_failed(app, rc, err);
        if (v->results_version != v->version)
                return GL_OK;
        return compute_results(app, v, err);
}

int app_alert_issue(struct app *app, const struct actor *who, const struct alert_issue_input *in,
                    int64_t *id, struct gl_error *err)
{
        struct alert_version v;
        memset(&v, 0, sizeof(v));
        int rc = check_writer(who, err);
        if (rc == GL_OK)
                rc = parse_level(in->level, &v.level, err);
        if (rc == GL_OK)
                rc = parse_time("from", "开始时间", in->from, false, &v.starts_at, err);
        if (rc == GL_OK)
                rc = parse_time("to", "结束时间", in->to, true, &v.ends_at, err);
        if (rc == GL_OK && v.ends_at <= v.starts_at)
                rc = gl_fail(err, GL_EINVAL, "to",
                             "结束时间应晚于开始时间 (to must come after from)");
        if (rc == GL_OK)
                rc = set_townships(&v, in->townships, in->ntownships, err);
        if (rc == GL_OK)
                rc = check_text("notice", "预警通知", in->notice, ALERT_NOTICE_MAX, err);
        if (rc == GL_OK)
                rc = check_notice_given(who, in->notice, err);
        if (rc != GL_OK) {
                alert_version_clear(&v);
                return rc;
        }
        snprintf(v.notice, sizeof(v.notice), "%s", in->notice ? in->notice : "");
        snprintf(v.change, sizeof(v.change), "issue");
        v.version = 1;
        v.results_version = 1;
        v.effective_at = v.starts_at;
        db_set_cache_mib(app->db, COMPUTE_CACHE_MIB);
        if ((rc = app_begin(app, err)) != GL_OK)
                goto done;
        /* The alert belongs to the jurisdiction that records it (a county officer's county, the
         * city's for its officers); the system records it for the pack's county. Its tables are
         * that county's pack's; a city's alert is the home pack's. */
        const char *division =
            division_valid(who->division) ? who->division : app_home_division(app);
        const struct policy_pack *pack = app_pack_for(app, division);
        if ((rc = check_townships_known(app, pack, &v, err)) != GL_OK ||
            (rc = stamp(pack, who, &v, err)) != GL_OK)
                goto fail;
        if ((rc = alert_store_insert(app->db, division, who->name, v.created_at, &v.alert_id)) !=
            GL_OK) {
                rc = db_failed(app, rc, err);
                goto fail;
        }
        if ((rc = write_version(app, &v, err)) != GL_OK ||
            (rc = audit_version(app, who, "alert.issue", &v, err)) != GL_OK)
                goto fail;
        if ((rc = app_commit(app, err)) == GL_OK && id)
                *id = v.alert_id;
        goto done;
fail:
        app_rollback(app);
done:
        db_set_cache_mib(app->db, 0);
        alert_version_clear(&v);
        return rc;
}

struct versions {
        struct alert_version *items;
        size_t n, cap;
};

static int collect_version(const struct alert_version *v, void *ctx)
{
        struct versions *vs = ctx;
        struct alert_version *grown = gl_grow(vs->items, vs->n, &vs->cap, sizeof(*grown), 4);
        if (grown == NULL)
                return GL_ENOMEM;
        vs->items = grown;
        if (alert_version_copy(&vs->items[vs->n], v) != GL_OK)
                return GL_ENOMEM;
        vs->n++;
        return 0;
}

static void versions_free(struct versions *vs)
{
        for (size_t i = 0; i < vs->n; i++)
                alert_version_clear(&vs->items[i]);
        free(vs->items);
        memset(vs, 0, sizeof(*vs));
}

/* The alert and its versions, read inside the caller's transaction. */
static int load_alert(struct app *app, const struct actor *who, int64_t id, struct alert_head *head,
                      struct versions *vs, struct gl_error *err)
{
        int rc = alert_store_get(app->db, id, head);
        /* Another jurisdiction's alert does not exist for who (NULL: the public's current list,
         * which is everyone's). */
        if (rc == GL_OK && who && !app_scope_alert(app, who, head->division))
                rc = GL_ENOTFOUND;
        if (rc == GL_ENOTFOUND)
                return no_alert(id, err);
        if (rc == GL_OK)
                rc = alert_store_versions(app->db, id, collect_version, vs);
        if (rc == GL_OK && vs->n == 0)
                return no_alert(id, err);
        return rc == GL_OK ? GL_OK : db_failed(app, rc, err);
}

/* What a change or a lift needs of the alert as it stands. */
static int check_changeable(const struct alert_head *head, const struct alert_version *cur,
                            int expect_version, const char *at_text, alert_time *at,
                            struct gl_error *err)
{
        char t[ALERT_TIME_LEN];
        if (strcmp(head->status, "lifted") == 0)
                return gl_fail(err, GL_ESTATE, "id", "预警 %lld 已解除 (the alert has been lifted)",
                               (long long)head->id);
        if (expect_version > 0 && expect_version != head->version)
                return gl_fail(err, GL_ECONFLICT, "version",
                               "预警已有第 %d 版，与所见的第 %d 版不同，请刷新后重试 (the alert "
                               "changed since it was read)",
                               head->version, expect_version);
        if (at_text != NULL && at_text[0] != '\0') {
                int rc = parse_time("at", "生效时间", at_text, false, at, err);
                if (rc != GL_OK)
                        return rc;
        } else {
                *at = app_alert_now();
        }
        if (*at >= cur->ends_at)
                return gl_fail(
                    err, GL_ESTATE, "at",
                    "预警已于 %s 结束，不能再调整或解除（可另行发布新的预警） (the alert "
                    "has ended)",
                    alert_time_format(cur->ends_at, t));
        if (cur->version > 1 && *at < cur->effective_at)
                return gl_fail(err, GL_EINVAL, "at",
                               "生效时间早于第 %d 版的生效时间 %s (before the version it follows "
                               "took effect)",
                               cur->version, alert_time_format(cur->effective_at, t));
        return GL_OK;
}

static bool same_townships(const struct alert_version *a, const struct alert_version *b)
{
        if (a->whole_county != b->whole_county || a->ntownships != b->ntownships)
                return false;
        for (size_t i = 0; i < a->ntownships; i++)
                if (strcmp(a->townships[i], b->townships[i]) != 0)
                        return false;
        return true;
}

int app_alert_change(struct app *app, const struct actor *who, int64_t id,
                     const struct alert_change_input *in, int *version, struct gl_error *err)
{
        struct alert_version v;
        memset(&v, 0, sizeof(v));
        enum alert_level level = ALERT_LEVEL_NONE;
        alert_time to = 0, at = 0;
        int rc = check_writer(who, err);
        if (rc == GL_OK && in->level)
                rc = parse_level(in->level, &level, err);
        if (rc == GL_OK && in->to)
                rc = parse_time("to", "结束时间", in->to, true, &to, err);
        if (rc == GL_OK)
                rc = check_text("notice", "预警通知", in->notice, ALERT_NOTICE_MAX, err);
        if (rc == GL_OK)
                rc = check_notice_given(who, in->notice, err);
        if (rc == GL_OK && (in->reason == NULL || in->reason[0] == '\0'))
                rc = gl_fail(err, GL_EINVAL, "reason",
                             "需要调整理由（如市级调整通知） (a reason is needed)");
        if (rc == GL_OK)
                rc = check_text("reason", "调整理由", in->reason, ALERT_REASON_MAX, err);
        struct alert_version named;
        memset(&named, 0, sizeof(named));
        if (rc == GL_OK && in->set_townships)
                rc = set_townships(&named, in->townships, in->ntownships, err);
        if (rc != GL_OK) {
                alert_version_clear(&named);
                return rc;
        }
        struct alert_head head;
        struct versions vs = {0};
        db_set_cache_mib(app->db, COMPUTE_CACHE_MIB);
        if ((rc = app_begin(app, err)) != GL_OK)
                goto done;
        if ((rc = load_alert(app, who, id, &head, &vs, err)) != GL_OK)
                goto fail;
        const struct alert_version *cur = &vs.items[vs.n - 1];
        if ((rc = check_changeable(&head, cur, in->expect_version, in->at, &at, err)) != GL_OK)
                goto fail;
        if ((rc = alert_version_copy(&v, cur)) != GL_OK) {
                rc = db_failed(app, rc, err);
                goto fail;
        }
        if (in->level)
                v.level = level;
        if (in->to)
                v.ends_at = to;
        if (in->set_townships) {
                alert_version_clear(&v); /* frees townships and params, keeps the rest */
                v.whole_county = named.whole_county;
                v.townships = named.townships;
                v.ntownships = named.ntownships;
                named.townships = NULL;
                named.ntownships = 0;
        }
        if (in->notice)
                snprintf(v.notice, sizeof(v.notice), "%s", in->notice);
        char t[ALERT_TIME_LEN];
        if (v.ends_at <= v.starts_at) {
                rc = gl_fail(err, GL_EINVAL, "to",
                             "结束时间应晚于开始时间 %s (to must come after "
                             "from)",
                             alert_time_format(v.starts_at, t));
                goto fail;
        }
        if (v.ends_at <= at) {
                rc = gl_fail(err, GL_EINVAL, "to",
                             "结束时间应晚于本次调整的生效时间 %s；要提前结束请解除预警 (to must "
                             "come after the change takes effect; lift the alert to end it)",
                             alert_time_format(at, t));
                goto fail;
        }
        if (v.level == cur->level && v.ends_at == cur->ends_at && same_townships(&v, cur) &&
            strcmp(v.notice, cur->notice) == 0) {
                rc = gl_fail(err, GL_EINVAL, "change",
                             "没有要调整的内容：级别、结束时间、乡镇和通知都与第 %d 版相同 "
                             "(nothing to change)",
                             cur->version);
                goto fail;
        }
        const struct policy_pack *pack = app_pack_for(app, head.division);
        if ((rc = check_townships_known(app, pack, &v, err)) != GL_OK)
                goto fail;
        v.version = cur->version + 1;
        v.results_version = v.version;
        v.effective_at = at;
        snprintf(v.change, sizeof(v.change), "change");
        snprintf(v.reason, sizeof(v.reason), "%s", in->reason);
        v.enterprises = v.sites = v.restricted = v.halted = 0;
        if ((rc = stamp(pack, who, &v, err)) != GL_OK ||
            (rc = write_version(app, &v, err)) != GL_OK)
                goto fail;
        if ((rc = alert_store_set_head(app->db, id, "issued", v.version)) != GL_OK) {
                rc = db_failed(app, rc, err);
                goto fail;
        }
        if ((rc = audit_version(app, who, "alert.change", &v, err)) != GL_OK)
                goto fail;
        if ((rc = app_commit(app, err)) == GL_OK && version)
                *version = v.version;
        goto done;
fail:
        app_rollback(app);
done:
        db_set_cache_mib(app->db, 0);
        versions_free(&vs);
        alert_version_clear(&v);
        alert_version_clear(&named);
        return rc;
}

int app_alert_lift(struct app *app, const struct actor *who, int64_t id,
                   const struct alert_lift_input *in, int *version, struct gl_error *err)
{
        int rc = check_writer(who, err);
        if (rc == GL_OK)
                rc = check_text("notice", "预警通知", in->notice, ALERT_NOTICE_MAX, err);
        if (rc == GL_OK)
                rc = check_notice_given(who, in->notice, err);
        if (rc == GL_OK)
                rc = check_text("reason", "解除理由", in->reason, ALERT_REASON_MAX, err);
        if (rc != GL_OK)
                return rc;
        struct alert_head head;
        struct versions vs = {0};
        struct alert_version v;
        memset(&v, 0, sizeof(v));
        alert_time at = 0;
        if ((rc = app_begin(app, err)) != GL_OK)
                return rc;
        if ((rc = load_alert(app, who, id, &head, &vs, err)) != GL_OK)
                goto fail;
        const struct alert_version *cur = &vs.items[vs.n - 1];
        if ((rc = check_changeable(&head, cur, in->expect_version, in->at, &at, err)) != GL_OK)
                goto fail;
        if ((rc = alert_version_copy(&v, cur)) != GL_OK) {
                rc = db_failed(app, rc, err);
                goto fail;
        }
        v.version = cur->version + 1;
        v.results_version = cur->results_version;
        v.effective_at = at;
        v.ends_at = max_time(at, v.starts_at);
        snprintf(v.change, sizeof(v.change), "lift");
        if (in->notice)
                snprintf(v.notice, sizeof(v.notice), "%s", in->notice);
        snprintf(v.reason, sizeof(v.reason), "%s", in->reason ? in->reason : "");
        snprintf(v.created_by, sizeof(v.created_by), "%s", who->name);
        snprintf(v.created_role, sizeof(v.created_role), "%s", role_name(who->role));
        app_now_iso(v.created_at);
        if ((rc = write_version(app, &v, err)) != GL_OK)
                goto fail;
        if ((rc = alert_store_set_head(app->db, id, "lifted", v.version)) != GL_OK) {
                rc = db_failed(app, rc, err);
                goto fail;
        }
        if ((rc = audit_version(app, who, "alert.lift", &v, err)) != GL_OK)
                goto fail;
        if ((rc = app_commit(app, err)) == GL_OK && version)
                *version = v.version;
        versions_free(&vs);
        alert_version_clear(&v);
        return rc;
fail:
        app_rollback(app);
        versions_free(&vs);
        alert_version_clear(&v);
        return rc;
}

/* ---- reading alerts ---- */

void alert_view_clear(struct alert_view *v)
{
        if (v == NULL)
                return;
        for (size_t i = 0; i < v->nversions; i++)
                alert_version_clear(&v->versions[i]);
        free(v->versions);
        v->versions = NULL;
        v->nversions = 0;
}

const struct alert_version *alert_view_current(const struct alert_view *v)
{
        return v->nversions ? &v->versions[v->nversions - 1] : NULL;
}

/* The period version k of vs governs: from max(its from, when it took effect) until the next one
 * takes effect or its end. */
static void governs(const struct alert_version *vs, size_t n, size_t k, alert_time *from,
                    alert_time *to)
{
        alert_time f = max_time(vs[k].starts_at, vs[k].effective_at), t = vs[k].ends_at;
        if (k + 1 < n && vs[k + 1].effective_at < t)
                t = vs[k + 1].effective_at;
        *from = f;
        *to = t > f ? t : f;
}

static const char *state_of(const struct alert_view *v, alert_time now)
{
        const struct alert_version *cur = alert_view_current(v);
        if (strcmp(v->head.status, "lifted") == 0)
                return "lifted";
        if (cur == NULL || now >= cur->ends_at)
                return "ended";
        return now < cur->starts_at ? "upcoming" : "in_force";
}

static int view_of(struct app *app, const struct actor *who, int64_t id, alert_time now,
                   struct alert_view *out, struct gl_error *err)
{
        struct versions vs = {0};
        struct alert_view v;
        memset(&v, 0, sizeof(v));
        int rc = load_alert(app, who, id, &v.head, &vs, err);
        if (rc != GL_OK) {
                versions_free(&vs);
                return rc;
        }
        v.versions = vs.items;
        v.nversions = vs.n;
        v.state = state_of(&v, now);
        *out = v;
        return GL_OK;
}

int app_alert_get(struct app *app, const struct actor *who, int64_t id, alert_time now,
                  struct alert_view *out, struct gl_error *err)
{
        int rc = check_reader(who, err);
        if (rc != GL_OK)
                return rc;
        if (db_begin_read(app->db) != GL_OK)
                return db_failed(app, GL_EDB, err);
        rc = view_of(app, who, id, now, out, err);
        db_rollback(app->db);
        return rc;
}

struct id_list {
        const struct app *app;
        const struct actor *who; /* only the alerts who sees; NULL: every one */
        int64_t *ids;
        size_t n, cap;
};

static int collect_head(const struct alert_head *a, void *ctx)
{
        struct id_list *l = ctx;
        if (l->who && !app_scope_alert(l->app, l->who, a->division))
                return 0;
        int64_t *grown = gl_grow(l->ids, l->n, &l->cap, sizeof(*grown), 16);
        if (grown == NULL)
                return GL_ENOMEM;
        l->ids = grown;
        l->ids[l->n++] = a->id;
        return 0;
}

/* Each alert (newest first) as a view, for fn when keep says so. */
static int each_alert(struct app *app, const struct actor *who, alert_time now, bool only_current,
                      int (*fn)(const struct alert_view *v, void *ctx), void *ctx,
                      struct gl_error *err)
{
        if (db_begin_read(app->db) != GL_OK)
                return db_failed(app, GL_EDB, err);
        struct id_list l = {app, who, NULL, 0, 0};
        int rc = alert_store_list(app->db, collect_head, &l);
        if (rc != GL_OK)
                rc = db_failed(app, rc, err);
        for (size_t i = 0; rc == GL_OK && i < l.n; i++) {
                struct alert_view v;
                if ((rc = view_of(app, who, l.ids[i], now, &v, err)) != GL_OK)
                        break;
                bool keep = !only_current || strcmp(v.state, "in_force") == 0 ||
                            strcmp(v.state, "upcoming") == 0;
                int r = keep ? fn(&v, ctx) : 0;
                alert_view_clear(&v);
                if (r < 0)
                        rc = app_read_failed(r, err);
                if (r != 0)
                        break;
        }
        free(l.ids);
        db_rollback(app->db);
        return rc;
}

int app_alert_list(struct app *app, const struct actor *who, alert_time now,
                   int (*fn)(const struct alert_view *v, void *ctx), void *ctx,
                   struct gl_error *err)
{
        int rc = check_reader(who, err);
        return rc == GL_OK ? each_alert(app, who, now, false, fn, ctx, err) : rc;
}

int app_alert_current(struct app *app, alert_time now,
                      int (*fn)(const struct alert_view *v, void *ctx), void *ctx,
                      struct gl_error *err)
{
        return each_alert(app, NULL, now, true, fn, ctx, err);
}

struct township_ctx {
        int (*fn)(const char *township, void *ctx);
        void *ctx;
        int status;
};

static int each_township(const char *township, void *ctx)
{
        struct township_ctx *t = ctx;
        int r = t->fn(township, t->ctx);
        if (r < 0)
                t->status = r;
        return r;
}

int app_alert_townships(struct app *app, const struct actor *who,
                        int (*fn)(const char *township, void *ctx), void *ctx, struct gl_error *err)
{
        int rc = check_reader(who, err);
        if (rc != GL_OK)
                return rc;
        struct township_ctx t = {fn, ctx, 0};
        rc = alert_store_townships(app->db, each_township, &t);
        if (t.status < 0)
                return app_read_failed(t.status, err);
        return rc == GL_OK ? GL_OK : db_failed(app, rc, err);
}

/* ---- a version's results as read ---- */

struct results_view {
        const struct alert_version *version; /* asked */
        const struct alert_version *decided; /* whose results apply */
        struct alert_rules rules;
        bool rules_loaded;
        struct alert_class_row *classes; /* by class number */
        size_t nclasses, classes_cap;
        char **places;
        size_t nplaces, places_cap;
};

static void results_view_free(struct results_view *rv)
{
        if (rv->rules_loaded)
                alert_rules_free(&rv->rules);
        free(rv->classes);
        for (size_t i = 0; i < rv->nplaces; i++)
                free(rv->places[i]);
        free(rv->places);
        memset(rv, 0, sizeof(*rv));
}

static int collect_class(const struct alert_class_row *k, void *ctx)
{
        struct results_view *rv = ctx;
        if (k->klass != (int)rv->nclasses)
                return GL_EDB; /* numbered from 0 without gaps */
        struct alert_class_row *grown =
            gl_grow(rv->classes, rv->nclasses, &rv->classes_cap, sizeof(*grown), 32);
        if (grown == NULL)
                return GL_ENOMEM;
        rv->classes = grown;
        rv->classes[rv->nclasses++] = *k;
        return 0;
}

static int collect_place(int place, const char *township, void *ctx)
{
        struct results_view *rv = ctx;
        if (place != (int)rv->nplaces)
                return GL_EDB;
        char **grown = gl_grow(rv->places, rv->nplaces, &rv->places_cap, sizeof(char *), 32);
        if (grown == NULL)
                return GL_ENOMEM;
        rv->places = grown;
        if ((rv->places[rv->nplaces] = strdup(township)) == NULL)
                return GL_ENOMEM;
        rv->nplaces++;
        return 0;
}

/* Version number k (1-based) of view v with its results' classes, places and rules. */
static int results_view_of(struct app *app, const struct alert_view *v, int k,
                           struct results_view *out, struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        out->version = &v->versions[k - 1];
        int rk = out->version->results_version;
        if (rk < 1 || (size_t)rk > v->nversions)
                return gl_fail(err, GL_EDB, "", "预警记录不一致 (inconsistent alert)");
        out->decided = &v->versions[rk - 1];
        int rc = alert_store_classes(app->db, v->head.id, rk, collect_class, out);
        if (rc == GL_OK)
                rc = alert_store_places(app->db, v->head.id, rk, collect_place, out);
        if (rc != GL_OK) {
                results_view_free(out);
                return db_failed(app, rc, err);
        }
        if ((rc = rules_of_version(out->decided, &out->rules, err)) != GL_OK) {
                results_view_free(out);
                return rc;
        }
        out->rules_loaded = true;
        return GL_OK;
}

static int place_named(const struct results_view *rv, const char *township)
{
        for (size_t i = 0; i < rv->nplaces; i++)
                if (strcmp(rv->places[i], township) == 0)
                        return (int)i;
        return -1;
}

static void explain_result(const struct results_view *rv, const struct alert_class_row *k,
                           const char *township, struct alert_lines *out)
{
        struct alert_where w = {.level = rv->decided->level,
                                .version = rv->decided->version,
                                .whole_county = rv->decided->whole_county,
                                .township = township};
        alert_explain(&rv->rules, &w, &k->c, &k->d, out);
}

static int parse_version_number(const struct alert_view *v, int asked, const char *field, int *out,
                                struct gl_error *err)
{
        if (asked == 0) {
                *out = (int)v->nversions;
                return GL_OK;
        }
        if (asked < 1 || (size_t)asked > v->nversions)
                return gl_fail(err, GL_EINVAL, field,
                               "预警 %lld 没有第 %d 版（共 %zu 版） (no such version)",
                               (long long)v->head.id, asked, v->nversions);
        *out = asked;
        return GL_OK;
}

struct measures_ctx {
        const struct results_view *rv;
        int (*fn)(const struct alert_measure_item *m, void *ctx);
        void *ctx;
        int status;
};

static int each_measure(const struct alert_result *r, void *ctx)
{
        struct measures_ctx *m = ctx;
        if (r->klass < 0 || (size_t)r->klass >= m->rv->nclasses) {
                m->status = GL_EDB;
                return GL_EDB;
        }
        struct alert_measure_item item;
        item.version = m->rv->version;
        item.r = r;
        item.k = &m->rv->classes[r->klass];
        item.rules = &m->rv->rules;
        explain_result(m->rv, item.k, r->township, &item.lines);
        int rc = m->fn(&item, m->ctx);
        if (rc < 0)
                m->status = rc;
        return rc;
}

static bool class_matches(const struct alert_class_row *k, const struct alert_measure_query *q)
{
        if (q->halted >= 0 && k->d.m.halted != (q->halted == 1))
                return false;
        if (q->restricted >= 0 && alert_measure_restricted(&k->d.m) != (q->restricted == 1))
                return false;
        if (q->kind && q->kind[0] && !alert_measure_has_kind(&k->d.m, q->kind))
                return false;
        return true;
}

int app_alert_measures(struct app *app, const struct actor *who, int64_t id,
                       const struct alert_measure_query *q,
                       int (*fn)(const struct alert_measure_item *m, void *ctx), void *ctx,
                       int64_t *total, struct gl_error *err)
{
        int rc = check_reader(who, err);
        if (rc != GL_OK)
                return rc;
        if (q->kind && q->kind[0] && !alert_kind_is_known(q->kind))
                return gl_fail(err, GL_EINVAL, "kind",
                               "措施类型 '%s' 应为 own_choice、no_old_trucks、no_road_transport、"
                               "limit、stop 或 halt (unknown kind)",
                               q->kind);
        int unit = 0;
        if (q->unit && q->unit[0]) {
                if (strcmp(q->unit, "enterprise") == 0)
                        unit = 1;
                else if (strcmp(q->unit, "site") == 0)
                        unit = 2;
                else
                        return gl_fail(err, GL_EINVAL, "unit",
                                       "'%s' 应为 enterprise 或 site (must be enterprise or site)",
                                       q->unit);
        }
        if (db_begin_read(app->db) != GL_OK)
                return db_failed(app, GL_EDB, err);
        struct alert_view v;
        struct results_view rv;
        memset(&rv, 0, sizeof(rv));
        int *classes = NULL;
        int k = 0;
        if ((rc = view_of(app, who, id, app_alert_now(), &v, err)) != GL_OK)
                goto out;
        if ((rc = parse_version_number(&v, q->version, "version", &k, err)) != GL_OK ||
            (rc = results_view_of(app, &v, k, &rv, err)) != GL_OK)
                goto out_view;
        struct alert_result_query rq = {.alert_id = id,
                                        .version = rv.decided->version,
                                        .uscc = app_scope_list_uscc(who, SCOPE_ENTERPRISE),
                                        .unit = unit,
                                        .place = -1,
                                        .offset = q->offset,
                                        .limit = q->limit};
        if (q->township && q->township[0]) {
                rq.place = place_named(&rv, q->township);
                if (rq.place < 0) { /* no unit of that township was reached */
                        if (total)
                                *total = 0;
                        goto out_view;
                }
        }
        bool filtered = q->halted >= 0 || q->restricted >= 0 || (q->kind && q->kind[0]);
        if (filtered) {
                classes = calloc(rv.nclasses ? rv.nclasses : 1, sizeof(int));
                if (classes == NULL) {
                        rc = db_failed(app, GL_ENOMEM, err);
                        goto out_view;
                }
                for (size_t i = 0; i < rv.nclasses; i++)
                        if (class_matches(&rv.classes[i], q))
                                classes[rq.nclasses++] = (int)i;
                rq.classes = classes;
        }
        if (total && (rc = alert_store_results_count(app->db, &rq, total)) != GL_OK) {
                rc = db_failed(app, rc, err);
                goto out_view;
        }
        struct measures_ctx mc = {&rv, fn, ctx, 0};
        rc = alert_store_results(app->db, &rq, each_measure, &mc);
        if (mc.status < 0)
                rc = mc.status == GL_EDB ? db_failed(app, GL_EDB, err)
                                         : app_read_failed(mc.status, err);
        else if (rc != GL_OK)
                rc = db_failed(app, rc, err);
out_view:
        free(classes);
        results_view_free(&rv);
        alert_view_clear(&v);
out:
        db_rollback(app->db);
        return rc;
}

/* ---- differences ---- */

void alert_diff_summary_clear(struct alert_diff_summary *s)
{
        if (s == NULL)
                return;
        free(s->groups);
        s->groups = NULL;
        s->ngroups = 0;
}

struct diff_run {
        struct app *app;
        const struct results_view *a, *b;
        struct alert_diff_summary *sum;
        size_t groups_cap;
        struct intmap group_of;       /* (ka + 1, kb + 1) -> group */
        struct strmap group_of_words; /* the two measures' words -> group */
        int64_t offset, limit, seen;
        int (*fn)(const struct alert_diff_item *d, void *ctx);
        void *ctx;
        int stop;
        db_stmt *name_enterprise, *name_site;
};

static const char not_reached_zh[] = "不在预警管控范围内";

static void side_zh(const struct results_view *rv, int k, char *buf, size_t size)
{
        if (k < 0)
                snprintf(buf, size, "%s", not_reached_zh);
        else
                alert_measure_text_zh(&rv->rules, &rv->classes[k].d.m, rv->classes[k].c.site, buf,
                                      size);
}

/* Counts a transition, grouped by the words of its two measures. */
static int group_add(struct diff_run *d, int ka, int kb)
{
        uint64_t key = ((uint64_t)(uint32_t)(ka + 1) << 32) | (uint32_t)(kb + 1);
        int g = 0;
        if (!intmap_get(&d->group_of, key, &g)) {
                struct alert_diff_group x;
                memset(&x, 0, sizeof(x));
                side_zh(d->a, ka, x.before, sizeof(x.before));
                side_zh(d->b, kb, x.after, sizeof(x.after));
                char *words = malloc(strlen(x.before) + strlen(x.after) + 2);
                if (words == NULL)
                        return GL_ENOMEM;
                sprintf(words, "%s\x1f%s", x.before, x.after);
                if (!strmap_get(&d->group_of_words, words, &g)) {
                        struct alert_diff_group *grown = gl_grow(
                            d->sum->groups, d->sum->ngroups, &d->groups_cap, sizeof(*grown), 16);
                        if (grown == NULL ||
                            strmap_put(&d->group_of_words, words, (int)d->sum->ngroups) != GL_OK) {
                                if (grown)
                                        d->sum->groups = grown;
                                free(words);
                                return GL_ENOMEM;
                        }
                        d->sum->groups = grown;
                        g = (int)d->sum->ngroups++;
                        grown[g] = x;
                }
                free(words);
                if (intmap_put(&d->group_of, key, g) != GL_OK)
                        return GL_ENOMEM;
        }
        d->sum->groups[g].units++;
        return GL_OK;
}

static void unit_name(struct diff_run *d, int64_t site_id, const char *uscc, char *out, size_t size)
{
        out[0] = '\0';
        db_stmt *st = site_id ? d->name_site : d->name_enterprise;
        if (st == NULL)
                return;
        int rc = site_id ? db_bind_int64(st, 1, site_id) : db_bind_text(st, 1, uscc);
        if (rc == GL_OK && db_step(st) == DB_ROW)
                snprintf(out, size, "%s", db_column_text(st, 0));
        db_reset(st);
}

/* One unit of either side (ka, kb: classes, -1 not reached). */
static int diff_unit(struct diff_run *d, int64_t site_id, const char *uscc, int ka, int pa, int kb,
                     int pb)
{
        const struct alert_class_row *a = ka >= 0 ? &d->a->classes[ka] : NULL;
        const struct alert_class_row *b = kb >= 0 ? &d->b->classes[kb] : NULL;
        if (a && b && alert_measure_equal(&a->d.m, &b->d.m))
                return 0;
        d->sum->changed++;
        if (group_add(d, ka, kb) != GL_OK)
                return GL_ENOMEM;
        if (d->fn == NULL || d->stop)
                return 0;
        int64_t n = d->seen++;
        if (n < d->offset || (d->limit > 0 && n >= d->offset + d->limit))
                return 0;
        struct alert_diff_item item;
        memset(&item, 0, sizeof(item));
        item.site_id = site_id;
        item.uscc = uscc;
        item.rules = &d->b->rules;
        unit_name(d, site_id, uscc, item.name, sizeof(item.name));
        item.before.reached = a != NULL;
        item.before.k = a;
        item.before.township = a && pa >= 0 && (size_t)pa < d->a->nplaces ? d->a->places[pa] : "";
        item.after.reached = b != NULL;
        item.after.k = b;
        item.after.township = b && pb >= 0 && (size_t)pb < d->b->nplaces ? d->b->places[pb] : "";
        int r = d->fn(&item, d->ctx);
        if (r < 0)
                return r;
        if (r > 0)
                d->stop = 1;
        return 0;
}

/* Compares keys (site_id, uscc) as the results are ordered. */
static int key_cmp(int64_t sa, const char *ua, int64_t sb, const char *ub)
{
        if (sa != sb)
                return sa < sb ? -1 : 1;
        return strcmp(ua, ub);
}

struct side {
        struct alert_result_cursor *c;
        int state; /* 1 a row, 0 end */
        int64_t site;
        char uscc[19];
        int place, klass;
};

static int side_next(struct side *s)
{
        const char *u = NULL;
        int r = alert_result_cursor_next(s->c, &s->site, &u, &s->place, &s->klass);
        if (r < 0)
                return r;
        s->state = r;
        if (r == 1) {
                size_t len = strnlen(u, sizeof(s->uscc) - 1);
                memcpy(s->uscc, u, len);
                s->uscc[len] = '\0';
        }
        return GL_OK;
}

/* An enterprise user's own units only: its uscc, or the sites it builds. */
static bool own_unit(struct app *app, const char *own, int64_t site, const char *uscc)
{
        if (own == NULL)
                return true;
        if (site == 0)
                return strcmp(uscc, own) == 0;
        db_stmt *st = NULL;
        bool mine = false;
        if (db_prepare(app->db, "SELECT builder_uscc = $2 FROM sites WHERE id = $1", &st) ==
                GL_OK &&
            db_bind_int64(st, 1, site) == GL_OK && db_bind_text(st, 2, own) == GL_OK &&
            db_step(st) == DB_ROW)
                mine = db_column_int64(st, 0) != 0;
        db_finalize(st);
        return mine;
}

static int merge(struct diff_run *d, int64_t id, const char *own)
{
        struct side a = {0}, b = {0};
        int rc = alert_result_cursor_open(d->app->db, id, d->a->decided->version, &a.c);
        if (rc == GL_OK)
                rc = alert_result_cursor_open(d->app->db, id, d->b->decided->version, &b.c);
        if (rc == GL_OK)
                rc = side_next(&a);
        if (rc == GL_OK)
                rc = side_next(&b);
        while (rc == GL_OK && (a.state || b.state)) {
                int c = !a.state ? 1 : !b.state ? -1 : key_cmp(a.site, a.uscc, b.site, b.uscc);
                struct side *s = c <= 0 ? &a : &b;
                if (own_unit(d->app, own, s->site, s->uscc)) {
                        if (c == 0)
                                rc = diff_unit(d, a.site, a.uscc, a.klass, a.place, b.klass,
                                               b.place);
                        else if (c < 0)
                                rc = diff_unit(d, a.site, a.uscc, a.klass, a.place, -1, -1);
                        else
                                rc = diff_unit(d, b.site, b.uscc, -1, -1, b.klass, b.place);
                }
                if (rc == GL_OK && c <= 0)
                        rc = side_next(&a);
                if (rc == GL_OK && c >= 0)
                        rc = side_next(&b);
        }
        alert_result_cursor_close(a.c);
        alert_result_cursor_close(b.c);
        return rc;
}

int app_alert_diff(struct app *app, const struct actor *who, int64_t id, int from_version,
                   int to_version, int64_t offset, int64_t limit,
                   int (*fn)(const struct alert_diff_item *d, void *ctx), void *ctx,
                   struct alert_diff_summary *summary, struct gl_error *err)
{
        int rc = check_reader(who, err);
        if (rc != GL_OK)
                return rc;
        if (db_begin_read(app->db) != GL_OK)
                return db_failed(app, GL_EDB, err);
        struct alert_view v;
        struct results_view a, b;
        memset(&a, 0, sizeof(a));
        memset(&b, 0, sizeof(b));
        struct alert_diff_summary sum = {0};
        struct diff_run d;
        memset(&d, 0, sizeof(d));
        int to = 0, from = 0;
        if ((rc = view_of(app, who, id, app_alert_now(), &v, err)) != GL_OK)
                goto out;
        if ((rc = parse_version_number(&v, to_version, "to_version", &to, err)) != GL_OK)
                goto out_view;
        if (from_version == 0 && to == 1) {
                rc = gl_fail(err, GL_EINVAL, "from_version",
                             "预警只有一版，没有可比较的版本 (the alert has one version only)");
                goto out_view;
        }
        if ((rc = parse_version_number(&v, from_version == 0 ? to - 1 : from_version,
                                       "from_version", &from, err)) != GL_OK)
                goto out_view;
        if (from >= to) {
                rc = gl_fail(err, GL_EINVAL, "from_version",
                             "比较的起始版本应早于终止版本 (from_version must come before "
                             "to_version)");
                goto out_view;
        }
        if ((rc = results_view_of(app, &v, from, &a, err)) != GL_OK ||
            (rc = results_view_of(app, &v, to, &b, err)) != GL_OK)
                goto out_view;
        sum.from_version = from;
        sum.to_version = to;
        d.app = app;
        d.a = &a;
        d.b = &b;
        d.sum = &sum;
        d.offset = offset;
        d.limit = limit;
        d.fn = fn;
        d.ctx = ctx;
        db_prepare(app->db, "SELECT name FROM enterprises WHERE uscc = $1", &d.name_enterprise);
        db_prepare(app->db, "SELECT project FROM sites WHERE id = $1", &d.name_site);
        if (a.decided->version != b.decided->version) {
                rc = merge(&d, id, app_scope_list_uscc(who, SCOPE_ENTERPRISE));
                if (rc == GL_ENOMEM)
                        rc = app_read_failed(rc, err);
                else if (rc < 0 && rc != GL_EINVAL)
                        rc = db_failed(app, rc, err);
        }
        db_finalize(d.name_enterprise);
        db_finalize(d.name_site);
        intmap_free(&d.group_of);
        strmap_free(&d.group_of_words);
        if (rc == GL_OK && summary)
                *summary = sum;
        else
                alert_diff_summary_clear(&sum);
out_view:
        results_view_free(&a);
        results_view_free(&b);
        alert_view_clear(&v);
out:
        db_rollback(app->db);
        return rc;
}

/* ---- one unit on a day ---- */

static bool version_covers(const struct alert_version *v, const char *township)
{
        if (v->whole_county)
                return true;
        for (size_t i = 0; i < v->ntownships; i++)
                if (strcmp(v->townships[i], township) == 0)
                        return true;
        return false;
}

struct unit_search {
        struct app *app;
        gl_date day;
        const char *township;
        const char *division; /* the unit's county: only alerts of it, or above it, apply */
        /* the best so far */
        bool found;
        enum alert_level level;
        int64_t alert_id;
        struct alert_version best;
        int status;
};

static int consider_alert(int64_t alert_id, void *ctx)
{
        struct unit_search *s = ctx;
        struct versions vs = {0};
        struct alert_head head;
        int rc = alert_store_get(s->app->db, alert_id, &head);
        if (rc == GL_OK && !division_covers(head.division, s->division))
                return 0;
        if (rc == GL_OK)
                rc = alert_store_versions(s->app->db, alert_id, collect_version, &vs);
        for (size_t k = 0; rc == GL_OK && k < vs.n; k++) {
                alert_time f, t;
                governs(vs.items, vs.n, k, &f, &t);
                if (!alert_covers_day(f, t, s->day) || !version_covers(&vs.items[k], s->township))
                        continue;
                const struct alert_version *v = &vs.items[k];
                bool better = !s->found || v->level > s->level ||
                              (v->level == s->level &&
                               (alert_id > s->alert_id ||
                                (alert_id == s->alert_id && v->version > s->best.version)));
                if (!better)
                        continue;
                alert_version_clear(&s->best);
                if ((rc = alert_version_copy(&s->best, v)) != GL_OK)
                        break;
                s->found = true;
                s->level = v->level;
                s->alert_id = alert_id;
        }
        versions_free(&vs);
        if (rc != GL_OK) {
                s->status = rc;
                return rc;
        }
        return 0;
}

struct class_pick {
        int klass;
        struct alert_class_row row;
        bool found;
};

static int pick_class(const struct alert_class_row *k, void *ctx)
{
        struct class_pick *p = ctx;
        if (k->klass != p->klass)
                return 0;
        p->row = *k;
        p->found = true;
        return 1;
}

int alert_unit_on(struct app *app, const char *uscc, int64_t site_id, gl_date day,
                  struct alert_unit_measure *out, struct gl_error *err)
{
        char township[ALERT_TOWNSHIP_MAX + 1];
        char division[7];
        int rc =
            alert_store_unit_township(app->db, uscc, site_id, township, sizeof(township), division);
        if (rc == GL_ENOTFOUND)
                return uscc ? gl_fail(err, GL_ENOTFOUND, "uscc", "没有该企业 (no such enterprise)")
                            : gl_fail(err, GL_ENOTFOUND, "site",
                                      "没有该施工工地 (no such site): %lld", (long long)site_id);
        if (rc != GL_OK)
                return db_failed(app, rc, err);
        struct unit_search s;
        memset(&s, 0, sizeof(s));
        s.app = app;
        s.day = day;
        s.township = township;
        s.division = division[0] ? division : app_home_division(app);
        rc = alert_store_alerts_meeting(app->db, alert_time_of(day, 0, 0),
                                        alert_time_of(day + 1, 0, 0), consider_alert, &s);
        if (rc != GL_OK || s.status != GL_OK) {
                alert_version_clear(&s.best);
                return db_failed(app, s.status != GL_OK ? s.status : rc, err);
        }
        struct alert_unit_measure m;
        memset(&m, 0, sizeof(m));
        if (s.found) {
                m.in_alert = true;
                m.alert_id = s.alert_id;
                m.alert_version = s.best.version;
                m.level = s.best.level;
                snprintf(m.notice, sizeof(m.notice), "%s", s.best.notice);
                int place = 0, klass = 0;
                rc = alert_store_result_of(app->db, s.alert_id, s.best.results_version, uscc,
                                           site_id, &place, &klass);
                struct class_pick p = {.klass = klass};
                if (rc == GL_OK)
                        rc = alert_store_classes(app->db, s.alert_id, s.best.results_version,
                                                 pick_class, &p);
                if (rc != GL_OK && rc != GL_ENOTFOUND) {
                        alert_version_clear(&s.best);
                        return db_failed(app, rc, err);
                }
                if (rc == GL_OK && p.found) {
                        const struct alert_measure *am = &p.row.d.m;
                        m.halted = am->halted;
                        m.production_limited = alert_measure_production_limited(am);
                        m.limit_percent = am->limit_percent;
                        m.trucks_limited = alert_measure_trucks_limited(am);
                        m.own_choice = am->own_choice;
                        m.restricted = alert_measure_restricted(am);
                        m.listed_site = p.row.d.basis == ALERT_BASIS_SITE_LISTED;
                        snprintf(m.row, sizeof(m.row), "%s", p.row.d.row_key);
                        snprintf(m.processes, sizeof(m.processes), "%s", am->processes);
                }
        }
        alert_version_clear(&s.best);
        *out = m;
        return GL_OK;
}

/* ---- an enterprise's own ---- */

int app_alert_mine(struct app *app, const struct actor *who, alert_time now,
                   int (*fn)(const struct alert_mine *m, void *ctx), void *ctx,
                   struct gl_error *err)
{
        if (who == NULL || who->role != ROLE_ENTERPRISE || who->uscc[0] == '\0')
                return gl_fail(err, GL_EPERM, "",
                               "只有绑定企业的企业用户可以查看本企业的预警措施 (for an "
                               "enterprise user bound to an enterprise)");
        if (db_begin_read(app->db) != GL_OK)
                return db_failed(app, GL_EDB, err);
        char township[ALERT_TOWNSHIP_MAX + 1] = "";
        char division[7] = "";
        int rc =
            alert_store_unit_township(app->db, who->uscc, 0, township, sizeof(township), division);
        if (rc != GL_OK && rc != GL_ENOTFOUND) {
                db_rollback(app->db);
                return db_failed(app, rc, err);
        }
        struct id_list l = {app, NULL, NULL, 0, 0};
        rc = alert_store_list(app->db, collect_head, &l);
        if (rc != GL_OK)
                rc = db_failed(app, rc, err);
        /* oldest first */
        for (size_t i = l.n; rc == GL_OK && i-- > 0;) {
                struct alert_view v;
                if ((rc = view_of(app, NULL, l.ids[i], now, &v, err)) != GL_OK)
                        break;
                /* only the alerts of the enterprise's county, or above it */
                if (!division_covers(v.head.division, division)) {
                        alert_view_clear(&v);
                        continue;
                }
                if (strcmp(v.state, "in_force") != 0 && strcmp(v.state, "upcoming") != 0) {
                        alert_view_clear(&v);
                        continue;
                }
                struct alert_mine m = {.alert = &v};
                m.covered = version_covers(alert_view_current(&v), township);
                struct results_view rv;
                struct alert_measure_item item;
                memset(&item, 0, sizeof(item));
                struct alert_result r;
                memset(&r, 0, sizeof(r));
                bool have_rv = false;
                int place = 0, klass = 0;
                const struct alert_version *cur = alert_view_current(&v);
                int found = alert_store_result_of(app->db, v.head.id, cur->results_version,
                                                  who->uscc, 0, &place, &klass);
                if (found != GL_OK && found != GL_ENOTFOUND) {
                        rc = db_failed(app, found, err);
                } else if (found == GL_OK) {
                        rc = results_view_of(app, &v, (int)v.nversions, &rv, err);
                        have_rv = rc == GL_OK;
                        if (rc == GL_OK && (klass < 0 || (size_t)klass >= rv.nclasses))
                                rc = db_failed(app, GL_EDB, err);
                        if (rc == GL_OK) {
                                r.site_id = 0;
                                snprintf(r.uscc, sizeof(r.uscc), "%s", who->uscc);
                                alert_store_unit_name(app->db, who->uscc, 0, r.name,
                                                      sizeof(r.name));
                                r.place = place;
                                r.klass = klass;
                                snprintf(r.township, sizeof(r.township), "%s",
                                         (size_t)place < rv.nplaces ? rv.places[place] : "");
                                item.version = cur;
                                item.r = &r;
                                item.k = &rv.classes[klass];
                                item.rules = &rv.rules;
                                explain_result(&rv, item.k, r.township, &item.lines);
                                m.reached = true;
                                m.item = &item;
                        }
                }
                int cb = rc == GL_OK ? fn(&m, ctx) : 0;
                if (have_rv)
                        results_view_free(&rv);
                alert_view_clear(&v);
                if (cb < 0)
                        rc = app_read_failed(cb, err);
                if (cb != 0)
                        break;
        }
        free(l.ids);
        db_rollback(app->db);
        return rc;
}
