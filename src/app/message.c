/*
 * Messages (app/message.h): the text a step tells the enterprise its case is about, and the
 * recipient's inbox. The text is built from the pack alone — the procedure's noun, the action's
 * and the state's labels, the reason's label, the labels of the actions offered to the enterprise
 * and of its deadlines — so that every procedure speaks the same way without code of its own. It
 * is written twice, by one writer with the fixed words of each language (struct wording): in
 * Chinese, and in English from each label's label_en, or its label_zh where the pack has no
 * English. The reason or opinion a person typed is given as typed in both.
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

/* The fixed words of a message in one language; the labels come from the pack. */
struct wording {
        bool english;      /* take the pack's label_en where it has one */
        const char *noun;  /* NULL: the procedure's noun_zh */
        const char *title; /* noun, case id, action */
        const char *day, *action, *state;
        const char *reason_label; /* when the action declares none */
        const char *reason;       /* label, reason */
        const char *next;
        const char *closed; /* noun */
        const char *wait_for_deadlines, *wait;
        const char *revise_then; /* reason label, action */
        const char *take;        /* action */
        const char *offered_open, *offered_sep, *offered_close;
        const char *deadline; /* label, due day, provisional */
        const char *provisional, *suspended;
        const char *on_expiry; /* action */
};

static const struct wording chinese = {
    .english = false,
    .title = "您的%s #%lld：%s",
    .day = "办理日期：%s\n",
    .action = "办理事项：%s\n",
    .state = "当前状态：%s\n",
    .reason_label = "意见",
    .reason = "%s：%s\n",
    .next = "下一步：",
    .closed = "本%s已办结，无需您再办理。\n",
    .wait_for_deadlines = "目前无需您在系统中办理，请留意下列期限。\n",
    .wait = "目前无需您办理，请等待办理结果。\n",
    .revise_then = "请按%s修改后%s",
    .take = "请%s",
    .offered_open = "（可办理：",
    .offered_sep = "、",
    .offered_close = "）\n",
    .deadline = "期限：%s至 %s%s",
    .provisional = "（暂定）",
    .suspended = "，目前已中止计时",
    .on_expiry = "；届满将由系统办理：%s",
};

/* The pack names no English noun for a case: the English says "case", as the web app does. */
static const struct wording english = {
    .english = true,
    .noun = "case",
    .title = "Your %s #%lld: %s",
    .day = "Date: %s\n",
    .action = "Action: %s\n",
    .state = "State now: %s\n",
    .reason_label = "Opinion",
    .reason = "%s: %s\n",
    .next = "Next: ",
    .closed = "this %s is closed; nothing more is needed from you.\n",
    .wait_for_deadlines =
        "nothing for you to do in the system for now; mind the deadlines below.\n",
    .wait = "nothing for you to do for now; please wait for the outcome.\n",
    .revise_then = "revise as set out under %s above, then: %s",
    .take = "%s",
    .offered_open = " (you may: ",
    .offered_sep = ", ",
    .offered_close = ")\n",
    .deadline = "Deadline: %s, due %s%s",
    .provisional = " (provisional)",
    .suspended = "; its clock is stopped for now",
    .on_expiry = "; when it passes, the system takes the action: %s",
};

/* The label of w's language: the English where the pack has one, else the Chinese. */
static const char *label(const struct wording *w, const char *zh, const char *en)
{
        return w->english && en && en[0] ? en : zh;
}

static const char *action_label(const struct wording *w, const struct procedure_action *a)
{
        return label(w, a->label_zh, a->label_en);
}

static const char *reason_label(const struct wording *w, const struct procedure_action *a)
{
        const char *l = label(w, a->reason_label_zh, a->reason_label_en);
        return l ? l : w->reason_label;
}

static const char *state_label(const struct wording *w, const struct procedure *p, size_t state)
{
        if (state >= p->nstates)
                return procedure_state_label(p, state);
        return label(w, p->states[state].label_zh, p->states[state].label_en);
}

/* "下一步" of the body: what the enterprise may do now, or that it need do nothing. */
static void write_next(FILE *f, const struct message_step *s, const struct wording *w)
{
        fputs(w->next, f);
        if (!procedure_state_open(s->proc, s->to)) {
                fprintf(f, w->closed, w->noun ? w->noun : s->proc->noun_zh);
                return;
        }
        if (s->noffers == 0) {
                fputs(s->ndeadlines ? w->wait_for_deadlines : w->wait, f);
                return;
        }
        const char *first = action_label(w, s->offers[0].action);
        if (s->reason && s->reason[0])
                fprintf(f, w->revise_then, reason_label(w, s->action), first);
        else
                fprintf(f, w->take, first);
        fputs(w->offered_open, f);
        for (size_t i = 0; i < s->noffers; i++)
                fprintf(f, "%s%s", i ? w->offered_sep : "", action_label(w, s->offers[i].action));
        fputs(w->offered_close, f);
}

