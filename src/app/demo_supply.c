/*
 * Supply-chain links for the demo county (app_demo_supply, supply.h): two enterprises of the
 * positive list — the first the one the demo's clerk works for when it is on the list — are given
 * partners in every state the review knows: preferred by grade, preferred by the list, below B
 * with an open help target, below B with none yet (the review suggests one), a partner outside the
 * county whose grade is not known, one outside graded and listed, a target met, a link ended with
 * its target dropped. Partners are drawn from the registry in USCC order by industry and grade, so
 * that the same county gives the same links; a link whose kind of partner the county lacks is left
 * out. Products follow the supplier's industry. Every change goes through the use cases of
 * app/supply.c, checked and audited like any other, dated back from today.
 */
#include "supply.h"

#include "../core/policy.h"
#include "../store/enterprise_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What an enterprise of each industry supplies. */
static const struct {
        const char *industry;
        const char *product;
} products[] = {
    {"steel_long", "钢坯"},       {"foundry", "铸件"},
    {"cement", "水泥熟料"},       {"coking", "冶金焦炭"},
    {"lime_kiln", "冶金石灰"},    {"glass", "平板玻璃"},
    {"ceramics", "耐火材料"},     {"chemical", "工业液碱"},
    {"pharmaceutical", "原料药"}, {"building_materials", "砂石骨料"},
    {"paper", "包装纸板"},        {"other", "配套加工服务"},
};

static const char *product_of(const char *industry)
{
        for (size_t i = 0; i < GL_ARRAY_LEN(products); i++)
                if (strcmp(products[i].industry, industry) == 0)
                        return products[i].product;
        return "配套服务";
}

struct registry {
        struct enterprise *items;
        size_t n, cap;
};

static int keep(const struct enterprise *e, void *ctx)
{
        struct registry *r = ctx;
        struct enterprise *grown = gl_grow(r->items, r->n, &r->cap, sizeof(*grown), 256);
        if (grown == NULL)
                return GL_ENOMEM;
        r->items = grown;
        r->items[r->n++] = *e;
        return 0;
}

/* The kind of partner a link wants. */
enum want {
        WANT_ANY,
        WANT_AT_LEAST_B, /* A or B */
        WANT_BELOW_B,    /* B-, C or D */
        WANT_UNGRADED,
};

struct picked {
        const struct enterprise *used[16];
        size_t n;
};

static bool grade_fits(const char *g, enum want w)
{
        switch (w) {
        case WANT_AT_LEAST_B:
                return strcmp(g, "A") == 0 || strcmp(g, "B") == 0;
        case WANT_BELOW_B:
                return strcmp(g, "B-") == 0 || strcmp(g, "C") == 0 || strcmp(g, "D") == 0;
        case WANT_UNGRADED:
                return g[0] == '\0';
        case WANT_ANY:
        default:
                return true;
        }
}

/* The first enterprise of the registry of industry (NULL: any) whose grade fits and whose list
 * status is list (-1: either), not taken yet; NULL when there is none. */
static const struct enterprise *pick(const struct registry *r, struct picked *p,
                                     const char *industry, enum want w, int list)
{
        for (size_t i = 0; i < r->n; i++) {
                const struct enterprise *e = &r->items[i];
                bool taken = false;
                for (size_t k = 0; k < p->n && !taken; k++)
                        taken = p->used[k] == e;
                if (taken || (industry && strcmp(e->industry, industry) != 0) ||
                    !grade_fits(e->grade, w) || (list >= 0 && e->positive_list != (list == 1)))
                        continue;
                if (p->n < GL_ARRAY_LEN(p->used))
                        p->used[p->n++] = e;
                return e;
        }
        return NULL;
}

/* pick in industry, else in any industry. */
static const struct enterprise *pick_any(const struct registry *r, struct picked *p,
                                         const char *industry, enum want w, int list)
{
        const struct enterprise *e = pick(r, p, industry, w, list);
        return e ? e : pick(r, p, NULL, w, list);
}

struct demo {
        struct app *app;
        gl_date today;
        struct actor county, leader, clerk;
        int64_t links;
        struct gl_error *err;
};

