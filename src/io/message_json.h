/*
 * The JSON shape of a message (app/message.h), shared by `greenlane message list --json` and
 * GET /api/v1/messages so that the two faces print the same objects:
 *
 *   MESSAGE = {"id", "case_id" (null when about no case), "procedure", "action", "title",
 *              "body" (lines separated by "\n"), "title_en", "body_en" (the same in English;
 *              the Chinese for a message written before English was kept), "created_at",
 *              "read_at" (null while unread), "read"}
 *   MESSAGE_PAGE = {"messages": [MESSAGE...] (one page, newest first), "total" (the messages on
 *              all pages), "unread" (the inbox's unread, whatever was listed), "page",
 *              "per_page"}
 *
 * Ownership: both return a new reference (NULL when out of memory), the caller json_decref's it;
 * message_page_json takes the reference to messages, even when it fails.
 */
#ifndef GL_MESSAGE_JSON_H
#define GL_MESSAGE_JSON_H

#include <jansson.h>
#include <stdint.h>

#include "../store/message_store.h"

json_t *message_json(const struct message *m);
json_t *message_page_json(json_t *messages, int64_t total, int64_t unread, int64_t page,
                          int64_t per_page);

#endif
