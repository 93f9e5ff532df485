/*
 * Unit tests of the audit trail: appending chains records, and altering or removing any record by
 * hand is found by audit_verify at the right record.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>

#include "app/app.h"
#include "app/audit.h"

static int setup(void **state)
{
        struct app *app = NULL;
        struct gl_error err = {0};
        if (sodium_init() < 0 || app_open(":memory:", &app, &err) != GL_OK)
                return -1;
        struct actor who = actor_system();
        for (int i = 0; i < 5; i++) {
                char id[8], detail[64];
                snprintf(id, sizeof(id), "e%d", i);
                snprintf(detail, sizeof(detail), "{\"n\": %d}", i);
                if (audit_append(app, &who, "test.write", "thing", id, detail, &err) != GL_OK)
                        return -1;
        }
        *state = app;
        return 0;
}

static int teardown(void **state)
{
        app_close(*state);
        return 0;
}

static int64_t broken_at(struct app *app)
{
        struct audit_verify_result res;
        struct gl_error err = {0};
        assert_int_equal(audit_verify(app, NULL, &res, &err), GL_OK);
        return res.first_broken_id;
}

static void test_intact_chain(void **state)
{
        struct app *app = *state;
        struct audit_verify_result res;
        assert_int_equal(audit_verify(app, NULL, &res, NULL), GL_OK);
        assert_int_equal(res.records, 5);
        assert_int_equal(res.first_broken_id, 0);
}

static void test_altered_detail(void **state)
{
        struct app *app = *state;
        assert_int_equal(
            db_exec(app->db, "UPDATE audit_log SET detail = '{\"n\": 9}' WHERE id = 3"), GL_OK);
        assert_int_equal(broken_at(app), 3);
}

static void test_altered_actor(void **state)
{
        struct app *app = *state;
        assert_int_equal(db_exec(app->db, "UPDATE audit_log SET actor = 'someone' WHERE id = 2"),
                         GL_OK);
        assert_int_equal(broken_at(app), 2);
}

static void test_removed_record(void **state)
{
        struct app *app = *state;
        assert_int_equal(db_exec(app->db, "DELETE FROM audit_log WHERE id = 4"), GL_OK);
        assert_int_equal(broken_at(app), 5);
}

static void test_rehashed_record_breaks_next(void **state)
{
        /* Someone who alters a record and recomputes its digest still breaks the next link. */
        struct app *app = *state;
        assert_int_equal(db_exec(app->db, "UPDATE audit_log SET hash = 'ff' WHERE id = 1"), GL_OK);
        int64_t at = broken_at(app);
        assert_true(at == 1 || at == 2);
        assert_int_equal(at, 1);
}

/* Takes records until it has `room` of them, then cannot take another (out of memory). */
struct page_sink {
        int room, taken;
        int64_t ids[8];
};

static int take_record(const struct audit_record *r, void *ctx)
{
        struct page_sink *s = ctx;
        if (s->taken == s->room)
                return GL_ENOMEM;
        s->ids[s->taken++] = r->id;
        return 0;
}

static void test_audit_page(void **state)
{
        struct app *app = *state;
        struct actor admin = {.role = ROLE_ADMIN, .name = "admin"};
        struct page_sink sink = {.room = 8};
        struct gl_error err = {0};
        assert_int_equal(app_audit_page(app, &admin, 0, 3, NULL, NULL, take_record, &sink, &err),
                         GL_OK);
        assert_int_equal(sink.taken, 3);
        assert_int_equal(sink.ids[0], 5); /* newest first */
        sink = (struct page_sink){.room = 8};
        assert_int_equal(
            app_audit_page(app, &admin, 5, 50, "thing", "e1", take_record, &sink, &err), GL_OK);
        assert_int_equal(sink.taken, 1);
        assert_int_equal(sink.ids[0], 2);
}

/* Only administrators and the system see the trail. */
static void test_audit_page_refused(void **state)
{
        struct app *app = *state;
        struct page_sink sink = {.room = 8};
        struct gl_error err = {0};
        for (int r = ROLE_NONE; r < ROLE_COUNT_; r++) {
                struct actor who = {.role = (enum role)r, .name = "who"};
                bool sees = r == ROLE_ADMIN || r == ROLE_SYSTEM;
                assert_int_equal(
                    app_audit_page(app, &who, 0, 50, NULL, NULL, take_record, &sink, &err),
                    sees ? GL_OK : GL_EPERM);
                sink.taken = 0;
        }
}

/* A record the caller cannot take fails the read: never a page with holes. */
static void test_audit_page_cut_short(void **state)
{
        struct app *app = *state;
        struct actor admin = {.role = ROLE_ADMIN, .name = "admin"};
        struct page_sink sink = {.room = 2};
        struct gl_error err = {0};
        assert_int_equal(app_audit_page(app, &admin, 0, 50, NULL, NULL, take_record, &sink, &err),
                         GL_ENOMEM);
        assert_int_equal(err.status, GL_ENOMEM);
        assert_true(err.message[0] != '\0');
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(test_intact_chain, setup, teardown),
            cmocka_unit_test_setup_teardown(test_altered_detail, setup, teardown),
            cmocka_unit_test_setup_teardown(test_altered_actor, setup, teardown),
            cmocka_unit_test_setup_teardown(test_removed_record, setup, teardown),
            cmocka_unit_test_setup_teardown(test_rehashed_record_breaks_next, setup, teardown),
            cmocka_unit_test_setup_teardown(test_audit_page, setup, teardown),
            cmocka_unit_test_setup_teardown(test_audit_page_refused, setup, teardown),
            cmocka_unit_test_setup_teardown(test_audit_page_cut_short, setup, teardown),
        };
        return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
