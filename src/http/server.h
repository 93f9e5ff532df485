/*
 * The HTTP server: libmicrohttpd with a pool of worker threads, each request answered with a
 * database connection of its own for the duration of one callback (SQLite in WAL mode lets them
 * read side by side; writes wait for each other on the database's lock). The policy pack and the
 * calendar are shared: they are immutable once loaded.
 *
 * http_serve blocks until SIGTERM or SIGINT, then stops accepting connections, lets the requests
 * in flight finish (at most HTTP_DRAIN_SECONDS), and returns GL_OK. It prints one access-log line
 * per request on opt->access_log (stderr by default) and one line naming the address it listens on
 * to opt->ready. http_server_start runs the same server on connections handed to it instead.
 */
#ifndef GL_HTTP_SERVER_H
#define GL_HTTP_SERVER_H

#include <stdio.h>
#include <sys/socket.h>

#include "http.h"

#define HTTP_DRAIN_SECONDS 30

struct http_options {
        const char *db_url;        /* each worker opens its own connection to it */
        const char *host;          /* numeric address or name to listen on */
        unsigned port;             /* 0: any free port (printed on ready) */
        const char *web_dir;       /* the web app's files, or NULL */
        unsigned threads;          /* worker threads */
        unsigned connection_limit; /* open connections in all */
        unsigned per_ip_limit;     /* open connections from one address */
        unsigned timeout_seconds;  /* an idle connection is closed after this */
        /* A request's head must be in within this many seconds of its first byte (0: 30), its
         * body within body_timeout_seconds of its head (0: 120), whatever trickles in (watch.h). */
        /* Comma-separated addresses of reverse proxies whose X-Forwarded-For is believed: a request
         * from one of them is the client's at the address the proxy appended last. NULL: none (the
         * header is then ignored: any client could write it). */
        const char *trusted_proxies;
        unsigned head_timeout_seconds;
        unsigned body_timeout_seconds;
        /* The session cookie's Secure attribute: HTTP_SECURE_AUTO sets it unless the server listens
         * on a loopback address (a browser then reaches it over TLS, through a proxy). */
        enum http_secure { HTTP_SECURE_AUTO, HTTP_SECURE_ON, HTTP_SECURE_OFF } secure_cookie;
        FILE *ready;      /* receives "listening on http://HOST:PORT/" */
        FILE *access_log; /* receives the access log, one line per request; NULL: stderr */
};

/* Whether the session cookie this server sets carries Secure (http_options.secure_cookie). */
bool http_cookie_secure(const struct http_server *server);

/* Serves until a stop signal. The app gives the pack and calendar; it is not used otherwise. */
int http_serve(struct app *app, const struct http_options *opt, struct gl_error *err);

/* Prometheus text of the server's counters (malloc'd, caller frees), or NULL on no memory. */
char *http_metrics_text(struct http_server *server);

/*
 * A server that listens on no socket, for tests that drive the real request path over sockets of
 * their own (tests/fuzz/fuzz_http_request.c): the same workers, checks, limits and log as
 * http_serve, on the connections handed to it with http_server_add_connection. opt->host and
 * opt->port are not listened on (host still decides HTTP_SECURE_AUTO) and opt->ready is not
 * written; opt must stay valid until http_server_stop. Signals are left as they are. On GL_OK
 * *out is a running server that http_server_stop stops and frees.
 */
int http_server_start(struct app *app, const struct http_options *opt, struct http_server **out,
                      struct gl_error *err);
/* Hands the server a connected stream socket fd, as if accepted from the client at addr. From
 * then on fd is the server's, which closes it when done, and also at once when it refuses it
 * (GL_EIO: out of memory, the connection limits of opt). */
int http_server_add_connection(struct http_server *s, int fd, const struct sockaddr *addr,
                               socklen_t addr_len, struct gl_error *err);
/* Closes the server's connections (the requests in flight are not waited for), stops its threads
 * and frees it; accepts NULL. */
void http_server_stop(struct http_server *s);

#endif
