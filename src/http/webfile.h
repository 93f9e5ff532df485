/*
 * The web app's files as the server sends them: which file answers a path (with the fallback to
 * index.html for the app's own routes), in which precompressed form the browser accepts, with what
 * content type and what caching. Nothing here speaks HTTP; server.c turns the answer into a
 * response.
 *
 * The build writes NAME.br and NAME.gz beside each text file (web/plugins/precompress.js). A form
 * is sent only when the request's Accept-Encoding allows its coding and the file is a regular file
 * no older than NAME itself, so a stale form left beside a file edited in place is never sent.
 * Files under /assets/ carry a content hash in their names and are cached for a year as immutable;
 * index.html, and every route that falls back to it, is revalidated each time.
 */
#ifndef GL_HTTP_WEBFILE_H
#define GL_HTTP_WEBFILE_H

#include <stdbool.h>
#include <sys/types.h>

struct web_file {
        int fd;                    /* open for reading; the caller closes it */
        off_t size;                /* of what fd reads: the compressed bytes when encoding is set */
        const char *content_type;  /* of the plain file, from its name */
        const char *encoding;      /* "br", "gzip", or NULL for the plain file */
        const char *cache_control; /* the Cache-Control header to send */
};

/*
 * Opens the file that answers the request PATH under the directory ROOT (an absolute path without
 * a trailing slash), in the best form ACCEPT_ENCODING (the request's header, or NULL) allows.
 * Returns 0 and fills *out, or -1 when nothing answers: a path that does not start with '/', climbs
 * with "/..", holds a backslash, or names no regular file (and is not one of the app's routes).
 * On -1 *out is untouched.
 */
int web_file_open(const char *root, const char *path, const char *accept_encoding,
                  struct web_file *out);

/*
 * Whether an Accept-Encoding header value allows CODING (RFC 9110 12.5.3): named with a weight
 * above zero, or not named while "*" has one. A NULL or empty header allows none.
 */
bool web_accepts_coding(const char *accept_encoding, const char *coding);

#endif
