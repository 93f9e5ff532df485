/*
 * alert_json.h: every member set, null where there is nothing to say; an object that cannot be
 * built whole is NULL.
 */
#include "alert_json.h"

#include <string.h>

static json_t *text_or_null(const char *s)
{
        return s && s[0] ? json_string(s) : json_null();
}

static json_t *time_json(alert_time t)
{
        char buf[ALERT_TIME_LEN];
        return json_string(alert_time_format(t, buf));
}

static bool set(json_t *o, const char *key, json_t *v)
{
        if (v == NULL)
                return false;
        return json_object_set_new(o, key, v) == 0;
}

static json_t *done(json_t *o, bool ok)
{
        if (!ok) {
                json_decref(o);
                return NULL;
        }
        return o;
}

static json_t *townships_json(const struct alert_version *v)
{
        json_t *a = json_array();
        for (size_t i = 0; a && i < v->ntownships; i++)
                if (json_array_append_new(a, json_string(v->townships[i])) != 0) {
                        json_decref(a);
                        return NULL;
                }
        return a;
}

/* The comma-separated process codes as an array of codes, or of their names in a language (rules
 * given). */
static json_t *processes_in(const char *list, const struct alert_rules *rules, bool en)
{
        json_t *a = json_array();
        const char *p = list;
        while (a && *p) {
                const char *end = strchr(p, ',');
                size_t n = end ? (size_t)(end - p) : strlen(p);
                char code[64];
                snprintf(code, sizeof(code), "%.*s", (int)(n < 63 ? n : 63), p);
                const char *name = !rules ? code
                                   : en   ? alert_process_en(rules, code)
                                          : alert_process_zh(rules, code);
                if (json_array_append_new(a, json_string(name)) != 0) {
                        json_decref(a);
                        return NULL;
                }
                p += n;
                if (*p == ',')
                        p++;
        }
        return a;
}

static json_t *processes_json(const char *list, const struct alert_rules *rules)
{
        return processes_in(list, rules, false);
}

json_t *alert_version_json(const struct alert_version *v)
{
        json_t *o = json_object();
        char iso[11];
        bool ok =
            set(o, "version", json_integer(v->version)) &&
            set(o, "change", json_string(v->change)) &&
            set(o, "level", json_string(alert_level_name(v->level))) &&
            set(o, "level_zh", json_string(alert_level_label_zh(v->level))) &&
            set(o, "from", time_json(v->starts_at)) && set(o, "to", time_json(v->ends_at)) &&
            set(o, "effective_at", time_json(v->effective_at)) &&
            set(o, "whole_county", json_boolean(v->whole_county)) &&
            set(o, "townships", townships_json(v)) && set(o, "notice", json_string(v->notice)) &&
            set(o, "reason", json_string(v->reason)) && set(o, "by", json_string(v->created_by)) &&
            set(o, "role", json_string(v->created_role)) &&
            set(o, "at", json_string(v->created_at)) && set(o, "pack", json_string(v->pack_id)) &&
            set(o, "pack_version", json_integer(v->pack_version)) &&
            set(o, "params_on", json_string(date_format_iso(v->params_on, iso))) &&
            set(o, "results_version", json_integer(v->results_version)) &&
            set(o, "enterprises", json_integer(v->enterprises)) &&
            set(o, "sites", json_integer(v->sites)) &&
            set(o, "restricted", json_integer(v->restricted)) &&
            set(o, "halted", json_integer(v->halted));
        return done(o, ok);
}