/* Records a link of owner with partner e (or the outside partner given), dated ago days back. */
static int add(struct demo *d, const struct enterprise *owner, enum supply_direction dir,
               const struct enterprise *e, const struct supply_link_input *outside, int ago,
               bool by_clerk, int64_t *id)
{
        struct supply_link_input in = {0};
        if (outside)
                in = *outside;
        in.uscc = owner->uscc;
        in.direction = supply_direction_name(dir);
        if (e) {
                in.partner_uscc = e->uscc;
                in.partner_positive_list = -1;
        }
        if (in.product == NULL)
                in.product = product_of(dir == SUPPLY_UPSTREAM ? e->industry : owner->industry);
        in.today = d->today - ago;
        struct actor clerk = d->clerk;
        snprintf(clerk.uscc, sizeof(clerk.uscc), "%s", owner->uscc);
        int rc = app_supply_link_add(d->app, by_clerk ? &clerk : &d->county, &in, id, d->err);
        d->links += rc == GL_OK;
        return rc;
}

static int target(struct demo *d, int64_t link, const char *text, int ago, bool by_leader,
                  int64_t *id)
{
        return app_supply_target_add(d->app, by_leader ? &d->leader : &d->county, link, text,
                                     d->today - ago, id, d->err);
}

/* The first owner's partners: one in every state. */
static int first_owner(struct demo *d, const struct registry *r, struct picked *p,
                       const struct enterprise *o)
{
        int64_t id = 0, t = 0;
        int rc = GL_OK;
        char text[512];
        const struct enterprise *lime_good = pick_any(r, p, "lime_kiln", WANT_AT_LEAST_B, 0);
        const struct enterprise *lime_poor = pick_any(r, p, "lime_kiln", WANT_BELOW_B, 0);
        const struct enterprise *lime_listed = pick_any(r, p, "lime_kiln", WANT_BELOW_B, 1);
        const struct enterprise *coke = pick_any(r, p, "coking", WANT_AT_LEAST_B, 1);
        const struct enterprise *buyer_poor = pick_any(r, p, "foundry", WANT_BELOW_B, 0);
        const struct enterprise *buyer_good =
            pick_any(r, p, "building_materials", WANT_AT_LEAST_B, 0);
        const struct enterprise *ended = pick_any(r, p, "other", WANT_UNGRADED, 0);
        if (lime_good)
                rc = add(d, o, SUPPLY_UPSTREAM, lime_good, NULL, 90, true, &id);
        if (rc == GL_OK && lime_poor &&
            (rc = add(d, o, SUPPLY_UPSTREAM, lime_poor, NULL, 90, true, &id)) == GL_OK) {
                snprintf(text, sizeof(text), "组织专家帮扶%s完成石灰窑烟气除尘脱硝改造",
                         lime_poor->name);
                rc = target(d, id, text, 75, false, &t);
                if (rc == GL_OK)
                        rc = app_supply_target_close(d->app, &d->county, t, "met",
                                                     "现场复核：除尘脱硝设施已稳定运行",
                                                     d->today - 20, d->err);
                snprintf(text, sizeof(text),
                         "结合“两进三送”帮扶%s申请绩效等级复评，由 %s 级提升至 B 级及以上",
                         lime_poor->name, lime_poor->grade);
                if (rc == GL_OK)
                        rc = target(d, id, text, 15, true, &t);
        }
        if (rc == GL_OK && lime_listed)
                rc = add(d, o, SUPPLY_UPSTREAM, lime_listed, NULL, 80, false, &id);
        if (rc == GL_OK && coke)
                rc = add(d, o, SUPPLY_UPSTREAM, coke, NULL, 80, false, &id);
        struct supply_link_input shanxi = {
            .partner_uscc = "91140000MA0K3N2E12",
            .partner_name = "山西晋缘煤焦贸易有限公司",
            .partner_positive_list = -1,
            .product = "冶金焦炭",
        };
        if (rc == GL_OK &&
            (rc = add(d, o, SUPPLY_UPSTREAM, NULL, &shanxi, 60, false, &id)) == GL_OK)
                rc = target(d, id,
                            "核实山西晋缘煤焦贸易有限公司的绩效等级；未达到 B 级的，协调其所在地"
                            "生态环境部门帮扶提升",
                            30, false, &t);
        if (rc == GL_OK && buyer_poor)
                rc = add(d, o, SUPPLY_DOWNSTREAM, buyer_poor, NULL, 45, true, &id);
        if (rc == GL_OK && buyer_good)
                rc = add(d, o, SUPPLY_DOWNSTREAM, buyer_good, NULL, 45, true, &id);
        if (rc == GL_OK && ended &&
            (rc = add(d, o, SUPPLY_UPSTREAM, ended, NULL, 120, false, &id)) == GL_OK) {
                snprintf(text, sizeof(text), "帮扶%s参加绩效分级", ended->name);
                rc = target(d, id, text, 100, false, &t);
                if (rc == GL_OK)
                        rc = app_supply_link_end(d->app, &d->county, id,
                                                 "企业改从正面清单企业采购，不再合作",
                                                 d->today - 10, d->err);
        }
        return rc;
}

