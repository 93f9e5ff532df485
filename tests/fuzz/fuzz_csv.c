/*
 * Fuzz target of the CSV reader (io/csv.h), including the UTF-8 / GB18030 detection. The first byte
 * picks the encoding (auto, UTF-8, GB18030), the rest is the file. Invariants: records start on
 * increasing lines, each has at least one field, every field is a string inside the reader's
 * memory (the sanitizers check the reads), progress never passes the total, and an error names a
 * line.
 */
#include <string.h>

#include "fuzz.h"
#include "io/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (size < 1)
                return 0;
        enum csv_encoding enc = (enum csv_encoding)(data[0] % 3);
        struct csv_reader *r = NULL;
        struct gl_error err;
        int rc = csv_open_memory((const char *)data + 1, size - 1, "fuzz.csv", enc, &r, &err);
        if (rc != GL_OK) {
                FUZZ_CHECK(r == NULL);
                FUZZ_CHECK(err.status == rc);
                return 0;
        }
        FUZZ_CHECK(csv_encoding_used(r) != CSV_ENCODING_AUTO);
        FUZZ_CHECK(strlen(csv_digest(r)) == 64);
        int64_t last = 0;
        struct csv_record rec;
        size_t total = csv_bytes_total(r), done = 0;
        while ((rc = csv_next(r, &rec, &err)) == 1) {
                FUZZ_CHECK(rec.line > last);
                last = rec.line;
                FUZZ_CHECK(rec.nfields >= 1);
                for (size_t i = 0; i < rec.nfields; i++)
                        FUZZ_CHECK(strlen(rec.fields[i]) <= total);
                FUZZ_CHECK(csv_bytes_done(r) >= done);
                done = csv_bytes_done(r);
                FUZZ_CHECK(done <= total);
        }
        if (rc != 0) {
                FUZZ_CHECK(rc == GL_EINVAL);
                FUZZ_CHECK(csv_error_line(r) >= 1);
                FUZZ_CHECK(strstr(err.field, "fuzz.csv:") == err.field);
        }
        csv_close(r);
        return 0;
}
