/*
 * Fuzz target of the HTTP request path end to end: libmicrohttpd's parsing, the server's own checks
 * (http/server.c: path and query text, Content-Length, credentials, roles, CSRF, body limits), the
 * router, the validation of queries and bodies and the handlers of http/routes*.c, on the demo
 * county. An input is what a client sends on one connection: raw bytes, usually one HTTP/1.1
 * request or a few pipelined ones.
 *
 * Before the first input (LLVMFuzzerInitialize) the target opens a database in memory shared by
 * all its connections (file::memory:?cache=shared), builds the demo county in it as `greenlane
 * demo` does (enterprises, declarations in several states, one user per role), signs in five of
 * the demo users and starts the real server without a listening socket (http_server_start), the
 * access log going to /dev/null. The database as it is then is copied aside, and put back before
 * every input, so that an input meets the same county whatever the inputs before it did (signed
 * out, disabled a user, moved a declaration on) and a crash replays from its input alone.
 *
 * In the input, @SESSION@ and @CSRF@ become the session token and the CSRF token of the
 * administrator, and @SESSION_ENTERPRISE@, @SESSION_COUNTY@, @SESSION_CITY@, @SESSION_TAX@ (with
 * @CSRF_... likewise) those of the enterprise user qiye1, the county officer, the city officer and
 * the tax officer. The input is written to one end of a socket pair whose other end the server
 * takes as a connection from 198.51.100.7 (a trusted proxy, so that X-Forwarded-For is read); the
 * write side is then shut down and the answer read to its end.
 *
 * Invariants: the server closes the connection within ANSWER_MS; every answer on it starts with
 * "HTTP/1.1 " and a 3-digit status that is never 5xx but 503 (the server says it cannot serve now)
 * and 505 (libmicrohttpd's answer to an HTTP version it does not speak); an input that starts
 * with a well-formed request, body and all, gets at least one answer; and the server answers
 * GET /healthz with 200 afterwards.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "app/declaration.h"
#include "app/demo.h"
#include "app/user.h"
#include "fuzz.h"
#include "http/server.h"
#include "io/pdf.h"

#define DB_URL "file::memory:?cache=shared"
#define CLIENT_ADDRESS "198.51.100.7"
#define ANSWER_MS 10000 /* far above any answer, also under the sanitizers: a server that hangs */
#define ANSWER_MAX (32u * 1024 * 1024)

/* A demo user signed in at start, and the placeholders of its tokens. */
struct signed_in {
        const char *user;
        const char *session_mark;
        const char *csrf_mark;
        struct user_session session;
};

static struct signed_in users[] = {
    {.user = "admin", .session_mark = "@SESSION@", .csrf_mark = "@CSRF@"},
    {.user = "qiye1", .session_mark = "@SESSION_ENTERPRISE@", .csrf_mark = "@CSRF_ENTERPRISE@"},
    {.user = "xianju", .session_mark = "@SESSION_COUNTY@", .csrf_mark = "@CSRF_COUNTY@"},
    {.user = "shiju", .session_mark = "@SESSION_CITY@", .csrf_mark = "@CSRF_CITY@"},
    {.user = "shuiwu", .session_mark = "@SESSION_TAX@", .csrf_mark = "@CSRF_TAX@"},
};

/* What LLVMFuzzerInitialize sets up, for the life of the process. */
static struct {
        struct app *app;
        struct http_options opt;
        struct http_server *server;
        sqlite3 *live;     /* a connection of the target's own to the server's database */
        sqlite3 *pristine; /* the database as it was after the set-up */
        FILE *log;
        struct sockaddr_in client;
} fx;

static void fail_setup(const char *what, const struct gl_error *err)
{
        fprintf(stderr, "fuzz_http_request: %s: %s\n", what, err ? err->message : "");
        abort();
}

/* Copies the whole database from one connection to another. */
static void copy_database(sqlite3 *from, sqlite3 *to)
{
        sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
        FUZZ_CHECK(b != NULL);
        FUZZ_CHECK(sqlite3_backup_step(b, -1) == SQLITE_DONE);
        FUZZ_CHECK(sqlite3_backup_finish(b) == SQLITE_OK);
}

