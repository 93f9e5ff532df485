/* MESSAGE and MESSAGE_PAGE of message_json.h. */
#include "message_json.h"

json_t *message_json(const struct message *m)
{
        json_t *case_id = m->case_id > 0 ? json_integer((json_int_t)m->case_id) : json_null();
        json_t *read_at = m->read_at[0] ? json_string(m->read_at) : json_null();
        const char *title = m->title ? m->title : "", *body = m->body ? m->body : "";
        return json_pack("{s:I, s:o*, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o*, s:b}", "id",
                         (json_int_t)m->id, "case_id", case_id, "procedure", m->procedure, "action",
                         m->action, "title", title, "body", body, "title_en",
                         m->title_en ? m->title_en : title, "body_en",
                         m->body_en ? m->body_en : body, "created_at", m->created_at, "read_at",
                         read_at, "read", m->read_at[0] != '\0');
}

json_t *message_page_json(json_t *messages, int64_t total, int64_t unread, int64_t page,
                          int64_t per_page)
{
        return json_pack("{s:o, s:I, s:I, s:I, s:I}", "messages", messages, "total",
                         (json_int_t)total, "unread", (json_int_t)unread, "page", (json_int_t)page,
                         "per_page", (json_int_t)per_page);
}
