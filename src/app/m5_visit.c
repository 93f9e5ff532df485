/*
 * Measure 5's own code on the procedure engine (两进三送; the procedure is "m5.visit" in the pack):
 * the extension that loads and saves what a visit keeps (m5_visits), the named guards (the
 * enterprise is one the measure applies to, within the measure's window; the leader is a leader of
 * the branch and the one who records; the team is drawn from the roster; the visit's day follows
 * its plan; what was delivered), the effects that keep the texts, the check of the pack's
 * declaration (its compartment, its sealed texts, the readings the code implements), the expert
 * roster and the reads of app/visit.h.
 *
 * The firewall (不做笔录、不罚款、不问责) is not code here: the case is opened in the compartment
 * "visits" that app/scope.c keeps closed to enforcement, and every text of a visit is a sealed
 * field, which the engine records as its digest (app/case.c) while this extension keeps the text
 * in m5_visits. m5_check_pack refuses a pack that would have it otherwise.
 */
#include "../core/policy.h"
#include "../store/enterprise_store.h"
#include "../store/supply_store.h"
#include "../store/user_store.h"
#include "app_internal.h"
#include "audit.h"
#include "case_hooks.h"
#include "scope.h"
#include "supply.h"
#include "visit.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest text of a visit kept (each field), in bytes. */
#define M5_TEXT_MAX 8000
/* Most experts on one visit's team. */
#define M5_TEAM_MAX 20

static void copy(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

static struct m5_visit *m5(struct case_ctx *c)
{
        return c->ext;
}

static int db_fail(struct app *app, const char *what, struct gl_error *err)
{
        return gl_fail(err, GL_EDB, "", "%s失败: %s", what, db_errmsg(app->db));
}

static int nomem(struct gl_error *err)
{
        return gl_fail(err, GL_ENOMEM, "", "out of memory");
}

static bool given(const char *v)
{
        return v && v[0];
}

/* ---- the extension ---- */

static int m5_load(struct case_ctx *c, struct gl_error *err)
{
        struct m5_visit *v = calloc(1, sizeof(*v));
        if (v == NULL)
                return nomem(err);
        m5_visit_init(v);
        c->ext = v;
        if (c->opening)
                return GL_OK;
        int rc = visit_store_get(c->app->db, c->row->id, v);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_ESTATE, "", "案件 %lld 缺少走访记录", (long long)c->row->id);
        return rc == GL_OK ? GL_OK : db_fail(c->app, "读取走访记录", err);
}

/* What the audit record says of a visit: who leads it, when, with whom; never its texts (the
 * step's sealed fields are there as digests). */
static int m5_save(struct case_ctx *c, struct gl_error *err)
{
        struct m5_visit *v = m5(c);
        v->case_id = c->row->id;
        int rc = c->opening ? visit_store_insert(c->app->db, v) : visit_store_update(c->app->db, v);
        if (rc != GL_OK)
                return db_fail(c->app, "保存走访记录", err);
        char day[11];
        json_object_set_new(c->audit, "leader", json_string(v->leader));
        json_object_set_new(c->audit, "planned_on",
                            json_string(date_format_iso(v->planned_on, day)));
        json_t *team = json_array();
        json_t *planned = json_loads(v->team ? v->team : "[]", 0, NULL);
        size_t i;
        json_t *member;
        json_array_foreach(planned, i, member)
            json_array_append(team, json_object_get(member, "id"));
        json_decref(planned);
        json_object_set_new(c->audit, "team", team);
        return GL_OK;
}

static void m5_release(struct case_ctx *c)
{
        struct m5_visit *v = m5(c);
        if (v == NULL)
                return;
        m5_visit_clear(v);
        free(v);
        c->ext = NULL;
}

/* ---- the pack's declaration ---- */

/* Fields of the procedure that are names of people or roster numbers, not texts of the visit:
 * every other text field must be sealed. */
static bool plain_text_field(const char *name)
{
        return strcmp(name, "leader") == 0 || strcmp(name, "team") == 0;
}

static int bad_key(struct gl_error *err, const char *path, const char *why)
{
        return gl_fail(err, GL_EINVAL, path, "%s: %s", path, why);
}

/* Every value of a text parameter is one the code implements. */
static int check_values(const struct policy_pack *pack, const char *name, const char *want,
                        struct gl_error *err)
{
        const struct policy_param *p = policy_param_find(pack, name);
        char path[128];
        snprintf(path, sizeof(path), "parameters.%s", name);
        if (p == NULL)
                return bad_key(err, path, "missing: measure 5 reads it (缺少措施五的参数)");
        for (size_t i = 0; i < p->nvalues; i++)
                if (p->values[i].kind != POLICY_TEXT || strcmp(p->values[i].text, want) != 0) {
                        snprintf(path, sizeof(path), "parameters.%s.values[%zu].value", name, i);
                        char why[160];
                        snprintf(why, sizeof(why),
                                 "this program implements \"%s\" only (程序只实现“%s”)", want,
                                 want);
                        return bad_key(err, path, why);
                }
        return GL_OK;
}

/*
 * What measure 5's code needs of its procedure: the compartment "visits" (the firewall), every
 * text of a visit sealed, a field for each delivery the pack lists, and the readings implemented
 * here: the key air emitters (m5.applies_to), the branch's leadership (m5.led_by), the firewall
 * for good (m5.firewall_lasts).
 */