json_t *alert_view_json(const struct alert_view *v, bool with_versions)
{
        const struct alert_version *cur = alert_view_current(v);
        if (cur == NULL)
                return NULL;
        json_t *o = json_object();
        bool ok = set(o, "id", json_integer(v->head.id)) &&
                  set(o, "status", json_string(v->head.status)) &&
                  set(o, "state", json_string(v->state ? v->state : "")) &&
                  set(o, "version", json_integer(cur->version)) &&
                  set(o, "level", json_string(alert_level_name(cur->level))) &&
                  set(o, "level_zh", json_string(alert_level_label_zh(cur->level))) &&
                  set(o, "from", time_json(cur->starts_at)) &&
                  set(o, "to", time_json(cur->ends_at)) &&
                  set(o, "effective_at", time_json(cur->effective_at)) &&
                  set(o, "whole_county", json_boolean(cur->whole_county)) &&
                  set(o, "townships", townships_json(cur)) &&
                  set(o, "notice", json_string(cur->notice)) &&
                  set(o, "created_by", json_string(v->head.created_by)) &&
                  set(o, "created_at", json_string(v->head.created_at)) &&
                  set(o, "enterprises", json_integer(cur->enterprises)) &&
                  set(o, "sites", json_integer(cur->sites)) &&
                  set(o, "restricted", json_integer(cur->restricted)) &&
                  set(o, "halted", json_integer(cur->halted));
        if (ok && with_versions) {
                json_t *a = json_array();
                bool built = a != NULL;
                for (size_t i = 0; built && i < v->nversions; i++) {
                        json_t *x = alert_version_json(&v->versions[i]);
                        built = x && json_array_append_new(a, x) == 0;
                }
                if (!built)
                        json_decref(a);
                ok = built && set(o, "versions", a);
        }
        return done(o, ok);
}

json_t *alert_public_json(const struct alert_view *v)
{
        const struct alert_version *cur = alert_view_current(v);
        if (cur == NULL)
                return NULL;
        json_t *o = json_object();
        bool ok =
            set(o, "id", json_integer(v->head.id)) &&
            set(o, "state", json_string(v->state ? v->state : "")) &&
            set(o, "level", json_string(alert_level_name(cur->level))) &&
            set(o, "level_zh", json_string(alert_level_label_zh(cur->level))) &&
            set(o, "from", time_json(cur->starts_at)) && set(o, "to", time_json(cur->ends_at)) &&
            set(o, "whole_county", json_boolean(cur->whole_county)) &&
            set(o, "townships", townships_json(cur)) && set(o, "notice", json_string(cur->notice));
        return done(o, ok);
}

static json_t *kinds_json(const struct alert_measure *m)
{
        static const char *const kinds[] = {"own_choice", "no_old_trucks", "no_road_transport",
                                            "limit",      "stop",          "halt"};
        json_t *a = json_array();
        for (size_t i = 0; a && i < sizeof(kinds) / sizeof(kinds[0]); i++)
                if (alert_measure_has_kind(m, kinds[i]) &&
                    json_array_append_new(a, json_string(kinds[i])) != 0) {
                        json_decref(a);
                        return NULL;
                }
        return a;
}

static json_t *lines_json(const struct alert_lines *l)
{
        json_t *a = json_array();
        for (size_t i = 0; a && i < l->n; i++)
                if (json_array_append_new(a, json_string(l->line[i])) != 0) {
                        json_decref(a);
                        return NULL;
                }
        return a;
}

json_t *alert_measure_json(const struct alert_measure_item *m)
{
        const struct alert_result *r = m->r;
        const struct alert_class *c = &m->k->c;
        const struct alert_decision *d = &m->k->d;
        char text[ALERT_PROCESSES_LEN * 3];
        bool site = r->site_id != 0;
        json_t *o = json_object();
        bool ok =
            set(o, "unit", json_string(site ? "site" : "enterprise")) &&
            set(o, "uscc", site ? json_null() : json_string(r->uscc)) &&
            set(o, "site", site ? json_integer(r->site_id) : json_null()) &&
            set(o, "name", json_string(r->name)) &&
            set(o, "builder_uscc", site ? text_or_null(r->builder_uscc) : json_null()) &&
            set(o, "township", json_string(r->township)) &&
            set(o, "industry", site ? json_null() : json_string(c->industry)) &&
            set(o, "grade", site ? json_null() : json_string(c->grade)) &&
            set(o, "positive_list", site ? json_null() : json_boolean(c->positive_list)) &&
            set(o, "listed", site ? json_boolean(c->listed) : json_null()) &&
            set(o, "basis", json_string(alert_basis_name(d->basis))) &&
            set(o, "row", json_string(d->row_key)) &&
            set(o, "grade_used", site ? json_null() : text_or_null(d->grade_used)) &&
            set(o, "ungraded", json_boolean(d->ungraded)) &&
            set(o, "halted", json_boolean(d->m.halted)) &&
            set(o, "restricted", json_boolean(alert_measure_restricted(&d->m))) &&
            set(o, "production_limited", json_boolean(alert_measure_production_limited(&d->m))) &&
            set(o, "limit_percent", json_integer(d->m.limit_percent)) &&
            set(o, "trucks_limited", json_boolean(alert_measure_trucks_limited(&d->m))) &&
            set(o, "no_old_trucks", json_boolean(d->m.no_old_trucks)) &&
            set(o, "no_road_transport", json_boolean(d->m.no_road_transport)) &&
            set(o, "own_choice", json_boolean(d->m.own_choice)) &&
            set(o, "kinds", kinds_json(&d->m)) &&
            set(o, "stopped_processes", processes_json(d->m.processes, NULL)) &&
            set(o, "stopped_processes_zh", processes_json(d->m.processes, m->rules)) &&
            set(o, "measure_zh",
                json_string(alert_measure_text_zh(m->rules, &d->m, site, text, sizeof(text)))) &&
            set(o, "explanation", lines_json(&m->lines));
        return done(o, ok);
}

