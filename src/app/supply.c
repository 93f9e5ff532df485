/*
 * Measure 6's use cases (supply.h). Each write is one transaction: who may, the input checked
 * field by field, the rows read again inside the transaction, the change, one audit record about
 * the link (entity "supply_link", which seals the link with its targets), commit. Each read runs
 * in one read transaction, so that a review sees one state of the registry. A review judges every
 * running link with core/supply.c; for a partner that is not preferred it proposes a help target
 * and looks for alternatives: the enterprises of the registry that the running links show
 * supplying (or taking) the same product, then, for a partner of the registry, those of its
 * industry; only those the rule prefers are kept, best grade first.
 */
#include "supply.h"

#include "../core/policy.h"
#include "../core/uscc.h"
#include "../store/enterprise_store.h"
#include "alert.h"
#include "audit.h"
#include "enterprise.h"
#include "scope.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char no_link_zh[] = "没有该上下游关系 (no such supply link)";

static int db_failed(struct app *app, int rc, struct gl_error *err)
{
        if (rc == GL_ENOMEM)
                return gl_fail(err, GL_ENOMEM, "", "内存不足 (out of memory)");
        return gl_fail(err, GL_EDB, "", "数据库错误 (database error): %s", db_errmsg(app->db));
}

static bool may_record_links(const struct actor *who)
{
        return who->role == ROLE_SYSTEM || who->role == ROLE_COUNTY_OFFICER ||
               who->role == ROLE_ENTERPRISE;
}

static bool may_set_targets(const struct actor *who)
{
        return who->role == ROLE_SYSTEM || who->role == ROLE_COUNTY_OFFICER ||
               who->role == ROLE_COUNTY_LEADER;
}

static int check_recorder(const struct actor *who, struct gl_error *err)
{
        if (who == NULL || !may_record_links(who))
                return gl_fail(err, GL_EPERM, "",
                               "只有县分局工作人员和企业本身可以登记上下游关系 (only the county "
                               "officer or the enterprise itself may record supply links)");
        if (who->role == ROLE_ENTERPRISE && who->uscc[0] == '\0')
                return gl_fail(err, GL_EPERM, "",
                               "该企业用户未绑定企业 (no enterprise is bound to this user)");
        return GL_OK;
}

static int check_target_setter(const struct actor *who, struct gl_error *err)
{
        if (who == NULL || !may_set_targets(who))
                return gl_fail(err, GL_EPERM, "",
                               "只有县分局工作人员和领导可以设定帮扶目标 (only the county officer "
                               "or leader may set help targets)");
        return GL_OK;
}

static int check_today(gl_date today, struct gl_error *err)
{
        if (today == GL_DATE_NONE)
                return gl_fail(err, GL_EINVAL, "today", "需要办理日期 (a business day is needed)");
        return GL_OK;
}

/* Whether who may see the supply chain of the enterprise uscc: the rule by kind and the
 * enterprise's division within who's jurisdiction. */
static bool sees_owner(struct app *app, const struct actor *who, const char *uscc)
{
        return app_scope_check(who, SCOPE_SUPPLY, uscc, NULL) == GL_OK &&
               app_enterprise_covered(app, who, uscc);
}

/* The link id who may see, read inside the open transaction; GL_ENOTFOUND (field) otherwise. */
static int load_link(struct app *app, const struct actor *who, int64_t id, const char *field,
                     struct supply_link *out, struct gl_error *err)
{
        int rc = supply_store_link_get(app->db, id, out);
        if (rc == GL_ENOTFOUND || (rc == GL_OK && !sees_owner(app, who, out->uscc)))
                return gl_fail(err, GL_ENOTFOUND, field, "%s: %lld", no_link_zh, (long long)id);
        return rc == GL_OK ? GL_OK : db_failed(app, rc, err);
}

/* Appends the audit record about link id: detail is stolen. */
static int audit_link(struct app *app, const struct actor *who, const char *action, int64_t id,
                      json_t *detail, struct gl_error *err)
{
        char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(detail);
        if (text == NULL)
                return gl_fail(err, GL_ENOMEM, "", "内存不足 (out of memory)");
        char entity[24];
        snprintf(entity, sizeof(entity), "%lld", (long long)id);
        int rc = audit_append(app, who, action, "supply_link", entity, text, err);
        free(text);
        return rc;
}

static json_t *date_json(gl_date d)
{
        char iso[11];
        return d == GL_DATE_NONE ? json_null() : json_string(date_format_iso(d, iso));
}

/* ---- links ---- */

