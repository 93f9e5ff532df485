/*
 * The policy pack's industries and dated parameters, public like the catalog: the web app reads
 * them to tell an enterprise which measures concern it (m1.industries, for one) and to name
 * industries in the registry and the dashboard. GET /api/v1/pack answers
 * {"pack": {id, version, division, title_zh, title_en}, "industries": [{code, name_zh, name_en,
 * ladder}], "parameters": {NAME: {measure, clause, description_zh, description_en, values:
 * [{from, to, value}]}}}.
 */
#include "routes.h"

#include "../core/policy.h"

static json_t *date_or_null(gl_date d)
{
        char buf[11];
        return d == GL_DATE_NONE ? json_null() : json_string(date_format_iso(d, buf));
}

static json_t *strings_json(char *const *items, size_t n)
{
        json_t *a = json_array();
        for (size_t i = 0; a && i < n; i++)
                json_array_append_new(a, json_string(items[i]));
        return a;
}

static json_t *value_json(const struct policy_value *v)
{
        json_t *value = v->kind == POLICY_INT    ? json_integer((json_int_t)v->integer)
                        : v->kind == POLICY_TEXT ? json_string(v->text ? v->text : "")
                                                 : strings_json(v->list, v->nlist);
        return json_pack("{s:o, s:o, s:o}", "from", date_or_null(v->from), "to",
                         date_or_null(v->to), "value", value);
}

static json_t *param_json(const struct policy_param *p)
{
        json_t *values = json_array();
        for (size_t i = 0; values && i < p->nvalues; i++)
                json_array_append_new(values, value_json(&p->values[i]));
        return json_pack("{s:i, s:s?, s:s?, s:s?, s:s?, s:s?, s:o}", "measure", p->measure,
                         "clause", p->clause, "description_zh", p->description_zh, "description_en",
                         p->description_en, "label_zh", p->label_zh, "label_en", p->label_en,
                         "values", values);
}

/* 200 the pack's industries and parameters; 503 without a pack. */
void handle_pack_show(struct http_req *req)
{
        const struct policy_pack *p = app_policy(req->app);
        if (p == NULL) {
                http_reply_error(req, 503, "unavailable", "",
                                 "未加载政策包 (no policy pack loaded)");
                return;
        }
        json_t *industries = json_array();
        for (size_t i = 0; industries && i < p->nindustries; i++) {
                const struct policy_industry *ind = &p->industries[i];
                json_array_append_new(industries,
                                      json_pack("{s:s, s:s?, s:s?, s:o}", "code", ind->code,
                                                "name_zh", ind->name_zh, "name_en", ind->name_en,
                                                "ladder", strings_json(ind->ladder, ind->nladder)));
        }
        json_t *params = json_object();
        for (size_t i = 0; params && i < p->nparams; i++)
                json_object_set_new(params, p->params[i].name, param_json(&p->params[i]));
        http_reply_json(req, 200,
                        json_pack("{s:{s:s, s:i, s:s, s:s?, s:s?}, s:o, s:o}", "pack", "id", p->id,
                                  "version", p->version, "division", p->division, "title_zh",
                                  p->title_zh, "title_en", p->title_en, "industries", industries,
                                  "parameters", params));
}
