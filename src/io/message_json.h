/*
 * The JSON shape of a message (app/message.h), shared by `greenlane message list --json` and
 * GET /api/v1/messages so that the two faces print the same objects:
 *
 *   MESSAGE = {"id", "case_id" (null when about no case), "procedure", "action", "title",
 *              "body" (lines separated by "\n"), "title_en", "body_en" (the same in English;
 *              the Chinese for a message written before English was kept), "created_at",
 *              "read_at" (null while unread), "read"}
 *
 * Ownership: message_json returns a new reference (NULL when out of memory), the caller
 * json_decref's it.
 */
#ifndef GL_MESSAGE_JSON_H
#define GL_MESSAGE_JSON_H

#include <jansson.h>

#include "../store/message_store.h"

json_t *message_json(const struct message *m);

#endif
