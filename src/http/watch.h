/*
 * The watchdog of request deadlines: the idle timeout of libmicrohttpd counts only silence, so a
 * client that trickles a header line every few seconds would hold its connection for ever. Each
 * connection is watched from its first byte: its request head must be in within head_seconds,
 * then its body within body_seconds; while the server answers there is no deadline; after an
 * answer the next request's head is due within idle_seconds + head_seconds. A thread checks the
 * deadlines four times a second and shuts down the socket of a connection past its own, which
 * libmicrohttpd then closes as a client gone away.
 *
 * Thread-safety: every function may be called from any thread; an entry is removed (its
 * connection closed) before its socket is, under the same lock the thread cuts with, so a socket
 * number reused by another connection is never cut.
 */
#ifndef GL_HTTP_WATCH_H
#define GL_HTTP_WATCH_H

#include <stdbool.h>

struct http_watch;
struct http_watch_entry;

/* Starts the thread; NULL when it cannot (out of memory, no thread). */
struct http_watch *http_watch_start(unsigned head_seconds, unsigned body_seconds,
                                    unsigned idle_seconds);
/* Stops the thread and frees what is left. */
void http_watch_stop(struct http_watch *w);

/* A connection opened on socket fd: its head is due now + head_seconds. NULL when out of memory
 * (the connection is then not watched). */
struct http_watch_entry *http_watch_add(struct http_watch *w, int fd);
/* The connection closed: forgets it (e may be NULL). */
void http_watch_remove(struct http_watch *w, struct http_watch_entry *e);
/* The head is in: the body is due within body_seconds. */
void http_watch_head(struct http_watch *w, struct http_watch_entry *e);
/* The request is in: no deadline while the server answers. */
void http_watch_answering(struct http_watch *w, struct http_watch_entry *e);
/* The answer is out: the next head is due within idle_seconds + head_seconds. */
void http_watch_answered(struct http_watch *w, struct http_watch_entry *e);

/* The number of connections cut so far. */
unsigned long http_watch_cuts(const struct http_watch *w);

#endif
