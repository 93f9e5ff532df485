/*
 * The web app's files: which file answers a request path, in which form, with what content type and
 * caching (webfile.h says the rules). Paths are checked here, before anything is opened: only
 * absolute paths that never climb above the web root.
 */
#include "webfile.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/gl.h"

#define CACHE_IMMUTABLE "public, max-age=31536000, immutable"
#define CACHE_HOUR "public, max-age=3600"
#define CACHE_REVALIDATE "no-cache"

/* The precompressed forms, best first: the coding Accept-Encoding names, the file name's suffix. */
static const struct {
        const char *coding, *suffix;
} forms[] = {
    {"br", ".br"},
    {"gzip", ".gz"},
};

static const char *mime_type(const char *path)
{
        static const struct {
                const char *ext, *type;
        } types[] = {
            {".html", "text/html; charset=utf-8"},
            {".js", "text/javascript; charset=utf-8"},
            {".mjs", "text/javascript; charset=utf-8"},
            {".css", "text/css; charset=utf-8"},
            {".json", "application/json; charset=utf-8"},
            {".svg", "image/svg+xml"},
            {".png", "image/png"},
            {".jpg", "image/jpeg"},
            {".ico", "image/x-icon"},
            {".woff2", "font/woff2"},
            {".woff", "font/woff"},
            {".txt", "text/plain; charset=utf-8"},
            {".map", "application/json"},
            {".wasm", "application/wasm"},
        };
        const char *dot = strrchr(path, '.');
        const char *slash = strrchr(path, '/');
        if (dot && (!slash || dot > slash))
                for (size_t i = 0; i < GL_ARRAY_LEN(types); i++)
                        if (strcmp(dot, types[i].ext) == 0)
                                return types[i].type;
        return "application/octet-stream";
}

/* Opens FULL if it is a regular file; -1 otherwise. */
static int open_regular(const char *full, struct stat *st)
{
        int fd = open(full, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -1;
        if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
                close(fd);
                return -1;
        }
        return fd;
}

/* Opens the regular file ROOT PATH, or the index.html of the directory it names; -1 when none. */
static int open_web_file(const char *root, const char *path, char *full, size_t size,
                         struct stat *st)
{
        int n = snprintf(full, size, "%s%s", root, path);
        if (n < 0 || (size_t)n >= size)
                return -1;
        if (stat(full, st) == 0 && S_ISDIR(st->st_mode)) {
                size_t len = strlen(full);
                n = snprintf(full + len, size - len, "%sindex.html",
                             len && full[len - 1] == '/' ? "" : "/");
                if (n < 0 || (size_t)n >= size - len)
                        return -1;
        }
        return open_regular(full, st);
}

/* Opens the form of FULL that SUFFIX names; -1 when there is none. */
static int open_form(const char *full, const char *suffix, struct stat *st)
{
        char packed[PATH_MAX];
        int n = snprintf(packed, sizeof(packed), "%s%s", full, suffix);
        if (n < 0 || (size_t)n >= sizeof(packed))
                return -1;
        return open_regular(packed, st);
}

int web_file_open(const char *root, const char *path, const char *accept_encoding,
                  struct web_file *out)
{
        if (path[0] != '/' || strstr(path, "/..") || strchr(path, '\\'))
                return -1;
        char full[PATH_MAX];
        struct stat st;
        int fd = open_web_file(root, path, full, sizeof(full), &st);
        if (fd < 0 && !strchr(strrchr(path, '/'), '.'))
                fd = open_web_file(root, "/index.html", full, sizeof(full), &st);
        if (fd < 0)
                return -1;
        bool index = strcmp(strrchr(full, '/'), "/index.html") == 0;
        const char *encoding = NULL;
        for (size_t i = 0; i < GL_ARRAY_LEN(forms); i++) {
                if (!web_accepts_coding(accept_encoding, forms[i].coding))
                        continue;
                struct stat packed_st;
                int packed = open_form(full, forms[i].suffix, &packed_st);
                if (packed < 0)
                        continue;
                close(fd);
                fd = packed;
                st = packed_st;
                encoding = forms[i].coding;
                break;
        }
        out->fd = fd;
        out->size = st.st_size;
        out->content_type = mime_type(full);
        out->encoding = encoding;
        if (index)
                out->cache_control = CACHE_REVALIDATE;
        else if (strncmp(path, "/assets/", 8) == 0)
                out->cache_control = CACHE_IMMUTABLE;
        else
                out->cache_control = CACHE_HOUR;
        return 0;
}

/* Whether the weight from V to END is zero ("0", "0.", "0.000"); anything else counts as above. */
static bool weight_is_zero(const char *v, const char *end)
{
        if (v == end || *v != '0')
                return false;
        for (v++; v < end; v++)
                if (*v != '.' && *v != '0')
                        return false;
        return true;
}

bool web_accepts_coding(const char *accept_encoding, const char *coding)
{
        static const char ows[] = " \t";
        int named = -1, any = -1; /* -1 not listed, 0 refused, 1 allowed */
        size_t want = strlen(coding);
        const char *p = accept_encoding ? accept_encoding : "";
        for (;;) {
                p += strspn(p, " \t,");
                if (*p == '\0')
                        break;
                size_t len = strcspn(p, " \t,;");
                bool is_named = len == want && strncasecmp(p, coding, want) == 0;
                bool is_any = len == 1 && *p == '*';
                p += len;
                bool zero = false;
                for (;;) {
                        p += strspn(p, ows);
                        if (*p != ';')
                                break;
                        p++;
                        p += strspn(p, ows);
                        size_t name = strcspn(p, " \t=,;");
                        bool weight = name == 1 && (*p == 'q' || *p == 'Q');
                        p += name;
                        p += strspn(p, ows);
                        if (*p != '=')
                                continue;
                        p++;
                        p += strspn(p, ows);
                        size_t value = strcspn(p, " \t,;");
                        if (weight)
                                zero = weight_is_zero(p, p + value);
                        p += value;
                }
                p += strcspn(p, ",");
                if (is_named)
                        named = !zero;
                if (is_any)
                        any = !zero;
        }
        return named >= 0 ? named == 1 : any == 1;
}
