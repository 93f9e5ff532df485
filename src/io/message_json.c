/* MESSAGE of message_json.h. */
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
