/*
 * The interim reads of declaration_records.h: each hands the app's connection to the store
 * function it stands for.
 */
#include "declaration_records.h"

int app_declaration_list_documents(struct app *app, int64_t declaration_id,
                                   int (*fn)(const struct declaration_document *doc, void *ctx),
                                   void *ctx)
{
        return declaration_store_documents(app->db, declaration_id, fn, ctx);
}

int app_declaration_document_content(struct app *app, int64_t declaration_id, int64_t document_id,
                                     struct declaration_document *meta, char **out)
{
        return declaration_store_document_content(app->db, declaration_id, document_id, meta, out);
}

int app_declaration_list_reviews(struct app *app, int64_t declaration_id,
                                 int (*fn)(const struct declaration_review *r, void *ctx),
                                 void *ctx)
{
        return declaration_store_reviews(app->db, declaration_id, fn, ctx);
}

int app_declaration_count_reviews(struct app *app, int64_t declaration_id, const char *kind,
                                  int64_t *count)
{
        return declaration_store_count_reviews(app->db, declaration_id, kind, count);
}

int app_declaration_list_steps(struct app *app, int64_t declaration_id,
                               int (*fn)(const struct declaration_step_record *s, void *ctx),
                               void *ctx)
{
        return declaration_store_steps(app->db, declaration_id, fn, ctx);
}

int app_grade_history_list(struct app *app, const char *uscc,
                           int (*fn)(const struct grade_change *g, void *ctx), void *ctx)
{
        return grade_history_list(app->db, uscc, fn, ctx);
}
