/*
 * The JSON objects of a case, its deadlines, offered actions, steps, documents and reviews
 * (case_json.h), built as jansson trees: a case is small, and both faces answer with one tree.
 */
#include "case_json.h"

#include <string.h>

#include "../app/scope.h"
#include "../core/policy.h"

static json_t *date_or_null(gl_date d)
{
        char iso[11];
        return d == GL_DATE_NONE ? json_null() : json_string(date_format_iso(d, iso));
}

static json_t *text_or_null(const char *s)
{
        return (s && s[0]) ? json_string(s) : json_null();
}

static void set(json_t *o, const char *key, json_t *v)
{
        json_object_set_new(o, key, v ? v : json_null());
}

const char *case_json_field_type(enum procedure_field_type t)
{
        switch (t) {
        case PROCEDURE_FIELD_DATE:
                return "date";
        case PROCEDURE_FIELD_INTEGER:
                return "integer";
        case PROCEDURE_FIELD_YEAR:
                return "year";
        case PROCEDURE_FIELD_GRADE:
                return "grade";
        case PROCEDURE_FIELD_BOOLEAN:
                return "boolean";
        case PROCEDURE_FIELD_CHOICE:
                return "choice";
        case PROCEDURE_FIELD_TEXT:
        default:
                return "text";
        }
}

static const char *reason_name(enum procedure_reason r)
{
        return r == PROCEDURE_REASON_REQUIRED   ? "required"
               : r == PROCEDURE_REASON_OPTIONAL ? "optional"
                                                : "none";
}

json_t *case_json_row(const struct case_row *c, const struct procedure *p)
{
        json_t *o = json_object();
        if (o == NULL)
                return NULL;
        int si = p ? procedure_state_index(p, c->state) : -1;
        set(o, "id", json_integer(c->id));
        set(o, "procedure", json_string(c->procedure));
        set(o, "procedure_label", p ? json_string(p->label_zh) : json_null());
        set(o, "procedure_label_en", p ? text_or_null(p->label_en) : json_null());
        set(o, "measure", p ? json_integer(p->measure) : json_null());
        set(o, "noun", p && p->noun_zh ? json_string(p->noun_zh) : json_string("案件"));
        set(o, "uscc", text_or_null(c->uscc));
        /* The party's USCC, in the registry or not. */
        set(o, "party_uscc", text_or_null(c->uscc[0] ? c->uscc : c->subject_uscc));
        set(o, "subject_name", text_or_null(c->subject_name));
        set(o, "party_name", text_or_null(c->party_name));
        set(o, "state", json_string(c->state));
        set(o, "state_label",
            si >= 0 ? json_string(procedure_state_label(p, (size_t)si)) : json_string(c->state));
        set(o, "state_label_en", si >= 0 ? text_or_null(p->states[si].label_en) : json_null());
        set(o, "open", json_boolean(c->open));
        set(o, "compartment", text_or_null(c->compartment));
        set(o, "opened_on", date_or_null(c->opened_on));
        set(o, "closed_on", date_or_null(c->closed_on));
        set(o, "pack_id", json_string(c->pack_id));
        set(o, "pack_version", json_integer(c->pack_version));
        set(o, "version", json_integer(c->version));
        set(o, "created_at", json_string(c->created_at));
        set(o, "updated_at", json_string(c->updated_at));
        return o;
}

json_t *case_json_list_row(const struct case_row *c, const struct procedure *p)
{
        json_t *o = case_json_row(c, p);
        if (o == NULL || c->next.kind[0] == '\0') {
                set(o, "next_deadline", json_null());
                return o;
        }
        const struct procedure_deadline *pd = procedure_deadline_find(p, c->next.kind);
        json_t *n = json_object();
        set(n, "kind", json_string(c->next.kind));
        set(n, "label", json_string(pd ? pd->label_zh : c->next.kind));
        set(n, "label_en", pd ? text_or_null(pd->label_en) : json_null());
        set(n, "due", date_or_null(c->next.due));
        set(n, "latest_due", c->next.provisional ? date_or_null(c->next.latest_due) : json_null());
        set(n, "provisional", json_boolean(c->next.provisional));
        set(n, "suspended", json_boolean(c->next.suspended));
        /* A suspended deadline counts nothing until its clock runs again. */
        set(n, "working_days_left",
            c->next.suspended ? json_null() : json_integer(c->next.working_days_left));
        set(n, "overdue", json_boolean(!c->next.suspended && c->next.overdue));
        set(o, "next_deadline", n);
        return o;
}