static void teardown(void)
{
        http_server_stop(fx.server);
        pdf_release_fonts(); /* the workers that wrote PDFs are gone */
        app_close(fx.app);
        sqlite3_close(fx.pristine);
        sqlite3_close(fx.live);
        if (fx.log)
                fclose(fx.log);
        for (size_t i = 0; i < GL_ARRAY_LEN(users); i++)
                sodium_memzero(&users[i].session, sizeof(users[i].session));
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
        (void)argc;
        (void)argv;
        struct gl_error err = {0};
        if (app_open(DB_URL, &fx.app, &err) != GL_OK)
                fail_setup("app_open", &err);
        struct actor system = actor_system();
        struct demo_summary summary;
        struct demo_clerks clerks;
        FILE *quiet = fopen("/dev/null", "w");
        if (quiet == NULL)
                fail_setup("/dev/null", NULL);
        if (app_demo_county(fx.app, &system, DEMO_DEFAULT_SEED, false, &summary, &err) != GL_OK ||
            app_demo_declarations(fx.app, &system, summary.last_year, app_today_local(), NULL,
                                  &clerks, &err) != GL_OK ||
            app_demo_users(fx.app, &system, &clerks, quiet, &err) != GL_OK)
                fail_setup("demo county", &err);
        fclose(quiet);
        for (size_t i = 0; i < GL_ARRAY_LEN(users); i++)
                if (app_user_sign_in(fx.app, users[i].user, "greenlane-demo", CLIENT_ADDRESS, NULL,
                                     &users[i].session, &err) != GL_OK)
                        fail_setup(users[i].user, &err);

        if (sqlite3_open_v2(DB_URL, &fx.live, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, NULL) !=
                SQLITE_OK ||
            sqlite3_open(":memory:", &fx.pristine) != SQLITE_OK)
                fail_setup("sqlite3_open", NULL);
        copy_database(fx.live, fx.pristine);

        if ((fx.log = fopen("/dev/null", "w")) == NULL)
                fail_setup("/dev/null", NULL);
        fx.opt = (struct http_options){
            .db_url = DB_URL,
            .host = "192.0.2.1",
            .threads = 1,
            .connection_limit = 8,
            .per_ip_limit = 8,
            .timeout_seconds = 10,
            .trusted_proxies = CLIENT_ADDRESS,
            .access_log = fx.log,
        };
        if (http_server_start(fx.app, &fx.opt, &fx.server, &err) != GL_OK)
                fail_setup("http_server_start", &err);
        fx.client.sin_family = AF_INET;
        fx.client.sin_port = htons(40000);
        inet_pton(AF_INET, CLIENT_ADDRESS, &fx.client.sin_addr);
        atexit(teardown);
        return 0;
}

/* The input with every placeholder replaced by its token (malloc'd, *len bytes). */
static char *substitute(const uint8_t *data, size_t size, size_t *len)
{
        size_t marks = 0;
        for (size_t i = 0; i < size; i++)
                marks += data[i] == '@';
        char *out = malloc(size + marks * USER_TOKEN_HEX + 1);
        FUZZ_CHECK(out != NULL);
        size_t n = 0;
        for (size_t i = 0; i < size;) {
                const char *token = NULL;
                size_t mark = 0;
                for (size_t u = 0; data[i] == '@' && token == NULL && u < GL_ARRAY_LEN(users);
                     u++) {
                        const struct signed_in *s = &users[u];
                        if (size - i >= strlen(s->session_mark) &&
                            memcmp(data + i, s->session_mark, strlen(s->session_mark)) == 0) {
                                token = s->session.token;
                                mark = strlen(s->session_mark);
                        } else if (size - i >= strlen(s->csrf_mark) &&
                                   memcmp(data + i, s->csrf_mark, strlen(s->csrf_mark)) == 0) {
                                token = s->session.csrf_token;
                                mark = strlen(s->csrf_mark);
                        }
                }
                if (token != NULL) {
                        memcpy(out + n, token, strlen(token));
                        n += strlen(token);
                        i += mark;
                } else {
                        out[n++] = (char)data[i++];
                }
        }
        *len = n;
        return out;
}

