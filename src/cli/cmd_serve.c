/*
 * `greenlane serve --listen HOST:PORT [--web DIR]`: serves the JSON API under /api/v1 and the web
 * app's files (DIR, by default web/dist when it exists) until SIGTERM or SIGINT. Hidden options for
 * operation and tests: --threads N (worker threads, each with its own database connection),
 * --max-connections N, --max-per-ip N, --timeout SECONDS, and --print-routes, which prints the
 * route table (method, path, roles, whether a JSON body is taken) and exits.
 */
#include "cli.h"

#include "../http/server.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void print_routes(void)
{
        for (size_t i = 0; i < http_nroutes; i++) {
                const struct http_route *r = &http_routes[i];
                printf("%s %s ", r->method, r->pattern);
                if (r->roles & HTTP_PUBLIC) {
                        printf("public");
                } else {
                        const char *sep = "";
                        for (int role = ROLE_ENTERPRISE; role < ROLE_SYSTEM; role++) {
                                if (r->roles & HTTP_ROLE(role)) {
                                        printf("%s%s", sep, role_name((enum role)role));
                                        sep = ",";
                                }
                        }
                        if (r->flags & HTTP_LOCAL)
                                printf("%slocal", sep); /* and any caller on this machine */
                }
                printf(" %s\n", r->body ? "body" : "-");
        }
}

/* Splits "HOST:PORT" or "[V6]:PORT" into host (in buf) and port. */
static int parse_listen(const char *text, char *host, size_t size, unsigned *port)
{
        const char *colon = strrchr(text, ':');
        if (colon == NULL || colon == text)
                return -1;
        const char *h = text;
        size_t n = (size_t)(colon - text);
        if (h[0] == '[') {
                if (n < 3 || h[n - 1] != ']')
                        return -1;
                h++;
                n -= 2;
        }
        if (n >= size)
                return -1;
        memcpy(host, h, n);
        host[n] = '\0';
        char *end;
        long p = strtol(colon + 1, &end, 10);
        if (*end || colon[1] == '\0' || p < 0 || p > 65535)
                return -1;
        *port = (unsigned)p;
        return 0;
}

static int parse_count(const char *text, long min, long max, unsigned *out)
{
        char *end;
        long v = strtol(text, &end, 10);
        if (*text == '\0' || *end || v < min || v > max)
                return -1;
        *out = (unsigned)v;
        return 0;
}

int cmd_serve(struct cli_ctx *ctx, int argc, char **argv)
{
        const char *listen = "127.0.0.1:8080";
        const char *web = NULL;
        char host[256];
        struct http_options opt = {
            .threads = 4,
            .connection_limit = 1024,
            .per_ip_limit = 256,
            .timeout_seconds = 30,
            .ready = stdout,
        };
        for (int i = 1; i < argc; i++) {
                const char *a = argv[i];
                bool has_value = i + 1 < argc;
                if (strcmp(a, "--print-routes") == 0) {
                        print_routes();
                        return EXIT_OK;
                } else if (strcmp(a, "--listen") == 0 && has_value) {
                        listen = argv[++i];
                } else if (strcmp(a, "--web") == 0 && has_value) {
                        web = argv[++i];
                } else if (strcmp(a, "--threads") == 0 && has_value) {
                        if (parse_count(argv[++i], 1, 256, &opt.threads) != 0)
                                return cli_usage_error("serve", "--threads: 1 to 256");
                } else if (strcmp(a, "--max-connections") == 0 && has_value) {
                        if (parse_count(argv[++i], 1, 100000, &opt.connection_limit) != 0)
                                return cli_usage_error("serve", "--max-connections: 1 to 100000");
                } else if (strcmp(a, "--max-per-ip") == 0 && has_value) {
                        if (parse_count(argv[++i], 1, 100000, &opt.per_ip_limit) != 0)
                                return cli_usage_error("serve", "--max-per-ip: 1 to 100000");
                } else if (strcmp(a, "--secure-cookie") == 0 && has_value) {
                        const char *v = argv[++i];
                        if (strcmp(v, "auto") == 0)
                                opt.secure_cookie = HTTP_SECURE_AUTO;
                        else if (strcmp(v, "on") == 0)
                                opt.secure_cookie = HTTP_SECURE_ON;
                        else if (strcmp(v, "off") == 0)
                                opt.secure_cookie = HTTP_SECURE_OFF;
                        else
                                return cli_usage_error("serve", "--secure-cookie: auto, on or off");
                } else if (strcmp(a, "--trusted-proxy") == 0 && has_value) {
                        opt.trusted_proxies = argv[++i];
                } else if (strcmp(a, "--head-timeout") == 0 && has_value) {
                        if (parse_count(argv[++i], 1, 3600, &opt.head_timeout_seconds) != 0)
                                return cli_usage_error("serve",
                                                       "--head-timeout: 1 to 3600 seconds");
                } else if (strcmp(a, "--body-timeout") == 0 && has_value) {
                        if (parse_count(argv[++i], 1, 3600, &opt.body_timeout_seconds) != 0)
                                return cli_usage_error("serve",
                                                       "--body-timeout: 1 to 3600 seconds");
                } else if (strcmp(a, "--timeout") == 0 && has_value) {
                        if (parse_count(argv[++i], 1, 3600, &opt.timeout_seconds) != 0)
                                return cli_usage_error("serve", "--timeout: 1 to 3600 seconds");
                } else {
                        return cli_usage_error("serve", "unknown argument %s", a);
                }
        }
        if (parse_listen(listen, host, sizeof(host), &opt.port) != 0)
                return cli_usage_error("serve", "--listen: expected HOST:PORT, got %s", listen);
        struct stat st;
        if (web == NULL && stat("web/dist/index.html", &st) == 0)
                web = "web/dist";
        opt.host = host;
        opt.web_dir = web;
        opt.db_url = ctx->db_url;

        struct app *app = NULL;
        if (cli_open_app(ctx, &app) != EXIT_OK)
                return EXIT_FAIL;
        signal(SIGPIPE, SIG_IGN);
        struct gl_error err = {0};
        int rc = http_serve(app, &opt, &err);
        app_close(app);
        if (rc != GL_OK)
                return cli_report(&err);
        return EXIT_OK;
}