json_t *case_json_deadline(const struct case_deadline_view *d)
{
        json_t *o = json_object();
        if (o == NULL)
                return NULL;
        const struct case_deadline *r = &d->row;
        bool live = case_deadline_running(r);
        set(o, "kind", json_string(r->kind));
        set(o, "label", json_string(d->label_zh));
        set(o, "label_en", text_or_null(d->label_en));
        set(o, "status", json_string(r->status));
        set(o, "rule", json_string(r->rule));
        set(o, "length", json_integer(r->length));
        set(o, "started_on", date_or_null(r->started_on));
        set(o, "original_due", date_or_null(r->original_due));
        set(o, "due", date_or_null(r->due));
        set(o, "latest_due", r->provisional ? date_or_null(r->latest_due) : json_null());
        set(o, "provisional", json_boolean(r->provisional));
        set(o, "on_expiry", json_string(d->on_expiry));
        set(o, "working_days_left", live ? json_integer(d->working_days_left) : json_null());
        set(o, "overdue", live ? json_boolean(d->overdue) : json_null());
        return o;
}

static json_t *material_json(const struct procedure_material *m, bool required)
{
        return json_pack("{s:s, s:o, s:o, s:o, s:b}", "name", m->name, "label_en",
                         text_or_null(m->label_en), "note", text_or_null(m->note_zh), "note_en",
                         text_or_null(m->note_en), "required", required);
}

json_t *case_json_materials(const struct procedure *p)
{
        json_t *a = json_array();
        for (size_t i = 0; a && i < p->nactions; i++) {
                const struct procedure_action *act = &p->actions[i];
                for (size_t m = 0; m < act->nmaterials; m++) {
                        const struct procedure_material *mat = &act->materials[m];
                        size_t k;
                        json_t *seen;
                        bool found = false;
                        json_array_foreach(a, k, seen)
                        {
                                if (strcmp(json_string_value(json_object_get(seen, "name")),
                                           mat->name) == 0) {
                                        found = true;
                                        if (mat->required)
                                                json_object_set_new(seen, "required", json_true());
                                }
                        }
                        if (!found)
                                json_array_append_new(a, material_json(mat, mat->required));
                }
        }
        return a;
}

json_t *case_json_offer(const struct procedure_action *a)
{
        json_t *o = json_object(), *fields = json_array();
        if (o == NULL || fields == NULL) {
                json_decref(o);
                json_decref(fields);
                return NULL;
        }
        for (size_t i = 0; i < a->nfields; i++) {
                const struct procedure_field *f = &a->fields[i];
                json_t *fo =
                    json_pack("{s:s, s:s, s:o, s:s, s:b, s:b}", "name", f->name, "label",
                              f->label_zh ? f->label_zh : f->name, "label_en",
                              text_or_null(f->label_en), "type", case_json_field_type(f->type),
                              "required", f->required, "sealed", f->sealed);
                if (fo && f->type == PROCEDURE_FIELD_CHOICE) {
                        json_t *opts = json_array();
                        for (size_t k = 0; opts && k < f->noptions; k++)
                                json_array_append_new(
                                    opts, json_pack("{s:s, s:s, s:o}", "value", f->options[k].value,
                                                    "label", f->options[k].label_zh, "label_en",
                                                    text_or_null(f->options[k].label_en)));
                        set(fo, "options", opts);
                }
                json_array_append_new(fields, fo);
        }
        set(o, "name", json_string(a->name));
        set(o, "label", text_or_null(a->label_zh));
        set(o, "label_en", text_or_null(a->label_en));
        set(o, "reason", json_string(reason_name(a->reason)));
        set(o, "reason_required", json_boolean(a->reason == PROCEDURE_REASON_REQUIRED));
        set(o, "reason_label", text_or_null(a->reason_label_zh));
        set(o, "reason_label_en", text_or_null(a->reason_label_en));
        set(o, "documents", json_boolean(a->documents || a->documents_min > 0));
        set(o, "documents_min", json_integer(a->documents_min));
        json_t *materials = json_array();
        for (size_t i = 0; materials && i < a->nmaterials; i++)
                json_array_append_new(materials,
                                      material_json(&a->materials[i], a->materials[i].required));
        set(o, "materials", materials);
        set(o, "fields", fields);
        return o;
}

