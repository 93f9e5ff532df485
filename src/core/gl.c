/*
 * Error names and the user-facing error structure declared in gl.h.
 */
#include "gl.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *gl_status_name(int status)
{
        switch (status) {
        case GL_OK:
                return "ok";
        case GL_EINVAL:
                return "invalid";
        case GL_ENOMEM:
                return "out_of_memory";
        case GL_EDB:
                return "database";
        case GL_ENOTFOUND:
                return "not_found";
        case GL_ECONFLICT:
                return "conflict";
        case GL_EPERM:
                return "forbidden";
        case GL_ESTATE:
                return "wrong_state";
        case GL_EIO:
                return "io";
        case GL_EAUTH:
                return "unauthorized";
        case GL_ELIMIT:
                return "limit";
        default:
                return "unknown";
        }
}

int gl_fail(struct gl_error *err, int status, const char *field, const char *fmt, ...)
{
        if (err == NULL)
                return status;
        err->status = status;
        snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof(err->message), fmt, ap);
        va_end(ap);
        return status;
}

void gl_error_clear(struct gl_error *err)
{
        if (err == NULL)
                return;
        err->status = GL_OK;
        err->field[0] = '\0';
        err->message[0] = '\0';
}

void gl_hex_encode(const unsigned char *bytes, size_t n, char *out)
{
        static const char digits[] = "0123456789abcdef";
        for (size_t i = 0; i < n; i++) {
                out[2 * i] = digits[bytes[i] >> 4];
                out[2 * i + 1] = digits[bytes[i] & 15];
        }
        out[2 * n] = '\0';
}
