/*
 * Messages (站内消息): an enterprise learns in its inbox that its case moved and what it must do
 * next. A step of a case about an enterprise, taken by anyone else (an officer, the sweep), writes
 * one message to that enterprise in the step's own transaction (app/case.c): a refused step writes
 * none and a step never commits without its message. The title names the case and the action; the
 * body the day, the new state, the reason or opinion given, the actions the enterprise may take
 * now in the procedure, and the deadline it must meet. Both are kept in Chinese and in English
 * (the pack's English labels, its Chinese where it has none); the reason stays as typed.
 *
 * Who reads whose messages is app/scope.c's rule (app_scope_inbox): an enterprise user reads its
 * enterprise's; no other role has an inbox yet.
 */
#ifndef GL_APP_MESSAGE_H
#define GL_APP_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/procedure.h"
#include "../store/case_store.h"
#include "../store/message_store.h"
#include "app.h"

/* Pages of an inbox: MESSAGE_PER_PAGE messages a page unless asked otherwise, at most
 * MESSAGE_PER_PAGE_MAX; pages are numbered from 1 up to MESSAGE_PAGE_MAX. */
#define MESSAGE_PER_PAGE 20
#define MESSAGE_PER_PAGE_MAX 100
#define MESSAGE_PAGE_MAX 1000000

/* Which messages of an inbox to list. */
struct message_query {
        bool unread_only;
        int64_t page;     /* from 1 */
        int64_t per_page; /* 1 to MESSAGE_PER_PAGE_MAX */
};

/*
 * Calls fn for each message of page q->page of who's inbox, newest first (the unread only with
 * q->unread_only); *total (may be NULL) receives how many messages there are on all pages. A role
 * without an inbox has none. GL_EINVAL naming "page" or "per_page" when one is out of range. fn's
 * non-zero return stops the walk and is returned.
 */
int app_message_list(struct app *app, const struct actor *who, const struct message_query *q,
                     int (*fn)(const struct message *m, void *ctx), void *ctx, int64_t *total,
                     struct gl_error *err);

/* Marks message id of who's inbox read (audited the first time). GL_ENOTFOUND when who's inbox
 * has no such message (another enterprise's message is not found). */
int app_message_read(struct app *app, const struct actor *who, int64_t id, struct gl_error *err);

/* The number of unread messages in who's inbox (0 for a role without one). */
int app_message_unread_count(struct app *app, const struct actor *who, int64_t *out,
                             struct gl_error *err);

#ifdef GL_APP_INTERNAL
#include "case.h"

/* What app/case.c tells the party of one step. */
struct message_step {
        int64_t case_id;
        const char *uscc; /* the enterprise the case is about */
        const struct procedure *proc;
        const struct procedure_action *action;
        size_t to; /* the state the step reached */
        gl_date on;
        const char *reason; /* may be NULL */
        /* The actions the enterprise may take now, in the procedure's order. */
        const struct case_offer *offers;
        size_t noffers;
        /* The running deadlines the enterprise must meet. */
        const struct case_deadline *const *deadlines;
        size_t ndeadlines;
        const char *now; /* the step's UTC time stamp */
};

/* Writes the step's message to the enterprise, in Chinese and in English, in the caller's
 * transaction; *id receives its id. */
int app_message_add_for_step(struct app *app, const struct message_step *s, int64_t *id,
                             struct gl_error *err);
#endif

#endif