/* The input's own checks, before anything is read. */
static int check_link_input(const struct supply_link_input *in, struct supply_link *l,
                            struct gl_error *err)
{
        if (in->uscc == NULL || in->uscc[0] == '\0')
                return gl_fail(
                    err, GL_EINVAL, "uscc",
                    "需要正面清单企业的统一社会信用代码 (the enterprise's USCC is needed)");
        if (strlen(in->uscc) > GL_USCC_LEN)
                return gl_fail(err, GL_EINVAL, "uscc",
                               "统一社会信用代码应为 18 位 (18 characters)");
        int d = supply_direction_from_name(in->direction);
        if (d < 0)
                return gl_fail(
                    err, GL_EINVAL, "direction",
                    "'%s' 应为 upstream（上游）或 downstream（下游） (must be upstream or "
                    "downstream)",
                    in->direction ? in->direction : "");
        if (in->partner_uscc == NULL || in->partner_uscc[0] == '\0')
                return gl_fail(err, GL_EINVAL, "partner_uscc",
                               "需要合作企业的统一社会信用代码 (the partner's USCC is needed)");
        if (strlen(in->partner_uscc) > GL_USCC_LEN)
                return gl_fail(err, GL_EINVAL, "partner_uscc",
                               "统一社会信用代码应为 18 位 (18 characters)");
        int rc = supply_product_key(in->product, l->product_key, sizeof(l->product_key), err);
        if (rc == GL_OK)
                rc = supply_check_text("partner_name", "合作企业名称", in->partner_name,
                                       SUPPLY_NAME_MAX, false, false, err);
        if (rc != GL_OK)
                return rc;
        if (in->partner_grade && in->partner_grade[0] && !policy_grade_is_known(in->partner_grade))
                return gl_fail(err, GL_EINVAL, "partner_grade",
                               "'%s' 不是绩效等级 A、B、B-、C、D (not a performance grade)",
                               in->partner_grade);
        if (in->partner_positive_list < -1 || in->partner_positive_list > 1)
                return gl_fail(err, GL_EINVAL, "partner_positive_list",
                               "是否在正面清单应为是或否 (yes or no)");
        if ((rc = check_today(in->today, err)) != GL_OK)
                return rc;
        l->direction = (enum supply_direction)d;
        snprintf(l->uscc, sizeof(l->uscc), "%s", in->uscc);
        snprintf(l->partner_uscc, sizeof(l->partner_uscc), "%s", in->partner_uscc);
        snprintf(l->product, sizeof(l->product), "%s", in->product);
        l->created_on = in->today;
        return GL_OK;
}

/* The partner: read from the registry when it holds it, else as given. */
static int settle_partner(struct app *app, const struct supply_link_input *in,
                          struct supply_link *l, struct gl_error *err)
{
        if (strcmp(l->partner_uscc, l->uscc) == 0)
                return gl_fail(err, GL_EINVAL, "partner_uscc",
                               "合作企业不能是本企业自身 (the partner cannot be the enterprise "
                               "itself)");
        struct enterprise p;
        int rc = enterprise_store_get(app->db, l->partner_uscc, &p);
        if (rc != GL_OK && rc != GL_ENOTFOUND)
                return db_failed(app, rc, err);
        const char *name = in->partner_name ? in->partner_name : "";
        if (rc == GL_OK) {
                if (in->partner_grade && in->partner_grade[0])
                        return gl_fail(err, GL_EINVAL, "partner_grade",
                                       "%s 在本县企业名录内，其绩效等级以名录为准，不能另填 (the "
                                       "registry's grade applies)",
                                       p.uscc);
                if (in->partner_positive_list >= 0)
                        return gl_fail(err, GL_EINVAL, "partner_positive_list",
                                       "%s 在本县企业名录内，是否在正面清单以名录为准，不能另填 "
                                       "(the registry's list status applies)",
                                       p.uscc);
                if (name[0] && strcmp(name, p.name) != 0)
                        return gl_fail(err, GL_EINVAL, "partner_name",
                                       "%s 在本县企业名录内的名称是“%s”，与所填“%s”不符 (the "
                                       "registry names it otherwise)",
                                       p.uscc, p.name, name);
                snprintf(l->partner_name, sizeof(l->partner_name), "%s", p.name);
                l->partner_grade_known = false;
                l->partner_positive_list = -1;
                return GL_OK;
        }
        struct gl_error bad = {0};
        if (!uscc_is_valid(l->partner_uscc, &bad)) {
                char zh[256], en[256];
                gl_message_split(bad.message, zh, sizeof(zh), en, sizeof(en));
                return gl_fail(err, GL_EINVAL, "partner_uscc",
                               "合作企业不在本县企业名录内，其统一社会信用代码无效：%s (the "
                               "partner is not in the registry and its USCC is invalid: %s)",
                               zh, en);
        }
        rc = supply_check_text("partner_name", "合作企业名称", name, SUPPLY_NAME_MAX, true, false,
                               err);
        if (rc != GL_OK)
                return gl_fail(err, GL_EINVAL, "partner_name",
                               "合作企业不在本县企业名录内，需填写其名称 (a partner outside the "
                               "registry needs its name)");
        snprintf(l->partner_name, sizeof(l->partner_name), "%s", name);
        l->partner_grade_known = in->partner_grade && in->partner_grade[0];
        snprintf(l->partner_grade, sizeof(l->partner_grade), "%s",
                 l->partner_grade_known ? in->partner_grade : "");
        l->partner_positive_list = in->partner_positive_list;
        return GL_OK;
}