static void write_deadlines(FILE *f, const struct message_step *s, const struct wording *w)
{
        for (size_t i = 0; i < s->ndeadlines; i++) {
                const struct case_deadline *d = s->deadlines[i];
                const struct procedure_deadline *pd = procedure_deadline_find(s->proc, d->kind);
                char due[11];
                fprintf(f, w->deadline, pd ? label(w, pd->label_zh, pd->label_en) : d->kind,
                        date_format_iso(d->due, due), d->provisional ? w->provisional : "");
                if (strcmp(d->status, "suspended") == 0)
                        fputs(w->suspended, f);
                if (pd && pd->on_expiry == PROCEDURE_EXPIRY_ACTION)
                        fprintf(f, w->on_expiry,
                                action_label(w, &s->proc->actions[pd->expiry_action]));
                fputs("\n", f);
        }
}

/* The step's message in w's language: the title into title, the body (the caller frees it) into
 * *body. The reason is given as its author wrote it, in both languages. */
static int write_message(const struct message_step *s, const struct wording *w, char *title,
                         size_t title_size, char **body)
{
        snprintf(title, title_size, w->title, w->noun ? w->noun : s->proc->noun_zh,
                 (long long)s->case_id, action_label(w, s->action));
        char *text = NULL, day[11];
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        if (f == NULL)
                return GL_ENOMEM;
        fprintf(f, w->day, date_format_iso(s->on, day));
        fprintf(f, w->action, action_label(w, s->action));
        fprintf(f, w->state, state_label(w, s->proc, s->to));
        if (s->reason && s->reason[0])
                fprintf(f, w->reason, reason_label(w, s->action), s->reason);
        write_next(f, s, w);
        write_deadlines(f, s, w);
        if (fclose(f) != 0 || text == NULL) {
                free(text);
                return GL_ENOMEM;
        }
        if (len > 0 && text[len - 1] == '\n')
                text[len - 1] = '\0';
        *body = text;
        return GL_OK;
}

int app_message_add_for_step(struct app *app, const struct message_step *s, int64_t *id,
                             struct gl_error *err)
{
        char title[512], title_en[512];
        char *body = NULL, *body_en = NULL;
        if (write_message(s, &chinese, title, sizeof(title), &body) != GL_OK ||
            write_message(s, &english, title_en, sizeof(title_en), &body_en) != GL_OK) {
                free(body);
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        }
        struct message m;
        memset(&m, 0, sizeof(m));
        copy(m.recipient_kind, sizeof(m.recipient_kind), MESSAGE_TO_ENTERPRISE);
        copy(m.recipient, sizeof(m.recipient), s->uscc);
        m.case_id = s->case_id;
        copy(m.procedure, sizeof(m.procedure), s->proc->name);
        copy(m.action, sizeof(m.action), s->action->name);
        m.title = title;
        m.body = body;
        m.title_en = title_en;
        m.body_en = body_en;
        copy(m.created_at, sizeof(m.created_at), s->now);
        int rc = message_store_add(app->db, &m, id);
        free(body);
        free(body_en);
        if (rc != GL_OK)
                return gl_fail(err, GL_EDB, "", "保存消息失败: %s", db_errmsg(app->db));
        return GL_OK;
}

int app_message_list(struct app *app, const struct actor *who, const struct message_query *q,
                     int (*fn)(const struct message *m, void *ctx), void *ctx, int64_t *total,
                     struct gl_error *err)
{
        if (q->page < 1 || q->page > MESSAGE_PAGE_MAX)
                return gl_fail(err, GL_EINVAL, "page", "页码应在 1 至 %d 之间 (page out of range)",
                               MESSAGE_PAGE_MAX);
        if (q->per_page < 1 || q->per_page > MESSAGE_PER_PAGE_MAX)
                return gl_fail(err, GL_EINVAL, "per_page",
                               "每页条数应在 1 至 %d 之间 (per_page out of range)",
                               MESSAGE_PER_PAGE_MAX);
        const char *kind, *recipient;
        if (!app_scope_inbox(who, &kind, &recipient)) {
                if (total)
                        *total = 0;
                return GL_OK;
        }
        int rc = message_store_list(app->db, kind, recipient, q->unread_only,
                                    (q->page - 1) * q->per_page, q->per_page, fn, ctx, total);
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
