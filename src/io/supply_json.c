/*
 * supply_json.h: every member set, null where there is nothing to say; an object that cannot be
 * built whole is NULL.
 */
#include "supply_json.h"

#include "../core/date.h"

static json_t *text_or_null(const char *s)
{
        return s && s[0] ? json_string(s) : json_null();
}

static json_t *date_or_null(gl_date d)
{
        char buf[11];
        return d == GL_DATE_NONE ? json_null() : json_string(date_format_iso(d, buf));
}

/* Sets key to v (stolen); false when o or v is NULL (out of memory) or the set fails. */
static bool set(json_t *o, const char *key, json_t *v)
{
        if (v == NULL)
                return false;
        return json_object_set_new(o, key, v) == 0; /* steals v, also when o is NULL */
}

static json_t *lines_json(const struct supply_verdict *v)
{
        json_t *a = json_array();
        for (size_t i = 0; a && i < v->nlines; i++)
                if (json_array_append_new(a, json_string(v->lines[i])) != 0) {
                        json_decref(a);
                        return NULL;
                }
        return a;
}

json_t *supply_target_json(const struct supply_target *t)
{
        json_t *o = json_object();
        bool ok =
            set(o, "id", json_integer(t->id)) && set(o, "link_id", json_integer(t->link_id)) &&
            set(o, "target", json_string(t->target)) && set(o, "status", json_string(t->status)) &&
            set(o, "visit_case_id",
                t->visit_case_id ? json_integer(t->visit_case_id) : json_null()) &&
            set(o, "created_by", json_string(t->created_by)) &&
            set(o, "created_on", date_or_null(t->created_on)) &&
            set(o, "created_at", json_string(t->created_at)) &&
            set(o, "closed_by", text_or_null(t->closed_by)) &&
            set(o, "closed_on", date_or_null(t->closed_on)) &&
            set(o, "closed_at", text_or_null(t->closed_at)) &&
            set(o, "close_note", text_or_null(t->close_note));
        if (!ok) {
                json_decref(o);
                return NULL;
        }
        return o;
}

json_t *supply_link_json(const struct supply_link_view *v)
{
        const struct supply_link *l = &v->link;
        json_t *o = json_object();
        bool ok = set(o, "id", json_integer(l->id)) && set(o, "uscc", json_string(l->uscc)) &&
                  set(o, "enterprise_name", json_string(l->owner_name)) &&
                  set(o, "direction", json_string(supply_direction_name(l->direction))) &&
                  set(o, "partner_uscc", json_string(l->partner_uscc)) &&
                  set(o, "partner_name", json_string(l->partner_name)) &&
                  set(o, "partner_in_registry", json_boolean(l->partner_in_registry)) &&
                  set(o, "partner_industry", text_or_null(l->partner_industry)) &&
                  set(o, "partner_grade", text_or_null(l->partner_grade)) &&
                  set(o, "partner_grade_known", json_boolean(l->partner_grade_known)) &&
                  set(o, "partner_positive_list",
                      l->partner_positive_list < 0 ? json_null()
                                                   : json_boolean(l->partner_positive_list)) &&
                  set(o, "product", json_string(l->product)) &&
                  set(o, "created_by", json_string(l->created_by)) &&
                  set(o, "created_on", date_or_null(l->created_on)) &&
                  set(o, "created_at", json_string(l->created_at)) &&
                  set(o, "ended", json_boolean(l->ended)) &&
                  set(o, "ended_by", text_or_null(l->ended_by)) &&
                  set(o, "ended_on", date_or_null(l->ended_on)) &&
                  set(o, "ended_at", text_or_null(l->ended_at)) &&
                  set(o, "end_reason", text_or_null(l->end_reason));
        json_t *targets = json_array();
        for (size_t i = 0; targets && i < v->ntargets; i++) {
                json_t *t = supply_target_json(&v->targets[i]);
                if (t == NULL || json_array_append_new(targets, t) != 0) {
                        json_decref(targets);
                        targets = NULL;
                }
        }
        if (!set(o, "targets", targets) || !ok) {
                json_decref(o);
                return NULL;
        }
        return o;
}

static json_t *alternative_json(const struct supply_alternative *a)
{
        json_t *o = json_object();
        bool ok =
            set(o, "uscc", json_string(a->c.uscc)) && set(o, "name", json_string(a->c.name)) &&
            set(o, "industry", text_or_null(a->c.industry)) &&
            set(o, "grade", text_or_null(a->c.grade)) &&
            set(o, "positive_list", json_boolean(a->c.positive_list)) &&
            set(o, "basis", json_string(a->basis)) && set(o, "reason", json_string(a->reason)) &&
            set(o, "already_partner", json_boolean(a->already_partner)) &&
            set(o, "how", json_string(a->how));
        if (!ok) {
                json_decref(o);
                return NULL;
        }
        return o;
}