int app_supply_link_add(struct app *app, const struct actor *who,
                        const struct supply_link_input *in, int64_t *id, struct gl_error *err)
{
        struct supply_link l;
        memset(&l, 0, sizeof(l));
        int rc = check_recorder(who, err);
        if (rc == GL_OK)
                rc = check_link_input(in, &l, err);
        if (rc != GL_OK)
                return rc;
        if (who->role == ROLE_ENTERPRISE && strcmp(l.uscc, who->uscc) != 0)
                return gl_fail(err, GL_ENOTFOUND, "uscc", "没有该企业 (no such enterprise)");
        if ((rc = app_begin(app, err)) != GL_OK)
                return rc;
        struct enterprise owner;
        rc = enterprise_store_get(app->db, l.uscc, &owner);
        if (rc == GL_ENOTFOUND)
                rc = gl_fail(err, GL_ENOTFOUND, "uscc", "没有该企业 (no such enterprise): %s",
                             l.uscc);
        else if (rc != GL_OK)
                rc = db_failed(app, rc, err);
        else if (!app_scope_covers(app, who, owner.division))
                rc = gl_fail(err, GL_ENOTFOUND, "uscc", "没有该企业 (no such enterprise): %s",
                             l.uscc);
        else if (!owner.positive_list)
                rc = gl_fail(err, GL_ESTATE, "uscc",
                             "%s 不在生态环境监管正面清单上：措施六的上下游关系只为正面清单企业登"
                             "记 (is not on the positive list)",
                             l.uscc);
        if (rc == GL_OK)
                rc = settle_partner(app, in, &l, err);
        if (rc != GL_OK)
                goto fail;
        snprintf(l.created_by, sizeof(l.created_by), "%s", who->name);
        app_now_iso(l.created_at);
        int64_t new_id = 0;
        rc = supply_store_link_insert(app->db, &l, &new_id);
        if (rc == GL_ECONFLICT) {
                rc = gl_fail(err, GL_ECONFLICT, "partner_uscc",
                             "%s 已登记%s企业 %s 的“%s”，尚未结束 (this link is already running)",
                             l.uscc, supply_direction_label_zh(l.direction), l.partner_uscc,
                             l.product);
                goto fail;
        }
        if (rc != GL_OK) {
                rc = db_failed(app, rc, err);
                goto fail;
        }
        json_t *detail = json_pack(
            "{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:o}", "uscc", l.uscc, "direction",
            supply_direction_name(l.direction), "partner_uscc", l.partner_uscc, "partner_name",
            l.partner_name, "partner_grade",
            l.partner_grade_known ? json_string(l.partner_grade) : json_null(),
            "partner_positive_list",
            l.partner_positive_list < 0 ? json_null() : json_boolean(l.partner_positive_list),
            "product", l.product, "on", date_json(l.created_on));
        if ((rc = audit_link(app, who, "supply.link.add", new_id, detail, err)) != GL_OK)
                goto fail;
        if ((rc = app_commit(app, err)) != GL_OK)
                return rc;
        if (id)
                *id = new_id;
        return GL_OK;
fail:
        app_rollback(app);
        return rc;
}

struct collect_targets {
        struct supply_target *items;
        size_t n, cap;
};

static int collect_target(const struct supply_target *t, void *ctx)
{
        struct collect_targets *c = ctx;
        struct supply_target *grown = gl_grow(c->items, c->n, &c->cap, sizeof(*grown), 4);
        if (grown == NULL)
                return GL_ENOMEM;
        c->items = grown;
        c->items[c->n++] = *t;
        return 0;
}

int app_supply_link_end(struct app *app, const struct actor *who, int64_t id, const char *reason,
                        gl_date today, struct gl_error *err)
{
        int rc = check_recorder(who, err);
        if (rc == GL_OK)
                rc = supply_check_text("reason", "结束理由", reason, SUPPLY_TEXT_MAX, false, true,
                                       err);
        if (rc == GL_OK)
                rc = check_today(today, err);
        if (rc != GL_OK || (rc = app_begin(app, err)) != GL_OK)
                return rc;
        struct supply_link l;
        struct collect_targets targets = {0};
        if ((rc = load_link(app, who, id, "id", &l, err)) != GL_OK)
                goto fail;
        char iso[11];
        if (l.ended) {
                rc = gl_fail(err, GL_ESTATE, "id",
                             "上下游关系 %lld 已于 %s 结束 (the link has ended)", (long long)id,
                             date_format_iso(l.ended_on, iso));
                goto fail;
        }
        if (today < l.created_on) {
                rc = gl_fail(err, GL_EINVAL, "today",
                             "结束日期早于登记日期 %s (before the day the link was recorded)",
                             date_format_iso(l.created_on, iso));
                goto fail;
        }
        char now[24];
        app_now_iso(now);
        rc = supply_store_targets(app->db, id, collect_target, &targets);
        if (rc == GL_OK)
                rc = supply_store_link_end(app->db, id, who->name, today, now, reason);
        json_t *dropped = json_array();
        for (size_t i = 0; rc == GL_OK && i < targets.n; i++) {
                if (strcmp(targets.items[i].status, "open") != 0)
                        continue;
                rc = supply_store_target_close(app->db, targets.items[i].id, "dropped", who->name,
                                               today, now, "上下游关系已结束");
                json_array_append_new(dropped, json_integer(targets.items[i].id));
        }
        if (rc != GL_OK) {
                json_decref(dropped);
                rc = db_failed(app, rc, err);
                goto fail;
        }
        json_t *detail = json_pack("{s:s, s:o, s:o}", "reason", reason ? reason : "", "on",
                                   date_json(today), "dropped_targets", dropped);
        if ((rc = audit_link(app, who, "supply.link.end", id, detail, err)) != GL_OK)
                goto fail;
        free(targets.items);
        return app_commit(app, err);
fail:
        free(targets.items);
        app_rollback(app);
        return rc;
}

void supply_link_view_clear(struct supply_link_view *v)
{
        if (v == NULL)
                return;
        free(v->targets);
        v->targets = NULL;
        v->ntargets = 0;
}

/* Fills v with link l and its targets. */
static int view_of(struct app *app, const struct supply_link *l, struct supply_link_view *v)
{
        struct collect_targets c = {0};
        int rc = supply_store_targets(app->db, l->id, collect_target, &c);
        if (rc != GL_OK) {
                free(c.items);
                return rc;
        }
        v->link = *l;
        v->targets = c.items;
        v->ntargets = c.n;
        return GL_OK;
}

int app_supply_link_get(struct app *app, const struct actor *who, int64_t id,
                        struct supply_link_view *out, struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        int rc = app_scope_check(who, SCOPE_SUPPLY, NULL, err);
        if (rc != GL_OK)
                return rc;
        if (db_begin_read(app->db) != GL_OK)
                return db_failed(app, GL_EDB, err);
        struct supply_link l;
        rc = load_link(app, who, id, "id", &l, err);
        if (rc == GL_OK && (rc = view_of(app, &l, out)) != GL_OK)
                rc = db_failed(app, rc, err);
        db_rollback(app->db);
        return rc;
}

struct collect_links {
        struct supply_link *items;
        size_t n, cap;
};

