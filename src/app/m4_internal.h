/*
 * What app/project.c and app/m4_eia.c share of measure 4, inside app/ only: the scope rule for
 * projects and the materials of one application.
 */
#ifndef GL_APP_M4_INTERNAL_H
#define GL_APP_M4_INTERNAL_H

#include "../core/m4_eia.h"
#include "../store/project_store.h"
#include "app.h"

/* Whether who may see a project built by builder_uscc (NULL: whether who may list projects at
 * all). GL_OK, GL_ENOTFOUND (another enterprise's, field "project") or GL_EPERM; err may be NULL.
 */
int m4_scope_project(const struct actor *who, const char *builder_uscc, struct gl_error *err);

/* The materials case_id requires on day `on` (for the project p and its document type) and those
 * still missing, with the names in extra (nextra, the documents of the step being taken) counted
 * as handed in. GL_EDB. */
int m4_case_materials(struct app *app, int64_t case_id, const struct project_row *p,
                      enum m4_document_type t, gl_date on, const char *const *extra, size_t nextra,
                      struct m4_materials *required, struct m4_materials *missing,
                      struct gl_error *err);

#endif