static int m5_check_pack(const struct policy_pack *pack, const struct procedure *proc,
                         struct gl_error *err)
{
        char path[160];
        if (proc->compartment == NULL || strcmp(proc->compartment, "visits") != 0) {
                snprintf(path, sizeof(path), "procedures.%s.compartment", proc->name);
                return bad_key(err, path,
                               "a visit is kept in the compartment \"visits\", closed to "
                               "enforcement (帮扶走访须在隔离区 visits 中)");
        }
        for (size_t i = 0; i < proc->nactions; i++) {
                const struct procedure_action *a = &proc->actions[i];
                for (size_t k = 0; k < a->nfields; k++) {
                        const struct procedure_field *f = &a->fields[k];
                        if (f->type != PROCEDURE_FIELD_TEXT || f->sealed ||
                            plain_text_field(f->name))
                                continue;
                        snprintf(path, sizeof(path),
                                 "procedures.%s.actions[%zu].fields[%zu].sealed", proc->name, i, k);
                        return bad_key(err, path,
                                       "every text of a visit is sealed: its digest only goes "
                                       "into the record (走访文字须封存)");
                }
                if (a->reason != PROCEDURE_REASON_NONE &&
                    a->roles != PROCEDURE_ROLE_BIT(ROLE_SYSTEM)) {
                        snprintf(path, sizeof(path), "procedures.%s.actions[%zu].reason",
                                 proc->name, i);
                        return bad_key(err, path,
                                       "a reason is recorded as typed: a visit's people write "
                                       "sealed fields (走访操作不设理由)");
                }
        }
        const struct procedure_action *record = procedure_action_find(proc, "record_visit");
        const struct policy_param *kinds = policy_param_find(pack, "m5.deliveries");
        if (record == NULL || kinds == NULL) {
                snprintf(path, sizeof(path),
                         record ? "parameters.m5.deliveries" : "procedures.%s.actions", proc->name);
                return bad_key(err, path,
                               record ? "missing (缺少)"
                                      : "no action record_visit (缺少记录走访操作)");
        }
        for (size_t i = 0; i < kinds->nvalues; i++)
                for (size_t k = 0;
                     kinds->values[i].kind == POLICY_LIST && k < kinds->values[i].nlist; k++) {
                        const char *kind = kinds->values[i].list[k];
                        bool found = false;
                        for (size_t f = 0; f < record->nfields && !found; f++)
                                found = strcmp(record->fields[f].name, kind) == 0 &&
                                        record->fields[f].type == PROCEDURE_FIELD_TEXT;
                        if (!found) {
                                snprintf(path, sizeof(path),
                                         "parameters.m5.deliveries.values[%zu].value[%zu]", i, k);
                                return bad_key(err, path,
                                               "record_visit has no text field of this name "
                                               "(记录走访缺少该送达字段)");
                        }
                }
        int rc = check_values(pack, "m5.applies_to", "key_air_emitter", err);
        if (rc == GL_OK)
                rc = check_values(pack, "m5.led_by", "branch_leadership", err);
        if (rc == GL_OK)
                rc = check_values(pack, "m5.firewall_lasts", "for_good", err);
        return rc;
}

const struct case_extension m5_extension = {.procedure = M5_PROCEDURE,
                                            .audit_entity = "case",
                                            .load = m5_load,
                                            .save = m5_save,
                                            .release = m5_release,
                                            .check_pack = m5_check_pack};

/* ---- what the guards share ---- */

/* A text of a visit: UTF-8 (the engine saw to that), at most M5_TEXT_MAX bytes. */
static int check_text(const char *name, const char *label, const char *v, struct gl_error *err)
{
        if (v && strlen(v) > M5_TEXT_MAX)
                return gl_fail(err, GL_EINVAL, name, "%s过长：至多 %d 字节 (too long)", label,
                               M5_TEXT_MAX);
        return GL_OK;
}

static int date_field(struct case_ctx *c, const char *name, const char *label, gl_date *out,
                      struct gl_error *err)
{
        const char *v = case_ctx_field(c, name);
        if (!given(v) || date_parse_iso(v, out) != GL_OK)
                return gl_fail(err, GL_EINVAL, name, "缺少%s或日期无效", label);
        return GL_OK;
}

/* The measure's window (措施五兑现时间): day falls within [m5.window_from, m5.window_to] as the
 * pack says them on that day. */
static int in_window(struct case_ctx *c, const char *field, const char *what, gl_date day,
                     struct gl_error *err)
{
        gl_date from = GL_DATE_NONE, to = GL_DATE_NONE;
        const struct policy_pack *pack = c->pack;
        char a[11], b[11], d[11];
        if (policy_param_date(pack, "m5.window_from", day, &from) != GL_OK ||
            policy_param_date(pack, "m5.window_to", day, &to) != GL_OK)
                return gl_fail(err, GL_EINVAL, field,
                               "%s %s 不在措施五（两进三送）施行期间：政策包在该日没有 "
                               "m5.window_from/m5.window_to (the measure is not in force then)",
                               what, date_format_iso(day, d));
        if (day < from || day > to)
                return gl_fail(err, GL_EINVAL, field,
                               "%s %s 不在措施五（两进三送）施行期间 %s 至 %s（m5.window_from, "
                               "m5.window_to） (outside the measure's window)",
                               what, date_format_iso(day, d), date_format_iso(from, a),
                               date_format_iso(to, b));
        return GL_OK;
}