static long long elapsed_ms(const struct timespec *since)
{
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        return (long long)(now.tv_sec - since->tv_sec) * 1000 +
               (now.tv_nsec - since->tv_nsec) / 1000000;
}

/*
 * Sends request on a new connection of the server and reads what comes back until the server
 * closes it; returns the answer (malloc'd, NUL-terminated, *len bytes). The server's refusal of
 * the connection, or no end within ANSWER_MS, breaks an invariant.
 */
static char *exchange(const char *request, size_t size, size_t *len)
{
        int fds[2];
        FUZZ_CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, fds) == 0);
        struct gl_error err = {0};
        if (http_server_add_connection(fx.server, fds[1], (const struct sockaddr *)&fx.client,
                                       sizeof(fx.client), &err) != GL_OK) {
                fprintf(stderr, "%s\n", err.message);
                FUZZ_CHECK(!"the server takes the connection");
        }
        size_t cap = 4096, n = 0, sent = 0;
        char *answer = malloc(cap);
        FUZZ_CHECK(answer != NULL);
        bool writing = true;
        struct timespec start;
        clock_gettime(CLOCK_MONOTONIC, &start);
        for (;;) {
                long long left = ANSWER_MS - elapsed_ms(&start);
                FUZZ_CHECK(left > 0); /* the server neither answered nor closed the connection */
                struct pollfd p = {fds[0], (short)(POLLIN | (writing ? POLLOUT : 0)), 0};
                if (poll(&p, 1, (int)left) < 0 && errno != EINTR)
                        FUZZ_CHECK(!"poll");
                if (writing && (p.revents & (POLLOUT | POLLERR | POLLHUP))) {
                        ssize_t w = sent < size
                                        ? send(fds[0], request + sent, size - sent, MSG_NOSIGNAL)
                                        : 0;
                        if (w > 0)
                                sent += (size_t)w;
                        /* Everything is sent, or the server stopped reading (it answered
                         * early and closed): the client is done writing. */
                        if (sent == size || (w < 0 && errno != EAGAIN && errno != EINTR)) {
                                shutdown(fds[0], SHUT_WR);
                                writing = false;
                        }
                }
                if (p.revents & (POLLIN | POLLERR | POLLHUP)) {
                        if (n + 4096 + 1 > cap) {
                                FUZZ_CHECK(cap < ANSWER_MAX);
                                cap *= 2;
                                answer = realloc(answer, cap);
                                FUZZ_CHECK(answer != NULL);
                        }
                        ssize_t r = recv(fds[0], answer + n, cap - n - 1, 0);
                        if (r == 0 || (r < 0 && errno == ECONNRESET))
                                break;
                        if (r > 0)
                                n += (size_t)r;
                }
        }
        close(fds[0]);
        answer[n] = '\0';
        *len = n;
        return answer;
}

/* Where the head of an answer at p ends (after its blank line), or NULL when it does not. */
static const char *head_end(const char *p, const char *end)
{
        for (const char *q = p; q + 4 <= end; q++)
                if (memcmp(q, "\r\n\r\n", 4) == 0)
                        return q + 4;
        return NULL;
}

/* The Content-Length of the head from p to end, or -1 when it has none. */
static long long content_length(const char *p, const char *end)
{
        static const char name[] = "\r\nContent-Length:";
        size_t n = sizeof(name) - 1;
        for (const char *q = p; q + n <= end; q++)
                if (strncasecmp(q, name, n) == 0)
                        return strtoll(q + n, NULL, 10);
        return -1;
}