/* What the alert in force asks of a partner: known false outside the registry. */
static json_t *partner_alert_json(const struct supply_review_partner *p)
{
        const struct alert_unit_measure *m = &p->alert;
        json_t *o = json_object();
        bool ok = set(o, "known", json_boolean(p->alert_known)) &&
                  set(o, "in_alert", json_boolean(p->alert_known && m->in_alert)) &&
                  set(o, "line", json_string(p->alert_line));
        if (ok && p->alert_known && m->in_alert)
                ok = set(o, "alert_id", json_integer((json_int_t)m->alert_id)) &&
                     set(o, "version", json_integer(m->alert_version)) &&
                     set(o, "level", json_string(alert_level_name(m->level))) &&
                     set(o, "halted", json_boolean(m->halted)) &&
                     set(o, "restricted", json_boolean(m->restricted)) &&
                     set(o, "limit_percent", json_integer(m->limit_percent)) &&
                     set(o, "row", json_string(m->row));
        if (!ok) {
                json_decref(o);
                return NULL;
        }
        return o;
}

static json_t *partner_json(const struct supply_review_partner *p)
{
        const struct supply_verdict *v = &p->verdict;
        json_t *o = json_object();
        json_t *alts = json_array();
        for (size_t i = 0; alts && i < p->nalternatives; i++) {
                json_t *a = alternative_json(&p->alternatives[i]);
                if (a == NULL || json_array_append_new(alts, a) != 0) {
                        json_decref(alts);
                        alts = NULL;
                }
        }
        bool ok = set(o, "alternatives", alts) && set(o, "link", supply_link_json(&p->v)) &&
                  set(o, "preferred", json_boolean(v->preferred)) &&
                  set(o, "grade_ok", json_boolean(v->grade_ok)) &&
                  set(o, "list_ok", json_boolean(v->list_ok)) &&
                  set(o, "reason", json_string(v->reason ? v->reason : "")) &&
                  set(o, "explanation", lines_json(v)) &&
                  set(o, "open_targets", json_integer((json_int_t)p->open_targets)) &&
                  set(o, "needs_target", json_boolean(p->needs_target)) &&
                  set(o, "suggested_target", text_or_null(p->suggested_target)) &&
                  set(o, "alternatives_how", text_or_null(p->alternatives_how)) &&
                  set(o, "more_alternatives", json_integer((json_int_t)p->more_alternatives)) &&
                  set(o, "alert", partner_alert_json(p));
        if (!ok) {
                json_decref(o);
                return NULL;
        }
        return o;
}

static json_t *enterprise_json(const struct supply_review_enterprise *re)
{
        const struct enterprise *e = &re->e;
        json_t *o = json_object();
        json_t *partners = json_array();
        for (size_t i = 0; partners && i < re->npartners; i++) {
                json_t *p = partner_json(&re->partners[i]);
                if (p == NULL || json_array_append_new(partners, p) != 0) {
                        json_decref(partners);
                        partners = NULL;
                }
        }
        bool ok = set(o, "partners", partners) && set(o, "uscc", json_string(e->uscc)) &&
                  set(o, "name", json_string(e->name)) &&
                  set(o, "industry", json_string(e->industry)) &&
                  set(o, "grade", text_or_null(e->grade)) &&
                  set(o, "positive_list", json_boolean(e->positive_list)) &&
                  set(o, "not_preferred", json_integer((json_int_t)re->not_preferred)) &&
                  set(o, "needs_target", json_integer((json_int_t)re->needs_target)) &&
                  set(o, "open_targets", json_integer((json_int_t)re->open_targets)) &&
                  set(o, "partners_halted", json_integer((json_int_t)re->partners_halted)) &&
                  set(o, "partners_restricted", json_integer((json_int_t)re->partners_restricted));
        if (!ok) {
                json_decref(o);
                return NULL;
        }
        return o;
}

json_t *supply_review_json(const struct supply_review *r)
{
        json_t *o = json_object();
        json_t *list = json_array();
        for (size_t i = 0; list && i < r->n; i++) {
                json_t *e = enterprise_json(&r->enterprises[i]);
                if (e == NULL || json_array_append_new(list, e) != 0) {
                        json_decref(list);
                        list = NULL;
                }
        }
        bool ok =
            set(o, "enterprises", list) && set(o, "today", date_or_null(r->today)) &&
            set(o, "pack", json_pack("{s:s, s:i}", "id", r->pack_id, "version", r->pack_version)) &&
            set(o, "in_window", json_boolean(r->rule.in_window)) &&
            set(o, "reviewed", json_boolean(r->rule.reviewed)) &&
            set(o, "min_partner_grade", text_or_null(r->rule.min_grade)) &&
            set(o, "explanation", lines_json(&r->rule)) &&
            set(o, "unlinked", json_integer(r->unlinked));
        if (!ok) {
                json_decref(o);
                return NULL;
        }
        return o;
}
