/*
 * Users, sign-in, sessions and sign-in throttling (see user.h for the rules). Password hashing is
 * libsodium's argon2id at its interactive limits; it runs outside any transaction so that a
 * sign-in never holds the database's write lock while it hashes. Session tokens come from
 * randombytes_buf and only their BLAKE2b-256 digests reach the database. A session's last-seen time
 * is written at most once a minute, so that reading with a token rarely writes.
 */
#include "user.h"

#include "../core/division.h"
#include "../core/policy.h"
#include "../store/enterprise_store.h"
#include "app_internal.h"

#include "audit.h"
#include "scope.h"

#include <jansson.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

/* An argon2id string with the interactive limits, verified against when the user does not exist so
 * that an unknown name costs as much time as a wrong password. */
static const char decoy_hash[USER_HASH_MAX] =
    "$argon2id$v=19$m=65536,t=2,p=1$7nxFmMSgXMWDYMNaGihr4A$g//"
    "iZCJzprruukQvC77a/JrT2sEdui7YCNYAOjKWbyM";

#define TOUCH_SECONDS 60

static void iso_at(time_t t, char buf[24])
{
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(buf, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* hex BLAKE2b-256 of text */
static void digest_hex(const char *text, char out[USER_TOKEN_HEX + 1])
{
        unsigned char h[32];
        crypto_generichash(h, sizeof(h), (const unsigned char *)text, strlen(text), NULL, 0);
        gl_hex_encode(h, sizeof(h), out);
}

static bool token_well_formed(const char *token)
{
        if (token == NULL || strlen(token) != USER_TOKEN_HEX)
                return false;
        for (const char *p = token; *p; p++)
                if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
                        return false;
        return true;
}

void user_csrf_token(const char *token, char out[USER_TOKEN_HEX + 1])
{
        static const char label[] = "greenlane-csrf";
        unsigned char h[32];
        crypto_generichash(h, sizeof(h), (const unsigned char *)label, sizeof(label) - 1,
                           (const unsigned char *)token, strlen(token));
        gl_hex_encode(h, sizeof(h), out);
}

bool user_csrf_matches(const struct user_session *s, const char *presented)
{
        if (presented == NULL || !token_well_formed(presented))
                return false;
        char h[USER_TOKEN_HEX + 1];
        digest_hex(presented, h);
        return sodium_memcmp(h, s->csrf_hash, USER_TOKEN_HEX) == 0;
}

bool user_role_in_city(enum role role)
{
        return role == ROLE_CITY_OFFICER || role == ROLE_CITY_EXPERT;
}

void app_user_division(const struct app *app, const struct user_record *u, char out[static 7])
{
        if (division_valid(u->division)) {
                if (out != u->division)
                        memcpy(out, u->division, 7);
                return;
        }
        /* Added before jurisdictions: the pack's county, or its city for the city's roles. */
        const char *home = app_home_division(app);
        if (!user_role_in_city(u->role) || !division_city_of(home, out))
                snprintf(out, 7, "%s", home);
}

struct actor user_actor(const struct app *app, const struct user_record *u)
{
        struct actor a = {0};
        app_user_division(app, u, a.division);
        a.user_id = u->id;
        a.role = u->role;
        snprintf(a.name, sizeof(a.name), "%s", u->username);
        snprintf(a.uscc, sizeof(a.uscc), "%s", u->uscc);
        snprintf(a.department, sizeof(a.department), "%s", u->department);
        snprintf(a.township, sizeof(a.township), "%s", u->township);
        return a;
}

static bool may_manage_users(const struct actor *actor)
{
        return actor->role == ROLE_ADMIN || actor->role == ROLE_SYSTEM;
}

static int check_manager(const struct actor *actor, struct gl_error *err)
{
        if (!may_manage_users(actor))
                return gl_fail(err, GL_EPERM, "", "只有系统管理员可以管理用户 (admin only)");
        return GL_OK;
}

static int check_username(const char *name, struct gl_error *err)
{
        size_t n = name ? strlen(name) : 0;
        if (n < 2 || n > 32)
                return gl_fail(err, GL_EINVAL, "username",
                               "用户名应为 2 至 32 个字符 (2 to 32 characters)");
        for (const char *p = name; *p; p++) {
                char c = *p;
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '@';
                if (!ok)
                        return gl_fail(
                            err, GL_EINVAL, "username",
                            "用户名只能包含字母、数字和 . _ - @ (letters, digits, . _ - @)");
        }
        return GL_OK;
}

static int check_password(const char *password, struct gl_error *err)
{
        size_t n = password ? strlen(password) : 0;
        if (n < USER_PASSWORD_MIN)
                return gl_fail(err, GL_EINVAL, "password",
                               "密码至少 %d 个字符 (at least %d characters)", USER_PASSWORD_MIN,
                               USER_PASSWORD_MIN);
        if (n > USER_PASSWORD_MAX)
                return gl_fail(err, GL_EINVAL, "password", "密码过长 (at most %d bytes)",
                               USER_PASSWORD_MAX);
        return GL_OK;
}

/* White space a display name is trimmed of: ASCII's, the no-break space and the ideographic space
 * that Chinese input methods type. */
static bool display_space(uint32_t c)
{
        return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0 || c == 0x3000;
}

/* A control character (Unicode category Cc): C0, DEL and C1. */
static bool display_control(uint32_t c)
{
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

/* The display name as kept into out ("" for none): see app_user_set_display_name. */
static int normalize_display_name(const char *name, char out[USER_DISPLAY_NAME_MAX + 1],
                                  struct gl_error *err)
{
        const char *start = NULL, *end = NULL; /* the first and past the last non-space */
        for (const char *p = name ? name : ""; *p;) {
                uint32_t c;
                size_t n = gl_utf8_char(p, &c);
                if (n == 0)
                        return gl_fail(err, GL_EINVAL, "display_name",
                                       "姓名不是有效的 UTF-8 文本 (display name is not valid "
                                       "UTF-8)");
                if (!display_space(c)) {
                        if (start == NULL)
                                start = p;
                        end = p + n;
                }
                p += n;
        }
        if (start == NULL) {
                out[0] = '\0';
                return GL_OK;
        }
        for (const char *p = start; p < end;) {
                uint32_t c;
                p += gl_utf8_char(p, &c);
                if (display_control(c))
                        return gl_fail(err, GL_EINVAL, "display_name",
                                       "姓名不能包含控制字符 (display name must not contain "
                                       "control characters)");
        }
        size_t len = (size_t)(end - start);
        if (len > USER_DISPLAY_NAME_MAX)
                return gl_fail(err, GL_EINVAL, "display_name",
                               "姓名过长，最多 %d 字节 (display name too long: at most %d bytes "
                               "of UTF-8)",
                               USER_DISPLAY_NAME_MAX, USER_DISPLAY_NAME_MAX);
        memcpy(out, start, len);
        out[len] = '\0';
        return GL_OK;
}

static int hash_password(const char *password, char out[USER_HASH_MAX], struct gl_error *err)
{
        if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
                return gl_fail(err, GL_ENOMEM, "password",
                               "无法计算密码哈希 (out of memory for argon2id)");
        return GL_OK;
}

static int db_failed(struct app *app, int rc, struct gl_error *err)
{
        if (rc == GL_ECONFLICT)
                return gl_fail(err, GL_ECONFLICT, "", "数据冲突 (conflict): %s",
                               db_errmsg(app->db));
        return gl_fail(err, GL_EDB, "", "数据库错误 (database error): %s", db_errmsg(app->db));
}

/* Audits a change to a user, with detail built from a jansson object (stolen). */
static int audit_user(struct app *app, const struct actor *actor, const char *action,
                      const char *username, json_t *detail, struct gl_error *err)
{
        char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(detail);
        if (text == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        int rc = audit_append(app, actor, action, "user", username, text, err);
        free(text);
        return rc;
}

/* The unit a user is bound to, in the words of the pack of the user's county (pack): a
 * department officer's department (its code, or a Chinese name or alias the pack knows, kept as
 * the code), a township officer's township. Written into dept and town. */
static int take_unit(const struct policy_pack *pack, const struct user_new *u, char *dept,
                     size_t dept_size, char *town, size_t town_size, struct gl_error *err)
{
        bool has_dept = u->department && u->department[0];
        bool has_town = u->township && u->township[0];
        dept[0] = town[0] = '\0';
        if (u->role == ROLE_TOWNSHIP_OFFICER && !has_town)
                return gl_fail(err, GL_EINVAL, "township",
                               "乡镇用户必须指定乡镇 (a township_officer needs --township)");
        if (u->role != ROLE_TOWNSHIP_OFFICER && has_town)
                return gl_fail(err, GL_EINVAL, "township",
                               "只有乡镇用户指定乡镇 (only township_officer users have one)");
        if (has_dept) {
                const struct policy_term *d =
                    policy_term_find(pack, POLICY_DEPARTMENTS, u->department);
                if (d == NULL)
                        return gl_fail(err, GL_EINVAL, "department",
                                       "“%s”不是政策包所列的部门（departments：代码或名称） "
                                       "(unknown department)",
                                       u->department);
                snprintf(dept, dept_size, "%s", d->code);
        }
        if (has_town) {
                const struct policy_term *t = policy_term_find(pack, POLICY_TOWNSHIPS, u->township);
                if (t == NULL)
                        return gl_fail(err, GL_EINVAL, "township",
                                       "“%s”不是本县的乡镇（政策包 townships） (unknown township)",
                                       u->township);
                snprintf(town, town_size, "%s", t->code);
        }
        return GL_OK;
}

/*
 * The jurisdiction of a new user into out: the division given, or the default of its role (the
 * pack's county, its city for the city's roles); an enterprise user's is its enterprise's. It
 * must be a division code, a county for the roles bound to a county's units (a department, a
 * township), and within the manager's own jurisdiction.
 */
static int take_division(struct app *app, const struct actor *manager, const struct user_new *u,
                         char out[static 7], struct gl_error *err)
{
        bool given = u->division && u->division[0];
        if (u->role == ROLE_ENTERPRISE) {
                struct enterprise e;
                if (given)
                        return gl_fail(err, GL_EINVAL, "division",
                                       "企业用户的辖区即其企业所在地，不能另行指定 (an enterprise "
                                       "user's division is its enterprise's)");
                int rc = enterprise_store_get(app->db, u->uscc, &e);
                if (rc != GL_OK)
                        return db_failed(app, rc, err);
                snprintf(out, 7, "%s", e.division);
        } else if (given) {
                if (!division_valid(u->division))
                        return gl_fail(err, GL_EINVAL, "division",
                                       "“%.32s”不是行政区划代码：应为 6 位数字，省 PP0000、市 "
                                       "PPCC00、县 PPCCDD (not a division code)",
                                       u->division);
                snprintf(out, 7, "%s", u->division);
        } else {
                struct user_record shape = {.role = u->role};
                app_user_division(app, &shape, out);
        }
        if ((u->role == ROLE_DEPT_OFFICER || u->role == ROLE_TOWNSHIP_OFFICER) &&
            division_level(out) != DIVISION_COUNTY)
                return gl_fail(err, GL_EINVAL, "division",
                               "%s的辖区应为县级行政区划 (%s is not a county)",
                               role_label_zh(u->role), out);
        if (!app_scope_covers(app, manager, out))
                return gl_fail(err, GL_EPERM, "division",
                               "行政区划 %s 不在您的辖区 %s 内 (outside your jurisdiction)", out,
                               manager->division);
        return GL_OK;
}

static int validate_new(struct app *app, const struct user_new *u, struct gl_error *err)
{
        int rc = check_username(u->username, err);
        if (rc != GL_OK)
                return rc;
        if (u->role == ROLE_NONE || u->role == ROLE_SYSTEM)
                return gl_fail(err, GL_EINVAL, "role", "未知角色 (unknown role)");
        bool has_uscc = u->uscc && u->uscc[0];
        bool has_dept = u->department && u->department[0];
        if (u->role == ROLE_ENTERPRISE && !has_uscc)
                return gl_fail(err, GL_EINVAL, "enterprise",
                               "企业用户必须绑定企业 (an enterprise user needs --enterprise USCC)");
        if (u->role != ROLE_ENTERPRISE && has_uscc)
                return gl_fail(err, GL_EINVAL, "enterprise",
                               "只有企业用户绑定企业 (only enterprise users have an enterprise)");
        if (u->role == ROLE_DEPT_OFFICER && !has_dept)
                return gl_fail(err, GL_EINVAL, "department",
                               "行业主管部门用户必须指定部门 (a dept_officer needs --department)");
        if (u->role != ROLE_DEPT_OFFICER && has_dept)
                return gl_fail(err, GL_EINVAL, "department",
                               "只有行业主管部门用户指定部门 (only dept_officer users have one)");
        if (has_dept && strlen(u->department) >= sizeof(((struct user_record *)0)->department))
                return gl_fail(err, GL_EINVAL, "department", "部门名称过长 (too long)");
        if (has_uscc) {
                rc = user_store_enterprise_exists(app->db, u->uscc);
                if (rc == GL_ENOTFOUND || strlen(u->uscc) != 18)
                        return gl_fail(err, GL_EINVAL, "enterprise",
                                       "企业未登记 (no registered enterprise with USCC %s)",
                                       u->uscc);
                if (rc != GL_OK)
                        return db_failed(app, rc, err);
        }
        return check_password(u->password, err);
}

int app_user_add(struct app *app, const struct actor *actor, const struct user_new *u,
                 struct gl_error *err)
{
        struct user_record r = {0};
        int rc = check_manager(actor, err);
        if (rc == GL_OK)
                rc = validate_new(app, u, err);
        if (rc == GL_OK)
                rc = normalize_display_name(u->display_name, r.display_name, err);
        if (rc != GL_OK)
                return rc;
        snprintf(r.username, sizeof(r.username), "%s", u->username);
        r.role = u->role;
        snprintf(r.uscc, sizeof(r.uscc), "%s", u->uscc ? u->uscc : "");
        rc = take_division(app, actor, u, r.division, err);
        if (rc == GL_OK)
                rc = take_unit(app_pack_for(app, r.division), u, r.department, sizeof(r.department),
                               r.township, sizeof(r.township), err);
        if (rc != GL_OK)
                return rc;
        rc = hash_password(u->password, r.password_hash, err);
        if (rc != GL_OK)
                return rc;
        app_now_iso(r.created_at);
        snprintf(r.updated_at, sizeof(r.updated_at), "%s", r.created_at);

        if ((rc = app_begin(app, err)) != GL_OK)
                goto done;
        rc = user_store_insert(app->db, &r);
        if (rc == GL_ECONFLICT) {
                rc = gl_fail(err, GL_ECONFLICT, "username", "用户名已存在 (user %s exists)",
                             r.username);
                goto fail;
        }
        if (rc != GL_OK) {
                rc = db_failed(app, rc, err);
                goto fail;
        }
        json_t *detail = json_pack("{s:s, s:s?, s:s?, s:s?}", "role", role_name(r.role), "uscc",
                                   r.uscc[0] ? r.uscc : NULL, "department",
                                   r.department[0] ? r.department : NULL, "display_name",
                                   r.display_name[0] ? r.display_name : NULL);
        if (detail && r.township[0])
                json_object_set_new(detail, "township", json_string(r.township));
        if (detail)
                json_object_set_new(detail, "division", json_string(r.division));
        rc = audit_user(app, actor, "user.add", r.username, detail, err);
        if (rc != GL_OK)
                goto fail;
        rc = app_commit(app, err);
        goto done;
fail:
        app_rollback(app);
done:
        sodium_memzero(r.password_hash, sizeof(r.password_hash));
        return rc;
}

/* Loads a user for a change by a manager, inside the transaction. */
/* Whether manager's jurisdiction covers user u's. */
static bool manages(const struct app *app, const struct actor *manager, const struct user_record *u)
{
        char d[7];
        app_user_division(app, u, d);
        return app_scope_covers(app, manager, d);
}

/* Loads a user for a change by a manager, inside the transaction: one outside the manager's
 * jurisdiction is answered as one that does not exist. */
static int load_for_change(struct app *app, const struct actor *manager, const char *username,
                           struct user_record *u, struct gl_error *err)
{
        int rc = user_store_get(app->db, username, u);
        if (rc == GL_OK && !manages(app, manager, u))
                rc = GL_ENOTFOUND;
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_ENOTFOUND, "username", "没有该用户 (no user %s)", username);
        if (rc != GL_OK)
                return db_failed(app, rc, err);
        return GL_OK;
}

int app_user_passwd(struct app *app, const struct actor *actor, const char *username,
                    const char *password, struct gl_error *err)
{
        int rc = check_manager(actor, err);
        if (rc == GL_OK)
                rc = check_password(password, err);
        if (rc != GL_OK)
                return rc;
        char hash[USER_HASH_MAX], now[24];
        if ((rc = hash_password(password, hash, err)) != GL_OK)
                return rc;
        app_now_iso(now);
        struct user_record u;
        if ((rc = app_begin(app, err)) != GL_OK)
                goto done;
        if ((rc = load_for_change(app, actor, username, &u, err)) != GL_OK)
                goto fail;
        rc = user_store_set_password(app->db, u.id, hash, now);
        if (rc == GL_OK)
                rc = session_store_delete_user(app->db, u.id);
        if (rc != GL_OK) {
                rc = db_failed(app, rc, err);
                goto fail;
        }
        rc = audit_user(app, actor, "user.passwd", u.username,
                        json_pack("{s:b}", "sessions_ended", 1), err);
        if (rc != GL_OK)
                goto fail;
        rc = app_commit(app, err);
        goto done;
fail:
        app_rollback(app);
done:
        sodium_memzero(hash, sizeof(hash));
        return rc;
}

int app_user_disable(struct app *app, const struct actor *actor, const char *username,
                     struct gl_error *err)
{
        int rc = check_manager(actor, err);
        if (rc != GL_OK)
                return rc;
        char now[24];
        app_now_iso(now);
        struct user_record u;
        if ((rc = app_begin(app, err)) != GL_OK)
                return rc;
        if ((rc = load_for_change(app, actor, username, &u, err)) != GL_OK)
                goto fail;
        if (u.disabled) {
                rc = gl_fail(err, GL_ESTATE, "username", "用户已停用 (user %s is already disabled)",
                             u.username);
                goto fail;
        }
        /* Someone must be left to manage the users: the last administrator stays. */
        int64_t admins = 0;
        if (u.role == ROLE_ADMIN &&
            (rc = user_store_count_active(app->db, ROLE_ADMIN, &admins)) != GL_OK) {
                rc = db_failed(app, rc, err);
                goto fail;
        }
        if (u.role == ROLE_ADMIN && admins <= 1) {
                rc = gl_fail(err, GL_ESTATE, "username",
                             "不能停用最后一个系统管理员 (%s is the last administrator)",
                             u.username);
                goto fail;
        }
        rc = user_store_set_disabled(app->db, u.id, true, now);
        if (rc == GL_OK)
                rc = session_store_delete_user(app->db, u.id);
        if (rc != GL_OK) {
                rc = db_failed(app, rc, err);
                goto fail;
        }
        rc = audit_user(app, actor, "user.disable", u.username, json_pack("{s:b}", "disabled", 1),
                        err);
        if (rc != GL_OK)
                goto fail;
        return app_commit(app, err);
fail:
        app_rollback(app);
        return rc;
}

int app_user_set_display_name(struct app *app, const struct actor *actor, const char *username,
                              const char *display_name, struct user_record *out,
                              struct gl_error *err)
{
        char name[USER_DISPLAY_NAME_MAX + 1];
        int rc = check_manager(actor, err);
        if (rc == GL_OK)
                rc = normalize_display_name(display_name, name, err);
        if (rc != GL_OK)
                return rc;
        char now[24];
        app_now_iso(now);
        struct user_record u;
        if ((rc = app_begin(app, err)) != GL_OK)
                return rc;
        if ((rc = load_for_change(app, actor, username ? username : "", &u, err)) != GL_OK)
                goto fail;
        if (strcmp(u.display_name, name) != 0) {
                rc = user_store_set_display_name(app->db, u.id, name, now);
                if (rc != GL_OK) {
                        rc = db_failed(app, rc, err);
                        goto fail;
                }
                rc = audit_user(
                    app, actor, "user.set_name", u.username,
                    json_pack("{s:s, s:s}", "display_name", name, "previous", u.display_name), err);
                if (rc != GL_OK)
                        goto fail;
                snprintf(u.display_name, sizeof(u.display_name), "%s", name);
                snprintf(u.updated_at, sizeof(u.updated_at), "%s", now);
        }
        if ((rc = app_commit(app, err)) != GL_OK)
                return rc;
        sodium_memzero(u.password_hash, sizeof(u.password_hash));
        if (out)
                *out = u;
        return GL_OK;
fail:
        app_rollback(app);
        return rc;
}

struct list_ctx {
        const struct app *app;
        const struct actor *actor;
        int (*fn)(const struct user_record *u, void *ctx);
        void *ctx;
        int failed; /* the callback's negative status, or 0 */
};

static int list_one(const struct user_record *u, void *p)
{
        struct list_ctx *c = p;
        if (!manages(c->app, c->actor, u))
                return 0;
        struct user_record copy = *u;
        sodium_memzero(copy.password_hash, sizeof(copy.password_hash));
        app_user_division(c->app, u, copy.division);
        int got = c->fn(&copy, c->ctx);
        if (got < 0)
                c->failed = got;
        return got;
}

int app_user_list(struct app *app, const struct actor *actor,
                  int (*fn)(const struct user_record *u, void *ctx), void *ctx,
                  struct gl_error *err)
{
        int rc = app_scope_check(actor, SCOPE_USER, NULL, err);
        if (rc != GL_OK)
                return rc;
        struct list_ctx c = {app, actor, fn, ctx, 0};
        rc = user_store_list(app->db, list_one, &c);
        if (c.failed < 0)
                return app_read_failed(c.failed, err);
        return rc == GL_OK ? GL_OK : db_failed(app, rc, err);
}

int app_user_get(struct app *app, const struct actor *actor, const char *username,
                 struct user_record *out, struct gl_error *err)
{
        int rc = app_scope_check(actor, SCOPE_USER, NULL, err);
        if (rc != GL_OK)
                return rc;
        struct user_record u;
        rc = user_store_get(app->db, username ? username : "", &u);
        if (rc == GL_OK && !manages(app, actor, &u))
                rc = GL_ENOTFOUND;
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_ENOTFOUND, "username", "没有该用户 (no user %s)",
                               username ? username : "");
        if (rc != GL_OK)
                return db_failed(app, rc, err);
        sodium_memzero(u.password_hash, sizeof(u.password_hash));
        app_user_division(app, &u, u.division);
        *out = u;
        return GL_OK;
}

/* Whether key is locked out at now. */
static int throttle_locked(struct app *app, const char *key, const char *now, bool *locked)
{
        struct throttle_state s;
        int rc = throttle_store_get(app->db, key, &s);
        *locked = rc == GL_OK && s.locked_until[0] && strcmp(s.locked_until, now) > 0;
        return rc == GL_ENOTFOUND ? GL_OK : rc;
}

/* Counts one attempt for key (inside the transaction), locking it when it reaches max. */
static int throttle_fail(struct app *app, const char *key, time_t now, int64_t max)
{
        char now_iso[24], cutoff[24];
        iso_at(now, now_iso);
        iso_at(now - USER_THROTTLE_WINDOW, cutoff);
        struct throttle_state s = {0};
        int rc = throttle_store_get(app->db, key, &s);
        if (rc != GL_OK && rc != GL_ENOTFOUND)
                return rc;
        bool stale = rc == GL_ENOTFOUND || strcmp(s.window_start, cutoff) < 0 ||
                     (s.locked_until[0] && strcmp(s.locked_until, now_iso) <= 0);
        if (stale) {
                memset(&s, 0, sizeof(s));
                snprintf(s.window_start, sizeof(s.window_start), "%s", now_iso);
        }
        s.failures++;
        if (s.failures >= max)
                iso_at(now + USER_THROTTLE_LOCK, s.locked_until);
        return throttle_store_put(app->db, key, &s);
}

/* Takes back the attempt counted for key when it succeeded: one failure less, and no lock when
 * the count is under max again. */
static int throttle_forgive(struct app *app, const char *key, int64_t max)
{
        struct throttle_state s;
        int rc = throttle_store_get(app->db, key, &s);
        if (rc == GL_ENOTFOUND)
                return GL_OK;
        if (rc != GL_OK)
                return rc;
        if (s.failures > 0)
                s.failures--;
        if (s.failures < max)
                s.locked_until[0] = '\0';
        return throttle_store_put(app->db, key, &s);
}

/* The keys one sign-in is counted under: a known device's own, else the user name's and the
 * address's. */
struct sign_in_keys {
        bool known;      /* a device this user signed in from before */
        int64_t user_id; /* the device's user */
        char device[80]; /* "device:HASH" */
        char user[USER_NAME_MAX + 8];
        char addr[80];
};

static const char *too_many(void)
{
        return "登录失败次数过多，请 %d 分钟后再试 (too many failed sign-ins; try again later)";
}

/*
 * Before the password is checked (a slow hash): in one transaction, refuses a locked key and
 * counts this attempt as failed, so that attempts made in parallel are counted as they come and
 * no more than the limit are ever checked. A success takes its count back.
 */
static int sign_in_admit(struct app *app, const struct sign_in_keys *k, time_t now,
                         struct gl_error *err)
{
        char now_iso[24];
        iso_at(now, now_iso);
        if (app_begin(app, err) != GL_OK)
                return GL_EDB;
        bool user_locked = false, addr_locked = false, device_locked = false;
        int rc = GL_OK;
        if (k->known) {
                rc = throttle_locked(app, k->device, now_iso, &device_locked);
        } else {
                rc = throttle_locked(app, k->user, now_iso, &user_locked);
                if (rc == GL_OK)
                        rc = throttle_locked(app, k->addr, now_iso, &addr_locked);
        }
        if (rc == GL_OK && !(user_locked || addr_locked || device_locked)) {
                if (k->known) {
                        rc = throttle_fail(app, k->device, now, USER_THROTTLE_USER_FAILURES);
                } else {
                        rc = throttle_fail(app, k->user, now, USER_THROTTLE_USER_FAILURES);
                        if (rc == GL_OK)
                                rc = throttle_fail(app, k->addr, now,
                                                   USER_THROTTLE_ADDRESS_FAILURES);
                }
        }
        if (rc != GL_OK) {
                app_rollback(app);
                return db_failed(app, rc, err);
        }
        if ((rc = app_commit(app, err)) != GL_OK)
                return rc;
        if (user_locked || addr_locked || device_locked)
                return gl_fail(err, GL_ELIMIT, user_locked || device_locked ? "username" : "",
                               too_many(), USER_THROTTLE_LOCK / 60);
        return GL_OK;
}

static int sign_in_refused(struct app *app, const char *username, const char *address,
                           struct gl_error *err)
{
        struct actor anonymous = {0};
        snprintf(anonymous.name, sizeof(anonymous.name), "anonymous@%s", address);
        struct gl_error ignored = {0};
        if (app_begin(app, &ignored) == GL_OK) {
                int rc = audit_user(app, &anonymous, "session.refused", username,
                                    json_pack("{s:s}", "address", address), &ignored);
                if (rc == GL_OK)
                        rc = app_commit(app, &ignored);
                else
                        app_rollback(app);
        }
        return gl_fail(err, GL_EAUTH, "password", "用户名或密码错误 (wrong user name or password)");
}

int app_user_sign_in(struct app *app, const char *username, const char *password,
                     const char *address, const char *device, struct user_session *out,
                     struct gl_error *err)
{
        time_t now = time(NULL);
        char now_iso[24];
        iso_at(now, now_iso);
        if (username == NULL || password == NULL || strlen(username) >= USER_NAME_MAX)
                return gl_fail(err, GL_EAUTH, "username",
                               "用户名或密码错误 (wrong user name or password)");
        if (address == NULL)
                address = "";
        struct sign_in_keys k = {0};
        snprintf(k.user, sizeof(k.user), "user:%s", username);
        snprintf(k.addr, sizeof(k.addr), "addr:%s", address);

        struct user_record u;
        int rc = user_store_get(app->db, username, &u);
        if (rc != GL_OK && rc != GL_ENOTFOUND)
                return db_failed(app, rc, err);
        bool found = rc == GL_OK;
        /* A device cookie counts only for the user it was given to. */
        char device_hash[USER_TOKEN_HEX + 1] = "";
        if (found && device && strlen(device) == USER_TOKEN_HEX) {
                digest_hex(device, device_hash);
                rc = device_store_find(app->db, device_hash, &k.user_id);
                if (rc != GL_OK && rc != GL_ENOTFOUND)
                        return db_failed(app, rc, err);
                k.known = rc == GL_OK && k.user_id == u.id;
                snprintf(k.device, sizeof(k.device), "device:%.32s", device_hash);
        }
        if ((rc = sign_in_admit(app, &k, now, err)) != GL_OK)
                return rc;

        const char *hash = found ? u.password_hash : decoy_hash;
        bool verified = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
        if (!found || !verified || u.disabled)
                return sign_in_refused(app, username, address, err);

        unsigned char raw[32];
        struct user_session s = {0};
        struct session_record rec = {0};
        randombytes_buf(raw, sizeof(raw));
        gl_hex_encode(raw, sizeof(raw), s.token);
        if (!k.known) { /* this browser is known from now on */
                randombytes_buf(raw, sizeof(raw));
                gl_hex_encode(raw, sizeof(raw), s.device_token);
                digest_hex(s.device_token, device_hash);
        }
        sodium_memzero(raw, sizeof(raw));
        user_csrf_token(s.token, s.csrf_token);
        digest_hex(s.token, s.token_hash);
        digest_hex(s.csrf_token, s.csrf_hash);
        s.actor = user_actor(app, &u);
        snprintf(s.display_name, sizeof(s.display_name), "%s", u.display_name);
        iso_at(now + USER_SESSION_SECONDS, s.expires_at);
        snprintf(rec.token_hash, sizeof(rec.token_hash), "%s", s.token_hash);
        rec.user_id = u.id;
        snprintf(rec.csrf_hash, sizeof(rec.csrf_hash), "%s", s.csrf_hash);
        snprintf(rec.address, sizeof(rec.address), "%s", address);
        snprintf(rec.created_at, sizeof(rec.created_at), "%s", now_iso);
        snprintf(rec.expires_at, sizeof(rec.expires_at), "%s", s.expires_at);
        snprintf(rec.last_seen_at, sizeof(rec.last_seen_at), "%s", now_iso);

        if ((rc = app_begin(app, err)) != GL_OK)
                goto wipe;
        rc = session_store_delete_expired(app->db, now_iso);
        if (rc == GL_OK)
                rc = session_store_insert(app->db, &rec);
        if (rc == GL_OK)
                rc = device_store_put(app->db, device_hash, u.id, now_iso);
        /* The attempt was counted before the password was checked: a success takes it back. */
        if (rc == GL_OK && k.known)
                rc = throttle_store_clear(app->db, k.device);
        if (rc == GL_OK && !k.known)
                rc = throttle_store_clear(app->db, k.user);
        if (rc == GL_OK && !k.known)
                rc = throttle_forgive(app, k.addr, USER_THROTTLE_ADDRESS_FAILURES);
        if (rc != GL_OK) {
                rc = db_failed(app, rc, err);
                goto fail;
        }
        rc = audit_user(app, &s.actor, "session.create", u.username,
                        json_pack("{s:s, s:s, s:b}", "address", address, "expires_at", s.expires_at,
                                  "known_device", k.known),
                        err);
        if (rc != GL_OK)
                goto fail;
        if ((rc = app_commit(app, err)) != GL_OK)
                goto wipe;
        *out = s;
        goto wipe;
fail:
        app_rollback(app);
wipe:
        sodium_memzero(&s, sizeof(s));
        sodium_memzero(device_hash, sizeof(device_hash));
        return rc;
}

int app_user_from_token(struct app *app, const char *token, struct user_session *out,
                        struct gl_error *err)
{
        if (!token_well_formed(token))
                return gl_fail(err, GL_EAUTH, "", "登录凭证无效 (invalid token)");
        time_t now = time(NULL);
        char now_iso[24], token_hash[USER_TOKEN_HEX + 1];
        iso_at(now, now_iso);
        digest_hex(token, token_hash);
        struct session_record s;
        struct user_record u;
        int rc = session_store_find(app->db, token_hash, now_iso, &s, &u);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_EAUTH, "",
                               "登录已过期或已退出，请重新登录 (session expired or ended)");
        if (rc != GL_OK)
                return db_failed(app, rc, err);
        char touch_before[24];
        iso_at(now - TOUCH_SECONDS, touch_before);
        if (strcmp(s.last_seen_at, touch_before) < 0)
                session_store_touch(app->db, token_hash, now_iso);
        memset(out, 0, sizeof(*out));
        out->actor = user_actor(app, &u);
        snprintf(out->display_name, sizeof(out->display_name), "%s", u.display_name);
        user_csrf_token(token, out->csrf_token);
        snprintf(out->csrf_hash, sizeof(out->csrf_hash), "%s", s.csrf_hash);
        snprintf(out->token_hash, sizeof(out->token_hash), "%s", token_hash);
        snprintf(out->expires_at, sizeof(out->expires_at), "%s", s.expires_at);
        return GL_OK;
}

int app_user_sign_out(struct app *app, const char *token, struct gl_error *err)
{
        struct user_session s;
        int rc = app_user_from_token(app, token, &s, err);
        if (rc != GL_OK)
                return rc;
        if ((rc = app_begin(app, err)) != GL_OK)
                return rc;
        int64_t deleted = 0;
        rc = session_store_delete(app->db, s.token_hash, &deleted);
        if (rc != GL_OK) {
                rc = db_failed(app, rc, err);
                goto fail;
        }
        if (deleted == 0) {
                rc = gl_fail(err, GL_EAUTH, "", "登录已退出 (session already ended)");
                goto fail;
        }
        rc = audit_user(app, &s.actor, "session.delete", s.actor.name, json_object(), err);
        if (rc != GL_OK)
                goto fail;
        return app_commit(app, err);
fail:
        app_rollback(app);
        return rc;
}

int app_demo_users(struct app *app, const struct actor *actor, const struct demo_clerks *clerks,
                   FILE *out, struct gl_error *err)
{
        static const char password[] = "greenlane-demo";
        /* Each login is a person of the county's offices, named as the county's system would show
         * them (姓名). */
        static const struct {
                const char *name;
                enum role role;
                const char *department; /* or the township of a township officer */
                int enterprise;         /* 1-based index into the first enterprises, 0 for none */
                const char *display_name;
        } demo[] = {
            {"qiye1", ROLE_ENTERPRISE, NULL, 1, "李秀英"},
            {"qiye2", ROLE_ENTERPRISE, NULL, 2, "张丽"},
            {"xianju", ROLE_COUNTY_OFFICER, NULL, 0, "王建国"},
            {"fazhi", ROLE_COUNTY_LEGAL, NULL, 0, "刘文静"},
            {"lingdao", ROLE_COUNTY_LEADER, NULL, 0, "赵国强"},
            {"shiju", ROLE_CITY_OFFICER, NULL, 0, "陈志明"},
            {"zhuanjia", ROLE_CITY_EXPERT, NULL, 0, "孙立华"},
            {"shuiwu", ROLE_TAX_OFFICER, NULL, 0, "周晓燕"},
            {"shenpi", ROLE_APPROVAL_OFFICER, NULL, 0, "吴海涛"},
            {"zhujian", ROLE_DEPT_OFFICER, "housing_construction", 0, "郑宏伟"},
            /* Measure 8's units: the competent departments of schools, hospitals, landscaping
             * and roads, the dust-control verifier, and two townships of the joint review. */
            {"jiaoyu", ROLE_DEPT_OFFICER, "education", 0, "黄志刚"},
            {"weijian", ROLE_DEPT_OFFICER, "health", 0, "何丽萍"},
            {"chengguan", ROLE_DEPT_OFFICER, "urban_management", 0, "高建军"},
            {"jiaotong", ROLE_DEPT_OFFICER, "transport", 0, "林海峰"},
            {"xiangzhen", ROLE_TOWNSHIP_OFFICER, "平山镇", 0, "罗文斌"},
            {"xiangzhen2", ROLE_TOWNSHIP_OFFICER, "温塘镇", 0, "宋雅琴"},
            {"admin", ROLE_ADMIN, NULL, 0, "马俊杰"},
        };
        char uscc[2][19];
        int nuscc = 0;
        int rc = user_store_first_enterprises(app->db, uscc, 2, &nuscc);
        if (rc != GL_OK)
                return db_failed(app, rc, err);
        const char *chosen[2] = {clerks ? clerks->returned : "", clerks ? clerks->fresh : ""};
        for (int i = 0; i < 2 && i < nuscc; i++)
                if (chosen[i][0])
                        snprintf(uscc[i], sizeof(uscc[i]), "%s", chosen[i]);
        fprintf(out, "演示用户 (demo users), 密码 (password) %s:\n", password);
        for (size_t i = 0; i < GL_ARRAY_LEN(demo); i++) {
                if (demo[i].enterprise > nuscc)
                        continue;
                struct user_record existing;
                rc = user_store_get(app->db, demo[i].name, &existing);
                if (rc != GL_OK && rc != GL_ENOTFOUND)
                        return db_failed(app, rc, err);
                bool found = rc == GL_OK;
                if (!found) {
                        struct user_new u = {
                            .username = demo[i].name,
                            .role = demo[i].role,
                            .uscc = demo[i].enterprise ? uscc[demo[i].enterprise - 1] : NULL,
                            .department =
                                demo[i].role == ROLE_DEPT_OFFICER ? demo[i].department : NULL,
                            .township =
                                demo[i].role == ROLE_TOWNSHIP_OFFICER ? demo[i].department : NULL,
                            .password = password,
                            .display_name = demo[i].display_name,
                        };
                        if ((rc = app_user_add(app, actor, &u, err)) != GL_OK)
                                return rc;
                }
                const struct policy_term *dept =
                    demo[i].role == ROLE_DEPT_OFFICER
                        ? policy_term_find(app->pack, POLICY_DEPARTMENTS, demo[i].department)
                        : NULL;
                const char *binding = demo[i].enterprise ? uscc[demo[i].enterprise - 1]
                                      : dept             ? dept->name_zh
                                                         : demo[i].department;
                const char *shown = found ? existing.display_name : demo[i].display_name;
                fprintf(out, "  %-10s %-18s %s%s%s%s%s\n", demo[i].name, role_name(demo[i].role),
                        role_label_zh(demo[i].role), binding ? " " : "", binding ? binding : "",
                        shown[0] ? "  " : "", shown);
        }
        return GL_OK;
}