static int collect_link(const struct supply_link *l, void *ctx)
{
        struct collect_links *c = ctx;
        struct supply_link *grown = gl_grow(c->items, c->n, &c->cap, sizeof(*grown), 16);
        if (grown == NULL)
                return GL_ENOMEM;
        c->items = grown;
        c->items[c->n++] = *l;
        return 0;
}

/* Which enterprise a read is about: uscc when given (GL_ENOTFOUND unless who sees it and it
 * exists), else the one who is narrowed to, else every one (NULL). Inside the read. */
static int reading_of(struct app *app, const struct actor *who, const char *uscc, const char **only,
                      struct enterprise *e, struct gl_error *err)
{
        int rc = app_scope_check(who, SCOPE_SUPPLY, uscc && uscc[0] ? uscc : NULL, err);
        if (rc == GL_ENOTFOUND) /* another enterprise's: as one that does not exist */
                return gl_fail(err, GL_ENOTFOUND, "uscc", "没有该企业 (no such enterprise)");
        if (rc != GL_OK)
                return rc;
        if (uscc == NULL || uscc[0] == '\0') {
                *only = app_scope_list_uscc(who, SCOPE_SUPPLY);
                return GL_OK;
        }
        rc = enterprise_store_get(app->db, uscc, e);
        if (rc == GL_OK && !app_scope_covers(app, who, e->division))
                rc = GL_ENOTFOUND;
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_ENOTFOUND, "uscc", "没有该企业 (no such enterprise)");
        if (rc != GL_OK)
                return db_failed(app, rc, err);
        *only = uscc;
        return GL_OK;
}

int app_supply_links(struct app *app, const struct actor *who, const char *uscc, bool with_ended,
                     int (*fn)(const struct supply_link_view *v, void *ctx), void *ctx,
                     struct gl_error *err)
{
        if (db_begin_read(app->db) != GL_OK)
                return db_failed(app, GL_EDB, err);
        const char *only = NULL;
        struct enterprise e;
        struct collect_links c = {0};
        int rc = reading_of(app, who, uscc, &only, &e, err);
        if (rc == GL_OK) {
                struct supply_link_query q = {only, with_ended};
                if ((rc = supply_store_links(app->db, &q, collect_link, &c)) != GL_OK)
                        rc = db_failed(app, rc, err);
        }
        for (size_t i = 0; rc == GL_OK && i < c.n; i++) {
                if (!sees_owner(app, who, c.items[i].uscc))
                        continue; /* another jurisdiction's */
                struct supply_link_view v = {0};
                if ((rc = view_of(app, &c.items[i], &v)) != GL_OK) {
                        rc = db_failed(app, rc, err);
                        break;
                }
                int r = fn(&v, ctx);
                supply_link_view_clear(&v);
                if (r < 0)
                        rc = app_read_failed(r, err);
                if (r != 0)
                        break;
        }
        free(c.items);
        db_rollback(app->db);
        return rc;
}

/* ---- help targets ---- */

/* The pack measure 6's rule comes from for the positive-list enterprise uscc: its county's (the
 * reader's county's when uscc is NULL or not in the registry). */
static const struct policy_pack *owner_pack(struct app *app, const struct actor *who,
                                            const char *uscc)
{
        struct enterprise e;
        if (uscc && uscc[0] && enterprise_store_get(app->db, uscc, &e) == GL_OK)
                return app_pack_for(app, e.division);
        return app_scope_pack(app, who);
}

int app_supply_target_add(struct app *app, const struct actor *who, int64_t link_id,
                          const char *target, gl_date today, int64_t *id, struct gl_error *err)
{
        int rc = check_target_setter(who, err);
        if (rc == GL_OK)
                rc = supply_check_text("target", "帮扶目标", target, SUPPLY_TEXT_MAX, true, true,
                                       err);
        if (rc == GL_OK)
                rc = check_today(today, err);
        if (rc != GL_OK)
                return rc;
        if ((rc = app_begin(app, err)) != GL_OK)
                return rc;
        struct supply_link l;
        char iso[11];
        if ((rc = load_link(app, who, link_id, "link_id", &l, err)) != GL_OK)
                goto fail;
        /* The rule of the positive-list enterprise's county's pack. */
        struct supply_verdict rule;
        if ((rc = supply_rule(owner_pack(app, who, l.uscc), today, &rule, err)) != GL_OK)
                goto fail;
        if (!rule.reviewed) {
                rc = gl_fail(err, GL_ESTATE, "today",
                             "措施六已过兑现期间，按 m6.review_after_window = 0 不再设定帮扶目标 "
                             "(measure 6 is over)");
                goto fail;
        }
        if (l.ended) {
                rc = gl_fail(err, GL_ESTATE, "link_id",
                             "上下游关系 %lld 已于 %s 结束 (the link has ended)",
                             (long long)link_id, date_format_iso(l.ended_on, iso));
                goto fail;
        }
        if (today < l.created_on) {
                rc = gl_fail(err, GL_EINVAL, "today",
                             "设定日期早于上下游关系的登记日期 %s (before the link was recorded)",
                             date_format_iso(l.created_on, iso));
                goto fail;
        }
        struct supply_target t;
        memset(&t, 0, sizeof(t));
        t.link_id = link_id;
        snprintf(t.target, sizeof(t.target), "%s", target);
        snprintf(t.created_by, sizeof(t.created_by), "%s", who->name);
        t.created_on = today;
        app_now_iso(t.created_at);
        int64_t new_id = 0;
        if ((rc = supply_store_target_insert(app->db, &t, &new_id)) != GL_OK) {
                rc = db_failed(app, rc, err);
                goto fail;
        }
        json_t *detail = json_pack("{s:I, s:s, s:o}", "target_id", (json_int_t)new_id, "target",
                                   target, "on", date_json(today));
        if ((rc = audit_link(app, who, "supply.target.add", link_id, detail, err)) != GL_OK)
                goto fail;
        if ((rc = app_commit(app, err)) != GL_OK)
                return rc;
        if (id)
                *id = new_id;
        return GL_OK;
fail:
        app_rollback(app);
        return rc;
}

