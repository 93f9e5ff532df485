/*
 * The records of one measure-1 declaration that the faces show beside it (documents, reviews,
 * steps, and the enterprise's grade history), read through app/ instead of the store. Each takes
 * the app where the store function it stands for takes the connection, and otherwise behaves the
 * same (returns GL_OK or the store's negative status; fn as in the store: non-zero stops).
 *
 * These are narrow and interim: they read a declaration the caller has already read with
 * app_declaration_get, which applied the visibility rule (app/scope.h), and they do not check
 * again. They exist so that no face needs the database while the declaration's own reads
 * (app/declaration.h) are rewritten; new code should not call them.
 *
 * Ownership: app_declaration_document_content's *out is malloc'd; the caller frees it.
 */
#ifndef GL_APP_DECLARATION_RECORDS_H
#define GL_APP_DECLARATION_RECORDS_H

#include "../store/declaration_store.h"
#include "app.h"

int app_declaration_list_documents(struct app *app, int64_t declaration_id,
                                   int (*fn)(const struct declaration_document *doc, void *ctx),
                                   void *ctx);
/* GL_ENOTFOUND when the declaration has no such document. */
int app_declaration_document_content(struct app *app, int64_t declaration_id, int64_t document_id,
                                     struct declaration_document *meta, char **out);
int app_declaration_list_reviews(struct app *app, int64_t declaration_id,
                                 int (*fn)(const struct declaration_review *r, void *ctx),
                                 void *ctx);
int app_declaration_count_reviews(struct app *app, int64_t declaration_id, const char *kind,
                                  int64_t *count);
int app_declaration_list_steps(struct app *app, int64_t declaration_id,
                               int (*fn)(const struct declaration_step_record *s, void *ctx),
                               void *ctx);
/* The grade history of an enterprise, oldest first. */
int app_grade_history_list(struct app *app, const char *uscc,
                           int (*fn)(const struct grade_change *g, void *ctx), void *ctx);

#endif