/* The visit's leader, or the system, takes the step; another leader of the branch may not. */
static int by_leader(struct case_ctx *c, struct gl_error *err)
{
        const struct m5_visit *v = m5(c);
        if (c->who->role == ROLE_SYSTEM || strcmp(c->who->name, v->leader) == 0)
                return GL_OK;
        return gl_fail(err, GL_EPERM, "leader",
                       "该走访由 %s 带队：只有带队领导可以%s (only the visit's leader may %s)",
                       v->leader, c->action->label_zh, c->action->name);
}

/* The leader named (or the actor, a leader planning a visit of its own): a user of the branch's
 * leadership (m5.led_by: branch_leadership, the role county_leader) who is not disabled. */
static int take_leader(struct case_ctx *c, struct gl_error *err)
{
        const char *name = case_ctx_field(c, "leader");
        if (!given(name)) {
                if (c->who->role != ROLE_COUNTY_LEADER)
                        return gl_fail(err, GL_EINVAL, "leader",
                                       "缺少带队领导：走访由分局班子成员带队（m5.led_by），请填写"
                                       "其用户名 (name the leader of the visit)");
                name = c->who->name;
        }
        struct user_record u;
        int rc = user_store_get(c->app->db, name, &u);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_EINVAL, "leader", "没有用户 %s (no such user)", name);
        if (rc != GL_OK)
                return db_fail(c->app, "读取用户", err);
        if (u.role != ROLE_COUNTY_LEADER)
                return gl_fail(err, GL_EINVAL, "leader",
                               "%s 是%s，不是分局班子成员：走访由分局班子成员（县分局领导）带队"
                               "（m5.led_by） (the leader must be a county_leader)",
                               name, role_label_zh(u.role));
        if (u.disabled)
                return gl_fail(err, GL_EINVAL, "leader", "用户 %s 已停用 (disabled)", name);
        copy(m5(c)->leader, sizeof(m5(c)->leader), u.username);
        return GL_OK;
}

/* The team: roster numbers separated by commas (or spaces), each an active expert, once each;
 * kept as [{"id", "name", "unit"}]. */
static int take_team(struct case_ctx *c, const char *text, struct gl_error *err)
{
        int64_t ids[M5_TEAM_MAX];
        size_t n = 0;
        const char *s = text ? text : "";
        while (*s) {
                while (*s == ',' || *s == ' ' || *s == '\t')
                        s++;
                if (*s == '\0')
                        break;
                char *end = NULL;
                long long id = strtoll(s, &end, 10);
                if (end == s || id <= 0 || (*end && *end != ',' && *end != ' ' && *end != '\t'))
                        return gl_fail(err, GL_EINVAL, "team",
                                       "专家组应为专家库编号，以逗号分隔：“%s” (roster numbers, "
                                       "comma-separated)",
                                       text);
                if (n == M5_TEAM_MAX)
                        return gl_fail(err, GL_EINVAL, "team", "专家组至多 %d 人", M5_TEAM_MAX);
                for (size_t i = 0; i < n; i++)
                        if (ids[i] == id)
                                return gl_fail(err, GL_EINVAL, "team",
                                               "专家 %lld 重复 (named twice)", id);
                ids[n++] = id;
                s = end;
        }
        if (n == 0)
                return gl_fail(err, GL_EINVAL, "team",
                               "缺少专家组：至少从专家库选一名专家 (at least one expert of the "
                               "roster)");
        json_t *team = json_array();
        if (team == NULL)
                return nomem(err);
        for (size_t i = 0; i < n; i++) {
                struct m5_expert e;
                int rc = visit_store_expert_get(c->app->db, ids[i], &e);
                if (rc == GL_ENOTFOUND || (rc == GL_OK && !e.active)) {
                        json_decref(team);
                        return gl_fail(err, GL_EINVAL, "team",
                                       rc == GL_OK ? "专家 %lld（%s）已不在专家库 (disabled)"
                                                   : "专家库没有编号 %lld 的专家%s (no such "
                                                     "expert)",
                                       (long long)ids[i], rc == GL_OK ? e.name : "");
                }
                if (rc != GL_OK) {
                        json_decref(team);
                        return db_fail(c->app, "读取专家库", err);
                }
                json_array_append_new(team, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)e.id,
                                                      "name", e.name, "unit", e.unit));
        }
        char *dumped = json_dumps(team, JSON_COMPACT);
        json_decref(team);
        int rc = dumped ? m5_visit_set(&m5(c)->team, dumped) : GL_ENOMEM;
        free(dumped);
        return rc == GL_OK ? GL_OK : nomem(err);
}

/* The day planned: in the measure's window, not before the day of the step. */
static int take_planned_on(struct case_ctx *c, struct gl_error *err)
{
        gl_date on;
        int rc = date_field(c, "planned_on", "计划走访日期", &on, err);
        if (rc != GL_OK)
                return rc;
        char a[11], b[11];
        if (on < c->in->today)
                return gl_fail(err, GL_EINVAL, "planned_on",
                               "计划走访日期 %s 早于制定计划之日 %s (planned before the plan)",
                               date_format_iso(on, a), date_format_iso(c->in->today, b));
        rc = in_window(c, "planned_on", "计划走访日期", on, err);
        if (rc == GL_OK)
                m5(c)->planned_on = on;
        return rc;
}

