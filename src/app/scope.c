/*
 * The visibility rule of app/scope.h, written once.
 */
#include "scope.h"

#include <string.h>

int app_scope_case(const struct app *app, const struct actor *who, const struct procedure *proc,
                   const char *uscc, struct gl_error *err)
{
        (void)app;
        if (who == NULL || who->role == ROLE_NONE)
                return gl_fail(err, GL_ENOTFOUND, "id", "案件不存在 (no such case)");
        if (proc == NULL && who->role != ROLE_SYSTEM)
                return gl_fail(err, GL_ENOTFOUND, "id", "案件不存在 (no such case)");
        if (proc && proc->compartment && (proc->closed_to & PROCEDURE_ROLE_BIT(who->role)))
                return gl_fail(err, GL_ENOTFOUND, "id", "案件不存在 (no such case)");
        if (who->role == ROLE_ENTERPRISE &&
            (uscc == NULL || uscc[0] == '\0' || strcmp(uscc, who->uscc) != 0))
                return gl_fail(err, GL_ENOTFOUND, "id", "案件不存在 (no such case)");
        return GL_OK;
}