int app_supply_target_close(struct app *app, const struct actor *who, int64_t id,
                            const char *status, const char *note, gl_date today,
                            struct gl_error *err)
{
        int rc = check_target_setter(who, err);
        if (rc != GL_OK)
                return rc;
        if (status == NULL || (strcmp(status, "met") != 0 && strcmp(status, "dropped") != 0))
                return gl_fail(err, GL_EINVAL, "status",
                               "'%s' 应为 met（已达到）或 dropped（不再帮扶） (must be met or "
                               "dropped)",
                               status ? status : "");
        rc = supply_check_text("note", "说明", note, SUPPLY_TEXT_MAX, false, true, err);
        if (rc == GL_OK)
                rc = check_today(today, err);
        if (rc != GL_OK || (rc = app_begin(app, err)) != GL_OK)
                return rc;
        struct supply_target t;
        struct supply_link l;
        char iso[11];
        rc = supply_store_target_get(app->db, id, &t);
        if (rc == GL_OK)
                rc = supply_store_link_get(app->db, t.link_id, &l);
        if (rc == GL_ENOTFOUND || (rc == GL_OK && !sees_owner(app, who, l.uscc))) {
                rc = gl_fail(err, GL_ENOTFOUND, "id", "没有该帮扶目标 (no such help target): %lld",
                             (long long)id);
                goto fail;
        }
        if (rc != GL_OK) {
                rc = db_failed(app, rc, err);
                goto fail;
        }
        if (strcmp(t.status, "open") != 0) {
                rc = gl_fail(err, GL_ESTATE, "id",
                             "帮扶目标 %lld 已于 %s 关闭（%s） (the target is closed)",
                             (long long)id, date_format_iso(t.closed_on, iso), t.status);
                goto fail;
        }
        if (today < t.created_on) {
                rc = gl_fail(err, GL_EINVAL, "today",
                             "关闭日期早于帮扶目标的设定日期 %s (before the target was set)",
                             date_format_iso(t.created_on, iso));
                goto fail;
        }
        char now[24];
        app_now_iso(now);
        if ((rc = supply_store_target_close(app->db, id, status, who->name, today, now, note)) !=
            GL_OK) {
                rc = db_failed(app, rc, err);
                goto fail;
        }
        json_t *detail = json_pack("{s:I, s:s, s:s, s:o}", "target_id", (json_int_t)id, "status",
                                   status, "note", note ? note : "", "on", date_json(today));
        if ((rc = audit_link(app, who, "supply.target.close", t.link_id, detail, err)) != GL_OK)
                goto fail;
        return app_commit(app, err);
fail:
        app_rollback(app);
        return rc;
}

int app_supply_target_get(struct app *app, const struct actor *who, int64_t id,
                          struct supply_target *out, struct gl_error *err)
{
        int rc = app_scope_check(who, SCOPE_SUPPLY, NULL, err);
        if (rc != GL_OK)
                return rc;
        if (db_begin_read(app->db) != GL_OK)
                return db_failed(app, GL_EDB, err);
        struct supply_target t;
        struct supply_link l;
        rc = supply_store_target_get(app->db, id, &t);
        if (rc == GL_OK)
                rc = supply_store_link_get(app->db, t.link_id, &l);
        db_rollback(app->db);
        if (rc == GL_ENOTFOUND || (rc == GL_OK && !sees_owner(app, who, l.uscc)))
                return gl_fail(err, GL_ENOTFOUND, "id",
                               "没有该帮扶目标 (no such help target): %lld", (long long)id);
        if (rc != GL_OK)
                return db_failed(app, rc, err);
        *out = t;
        return GL_OK;
}

/* ---- the review ---- */

static struct supply_partner partner_of(const struct supply_link *l)
{
        return (struct supply_partner){.uscc = l->partner_uscc,
                                       .name = l->partner_name,
                                       .in_registry = l->partner_in_registry,
                                       .industry = l->partner_industry,
                                       .grade_known = l->partner_grade_known,
                                       .grade = l->partner_grade,
                                       .positive_list = l->partner_positive_list};
}

/* A grade's place for ordering alternatives: A first, none last. */
static int grade_order(const char *g)
{
        static const char *const order[] = {"D", "C", "B-", "B", "A"};
        for (int i = 0; i < (int)GL_ARRAY_LEN(order); i++)
                if (strcmp(order[i], g) == 0)
                        return i;
        return -1;
}

struct alternatives {
        struct app *app;
        const struct policy_pack *pack; /* the positive-list enterprise's county's */
        const struct supply_link *link;
        gl_date today;
        const char *basis;
        struct supply_alternative *items;
        size_t n, cap;
        size_t by_product, by_industry; /* preferred ones found each way */
        int failed;                     /* a status that stopped the search */
        struct gl_error *err;
};

static bool already_listed(const struct alternatives *a, const char *uscc)
{
        for (size_t i = 0; i < a->n; i++)
                if (strcmp(a->items[i].c.uscc, uscc) == 0)
                        return true;
        return false;
}

