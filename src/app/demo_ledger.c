/*
 * Measure 7's ledger for the demo county (app_demo_ledger, app/ledger.h): the reserve fed by two
 * verified reductions, allocations to several enterprises (qiye1's and qiye2's among them),
 * three settled trades with prices, one pledged seller, and two pending releases — one proposed
 * by lingdao for xianju to approve, one by xianju for lingdao — not expired as of today.
 */
#include "../store/user_store.h"
#include "app_internal.h"
#include "ledger.h"
#include "user.h"

#include <stdio.h>
#include <string.h>

static bool login(struct app *app, const char *name, struct actor *out)
{
        struct user_record u;
        if (user_store_get(app->db, name, &u) != GL_OK || u.disabled)
                return false;
        *out = user_actor(app, &u);
        return true;
}

int app_demo_ledger(struct app *app, const struct actor *who, gl_date today,
                    struct demo_ledger *out, struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        if (who->role != ROLE_SYSTEM && who->role != ROLE_ADMIN)
                return gl_fail(err, GL_EPERM, "role", "措施七：演示数据仅由系统生成");
        int64_t n = 0;
        if (db_query_int64(app->db, "SELECT COUNT(*) FROM ledger_transfers", &n) != GL_OK)
                return gl_fail(err, GL_EDB, "", "读取账本失败");
        if (n > 0)
                return GL_OK;
        struct actor xianju, lingdao, qiye1, qiye2;
        if (!login(app, "xianju", &xianju) || !login(app, "lingdao", &lingdao) ||
            !login(app, "qiye1", &qiye1) || !login(app, "qiye2", &qiye2))
                return GL_OK;
        char e1[48], e2[48];
        snprintf(e1, sizeof(e1), "enterprise:%s", qiye1.uscc);
        snprintf(e2, sizeof(e2), "enterprise:%s", qiye2.uscc);
        const char *e3 = "enterprise:91130131MA0C123406";
        struct ledger_transfer t;
        bool replayed;
        int rc = GL_OK;
#define DO(call)                                                                                   \
        do {                                                                                       \
                if (rc == GL_OK) {                                                                 \
                        rc = (call);                                                               \
                        if (rc == GL_OK)                                                           \
                                out->transfers++;                                                  \
                }                                                                                  \
        } while (0)
        /* Enough in the reserve for the totals review measure 4's demo leaves to xianju (its
         * project needs 16 t of SO2, 24 t of NOx and 4.5 t of COD at the offset ratios). */
        DO(app_ledger_reduction(app, &xianju, "demo-r1", "so2", 30000000, "平山电厂脱硫提效改造",
                                today - 90, &t, &replayed, err));
        DO(app_ledger_reduction(app, &xianju, "demo-r2", "nox", 30000000, "水泥熟料线脱硝改造",
                                today - 80, &t, &replayed, err));
        DO(app_ledger_reduction(app, &xianju, "demo-r3", "cod", 6000000, "县污水处理厂提标改造",
                                today - 75, &t, &replayed, err));
        static const char *const pol[] = {"so2", "nox"};
        const char *ents[] = {e1, e2, e3};
        for (size_t i = 0; i < 3; i++)
                for (size_t p = 0; p < 2; p++) {
                        char cid[32];
                        snprintf(cid, sizeof(cid), "demo-a%zu%zu", i, p);
                        struct ledger_transfer_input in = {.client_id = cid,
                                                           .pollutant = pol[p],
                                                           .from = "origin:130131",
                                                           .to = ents[i],
                                                           .grams = 3000000 + 1000000 * (int64_t)i,
                                                           .kind = "allocation",
                                                           .day = today - 70,
                                                           .price_fen = -1};
                        DO(app_ledger_transfer(app, &xianju, &in, &t, &replayed, err));
                }
        DO(app_ledger_trade(app, &xianju, "demo-t1", "so2", e1, e3, 500000, 1250000, "bidding",
                            today - 40, &t, &replayed, err));
        DO(app_ledger_trade(app, &xianju, "demo-t2", "so2", e3, e2, 300000, 690000, "negotiated",
                            today - 30, &t, &replayed, err));
        DO(app_ledger_trade(app, &xianju, "demo-t3", "nox", e2, e3, 400000, 880000, "listed",
                            today - 20, &t, &replayed, err));
        struct ledger_pledge pl;
        if (rc == GL_OK &&
            (rc = app_ledger_pledge(app, &xianju, e3, "so2", 2000000, "平山县农村信用合作联社",
                                    today - 15, &pl, err)) == GL_OK)
                out->pledges++;
        struct ledger_transfer_input r1 = {.client_id = "demo-p1",
                                           .pollutant = "so2",
                                           .from = "reserve:130131",
                                           .to = e1,
                                           .grams = 800000,
                                           .kind = "release",
                                           .day = today,
                                           .price_fen = -1,
                                           .note = "待分管领导提议、经办人批准"};
        DO(app_ledger_transfer(app, &lingdao, &r1, &t, &replayed, err));
        struct ledger_transfer_input r2 = r1;
        r2.client_id = "demo-p2";
        r2.pollutant = "nox";
        r2.to = e2;
        r2.grams = 600000;
        r2.note = "经办人提议、分管领导批准";
        DO(app_ledger_transfer(app, &xianju, &r2, &t, &replayed, err));
#undef DO
        if (rc == GL_OK)
                out->pending = 2;
        return rc;
}
