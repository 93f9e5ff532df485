/*
 * The policy pack's industries and dated parameters, public like the catalog: the web app reads
 * them to tell an enterprise which measures concern it (m1.industries, for one) and to name
 * industries in the registry and the dashboard. GET /api/v1/pack answers the REFERENCE shape of
 * io/policy_json.h: {"pack": {id, version, division, title_zh, title_en}, "industries": [{code,
 * name_zh, name_en, ladder}], "parameters": {NAME: {measure, clause, description_zh,
 * description_en, label_zh, label_en, values: [{from, to, value}]}}}.
 */
#include "routes.h"

#include "../core/policy.h"
#include "../io/policy_json.h"

/* 200 the pack's industries and parameters; 503 without a pack. */
void handle_pack_show(struct http_req *req)
{
        const struct policy_pack *p = app_policy(req->app);
        if (p == NULL) {
                http_reply_error(req, 503, "unavailable", "",
                                 "未加载政策包 (no policy pack loaded)");
                return;
        }
        http_reply_json(req, 200, policy_reference_json(p));
}