static int consider(const struct supply_candidate *c, void *ctx)
{
        struct alternatives *a = ctx;
        const struct supply_link *l = a->link;
        if (strcmp(c->uscc, l->uscc) == 0 || strcmp(c->uscc, l->partner_uscc) == 0 ||
            already_listed(a, c->uscc))
                return 0;
        struct supply_partner p = {.uscc = c->uscc,
                                   .name = c->name,
                                   .in_registry = true,
                                   .industry = c->industry,
                                   .grade_known = true,
                                   .grade = c->grade,
                                   .positive_list = c->positive_list};
        struct supply_verdict v;
        int rc = supply_judge(a->pack, &p, a->today, &v, a->err);
        if (rc != GL_OK)
                return a->failed = rc;
        if (!v.preferred)
                return 0;
        struct supply_alternative *grown = gl_grow(a->items, a->n, &a->cap, sizeof(*grown), 8);
        if (grown == NULL)
                return a->failed = GL_ENOMEM;
        a->items = grown;
        struct supply_alternative *alt = &a->items[a->n++];
        memset(alt, 0, sizeof(*alt));
        alt->c = *c;
        alt->basis = a->basis;
        alt->reason = v.reason;
        bool supplies = l->direction == SUPPLY_UPSTREAM;
        if (strcmp(a->basis, "product") == 0) {
                a->by_product++;
                snprintf(alt->how, sizeof(alt->how), "在本县登记的 %lld 条上下游关系中%s“%s”",
                         (long long)c->links, supplies ? "供应" : "采购", l->product);
        } else {
                a->by_industry++;
                const struct policy_industry *ind = policy_industry_find(a->pack, c->industry);
                snprintf(alt->how, sizeof(alt->how), "与%s同属“%s”行业（未登记其产品，按行业列出）",
                         l->partner_name, ind ? ind->name_zh : c->industry);
        }
        const char *g = c->grade[0] ? c->grade : "未评级";
        size_t used = strlen(alt->how);
        snprintf(alt->how + used, sizeof(alt->how) - used, "；%s%s", v.grade_ok ? "绩效等级 " : "",
                 v.grade_ok ? g : "正面清单企业");
        if (v.grade_ok && v.list_ok) {
                used = strlen(alt->how);
                snprintf(alt->how + used, sizeof(alt->how) - used, "，正面清单企业");
        }
        return 0;
}

static int by_preference(const void *x, const void *y)
{
        const struct supply_alternative *a = x, *b = y;
        int basis = strcmp(a->basis, b->basis); /* "industry" < "product" */
        if (basis != 0)
                return -basis;
        int ga = grade_order(a->c.grade), gb = grade_order(b->c.grade);
        if (ga != gb)
                return gb - ga;
        if (a->c.positive_list != b->c.positive_list)
                return b->c.positive_list - a->c.positive_list;
        return strcmp(a->c.uscc, b->c.uscc);
}

/* The alternatives of a partner that is not preferred, and how they were looked for. */
static int find_alternatives(struct app *app, const struct policy_pack *pack, gl_date today,
                             struct supply_review_partner *rp, struct gl_error *err)
{
        const struct supply_link *l = &rp->v.link;
        struct alternatives a = {
            .app = app, .pack = pack, .link = l, .today = today, .basis = "product", .err = err};
        int rc = supply_store_by_product(app->db, l->product_key, l->direction, consider, &a);
        bool industry = l->partner_in_registry && l->partner_industry[0];
        if (rc == GL_OK && a.failed == GL_OK && industry) {
                a.basis = "industry";
                rc = supply_store_by_industry(app->db, l->partner_industry, consider, &a);
        }
        if (a.failed != GL_OK) {
                free(a.items);
                return a.failed == GL_ENOMEM ? db_failed(app, GL_ENOMEM, err) : a.failed;
        }
        if (rc != GL_OK) {
                free(a.items);
                return db_failed(app, rc, err);
        }
        if (a.n > 1)
                qsort(a.items, a.n, sizeof(*a.items), by_preference);
        for (size_t i = 0; i < a.n && i < SUPPLY_ALTERNATIVES_MAX; i++) {
                bool is = false;
                if ((rc = supply_store_is_partner(app->db, l->uscc, l->direction, a.items[i].c.uscc,
                                                  &is)) != GL_OK) {
                        free(a.items);
                        return db_failed(app, rc, err);
                }
                a.items[i].already_partner = is;
        }
        rp->alternatives = a.items;
        rp->nalternatives = a.n < SUPPLY_ALTERNATIVES_MAX ? a.n : SUPPLY_ALTERNATIVES_MAX;
        rp->more_alternatives = a.n - rp->nalternatives;
        const char *role = l->direction == SUPPLY_UPSTREAM ? "供应" : "采购";
        int n = snprintf(rp->alternatives_how, sizeof(rp->alternatives_how),
                         "按产品“%s”在本县登记的上下游关系中查找%s此产品的企业，其中优先选择的企业 "
                         "%zu 家",
                         l->product, role, a.by_product);
        const struct policy_industry *ind =
            industry ? policy_industry_find(pack, l->partner_industry) : NULL;
        if (n > 0 && (size_t)n < sizeof(rp->alternatives_how)) {
                if (industry)
                        snprintf(rp->alternatives_how + n, sizeof(rp->alternatives_how) - (size_t)n,
                                 "；再按%s所属行业“%s”查找本县同行业的优先企业 %zu 家。",
                                 l->partner_name, ind ? ind->name_zh : l->partner_industry,
                                 a.by_industry);
                else
                        snprintf(rp->alternatives_how + n, sizeof(rp->alternatives_how) - (size_t)n,
                                 "；该企业不在本县企业名录内，行业未知，只按产品查找。");
        }
        return GL_OK;
}

static void partner_clear(struct supply_review_partner *rp)
{
        supply_link_view_clear(&rp->v);
        free(rp->alternatives);
        rp->alternatives = NULL;
}

static void enterprise_clear(struct supply_review_enterprise *re)
{
        for (size_t i = 0; i < re->npartners; i++)
                partner_clear(&re->partners[i]);
        free(re->partners);
        re->partners = NULL;
        re->npartners = 0;
}