static json_t *side_json(const struct alert_diff_side *s, const struct alert_rules *rules)
{
        if (!s->reached || s->k == NULL)
                return json_null();
        const struct alert_measure *m = &s->k->d.m;
        char text[ALERT_PROCESSES_LEN * 3];
        json_t *o = json_object();
        bool ok =
            set(o, "township", json_string(s->township ? s->township : "")) &&
            set(o, "row", json_string(s->k->d.row_key)) &&
            set(o, "halted", json_boolean(m->halted)) &&
            set(o, "restricted", json_boolean(alert_measure_restricted(m))) &&
            set(o, "limit_percent", json_integer(m->limit_percent)) &&
            set(o, "trucks_limited", json_boolean(alert_measure_trucks_limited(m))) &&
            set(o, "own_choice", json_boolean(m->own_choice)) &&
            set(o, "stopped_processes", processes_json(m->processes, NULL)) &&
            set(o, "measure_zh",
                json_string(alert_measure_text_zh(rules, m, s->k->c.site, text, sizeof(text))));
        return done(o, ok);
}

json_t *alert_diff_item_json(const struct alert_diff_item *d)
{
        bool site = d->site_id != 0;
        json_t *o = json_object();
        bool ok = set(o, "unit", json_string(site ? "site" : "enterprise")) &&
                  set(o, "uscc", site ? json_null() : json_string(d->uscc)) &&
                  set(o, "site", site ? json_integer(d->site_id) : json_null()) &&
                  set(o, "name", json_string(d->name)) &&
                  set(o, "before", side_json(&d->before, d->rules)) &&
                  set(o, "after", side_json(&d->after, d->rules));
        return done(o, ok);
}

json_t *alert_diff_summary_json(const struct alert_diff_summary *s)
{
        json_t *groups = json_array();
        bool ok = groups != NULL;
        for (size_t i = 0; ok && i < s->ngroups; i++) {
                json_t *g = json_pack("{s:s, s:s, s:I}", "before", s->groups[i].before, "after",
                                      s->groups[i].after, "units", (json_int_t)s->groups[i].units);
                ok = g && json_array_append_new(groups, g) == 0;
        }
        if (!ok) {
                json_decref(groups);
                return NULL;
        }
        return json_pack("{s:i, s:i, s:I, s:o}", "from_version", s->from_version, "to_version",
                         s->to_version, "changed", (json_int_t)s->changed, "groups", groups);
}

json_t *alert_mine_json(const struct alert_mine *m)
{
        json_t *o = json_object();
        bool ok =
            set(o, "alert", alert_public_json(m->alert)) &&
            set(o, "covered", json_boolean(m->covered)) &&
            set(o, "reached", json_boolean(m->reached)) &&
            set(o, "measure", m->reached && m->item ? alert_measure_json(m->item) : json_null());
        return done(o, ok);
}
