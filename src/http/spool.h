/*
 * A request body as it arrives, piece by piece: kept in memory up to HTTP_SPOOL_MEMORY_MAX bytes,
 * and beyond that written to a temporary file that has no name (O_TMPFILE in $TMPDIR, or /tmp;
 * where the file system cannot make one, a file made with mkstemp and unlinked at once), so that
 * a large upload costs the server disk, not memory, while it is received. Once complete the body
 * is read from memory, or from the file mapped read-only: its bytes are not followed by a NUL.
 *
 * The file is the process's alone (mode 0600, unlinked before its first byte is written,
 * close-on-exec) and leaves nothing behind: closing it, or the process ending, frees its space.
 * Nothing here is shared: one spool belongs to one request, used by one thread at a time.
 *
 * Errors are negative errno values: -ENOMEM when memory runs out, else the errno of the file that
 * could not be made (-ENOENT, -EACCES, -EMFILE...), written (-ENOSPC when the disk is full,
 * -EDQUOT, -EFBIG past the file size limit, -EIO) or mapped.
 */
#ifndef GL_HTTP_SPOOL_H
#define GL_HTTP_SPOOL_H

#include <stdbool.h>
#include <stddef.h>

#include "http.h"

/*
 * The largest body kept in memory. The largest body of an ordinary route (HTTP_BODY_MAX) fits, so
 * that only the uploads of HTTP_UPLOAD routes, whose size made memory a problem (16 MiB each, a
 * few per user at once), pay for a file; an ordinary request never touches the disk.
 */
#define HTTP_SPOOL_MEMORY_MAX (64 * 1024)
_Static_assert(HTTP_SPOOL_MEMORY_MAX >= HTTP_BODY_MAX, "every ordinary body stays in memory");

struct http_spool {
        char *mem;  /* the body while it is in memory (malloc'd), or NULL */
        size_t cap; /* bytes allocated at mem */
        size_t len; /* bytes received */
        int fd;     /* the file once the body outgrew memory, -1 before and once mapped */
        void *map;  /* the file mapped by http_spool_finish (len bytes), or NULL */
};

/* An empty spool (in memory, no file). Every spool is made so before anything else. */
void http_spool_init(struct http_spool *s);

/*
 * Appends n bytes of data. Returns 0, or a negative errno; on an error the spool is emptied as by
 * http_spool_free (its file closed at once, its space given back) and stays empty.
 */
int http_spool_add(struct http_spool *s, const void *data, size_t n);

/*
 * The whole body: *text receives len bytes (not NUL-terminated; "" when empty) that stay valid
 * until http_spool_free, *len their number. A body in a file is mapped (MAP_PRIVATE, PROT_READ)
 * and the file closed: the mapping keeps it until it is unmapped. Returns 0, or a negative errno
 * when the file cannot be mapped (the spool is then emptied); the outputs are untouched on error.
 * A finished spool is not added to.
 */
int http_spool_finish(struct http_spool *s, const char **text, size_t *len);

/* Gives back what the spool holds (memory, file, mapping) and leaves it empty. Accepts NULL. */
void http_spool_free(struct http_spool *s);

#endif