/* ---- guards ---- */

/*
 * m5.may_plan: the enterprise is one of the registry the measure applies to (m5.applies_to:
 * key_air_emitter, 涉大气污染物排放重点排污单位); the plan is made within the measure's window for
 * a day within it; a leader of the branch leads it; the team is drawn from the roster.
 */
static int may_plan(struct case_ctx *c, struct gl_error *err)
{
        struct m5_visit *v = m5(c);
        if (!given(c->row->uscc))
                return gl_fail(err, GL_EINVAL, "uscc",
                               "缺少企业的统一社会信用代码 (the enterprise's USCC is missing)");
        struct enterprise e;
        int rc = enterprise_store_get(c->app->db, c->row->uscc, &e);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_EINVAL, "uscc", "企业登记库中没有 %s (no such enterprise)",
                               c->row->uscc);
        if (rc != GL_OK)
                return db_fail(c->app, "读取企业", err);
        /* Measure 6: a help target of a positive-list enterprise's partner is visited within
         * the service visits (结合“两进三送”), the partner a key air emitter or not. */
        const char *target = case_ctx_field(c, "help_target");
        if (given(target)) {
                rc = app_supply_target_visitable(c->app, strtoll(target, NULL, 10), e.uscc,
                                                 c->in->today, "help_target", NULL, err);
                if (rc != GL_OK)
                        return rc;
        } else if (!e.key_air_emitter)
                return gl_fail(err, GL_EINVAL, "uscc",
                               "%s（%s）不是涉大气污染物排放重点排污单位：“两进三送”适用于重点"
                               "排污单位（m5.applies_to: key_air_emitter） (not a key air "
                               "emitter)",
                               e.name, e.uscc);
        copy(v->uscc, sizeof(v->uscc), e.uscc);
        if ((rc = in_window(c, "today", "制定计划之日", c->in->today, err)) != GL_OK ||
            (rc = take_planned_on(c, err)) != GL_OK || (rc = take_leader(c, err)) != GL_OK ||
            (rc = take_team(c, case_ctx_field(c, "team"), err)) != GL_OK)
                return rc;
        const char *purpose = case_ctx_field(c, "purpose");
        if ((rc = check_text("purpose", "帮扶重点", purpose, err)) != GL_OK)
                return rc;
        return m5_visit_set(&v->purpose, purpose) == GL_OK ? GL_OK : nomem(err);
}

/* m5.may_reschedule: by its leader, for another day within the window, the team anew if given. */
static int may_reschedule(struct case_ctx *c, struct gl_error *err)
{
        int rc = by_leader(c, err);
        if (rc == GL_OK)
                rc = take_planned_on(c, err);
        const char *team = case_ctx_field(c, "team");
        if (rc == GL_OK && given(team))
                rc = take_team(c, team, err);
        return rc;
}

struct delivery_walk {
        json_t *items;
        bool too_long;
};

static void add_item(const char *item, size_t len, void *p)
{
        struct delivery_walk *w = p;
        if (len > 500) {
                w->too_long = true;
                return;
        }
        json_array_append_new(w->items, json_stringn(item, len));
}

size_t visit_delivery_items(const char *text, void (*fn)(const char *item, size_t len, void *ctx),
                            void *ctx)
{
        size_t n = 0;
        const char *s = text ? text : "";
        while (*s) {
                const char *end = strchr(s, '\n');
                size_t len = end ? (size_t)(end - s) : strlen(s);
                const char *a = s, *b = s + len;
                while (a < b && (*a == ' ' || *a == '\t' || *a == '\r'))
                        a++;
                while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'))
                        b--;
                if (b > a) {
                        if (fn)
                                fn(a, (size_t)(b - a), ctx);
                        n++;
                }
                s += len + (end ? 1 : 0);
        }
        return n;
}

/*
 * m5.may_record: by its leader; visited on a day within the window, no earlier than planned (a
 * visit made earlier is rescheduled first) and no later than the record; what was delivered, one
 * item a line under each kind m5.deliveries lists, at least m5.min_deliveries items in all; the
 * problems, advice and follow-up kept as written.
 */