json_t *case_json_document(const struct case_document *d)
{
        json_t *o = json_object();
        if (o == NULL)
                return NULL;
        set(o, "id", json_integer(d->id));
        set(o, "name", json_string(d->name));
        set(o, "file_name", json_string(d->file_name));
        set(o, "size", json_integer(d->size));
        set(o, "digest", json_string(d->digest));
        set(o, "added_by", json_string(d->added_by));
        set(o, "added_by_name", text_or_null(d->added_by_name));
        set(o, "added_at", json_string(d->added_at));
        return o;
}

json_t *case_json_view(const struct case_view *v)
{
        json_t *deadlines = json_array(), *offers = json_array();
        for (size_t i = 0; deadlines && i < v->ndeadlines; i++)
                json_array_append_new(deadlines, case_json_deadline(&v->deadlines[i]));
        for (size_t i = 0; offers && i < v->noffers; i++)
                json_array_append_new(offers, case_json_offer(v->offers[i].action));
        return json_pack("{s:o, s:o*, s:o*, s:o, s:o, s:o}", "case",
                         case_json_row(&v->row, v->procedure), "deadlines", deadlines, "offers",
                         offers, "steps", json_array(), "documents", json_array(), "reviews",
                         json_array());
}

json_t *case_json_work(const struct case_view *v)
{
        json_t *offers = json_array();
        const struct case_deadline_view *next = NULL;
        for (size_t i = 0; i < v->ndeadlines; i++)
                if (case_deadline_running(&v->deadlines[i].row) &&
                    (next == NULL || v->deadlines[i].row.due < next->row.due))
                        next = &v->deadlines[i];
        for (size_t i = 0; offers && i < v->noffers; i++)
                json_array_append_new(offers, case_json_offer(v->offers[i].action));
        return json_pack("{s:o, s:o*, s:o}", "case", case_json_row(&v->row, v->procedure), "offers",
                         offers, "next_deadline", next ? case_json_deadline(next) : json_null());
}

int case_json_append_step(const struct case_step_record *s, void *ctx)
{
        struct case_json_steps *c = ctx;
        json_t *o = json_object();
        if (o == NULL)
                return GL_ENOMEM;
        json_t *fields = s->fields ? json_loads(s->fields, 0, NULL) : NULL;
        const struct procedure_action *a =
            c->procedure ? procedure_action_find(c->procedure, s->action) : NULL;
        int to = c->procedure ? procedure_state_index(c->procedure, s->to_state) : -1;
        set(o, "action", json_string(s->action));
        set(o, "action_label", a ? json_string(a->label_zh) : json_string(s->action));
        set(o, "action_label_en", a ? text_or_null(a->label_en) : json_null());
        set(o, "from", json_string(s->from_state));
        set(o, "to", json_string(s->to_state));
        set(o, "to_label",
            to >= 0 ? json_string(c->procedure->states[to].label_zh) : json_string(s->to_state));
        set(o, "to_label_en",
            to >= 0 ? text_or_null(c->procedure->states[to].label_en) : json_null());
        set(o, "actor", json_string(s->actor));
        set(o, "actor_name", text_or_null(s->actor_name));
        set(o, "role", json_string(s->actor_role));
        set(o, "on", date_or_null(s->on_date));
        set(o, "at", json_string(s->created_at));
        set(o, "reason", text_or_null(s->reason));
        set(o, "fields", fields ? fields : json_object());
        json_array_append_new(c->array, o);
        return 0;
}

