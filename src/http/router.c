/*
 * Matching a request's method and path against the route table. A pattern is a path whose
 * segments are literal or {name}; a {name} segment matches one non-empty segment (no '/') of at
 * most HTTP_PARAM_MAX - 1 bytes. No trailing slash, no empty segment, no wildcard: a path either
 * names a route exactly or is unknown.
 */
#include "http.h"

#include <stdio.h>
#include <string.h>

bool http_pattern_match(const char *pattern, const char *path,
                        struct http_param params[HTTP_MAX_PARAMS], size_t *nparams)
{
        size_t count = 0;
        const char *p = pattern, *s = path;
        while (*p && *s) {
                if (*p != '/' || *s != '/')
                        return false;
                p++;
                s++;
                const char *pend = strchr(p, '/');
                const char *send = strchr(s, '/');
                size_t plen = pend ? (size_t)(pend - p) : strlen(p);
                size_t slen = send ? (size_t)(send - s) : strlen(s);
                if (plen >= 2 && p[0] == '{' && p[plen - 1] == '}') {
                        if (slen == 0 || slen >= HTTP_PARAM_MAX || count >= HTTP_MAX_PARAMS)
                                return false;
                        if (params) {
                                params[count].name = p + 1;
                                params[count].name_len = plen - 2;
                                memcpy(params[count].value, s, slen);
                                params[count].value[slen] = '\0';
                        }
                        count++;
                } else if (plen != slen || memcmp(p, s, plen) != 0) {
                        return false;
                }
                p += plen;
                s += slen;
        }
        if (*p || *s)
                return false;
        if (nparams)
                *nparams = count;
        return true;
}

const struct http_route *http_route_find(const struct http_route *routes, size_t n,
                                         const char *method, const char *path,
                                         struct http_param params[HTTP_MAX_PARAMS], size_t *nparams,
                                         char *allow, size_t allow_size)
{
        const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
        size_t used = 0;
        allow[0] = '\0';
        for (size_t i = 0; i < n; i++) {
                if (!http_pattern_match(routes[i].pattern, path, NULL, NULL))
                        continue;
                if (strcmp(routes[i].method, want) == 0) {
                        http_pattern_match(routes[i].pattern, path, params, nparams);
                        allow[0] = '\0';
                        return &routes[i];
                }
                int w = snprintf(allow + used, allow_size - used, "%s%s", used ? ", " : "",
                                 routes[i].method);
                if (w > 0 && (size_t)w < allow_size - used)
                        used += (size_t)w;
                if (strcmp(routes[i].method, "GET") == 0) {
                        w = snprintf(allow + used, allow_size - used, ", HEAD");
                        if (w > 0 && (size_t)w < allow_size - used)
                                used += (size_t)w;
                }
        }
        return NULL;
}