static int may_record(struct case_ctx *c, struct gl_error *err)
{
        struct m5_visit *v = m5(c);
        int rc = by_leader(c, err);
        gl_date on = GL_DATE_NONE;
        if (rc == GL_OK)
                rc = date_field(c, "visited_on", "走访日期", &on, err);
        if (rc != GL_OK)
                return rc;
        char a[11], b[11];
        if (on < v->planned_on)
                return gl_fail(err, GL_EINVAL, "visited_on",
                               "走访日期 %s 早于计划走访日期 %s：提前走访的，请先调整走访计划 "
                               "(visited before the day planned: reschedule first)",
                               date_format_iso(on, a), date_format_iso(v->planned_on, b));
        if (on > c->in->today)
                return gl_fail(err, GL_EINVAL, "visited_on",
                               "走访日期 %s 晚于记录之日 %s：走访后才能记录 (not visited yet)",
                               date_format_iso(on, a), date_format_iso(c->in->today, b));
        if ((rc = in_window(c, "visited_on", "走访日期", on, err)) != GL_OK)
                return rc;
        const struct policy_value *kinds = policy_param_value(c->pack, "m5.deliveries", on);
        int64_t least = 0;
        if (kinds == NULL || kinds->kind != POLICY_LIST ||
            policy_param_int(c->pack, "m5.min_deliveries", on, &least) != GL_OK)
                return gl_fail(err, GL_EINVAL, "m5.deliveries",
                               "政策包在 %s 没有 m5.deliveries 或 m5.min_deliveries",
                               date_format_iso(on, a));
        json_t *deliveries = json_object();
        if (deliveries == NULL)
                return nomem(err);
        size_t total = 0;
        for (size_t k = 0; k < kinds->nlist; k++) {
                const char *kind = kinds->list[k];
                const char *text = case_ctx_field(c, kind);
                struct delivery_walk w = {json_array(), false};
                if ((rc = check_text(kind, "送达事项", text, err)) != GL_OK) {
                        json_decref(w.items);
                        json_decref(deliveries);
                        return rc;
                }
                total += visit_delivery_items(text, add_item, &w);
                json_object_set_new(deliveries, kind, w.items);
                if (w.too_long) {
                        json_decref(deliveries);
                        return gl_fail(err, GL_EINVAL, kind,
                                       "送达事项每行至多 500 字节 (an item is at most 500 bytes)");
                }
        }
        if ((int64_t)total < least) {
                json_decref(deliveries);
                return gl_fail(err, GL_EINVAL, kinds->nlist ? kinds->list[0] : "law",
                               "走访须送法律、送政策或送技术，至少 %lld 项（m5.min_deliveries），"
                               "每行一项 (deliver at least %lld item of law, policy or technology)",
                               (long long)least, (long long)least);
        }
        char *dumped = json_dumps(deliveries, JSON_COMPACT);
        json_decref(deliveries);
        if (dumped == NULL || m5_visit_set(&v->deliveries, dumped) != GL_OK) {
                free(dumped);
                return nomem(err);
        }
        free(dumped);
        static const struct {
                const char *name, *label;
        } texts[] = {{"problems", "发现的问题"}, {"advice", "指导意见"}, {"follow_up", "后续帮扶"}};
        char **slots[] = {&v->problems, &v->advice, &v->follow_up};
        for (size_t i = 0; i < GL_ARRAY_LEN(texts); i++) {
                const char *t = case_ctx_field(c, texts[i].name);
                if ((rc = check_text(texts[i].name, texts[i].label, t, err)) != GL_OK)
                        return rc;
                if (m5_visit_set(slots[i], t) != GL_OK)
                        return nomem(err);
        }
        v->visited_on = on;
        return GL_OK;
}

/* m5.may_feedback: the enterprise's answer (yes or no, the engine checked) and its comment. */
static int may_feedback(struct case_ctx *c, struct gl_error *err)
{
        struct m5_visit *v = m5(c);
        const char *comment = case_ctx_field(c, "comment");
        int rc = check_text("comment", "意见和建议", comment, err);
        if (rc != GL_OK)
                return rc;
        v->helped = strcmp(case_ctx_field(c, "helped"), "yes") == 0;
        return m5_visit_set(&v->feedback, comment) == GL_OK ? GL_OK : nomem(err);
}

/* m5.may_cancel: by its leader, with a note if any. */
static int may_cancel(struct case_ctx *c, struct gl_error *err)
{
        const char *note = case_ctx_field(c, "note");
        int rc = by_leader(c, err);
        if (rc == GL_OK)
                rc = check_text("note", "取消说明", note, err);
        if (rc == GL_OK && m5_visit_set(&m5(c)->note, note) != GL_OK)
                rc = nomem(err);
        return rc;
}

/* m5.may_close: by its leader, once the enterprise's limit passed unanswered (the action's
 * `after`). */
static int may_close(struct case_ctx *c, struct gl_error *err)
{
        return by_leader(c, err);
}

const struct case_hook m5_guards[] = {
    {"m5.may_plan", may_plan},
    {"m5.may_reschedule", may_reschedule},
    {"m5.may_record", may_record},
    {"m5.may_feedback", may_feedback},
    {"m5.may_cancel", may_cancel},
    {"m5.may_close", may_close},
    {NULL, NULL},
};

/* ---- effects: what the audit record says besides the step's fields ---- */

/* m5.plan and m5.reschedule: nothing more than m5_save says (leader, day, team). */
static int effect_plan(struct case_ctx *c, struct gl_error *err)
{
        (void)c;
        (void)err;
        return GL_OK;
}

/* m5.help_target: the measure-6 help target the plan serves records this visit (and its link is
 * sealed anew). */
static int effect_help_target(struct case_ctx *c, struct gl_error *err)
{
        const char *target = case_ctx_field(c, "help_target");
        if (!given(target))
                return GL_OK;
        int64_t id = strtoll(target, NULL, 10);
        json_object_set_new(c->audit, "help_target", json_integer((json_int_t)id));
        return app_supply_target_planned(c->app, c->who, id, c->row->id, err);
}

/* m5.record: how many items of each kind were delivered (numbers, not texts). */
static int effect_record(struct case_ctx *c, struct gl_error *err)
{
        json_t *counts = json_object();
        json_t *d = json_loads(m5(c)->deliveries, 0, NULL);
        if (counts == NULL || d == NULL) {
                json_decref(counts);
                json_decref(d);
                return nomem(err);
        }
        const char *kind;
        json_t *items;
        json_object_foreach(d, kind, items)
            json_object_set_new(counts, kind, json_integer((json_int_t)json_array_size(items)));
        json_decref(d);
        json_object_set_new(c->audit, "delivered", counts);
        return GL_OK;
}

