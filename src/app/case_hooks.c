/*
 * The tables of named guards, effects, length hooks and extensions that a policy pack's
 * procedures may name (case_hooks.h), and the check that a pack names nothing this program lacks.
 * A new procedure adds its tables here.
 */
#include "case_hooks.h"

#include "../core/policy.h"
#include "scope.h"

#include <stdio.h>
#include <string.h>

static const struct case_hook *const guard_tables[] = {m1_guards, m2_guards, m3_guards, m4_guards,
                                                       m5_guards, m7_guards, m8_guards};
static const struct case_hook *const effect_tables[] = {
    m1_effects, m2_effects, m3_effects, m4_effects, m5_effects, m7_effects, m8_effects};
static const struct case_length_hook *const length_tables[] = {
    m1_lengths, m2_lengths, m3_lengths, m4_lengths, m5_lengths, m7_lengths, m8_lengths};
static const struct case_extension *const extensions[] = {
    &m1_extension, &m2_extension, &m3_extension, &m4_extension,
    &m5_extension, &m7_extension, &m8_extension};

static const struct case_hook *find_in(const struct case_hook *const *tables, size_t n,
                                       const char *name)
{
        if (name == NULL)
                return NULL;
        for (size_t t = 0; t < n; t++)
                for (const struct case_hook *h = tables[t]; h->name; h++)
                        if (strcmp(h->name, name) == 0)
                                return h;
        return NULL;
}

const struct case_hook *case_guard_find(const char *name)
{
        return find_in(guard_tables, GL_ARRAY_LEN(guard_tables), name);
}

const struct case_hook *case_effect_find(const char *name)
{
        return find_in(effect_tables, GL_ARRAY_LEN(effect_tables), name);
}

const struct case_length_hook *case_length_find(const char *name)
{
        if (name == NULL)
                return NULL;
        for (size_t t = 0; t < GL_ARRAY_LEN(length_tables); t++)
                for (const struct case_length_hook *h = length_tables[t]; h->name; h++)
                        if (strcmp(h->name, name) == 0)
                                return h;
        return NULL;
}

const struct case_extension *case_extension_find(const char *procedure)
{
        if (procedure == NULL)
                return NULL;
        for (size_t i = 0; i < GL_ARRAY_LEN(extensions); i++)
                if (strcmp(extensions[i]->procedure, procedure) == 0)
                        return extensions[i];
        return NULL;
}

static int unknown(struct gl_error *err, const char *proc, const char *what, size_t i,
                   const char *list, size_t k, const char *kind, const char *name)
{
        char path[160];
        snprintf(path, sizeof(path), "procedures.%s.%s[%zu].%s[%zu]", proc, what, i, list, k);
        return gl_fail(err, GL_EINVAL, path, "%s: unknown %s \"%s\" (程序未实现该命名函数)", path,
                       kind, name);
}

int app_check_procedures(const struct policy_pack *pack, struct gl_error *err)
{
        for (size_t p = 0; pack && p < pack->nprocedures; p++) {
                const struct procedure *proc = &pack->procedures[p];
                char path[160];
                if (!app_scope_compartment_known(proc->compartment)) {
                        snprintf(path, sizeof(path), "procedures.%s.compartment", proc->name);
                        return gl_fail(err, GL_EINVAL, path,
                                       "%s: unknown compartment \"%s\" (可见范围规则没有该隔离区)",
                                       path, proc->compartment);
                }
                for (size_t i = 0; i < proc->nactions; i++) {
                        const struct procedure_action *a = &proc->actions[i];
                        /* A sealed text is kept by the procedure's extension alone. */
                        for (size_t k = 0; k < a->nfields; k++)
                                if (a->fields[k].sealed &&
                                    case_extension_find(proc->name) == NULL) {
                                        snprintf(path, sizeof(path),
                                                 "procedures.%s.actions[%zu].fields[%zu].sealed",
                                                 proc->name, i, k);
                                        return gl_fail(err, GL_EINVAL, path,
                                                       "%s: no extension of this program keeps "
                                                       "the sealed text (封存字段须由程序扩展保存)",
                                                       path);
                                }
                        for (size_t k = 0; k < a->nguards; k++)
                                if (case_guard_find(a->guards[k]) == NULL)
                                        return unknown(err, proc->name, "actions", i, "guards", k,
                                                       "guard", a->guards[k]);
                        for (size_t k = 0; k < a->neffects; k++)
                                if (case_effect_find(a->effects[k]) == NULL)
                                        return unknown(err, proc->name, "actions", i, "effects", k,
                                                       "effect", a->effects[k]);
                }
                for (size_t i = 0; i < proc->ndeadlines; i++) {
                        const struct procedure_deadline *d = &proc->deadlines[i];
                        if (d->length_hook && case_length_find(d->length_hook) == NULL) {
                                snprintf(path, sizeof(path), "procedures.%s.deadlines[%zu].length",
                                         proc->name, i);
                                return gl_fail(err, GL_EINVAL, path,
                                               "%s: unknown length \"%s\" (程序未实现该命名函数)",
                                               path, d->length_hook);
                        }
                }
                const struct case_extension *ext = case_extension_find(proc->name);
                if (ext && ext->check_pack) {
                        int rc = ext->check_pack(pack, proc, err);
                        if (rc != GL_OK)
                                return rc;
                }
        }
        return GL_OK;
}