/* The second owner's: another preferred supplier of lime, which the review offers in place of
 * the first owner's poor one, and a buyer outside the county, graded and listed. */
static int second_owner(struct demo *d, const struct registry *r, struct picked *p,
                        const struct enterprise *o)
{
        int64_t id = 0;
        int rc = GL_OK;
        const struct enterprise *lime = pick_any(r, p, "lime_kiln", WANT_AT_LEAST_B, 0);
        if (lime)
                rc = add(d, o, SUPPLY_UPSTREAM, lime, NULL, 70, false, &id);
        struct supply_link_input tianjin = {
            .partner_uscc = "91120116MA05L8XK1X",
            .partner_name = "天津滨海重工装备有限公司",
            .partner_grade = "A",
            .partner_positive_list = 1,
        };
        if (rc == GL_OK)
                rc = add(d, o, SUPPLY_DOWNSTREAM, NULL, &tianjin, 50, false, &id);
        return rc;
}

int app_demo_supply(struct app *app, const struct actor *who, gl_date today, const char *prefer,
                    int64_t *made, struct gl_error *err)
{
        if (made)
                *made = 0;
        if (who->role != ROLE_SYSTEM && who->role != ROLE_ADMIN)
                return gl_fail(err, GL_EPERM, "",
                               "只有管理员可以生成演示数据 (only an administrator may build demo "
                               "data)");
        int64_t existing = 0;
        if (db_query_int64(app->db, "SELECT COUNT(*) FROM supply_links", &existing) != GL_OK)
                return gl_fail(err, GL_EDB, "", "读取上下游关系失败: %s", db_errmsg(app->db));
        if (existing > 0)
                return GL_OK;
        struct registry r = {0};
        struct enterprise_query q = {0};
        int rc = enterprise_store_list(app->db, &q, keep, &r, NULL);
        if (rc != GL_OK) {
                free(r.items);
                return gl_fail(err, GL_EDB, "", "读取企业名录失败: %s", db_errmsg(app->db));
        }
        struct picked p = {0};
        const struct enterprise *first = NULL, *second = NULL;
        for (size_t i = 0; prefer && prefer[0] && i < r.n && !first; i++)
                if (strcmp(r.items[i].uscc, prefer) == 0 && r.items[i].positive_list)
                        first = &r.items[i];
        if (first)
                p.used[p.n++] = first;
        else
                first = pick(&r, &p, NULL, WANT_ANY, 1);
        second = pick(&r, &p, "foundry", WANT_ANY, 1);
        if (second == NULL)
                second = pick(&r, &p, NULL, WANT_ANY, 1);
        struct demo d = {.app = app, .today = today, .err = err};
        d.county = (struct actor){.role = ROLE_COUNTY_OFFICER, .name = "xianju"};
        d.leader = (struct actor){.role = ROLE_COUNTY_LEADER, .name = "lingdao"};
        d.clerk = (struct actor){.role = ROLE_ENTERPRISE};
        snprintf(d.clerk.name, sizeof(d.clerk.name), "%s",
                 first && prefer && strcmp(first->uscc, prefer) == 0 ? "qiye2" : "演示:企业用户");
        if (first)
                rc = first_owner(&d, &r, &p, first);
        if (rc == GL_OK && second)
                rc = second_owner(&d, &r, &p, second);
        free(r.items);
        if (made)
                *made = d.links;
        return rc;
}