/* m5.feedback: the day the enterprise answered. */
static int effect_feedback(struct case_ctx *c, struct gl_error *err)
{
        (void)err;
        m5(c)->feedback_on = c->in->today;
        return GL_OK;
}

const struct case_hook m5_effects[] = {
    {"m5.plan", effect_plan},
    {"m5.reschedule", effect_plan},
    {"m5.record", effect_record},
    {"m5.feedback", effect_feedback},
    {"m5.cancel", effect_plan},
    {"m5.help_target", effect_help_target},
    {NULL, NULL},
};

const struct case_length_hook m5_lengths[] = {{NULL, NULL}};

/* ---- the expert roster ---- */

static bool roster_writer(const struct actor *who)
{
        return who && (who->role == ROLE_COUNTY_LEADER || who->role == ROLE_ADMIN ||
                       who->role == ROLE_SYSTEM);
}

static int may_write_roster(const struct actor *who, struct gl_error *err)
{
        if (roster_writer(who))
                return GL_OK;
        return gl_fail(err, GL_EPERM, "",
                       "只有分局领导或管理员可以维护专家库 (only a leader of the branch or an "
                       "administrator keeps the roster)");
}

/* A roster text: UTF-8 (the faces give JSON or argv; checked here), no control character, within
 * its length. */
static int roster_text(const char *field, const char *label, const char *v, size_t max,
                       bool required, struct gl_error *err)
{
        if (!given(v)) {
                if (required)
                        return gl_fail(err, GL_EINVAL, field, "缺少%s", label);
                return GL_OK;
        }
        if (strlen(v) > max)
                return gl_fail(err, GL_EINVAL, field, "%s过长：至多 %zu 字节 (too long)", label,
                               max);
        for (const char *s = v; *s;) {
                uint32_t cp = 0;
                size_t n = gl_utf8_char(s, &cp);
                if (n == 0 || cp < 0x20 || cp == 0x7f)
                        return gl_fail(err, GL_EINVAL, field,
                                       "%s含有控制字符或不是 UTF-8 文本 (not plain UTF-8 text)",
                                       label);
                s += n;
        }
        return GL_OK;
}

static int check_phone(const char *phone, struct gl_error *err)
{
        for (const char *s = phone ? phone : ""; *s; s++)
                if (!((*s >= '0' && *s <= '9') || *s == '-' || *s == '+' || *s == ' '))
                        return gl_fail(err, GL_EINVAL, "phone",
                                       "联系电话只能有数字、空格、“-”和“+”：“%s” (digits, spaces, "
                                       "- and + only)",
                                       phone);
        return roster_text("phone", "联系电话", phone, M5_EXPERT_PHONE_MAX, false, err);
}

int app_expert_add(struct app *app, const struct actor *who, const struct expert_new *e,
                   int64_t *id, struct gl_error *err)
{
        int rc = may_write_roster(who, err);
        if (rc == GL_OK)
                rc = roster_text("name", "专家姓名", e->name, M5_EXPERT_NAME_MAX, true, err);
        if (rc == GL_OK)
                rc = roster_text("unit", "工作单位", e->unit, M5_EXPERT_UNIT_MAX, true, err);
        if (rc == GL_OK)
                rc = check_phone(e->phone, err);
        if (rc == GL_OK && e->nspecialities > M5_EXPERT_SPECIALITIES_MAX)
                rc = gl_fail(err, GL_EINVAL, "specialities", "专业领域至多 %d 项",
                             M5_EXPERT_SPECIALITIES_MAX);
        json_t *list = json_array();
        for (size_t i = 0; rc == GL_OK && i < e->nspecialities; i++) {
                rc = roster_text("specialities", "专业领域", e->specialities[i],
                                 M5_EXPERT_SPECIALITY_MAX, true, err);
                if (rc == GL_OK && json_array_append_new(list, json_string(e->specialities[i])))
                        rc = nomem(err);
        }
        struct m5_expert row;
        memset(&row, 0, sizeof(row));
        char *specialities = rc == GL_OK ? json_dumps(list, JSON_COMPACT) : NULL;
        if (rc == GL_OK &&
            (specialities == NULL || strlen(specialities) >= sizeof(row.specialities)))
                rc = specialities ? gl_fail(err, GL_EINVAL, "specialities", "专业领域过长")
                                  : nomem(err);
        if (rc != GL_OK) {
                json_decref(list);
                free(specialities);
                return rc;
        }
        copy(row.name, sizeof(row.name), e->name);
        copy(row.unit, sizeof(row.unit), e->unit);
        copy(row.phone, sizeof(row.phone), e->phone);
        copy(row.specialities, sizeof(row.specialities), specialities);
        free(specialities);
        row.active = true;
        copy(row.created_by, sizeof(row.created_by), who->name);
        app_now_iso(row.created_at);
        if ((rc = app_begin(app, err)) != GL_OK) {
                json_decref(list);
                return rc;
        }
        int64_t made = 0;
        if (visit_store_expert_add(app->db, &row, &made) != GL_OK) {
                json_decref(list);
                rc = db_fail(app, "保存专家", err);
                app_rollback(app);
                return rc;
        }
        json_t *detail =
            json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)made, "name", row.name, "unit",
                      row.unit, "phone", row.phone, "specialities", list);
        char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(detail);
        char key[24];
        snprintf(key, sizeof(key), "%lld", (long long)made);
        rc = text ? audit_append(app, who, "expert.add", "expert", key, text, err) : nomem(err);
        free(text);
        if (rc == GL_OK)
                rc = app_commit(app, err);
        if (rc != GL_OK) {
                app_rollback(app);
                return rc;
        }
        if (id)
                *id = made;
        return GL_OK;
}

