/*
 * The request-deadline watchdog of watch.h: a list of the open connections under one lock, and a
 * thread that walks it.
 */
#include "watch.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

struct http_watch_entry {
        struct http_watch_entry *prev, *next;
        int fd;
        bool due;           /* a deadline runs */
        struct timespec at; /* ... and passes at this instant (CLOCK_MONOTONIC) */
};

struct http_watch {
        pthread_mutex_t lock;
        pthread_cond_t wake;
        pthread_t thread;
        bool stopping;
        struct http_watch_entry *first;
        unsigned head, body, idle;
        atomic_ulong cuts;
};

static struct timespec later(unsigned seconds)
{
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        t.tv_sec += seconds;
        return t;
}

static bool passed(const struct timespec *at, const struct timespec *now)
{
        return now->tv_sec > at->tv_sec ||
               (now->tv_sec == at->tv_sec && now->tv_nsec >= at->tv_nsec);
}

static void *run(void *arg)
{
        struct http_watch *w = arg;
        pthread_mutex_lock(&w->lock);
        while (!w->stopping) {
                struct timespec now, until;
                clock_gettime(CLOCK_MONOTONIC, &now);
                for (struct http_watch_entry *e = w->first; e; e = e->next) {
                        if (e->due && passed(&e->at, &now)) {
                                e->due = false;
                                shutdown(e->fd, SHUT_RDWR);
                                atomic_fetch_add(&w->cuts, 1);
                        }
                }
                clock_gettime(CLOCK_REALTIME, &until); /* the condition's clock */
                until.tv_nsec += 250 * 1000 * 1000;
                if (until.tv_nsec >= 1000 * 1000 * 1000) {
                        until.tv_sec++;
                        until.tv_nsec -= 1000 * 1000 * 1000;
                }
                pthread_cond_timedwait(&w->wake, &w->lock, &until);
        }
        pthread_mutex_unlock(&w->lock);
        return NULL;
}

struct http_watch *http_watch_start(unsigned head_seconds, unsigned body_seconds,
                                    unsigned idle_seconds)
{
        struct http_watch *w = calloc(1, sizeof(*w));
        if (w == NULL)
                return NULL;
        w->head = head_seconds;
        w->body = body_seconds;
        w->idle = idle_seconds;
        atomic_init(&w->cuts, 0);
        pthread_mutex_init(&w->lock, NULL);
        pthread_cond_init(&w->wake, NULL);
        if (pthread_create(&w->thread, NULL, run, w) != 0) {
                pthread_cond_destroy(&w->wake);
                pthread_mutex_destroy(&w->lock);
                free(w);
                return NULL;
        }
        return w;
}

void http_watch_stop(struct http_watch *w)
{
        if (w == NULL)
                return;
        pthread_mutex_lock(&w->lock);
        w->stopping = true;
        pthread_cond_signal(&w->wake);
        pthread_mutex_unlock(&w->lock);
        pthread_join(w->thread, NULL);
        while (w->first) {
                struct http_watch_entry *e = w->first;
                w->first = e->next;
                free(e);
        }
        pthread_cond_destroy(&w->wake);
        pthread_mutex_destroy(&w->lock);
        free(w);
}

struct http_watch_entry *http_watch_add(struct http_watch *w, int fd)
{
        struct http_watch_entry *e = w ? calloc(1, sizeof(*e)) : NULL;
        if (e == NULL)
                return NULL;
        e->fd = fd;
        e->due = true;
        e->at = later(w->head);
        pthread_mutex_lock(&w->lock);
        e->next = w->first;
        if (w->first)
                w->first->prev = e;
        w->first = e;
        pthread_mutex_unlock(&w->lock);
        return e;
}

void http_watch_remove(struct http_watch *w, struct http_watch_entry *e)
{
        if (w == NULL || e == NULL)
                return;
        pthread_mutex_lock(&w->lock);
        if (e->prev)
                e->prev->next = e->next;
        else
                w->first = e->next;
        if (e->next)
                e->next->prev = e->prev;
        pthread_mutex_unlock(&w->lock);
        free(e);
}

static void set(struct http_watch *w, struct http_watch_entry *e, bool due, unsigned seconds)
{
        if (w == NULL || e == NULL)
                return;
        struct timespec at = later(seconds);
        pthread_mutex_lock(&w->lock);
        e->due = due;
        e->at = at;
        pthread_mutex_unlock(&w->lock);
}

void http_watch_head(struct http_watch *w, struct http_watch_entry *e)
{
        set(w, e, true, w ? w->body : 0);
}

void http_watch_answering(struct http_watch *w, struct http_watch_entry *e)
{
        set(w, e, false, 0);
}

void http_watch_answered(struct http_watch *w, struct http_watch_entry *e)
{
        set(w, e, true, w ? w->idle + w->head : 0);
}

unsigned long http_watch_cuts(const struct http_watch *w)
{
        return w ? atomic_load(&w->cuts) : 0;
}
