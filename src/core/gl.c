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

/*
 * After snprintf wrote n of the wanted bytes into buf of size, drops a UTF-8 character that the
 * cut left incomplete at the end, so that a long name or message stays valid UTF-8 (a JSON answer
 * cannot carry half a character).
 */
static void cut_at_character(char *buf, size_t size, int wanted)
{
        if (wanted < 0 || (size_t)wanted < size || size == 0)
                return;
        size_t len = strlen(buf);
        size_t start = len;
        while (start > 0 && ((unsigned char)buf[start - 1] & 0xC0) == 0x80)
                start--;
        if (start == 0)
                return;
        unsigned char lead = (unsigned char)buf[start - 1];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (len - (start - 1) < need)
                buf[start - 1] = '\0';
}

int gl_fail(struct gl_error *err, int status, const char *field, const char *fmt, ...)
{
        if (err == NULL)
                return status;
        err->status = status;
        int n = snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
        cut_at_character(err->field, sizeof(err->field), n);
        va_list ap;
        va_start(ap, fmt);
        n = vsnprintf(err->message, sizeof(err->message), fmt, ap);
        va_end(ap);
        cut_at_character(err->message, sizeof(err->message), n);
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