int case_json_append_document(const struct case_document *d, void *array)
{
        json_array_append_new(array, case_json_document(d));
        return 0;
}

int case_json_append_review(const struct case_review *r, void *array)
{
        json_t *o = json_object();
        if (o == NULL)
                return GL_ENOMEM;
        set(o, "kind", json_string(r->kind));
        set(o, "outcome", text_or_null(r->outcome));
        set(o, "findings", text_or_null(r->findings));
        set(o, "reviewed_by", json_string(r->reviewed_by));
        set(o, "reviewed_by_name", text_or_null(r->reviewed_by_name));
        set(o, "role", json_string(r->reviewer_role));
        set(o, "on", date_or_null(r->reviewed_on));
        json_array_append_new(array, o);
        return 0;
}

json_t *case_json_read(struct app *app, const struct actor *who, int64_t id, gl_date today,
                       struct gl_error *err)
{
        struct case_view v;
        if (app_case_get(app, who, id, today, &v, err) != GL_OK)
                return NULL;
        json_t *out = case_json_view(&v);
        if (out != NULL)
                set(out, "materials", case_json_materials(v.procedure));
        struct case_json_steps steps = {json_object_get(out, "steps"), v.procedure};
        app_case_view_free(&v);
        if (out == NULL) {
                gl_fail(err, GL_ENOMEM, "", "out of memory");
                return NULL;
        }
        if (app_case_steps(app, who, id, case_json_append_step, &steps, err) != GL_OK ||
            app_case_documents(app, who, id, case_json_append_document,
                               json_object_get(out, "documents"), err) != GL_OK ||
            app_case_reviews(app, who, id, case_json_append_review, json_object_get(out, "reviews"),
                             err) != GL_OK) {
                json_decref(out);
                return NULL;
        }
        return out;
}

static json_t *labelled(const char *key, const char *name, const char *zh, const char *en)
{
        return json_pack("{s:s, s:s, s:o}", key, name, "label", zh ? zh : name, "label_en",
                         text_or_null(en));
}

json_t *case_json_procedure(const struct app *app, const struct actor *who,
                            const struct procedure *p, gl_date today)
{
        json_t *states = json_array(), *actions = json_array(), *deadlines = json_array(),
               *opens = json_array();
        for (size_t i = 0; states && i < p->nstates; i++) {
                const struct procedure_state *st = &p->states[i];
                json_t *o = labelled("name", st->name, st->label_zh, st->label_en);
                set(o, "open", json_boolean(st->open));
                json_array_append_new(states, o);
        }
        for (size_t i = 0; actions && opens && i < p->nactions; i++) {
                const struct procedure_action *a = &p->actions[i];
                json_array_append_new(actions, case_json_offer(a));
                if (app_case_may_open(app, who, p, a, today))
                        json_array_append_new(opens, case_json_offer(a));
        }
        for (size_t i = 0; deadlines && i < p->ndeadlines; i++) {
                const struct procedure_deadline *d = &p->deadlines[i];
                json_t *o = labelled("kind", d->kind, d->label_zh, d->label_en);
                set(o, "rule", json_string(procedure_rule_name(d->rule)));
                set(o, "on_expiry", json_string(d->on_expiry_label));
                json_array_append_new(deadlines, o);
        }
        return json_pack("{s:s, s:s, s:o, s:i, s:s, s:o*, s:o*, s:o*, s:o*}", "name", p->name,
                         "label", p->label_zh, "label_en", text_or_null(p->label_en), "measure",
                         p->measure, "noun", p->noun_zh ? p->noun_zh : "案件", "states", states,
                         "actions", actions, "deadlines", deadlines, "opens", opens);
}

json_t *case_json_procedures(const struct app *app, const struct actor *who, gl_date today)
{
        /* The procedures of who's county's pack, on which a case it opens runs. */
        const struct policy_pack *pack = app_scope_pack(app, who);
        json_t *items = json_array();
        for (size_t i = 0; items && i < pack->nprocedures; i++)
                if (app_scope_procedure(who, &pack->procedures[i]))
                        json_array_append_new(
                            items, case_json_procedure(app, who, &pack->procedures[i], today));
        return items;
}
