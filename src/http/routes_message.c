/*
 * Messages over HTTP (/api/v1/messages): the signed-in enterprise user's inbox, page by page,
 * newest first with the number unread, and marking one read. Both call app/message.h, the use cases
 * of `greenlane message`; whose inbox it is, is app/scope.c's rule, and the route table admits
 * enterprise users only. A page is io/message_json.h's MESSAGE_PAGE, each message its MESSAGE.
 */
#include "routes.h"

#include "../app/message.h"
#include "../io/message_json.h"

const struct http_field message_list_query[] = {
    {"unread", HTTP_INT, false, 0, 1, NULL},
    {"page", HTTP_INT, false, 1, MESSAGE_PAGE_MAX, NULL},
    {"per_page", HTTP_INT, false, 1, MESSAGE_PER_PAGE_MAX, NULL},
    {0},
};

static int add_message(const struct message *m, void *ctx)
{
        json_t *o = message_json(m);
        return o && json_array_append_new(ctx, o) == 0 ? 0 : GL_ENOMEM;
}

/* 200 MESSAGE_PAGE: page ?page= (1) of ?per_page= (20) messages, newest first (?unread=1: the
 * unread only), with the total listed and the number unread; a page past the last is empty. 400
 * naming unread, page or per_page when one is not an integer in range (per_page at most 100). */
void handle_message_list(struct http_req *req)
{
        struct message_query q = {
            .unread_only = http_query_int(req, "unread", 0) == 1,
            .page = http_query_int(req, "page", 1),
            .per_page = http_query_int(req, "per_page", MESSAGE_PER_PAGE),
        };
        json_t *items = json_array();
        struct gl_error err = {0};
        int64_t total = 0, unread = 0;
        if (items == NULL ||
            app_message_list(req->app, req->actor, &q, add_message, items, &total, &err) != GL_OK ||
            app_message_unread_count(req->app, req->actor, &unread, &err) != GL_OK) {
                json_decref(items);
                if (err.status == GL_OK)
                        gl_fail(&err, GL_ENOMEM, "", "out of memory");
                http_reply_gl(req, &err);
                return;
        }
        http_reply_json(req, 200, message_page_json(items, total, unread, q.page, q.per_page));
}

/* 200 {"id", "read": true, "unread": N} (read before: no change); 404 when the user's inbox has
 * no such message (another enterprise's is not found). */
void handle_message_read(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        struct gl_error err = {0};
        int64_t unread = 0;
        if (app_message_read(req->app, req->actor, id, &err) != GL_OK ||
            app_message_unread_count(req->app, req->actor, &unread, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        http_reply_json(req, 200,
                        json_pack("{s:I, s:b, s:I}", "id", (json_int_t)id, "read", 1, "unread",
                                  (json_int_t)unread));
}
