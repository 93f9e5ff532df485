/*
 * Messages (app/message.h): the text a step tells the enterprise its case is about, and the
 * recipient's inbox. The text is built from the pack alone — the procedure's noun, the action's
 * and the state's labels, the reason's label, the labels of the actions offered to the enterprise
 * and of its deadlines — so that every procedure speaks the same way without code of its own.
 */
#include "message.h"

#include "audit.h"
#include "scope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

/* "下一步" of the body: what the enterprise may do now, or that it need do nothing. */
static void write_next(FILE *f, const struct message_step *s)
{
        const char *noun = s->proc->noun_zh;
        fputs("下一步：", f);
        if (!procedure_state_open(s->proc, s->to)) {
                fprintf(f, "本%s已办结，无需您再办理。\n", noun);
                return;
        }
        if (s->noffers == 0) {
                fputs(s->ndeadlines ? "目前无需您在系统中办理，请留意下列期限。\n"
                                    : "目前无需您办理，请等待办理结果。\n",
                      f);
                return;
        }
        const char *why = s->action->reason_label_zh ? s->action->reason_label_zh : "意见";
        if (s->reason && s->reason[0])
                fprintf(f, "请按%s修改后%s", why, s->offers[0].action->label_zh);
        else
                fprintf(f, "请%s", s->offers[0].action->label_zh);
        fputs("（可办理：", f);
        for (size_t i = 0; i < s->noffers; i++)
                fprintf(f, "%s%s", i ? "、" : "", s->offers[i].action->label_zh);
        fputs("）\n", f);
}

static void write_deadlines(FILE *f, const struct message_step *s)
{
        for (size_t i = 0; i < s->ndeadlines; i++) {
                const struct case_deadline *d = s->deadlines[i];
                const struct procedure_deadline *pd = procedure_deadline_find(s->proc, d->kind);
                char due[11];
                fprintf(f, "期限：%s至 %s%s", pd ? pd->label_zh : d->kind,
                        date_format_iso(d->due, due), d->provisional ? "（暂定）" : "");
                if (strcmp(d->status, "suspended") == 0)
                        fputs("，目前已中止计时", f);
                if (pd && pd->on_expiry == PROCEDURE_EXPIRY_ACTION)
                        fprintf(f, "；届满将由系统办理：%s",
                                s->proc->actions[pd->expiry_action].label_zh);
                fputs("\n", f);
        }
}

int app_message_add_for_step(struct app *app, const struct message_step *s, int64_t *id,
                             struct gl_error *err)
{
        char title[512], day[11];
        snprintf(title, sizeof(title), "您的%s #%lld：%s", s->proc->noun_zh, (long long)s->case_id,
                 s->action->label_zh);
        char *body = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&body, &len);
        if (f == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        fprintf(f, "办理日期：%s\n", date_format_iso(s->on, day));
        fprintf(f, "办理事项：%s\n", s->action->label_zh);
        fprintf(f, "当前状态：%s\n", procedure_state_label(s->proc, s->to));
        if (s->reason && s->reason[0])
                fprintf(f, "%s：%s\n",
                        s->action->reason_label_zh ? s->action->reason_label_zh : "意见",
                        s->reason);
        write_next(f, s);
        write_deadlines(f, s);
        if (fclose(f) != 0 || body == NULL) {
                free(body);
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        }
        if (len > 0 && body[len - 1] == '\n')
                body[len - 1] = '\0';
        struct message m;
        memset(&m, 0, sizeof(m));
        copy(m.recipient_kind, sizeof(m.recipient_kind), MESSAGE_TO_ENTERPRISE);
        copy(m.recipient, sizeof(m.recipient), s->uscc);
        m.case_id = s->case_id;
        copy(m.procedure, sizeof(m.procedure), s->proc->name);
        copy(m.action, sizeof(m.action), s->action->name);
        m.title = title;
        m.body = body;
        copy(m.created_at, sizeof(m.created_at), s->now);
        int rc = message_store_add(app->db, &m, id);
        free(body);
        if (rc != GL_OK)
                return gl_fail(err, GL_EDB, "", "保存消息失败: %s", db_errmsg(app->db));
        return GL_OK;
}

int app_message_list(struct app *app, const struct actor *who, bool unread_only,
                     int (*fn)(const struct message *m, void *ctx), void *ctx, struct gl_error *err)
{
        const char *kind, *recipient;
        if (!app_scope_inbox(who, &kind, &recipient))
                return GL_OK;
        int rc = message_store_list(app->db, kind, recipient, unread_only, fn, ctx);
        if (rc < 0)
                return rc == GL_EDB
                           ? gl_fail(err, GL_EDB, "", "读取消息失败: %s", db_errmsg(app->db))
                           : app_read_failed(rc, err);
        return rc;
}

static int no_such_message(int64_t id, struct gl_error *err)
{
        return gl_fail(err, GL_ENOTFOUND, "id", "消息 %lld 不存在 (no such message)",
                       (long long)id);
}

int app_message_read(struct app *app, const struct actor *who, int64_t id, struct gl_error *err)
{
        const char *kind, *recipient;
        if (id <= 0 || !app_scope_inbox(who, &kind, &recipient))
                return no_such_message(id, err);
        int rc = app_begin(app, err);
        if (rc != GL_OK)
                return rc;
        char now[21];
        app_now_iso(now);
        bool newly = false;
        rc = message_store_mark_read(app->db, kind, recipient, id, now, &newly);
        if (rc == GL_ENOTFOUND) {
                rc = no_such_message(id, err);
                goto fail;
        }
        if (rc != GL_OK) {
                rc = gl_fail(err, GL_EDB, "", "保存消息失败: %s", db_errmsg(app->db));
                goto fail;
        }
        if (newly) {
                char ids[24], detail[96];
                snprintf(ids, sizeof(ids), "%lld", (long long)id);
                snprintf(detail, sizeof(detail), "{\"message\":%lld,\"read_at\":\"%s\"}",
                         (long long)id, now);
                if ((rc = audit_append(app, who, "message.read", "message", ids, detail, err)) !=
                    GL_OK)
                        goto fail;
        }
        return app_commit(app, err);
fail:
        app_rollback(app);
        return rc;
}

int app_message_unread_count(struct app *app, const struct actor *who, int64_t *out,
                             struct gl_error *err)
{
        const char *kind, *recipient;
        if (!app_scope_inbox(who, &kind, &recipient)) {
                *out = 0;
                return GL_OK;
        }
        if (message_store_unread_count(app->db, kind, recipient, out) != GL_OK)
                return gl_fail(err, GL_EDB, "", "读取消息失败: %s", db_errmsg(app->db));
        return GL_OK;
}