/* Checks each answer of the connection; returns how many there were and the first one's status. */
static int check_answers(const char *answer, size_t len, int *first)
{
        const char *p = answer, *end = answer + len;
        int count = 0;
        while (p < end) {
                FUZZ_CHECK(end - p >= 12 && memcmp(p, "HTTP/1.1 ", 9) == 0);
                FUZZ_CHECK(p[9] >= '1' && p[9] <= '5' && p[10] >= '0' && p[10] <= '9' &&
                           p[11] >= '0' && p[11] <= '9');
                int status = (p[9] - '0') * 100 + (p[10] - '0') * 10 + (p[11] - '0');
                bool allowed = status < 500 || status == 503 || status == 505;
                if (!allowed)
                        fprintf(stderr, "answer: %.*s\n", (int)(end - p), p);
                FUZZ_CHECK(allowed);
                if (count++ == 0)
                        *first = status;
                const char *body = head_end(p, end);
                FUZZ_CHECK(body != NULL); /* an answer is never cut short */
                if (status < 200) {       /* 100 Continue: the answer follows */
                        p = body;
                        continue;
                }
                long long length = content_length(p, body);
                if (length < 0)
                        break; /* the rest cannot be told apart */
                /* The answer to HEAD has the length of the body it does not carry. */
                if (length <= end - body &&
                    (body + length == end || memcmp(body + length, "HTTP/1.", 7) == 0))
                        p = body + length;
                else if (body == end || memcmp(body, "HTTP/1.", 7) == 0)
                        p = body;
                else
                        break;
        }
        return count;
}

/* Whether the header name from p to end is name, whatever the case. */
static bool header_is(const char *p, const char *end, const char *name)
{
        return (size_t)(end - p) == strlen(name) && strncasecmp(p, name, strlen(name)) == 0;
}

/*
 * Whether the input starts with a well-formed request that the server must answer: a request line
 * "METHOD TARGET HTTP/1.x", header lines "Name: value" of text without control characters, the
 * blank line, and the whole body its one Content-Length announces, if any; no Transfer-Encoding
 * or Expect. (libmicrohttpd closes a connection whose first line or header lines it cannot read
 * without an answer.)
 */
static bool answer_due(const char *p, size_t size)
{
        const char *end = p + size, *method = p;
        while (p < end && *p >= 'A' && *p <= 'Z')
                p++;
        if (p == method || p == end || *p++ != ' ')
                return false;
        const char *target = p;
        while (p < end && (unsigned char)*p > ' ' && *p != 0x7f)
                p++;
        if (p == target || end - p < 11 ||
            (memcmp(p, " HTTP/1.1\r\n", 11) != 0 && memcmp(p, " HTTP/1.0\r\n", 11) != 0))
                return false;
        p += 11;
        long long length = 0;
        int lengths = 0;
        for (;;) {
                const char *eol = p;
                while (eol + 1 < end && (eol[0] != '\r' || eol[1] != '\n'))
                        eol++;
                if (eol + 1 >= end)
                        return false;
                if (eol == p)
                        break;
                const char *colon = p;
                while (colon < eol && *colon != ':' && (unsigned char)*colon > ' ' &&
                       *colon != 0x7f)
                        colon++;
                if (colon == p || colon == eol || *colon != ':')
                        return false;
                for (const char *q = colon; q < eol; q++)
                        if (((unsigned char)*q < ' ' && *q != '\t') || *q == 0x7f)
                                return false;
                if (header_is(p, colon, "Transfer-Encoding") || header_is(p, colon, "Expect"))
                        return false;
                if (header_is(p, colon, "Content-Length")) {
                        const char *v = colon + 1;
                        while (v < eol && (*v == ' ' || *v == '\t'))
                                v++;
                        if (v == eol || eol - v > 9)
                                return false;
                        for (length = 0; v < eol && *v >= '0' && *v <= '9'; v++)
                                length = length * 10 + (*v - '0');
                        while (v < eol && (*v == ' ' || *v == '\t'))
                                v++;
                        if (v != eol)
                                return false;
                        lengths++;
                }
                p = eol + 2;
        }
        return lengths <= 1 && end - (p + 2) >= length;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        copy_database(fx.pristine, fx.live);
        size_t len = 0, answer_len = 0;
        char *request = substitute(data, size, &len);
        char *answer = exchange(request, len, &answer_len);
        int status = 0;
        int answers = check_answers(answer, answer_len, &status);
        if (answers == 0 && answer_due(request, len))
                FUZZ_CHECK(!"a well-formed request gets an answer");
        free(answer);
        free(request);

        static const char healthz[] = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
        answer = exchange(healthz, sizeof(healthz) - 1, &answer_len);
        FUZZ_CHECK(check_answers(answer, answer_len, &status) == 1 && status == 200);
        free(answer);
        return 0;
}
