/*
 * The request body as it arrives (spool.h): in memory up to HTTP_SPOOL_MEMORY_MAX bytes, then in
 * an unlinked temporary file, mapped read-only once complete. A spool holds at most one of its
 * memory, its file and its mapping at a time after each call: the memory is written to the file
 * and freed when the body outgrows it, the file closed once it is mapped.
 */
#include "spool.h"

#include "../core/gl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void http_spool_init(struct http_spool *s)
{
        memset(s, 0, sizeof(*s));
        s->fd = -1;
}

void http_spool_free(struct http_spool *s)
{
        if (s == NULL)
                return;
        free(s->mem);
        if (s->map != NULL)
                munmap(s->map, s->len);
        if (s->fd >= 0)
                close(s->fd);
        http_spool_init(s);
}

/* Writes all n bytes, whatever write(2) takes at a time; 0, or a negative errno. */
static int write_all(int fd, const char *data, size_t n)
{
        while (n > 0) {
                ssize_t w = write(fd, data, n);
                if (w < 0 && errno == EINTR)
                        continue;
                if (w < 0)
                        return -errno;
                if (w == 0)
                        return -EIO;
                data += w;
                n -= (size_t)w;
        }
        return 0;
}

/* Moves what is in memory to a new file; 0, or a negative errno with the spool untouched. */
static int move_to_file(struct http_spool *s)
{
        int fd = gl_temp_file_open(gl_temp_dir(), true);
        if (fd < 0)
                return -errno;
        int rc = write_all(fd, s->mem, s->len);
        if (rc != 0) {
                close(fd);
                return rc;
        }
        free(s->mem);
        s->mem = NULL;
        s->cap = 0;
        s->fd = fd;
        return 0;
}

/* Makes room for n more bytes in memory (at most HTTP_SPOOL_MEMORY_MAX in all); 0 or -ENOMEM. */
static int reserve(struct http_spool *s, size_t n)
{
        size_t need = s->len + n;
        if (need <= s->cap)
                return 0;
        size_t cap = s->cap ? s->cap : 4096;
        while (cap < need)
                cap *= 2;
        if (cap > HTTP_SPOOL_MEMORY_MAX)
                cap = HTTP_SPOOL_MEMORY_MAX;
        char *grown = realloc(s->mem, cap);
        if (grown == NULL)
                return -ENOMEM;
        s->mem = grown;
        s->cap = cap;
        return 0;
}

int http_spool_add(struct http_spool *s, const void *data, size_t n)
{
        if (n == 0)
                return 0;
        int rc = 0;
        if (s->fd < 0 && s->len + n <= HTTP_SPOOL_MEMORY_MAX) {
                if ((rc = reserve(s, n)) != 0)
                        goto fail;
                memcpy(s->mem + s->len, data, n);
                s->len += n;
                return 0;
        }
        if (s->fd < 0 && (rc = move_to_file(s)) != 0)
                goto fail;
        if ((rc = write_all(s->fd, data, n)) != 0)
                goto fail;
        s->len += n;
        return 0;
fail:
        http_spool_free(s);
        return rc;
}

int http_spool_finish(struct http_spool *s, const char **text, size_t *len)
{
        if (s->fd < 0) {
                *text = s->map ? s->map : s->mem ? s->mem : "";
                *len = s->len;
                return 0;
        }
        void *map = mmap(NULL, s->len, PROT_READ, MAP_PRIVATE, s->fd, 0);
        if (map == MAP_FAILED) {
                int rc = -errno;
                http_spool_free(s);
                return rc;
        }
        close(s->fd);
        s->fd = -1;
        s->map = map;
        *text = map;
        *len = s->len;
        return 0;
}