int app_expert_disable(struct app *app, const struct actor *who, int64_t id, struct gl_error *err)
{
        int rc = may_write_roster(who, err);
        if (rc != GL_OK || (rc = app_begin(app, err)) != GL_OK)
                return rc;
        struct m5_expert e;
        rc = visit_store_expert_get(app->db, id, &e);
        if (rc == GL_ENOTFOUND)
                rc = gl_fail(err, GL_ENOTFOUND, "id", "专家库没有编号 %lld 的专家 (no such expert)",
                             (long long)id);
        else if (rc != GL_OK)
                rc = db_fail(app, "读取专家库", err);
        else if (!e.active)
                rc = gl_fail(err, GL_ESTATE, "id", "专家 %lld（%s）已停用 (already disabled)",
                             (long long)id, e.name);
        else if (visit_store_expert_set_active(app->db, id, false) != GL_OK)
                rc = db_fail(app, "停用专家", err);
        if (rc == GL_OK) {
                char key[24];
                snprintf(key, sizeof(key), "%lld", (long long)id);
                json_t *detail = json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", e.name);
                char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
                json_decref(detail);
                rc = text ? audit_append(app, who, "expert.disable", "expert", key, text, err)
                          : nomem(err);
                free(text);
        }
        if (rc == GL_OK)
                rc = app_commit(app, err);
        if (rc != GL_OK)
                app_rollback(app);
        return rc;
}

int app_expert_get(struct app *app, const struct actor *who, int64_t id, struct m5_expert *out,
                   struct gl_error *err)
{
        int rc = app_scope_check(who, SCOPE_EXPERTS, NULL, err);
        if (rc != GL_OK)
                return rc;
        rc = visit_store_expert_get(app->db, id, out);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_ENOTFOUND, "id",
                               "专家库没有编号 %lld 的专家 (no such expert)", (long long)id);
        return rc == GL_OK ? GL_OK : db_fail(app, "读取专家库", err);
}

int app_expert_list(struct app *app, const struct actor *who, bool all,
                    int (*fn)(const struct m5_expert *e, void *ctx), void *ctx,
                    struct gl_error *err)
{
        int rc = app_scope_check(who, SCOPE_EXPERTS, NULL, err);
        if (rc != GL_OK)
                return rc;
        rc = visit_store_experts(app->db, all, fn, ctx);
        if (rc < 0)
                return rc == GL_ENOMEM ? app_read_failed(rc, err) : db_fail(app, "读取专家库", err);
        return GL_OK; /* fn stopped the walk: what was read stands */
}

/* ---- reads ---- */

void app_visit_record_free(struct visit_record *r)
{
        if (r == NULL)
                return;
        m5_visit_clear(&r->v);
        memset(r, 0, sizeof(*r));
}

bool app_visit_readable(const struct app *app, const struct actor *who)
{
        /* Measure 5's procedure of who's county's pack. */
        const struct procedure *proc = procedure_find(app_scope_pack(app, who), M5_PROCEDURE);
        struct gl_error ignored = {0};
        return who && proc && app_scope_procedure(who, proc) &&
               app_scope_check(who, SCOPE_CASE, NULL, &ignored) == GL_OK;
}

static int no_visit(int64_t id, struct gl_error *err)
{
        return gl_fail(err, GL_ENOTFOUND, "id", "没有帮扶走访 %lld (no such visit)", (long long)id);
}

/* The help target of measure 6 the visit serves, if any (inside the read). */
static int help_target_of(struct app *app, int64_t id, struct visit_record *out)
{
        int64_t target = 0;
        int rc = supply_store_target_of_visit(app->db, id, &target);
        if (rc != GL_OK || target == 0)
                return rc;
        struct supply_target t;
        struct supply_link l;
        rc = supply_store_target_get(app->db, target, &t);
        if (rc == GL_OK)
                rc = supply_store_link_get(app->db, t.link_id, &l);
        if (rc != GL_OK)
                return rc;
        out->help.id = t.id;
        copy(out->help.target, sizeof(out->help.target), t.target);
        copy(out->help.status, sizeof(out->help.status), t.status);
        copy(out->help.owner_uscc, sizeof(out->help.owner_uscc), l.uscc);
        copy(out->help.owner_name, sizeof(out->help.owner_name), l.owner_name);
        copy(out->help.direction, sizeof(out->help.direction),
             l.direction == SUPPLY_UPSTREAM ? "upstream" : "downstream");
        return GL_OK;
}