void supply_review_free(struct supply_review *r)
{
        if (r == NULL)
                return;
        for (size_t i = 0; i < r->n; i++)
                enterprise_clear(&r->enterprises[i]);
        free(r->enterprises);
        free(r);
}

/* Judges one running link of an enterprise. */
/* The partner's measure under the alert in force on today, and a line saying it. */
static int partner_alert(struct app *app, gl_date today, const struct supply_link *l,
                         struct supply_review_partner *rp, struct gl_error *err)
{
        struct alert_unit_measure *m = &rp->alert;
        if (!l->partner_in_registry) {
                snprintf(rp->alert_line, sizeof(rp->alert_line),
                         "重污染天气预警：合作企业不在本县企业名录，本县预警对其要求不明");
                return GL_OK;
        }
        int rc = alert_unit_on(app, l->partner_uscc, 0, today, m, err);
        if (rc == GL_ENOTFOUND) {
                gl_error_clear(err);
                snprintf(rp->alert_line, sizeof(rp->alert_line),
                         "重污染天气预警：合作企业不在本县企业名录，本县预警对其要求不明");
                return GL_OK;
        }
        if (rc != GL_OK)
                return rc;
        rp->alert_known = true;
        if (!m->in_alert) {
                snprintf(rp->alert_line, sizeof(rp->alert_line),
                         "重污染天气预警：当日没有覆盖合作企业所在乡镇的预警，正常生产");
                return GL_OK;
        }
        char what[256];
        if (m->halted)
                snprintf(what, sizeof(what), "停产，供货（或收货）可能中断");
        else if (m->limit_percent > 0)
                snprintf(what, sizeof(what), "限产 %d%%，供货（或收货）可能减少", m->limit_percent);
        else if (m->production_limited)
                snprintf(what, sizeof(what), "停止部分涉气工序，供货（或收货）可能减少");
        else if (m->trucks_limited)
                snprintf(what, sizeof(what), "禁用国四及以下重型柴油货车运输，运输可能受影响");
        else if (m->own_choice)
                snprintf(what, sizeof(what), "自主采取减排措施，不限产、不停产");
        else
                snprintf(what, sizeof(what), "无管控要求");
        snprintf(rp->alert_line, sizeof(rp->alert_line),
                 "重污染天气预警：预警 %lld 第 %d 版 %s 当日覆盖合作企业，对其要求为%s%s%s%s",
                 (long long)m->alert_id, m->alert_version, alert_level_label_zh(m->level), what,
                 m->row[0] ? "（管控表 " : "", m->row, m->row[0] ? "）" : "");
        return GL_OK;
}

/* A partner of a positive-list enterprise, judged by pack (that enterprise's county's). */
static int review_partner(struct app *app, const struct policy_pack *pack, gl_date today,
                          const struct supply_link *l, struct supply_review_partner *rp,
                          struct gl_error *err)
{
        int rc = view_of(app, l, &rp->v);
        if (rc != GL_OK)
                return db_failed(app, rc, err);
        if ((rc = partner_alert(app, today, l, rp, err)) != GL_OK)
                return rc; /* alert_unit_on has said why */
        struct supply_partner p = partner_of(l);
        if ((rc = supply_judge(pack, &p, today, &rp->verdict, err)) != GL_OK)
                return rc;
        for (size_t i = 0; i < rp->v.ntargets; i++)
                rp->open_targets += strcmp(rp->v.targets[i].status, "open") == 0;
        if (rp->verdict.preferred || !rp->verdict.reviewed)
                return GL_OK;
        rp->needs_target = rp->open_targets == 0;
        supply_suggest_target(&p, &rp->verdict, rp->suggested_target, sizeof(rp->suggested_target));
        return find_alternatives(app, pack, today, rp, err);
}

static int review_enterprise(struct app *app, gl_date today, const struct enterprise *e,
                             struct supply_review_enterprise *re, struct gl_error *err)
{
        struct collect_links c = {0};
        struct supply_link_query q = {e->uscc, false};
        re->e = *e;
        int rc = supply_store_links(app->db, &q, collect_link, &c);
        if (rc != GL_OK) {
                free(c.items);
                return db_failed(app, rc, err);
        }
        re->partners = c.n ? calloc(c.n, sizeof(*re->partners)) : NULL;
        if (c.n && re->partners == NULL) {
                free(c.items);
                return db_failed(app, GL_ENOMEM, err);
        }
        for (size_t i = 0; rc == GL_OK && i < c.n; i++) {
                struct supply_review_partner *rp = &re->partners[i];
                re->npartners++;
                rc = review_partner(app, app_pack_for(app, e->division), today, &c.items[i], rp,
                                    err);
                re->not_preferred += rp->verdict.reviewed && !rp->verdict.preferred;
                re->needs_target += rp->needs_target;
                re->open_targets += rp->open_targets;
                if (rp->alert_known && rp->alert.in_alert) {
                        re->partners_halted += rp->alert.halted;
                        re->partners_restricted += rp->alert.restricted;
                }
        }
        free(c.items);
        return rc;
}

struct owners {
        char (*uscc)[19];
        size_t n, cap;
};

static int collect_owner(const char *uscc, void *ctx)
{
        struct owners *o = ctx;
        char(*grown)[19] = gl_grow(o->uscc, o->n, &o->cap, sizeof(*grown), 16);
        if (grown == NULL)
                return GL_ENOMEM;
        o->uscc = grown;
        snprintf(o->uscc[o->n++], 19, "%s", uscc);
        return 0;
}

