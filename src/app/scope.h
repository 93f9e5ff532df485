/*
 * The one visibility rule (可见范围): who may see which case, enterprise and document. An
 * enterprise user sees its own enterprise and its cases; officers see the divisions of their
 * jurisdiction (one county today: all of it); a compartment — cases of a procedure the pack
 * closes to some roles, such as the findings of service visits — stays closed to those roles.
 * What may not be seen answers GL_ENOTFOUND, as if it did not exist. Faces never decide this
 * themselves: app/ calls these before it reads or writes.
 */
#ifndef GL_APP_SCOPE_H
#define GL_APP_SCOPE_H

#include "../core/procedure.h"
#include "app.h"

/* Whether who may see a case of procedure proc about the enterprise uscc ("" or NULL for a party
 * outside the registry). err may be NULL. */
int app_scope_case(const struct app *app, const struct actor *who, const struct procedure *proc,
                   const char *uscc, struct gl_error *err);

#endif