int app_visit_get(struct app *app, const struct actor *who, int64_t id, struct visit_record *out,
                  struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        m5_visit_init(&out->v);
        if (db_begin_read(app->db) != GL_OK)
                return db_fail(app, "读取走访记录", err);
        int rc = case_store_get(app->db, id, &out->row);
        if (rc == GL_OK && strcmp(out->row.procedure, M5_PROCEDURE) != 0)
                rc = GL_ENOTFOUND;
        const struct procedure *proc =
            procedure_find(app_pack_named(app, out->row.pack_id), out->row.procedure);
        if (rc == GL_OK && (app_scope_case_in(app, who, proc, out->row.compartment, out->row.uscc,
                                              NULL) != GL_OK ||
                            !app_scope_covers(app, who, out->row.division)))
                rc = GL_ENOTFOUND;
        if (rc == GL_OK)
                rc = visit_store_get(app->db, id, &out->v);
        struct enterprise e;
        if (rc == GL_OK && enterprise_store_get(app->db, out->v.uscc, &e) == GL_OK)
                copy(out->enterprise_name, sizeof(out->enterprise_name), e.name);
        struct user_record u;
        if (rc == GL_OK && user_store_get(app->db, out->v.leader, &u) == GL_OK)
                copy(out->leader_name, sizeof(out->leader_name), u.display_name);
        if (rc == GL_OK)
                rc = help_target_of(app, id, out);
        db_rollback(app->db);
        if (rc != GL_OK) {
                app_visit_record_free(out);
                return rc == GL_ENOTFOUND ? no_visit(id, err)
                       : rc == GL_ENOMEM  ? app_read_failed(rc, err)
                                          : db_fail(app, "读取走访记录", err);
        }
        out->procedure = proc;
        int si = proc ? procedure_state_index(proc, out->row.state) : -1;
        out->state_label_zh = si >= 0 ? proc->states[si].label_zh : out->row.state;
        out->state_label_en = si >= 0 ? proc->states[si].label_en : NULL;
        gl_date day = out->v.visited_on != GL_DATE_NONE ? out->v.visited_on : out->v.planned_on;
        /* The firewall of the pack the visit runs on (its case's own). */
        const struct policy_pack *pack = app_pack_named(app, out->row.pack_id);
        const struct policy_value *rules = policy_param_value(pack, "m5.visit_firewall", day);
        if (rules && rules->kind == POLICY_LIST) {
                out->firewall = (const char *const *)rules->list;
                out->nfirewall = rules->nlist;
        }
        const char *lasts = NULL;
        out->firewall_lasts =
            policy_param_text(pack, "m5.firewall_lasts", day, &lasts) == GL_OK ? lasts : "";
        for (int r = ROLE_ENTERPRISE; r < ROLE_COUNT_; r++) {
                struct actor probe = {.role = (enum role)r};
                if (r != ROLE_ENTERPRISE &&
                    app_scope_case_in(app, &probe, proc, out->row.compartment, NULL, NULL) != GL_OK)
                        out->closed_to |= PROCEDURE_ROLE_BIT(r);
        }
        return GL_OK;
}

struct list_filter {
        struct app *app;
        const struct actor *who;
        int (*fn)(const struct m5_visit_row *v, void *ctx);
        void *ctx;
};

static int visible_visit(const struct m5_visit_row *v, void *p)
{
        struct list_filter *f = p;
        /* Its procedure as its county's pack declares it (its readers, its compartment). */
        const struct procedure *proc =
            procedure_find(app_pack_for(f->app, v->division), v->procedure);
        if (app_scope_case_in(f->app, f->who, proc, v->compartment, v->uscc, NULL) != GL_OK ||
            !app_scope_covers(f->app, f->who, v->division))
                return 0;
        return f->fn(v, f->ctx);
}

static int may_list(struct app *app, const struct actor *who, struct gl_error *err)
{
        int rc = app_scope_check(who, SCOPE_CASE, NULL, err);
        if (rc != GL_OK)
                return rc;
        if (!app_visit_readable(app, who))
                return gl_fail(err, GL_EPERM, "",
                               "%s无权查看“两进三送”帮扶走访：帮扶中发现的问题不进入执法 (visits "
                               "are closed to your role)",
                               role_label_zh(who->role));
        return GL_OK;
}

int app_visit_list(struct app *app, const struct actor *who, const char *state,
                   int (*fn)(const struct m5_visit_row *v, void *ctx), void *ctx,
                   struct gl_error *err)
{
        int rc = may_list(app, who, err);
        if (rc != GL_OK)
                return rc;
        struct list_filter f = {app, who, fn, ctx};
        rc = visit_store_list(app->db, app_scope_list_uscc(who, SCOPE_CASE), state, visible_visit,
                              &f);
        if (rc < 0)
                return rc == GL_ENOMEM ? app_read_failed(rc, err)
                                       : db_fail(app, "读取走访记录", err);
        return GL_OK; /* fn stopped the walk: what was read stands */
}

int app_visit_targets(struct app *app, const struct actor *who,
                      int (*fn)(const struct m5_target *t, void *ctx), void *ctx,
                      struct gl_error *err)
{
        int rc = may_list(app, who, err);
        if (rc != GL_OK)
                return rc;
        if (app_scope_list_uscc(who, SCOPE_CASE) != NULL)
                return gl_fail(err, GL_EPERM, "",
                               "走访对象清单列出全县的重点排污单位，企业用户不能查看 (the county's "
                               "list)");
        rc = visit_store_targets(app->db, fn, ctx);
        if (rc < 0)
                return rc == GL_ENOMEM ? app_read_failed(rc, err)
                                       : db_fail(app, "读取走访对象", err);
        return GL_OK; /* fn stopped the walk: what was read stands */
}