static int review_all(struct app *app, const struct actor *who, gl_date today, const char *only,
                      struct supply_review *r, struct gl_error *err)
{
        struct owners o = {0};
        /* The reader's jurisdiction: its enterprises, and the count of those without a partner. */
        struct scope_division within;
        app_scope_list_division(app, who, &within);
        int rc = supply_store_linked_owners(app->db, only, within.prefix, collect_owner, &o,
                                            &r->unlinked);
        if (rc != GL_OK) {
                free(o.uscc);
                return db_failed(app, rc, err);
        }
        r->enterprises = o.n ? calloc(o.n, sizeof(*r->enterprises)) : NULL;
        if (o.n && r->enterprises == NULL)
                rc = db_failed(app, GL_ENOMEM, err);
        for (size_t i = 0; rc == GL_OK && i < o.n; i++) {
                struct enterprise e;
                if ((rc = enterprise_store_get(app->db, o.uscc[i], &e)) != GL_OK) {
                        rc = db_failed(app, rc, err);
                        break;
                }
                if (!app_scope_covers(app, who, e.division))
                        continue; /* another jurisdiction's */
                rc = review_enterprise(app, today, &e, &r->enterprises[r->n++], err);
        }
        free(o.uscc);
        return rc;
}

int app_supply_review(struct app *app, const struct actor *who, const char *uscc, gl_date today,
                      struct supply_review **out, struct gl_error *err)
{
        *out = NULL;
        int rc = check_today(today, err);
        if (rc != GL_OK)
                return rc;
        struct supply_review *r = calloc(1, sizeof(*r));
        if (r == NULL)
                return db_failed(app, GL_ENOMEM, err);
        r->today = today;
        /* The rule of the enterprise's county's pack, or of the reader's county's for its review.
         */
        const struct policy_pack *pack = owner_pack(app, who, uscc);
        snprintf(r->pack_id, sizeof(r->pack_id), "%s", pack->id);
        r->pack_version = pack->version;
        if ((rc = supply_rule(pack, today, &r->rule, err)) != GL_OK) {
                free(r);
                return rc;
        }
        if (db_begin_read(app->db) != GL_OK) {
                free(r);
                return db_failed(app, GL_EDB, err);
        }
        const char *only = NULL;
        struct enterprise e;
        rc = reading_of(app, who, uscc, &only, &e, err);
        if (rc == GL_OK && uscc && uscc[0]) {
                r->enterprises = calloc(1, sizeof(*r->enterprises));
                if (r->enterprises == NULL) {
                        rc = db_failed(app, GL_ENOMEM, err);
                } else {
                        r->n = 1;
                        rc = review_enterprise(app, today, &e, r->enterprises, err);
                        r->unlinked = e.positive_list && r->enterprises[0].npartners == 0;
                }
        } else if (rc == GL_OK) {
                rc = review_all(app, who, today, only, r, err);
        }
        db_rollback(app->db);
        if (rc != GL_OK) {
                supply_review_free(r);
                return rc;
        }
        *out = r;
        return GL_OK;
}

/* ---- help targets turned into service visits (measure 5) ---- */

int app_supply_target_visitable(struct app *app, int64_t id, const char *uscc, gl_date today,
                                const char *field, struct supply_link *link, struct gl_error *err)
{
        struct supply_target t;
        struct supply_link l;
        int rc = supply_store_target_get(app->db, id, &t);
        if (rc == GL_OK)
                rc = supply_store_link_get(app->db, t.link_id, &l);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_EINVAL, field, "没有帮扶目标 %lld (no such help target)",
                               (long long)id);
        if (rc != GL_OK)
                return db_failed(app, rc, err);
        if (strcmp(t.status, "open") != 0)
                return gl_fail(err, GL_EINVAL, field,
                               "帮扶目标 %lld 已关闭（%s） (the help target is closed)",
                               (long long)id, t.status);
        if (t.visit_case_id != 0)
                return gl_fail(err, GL_EINVAL, field,
                               "帮扶目标 %lld 已安排走访 %lld (a visit is planned for it)",
                               (long long)id, (long long)t.visit_case_id);
        if (l.ended)
                return gl_fail(err, GL_EINVAL, field,
                               "帮扶目标 %lld 所在的上下游关系已结束 (its link has ended)",
                               (long long)id);
        if (today < t.created_on) {
                char iso[11];
                return gl_fail(err, GL_EINVAL, field,
                               "帮扶目标 %lld 设定于 %s，走访计划不能早于该日 (the plan is dated "
                               "before the target was set)",
                               (long long)id, date_format_iso(t.created_on, iso));
        }
        if (!l.partner_in_registry || strcmp(l.partner_uscc, uscc ? uscc : "") != 0)
                return gl_fail(err, GL_EINVAL, field,
                               "帮扶目标 %lld 帮扶的是 %s（%s），不是 %s (the target helps another "
                               "enterprise)",
                               (long long)id, l.partner_name, l.partner_uscc, uscc ? uscc : "");
        if (link)
                *link = l;
        return GL_OK;
}

int app_supply_target_planned(struct app *app, const struct actor *who, int64_t id, int64_t case_id,
                              struct gl_error *err)
{
        struct supply_target t;
        int rc = supply_store_target_get(app->db, id, &t);
        if (rc == GL_OK)
                rc = supply_store_target_set_visit(app->db, id, case_id);
        if (rc == GL_ESTATE)
                return gl_fail(err, GL_ESTATE, "help_target",
                               "帮扶目标 %lld 已关闭或已安排走访 (closed, or planned already)",
                               (long long)id);
        if (rc != GL_OK)
                return db_failed(app, rc, err);
        json_t *detail =
            json_pack("{s:I, s:I}", "target", (json_int_t)id, "visit_case_id", (json_int_t)case_id);
        return audit_link(app, who, "supply.target_visit", t.link_id, detail, err);
}
