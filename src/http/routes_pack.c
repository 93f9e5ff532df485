/*
 * The policy pack's industries and dated parameters, public like the catalog: the web app reads
 * them to tell an enterprise which measures concern it (m1.industries, for one) and to name
 * industries in the registry and the dashboard. GET /api/v1/pack answers the REFERENCE shape of
 * io/policy_json.h: {"pack": {id, version, division, title_zh, title_en, issuer_zh, issuer_en},
 * "industries":
 * [{code, name_zh, name_en, ladder}], "parameters": {NAME: {measure, clause, description_zh,
 * description_en, label_zh, label_en, values: [{from, to, value}]}}}: the home pack's.
 * GET /api/v1/packs lists every pack the server runs with ({"packs": [{id, version, division,
 * title_zh, title_en, home}]}, the home pack first); GET /api/v1/packs/{division} answers the
 * pack a county's records run with in the REFERENCE shape: its own ($GREENLANE_PACKS), else the
 * home pack (whose "division" then says so).
 */
#include "routes.h"

#include "../core/division.h"
#include "../core/policy.h"
#include "../io/policy_json.h"

const struct policy_pack *routes_pack_of(struct http_req *req)
{
        if (app_policy(req->app) == NULL) {
                http_reply_error(req, 503, "unavailable", "",
                                 "未加载政策包 (no policy pack loaded)");
                return NULL;
        }
        const char *division = http_param(req, "division"); /* "" outside /packs/{division} */
        if (division[0] == '\0')
                return app_policy(req->app);
        if (division_level(division) != DIVISION_COUNTY) {
                http_reply_error(req, 400, "invalid", "division",
                                 "“%.16s”不是县级行政区划代码 (not a county's division code: six "
                                 "digits PPCCDD)",
                                 division);
                return NULL;
        }
        return app_pack_for(req->app, division);
}

/* 200 the pack's industries and parameters (the home pack's, or under /packs/{division} that
 * county's); 400, 503 as routes_pack_of. */
void handle_pack_show(struct http_req *req)
{
        const struct policy_pack *p = routes_pack_of(req);
        if (p != NULL)
                http_reply_json(req, 200, policy_reference_json(p));
}

static json_t *pack_summary(const struct policy_pack *p, bool home)
{
        return json_pack("{s:s, s:i, s:s, s:s?, s:s?, s:b}", "id", p->id, "version", p->version,
                         "division", p->division ? p->division : "", "title_zh", p->title_zh,
                         "title_en", p->title_en, "home", home);
}

/* 200 the packs; 503 without a pack. */
void handle_pack_list(struct http_req *req)
{
        const struct policy_pack *home = routes_pack_of(req);
        if (home == NULL)
                return;
        json_t *items = json_array();
        json_array_append_new(items, pack_summary(home, true));
        for (size_t i = 0; i < app_pack_count(req->app); i++)
                json_array_append_new(items, pack_summary(app_pack_at(req->app, i), false));
        http_reply_json(req, 200, json_pack("{s:o}", "packs", items));
}
