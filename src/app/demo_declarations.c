/*
 * Declarations for the demo county: a few enterprises that qualify for measure 1 are walked through
 * the procedure to different states (submitted, returned, county approved, city reviewed,
 * provisional, formal, rejected, reverted), each step taken by an actor of the role that takes it
 * in practice and dated back from today, so that the screens and the deadline lists show a living
 * procedure. Every step goes through the ordinary use cases of app/declaration.c, so it is checked
 * and audited like any other.
 */
#include "declaration.h"

#include "../core/calendar.h"
#include "incentive.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The states the demo declarations end in, in the order the qualifying enterprises take them;
 * a submitted one is received `ago` working days before today (the last is overdue). */
static const struct {
        enum declaration_state state;
        int ago;
} demo_states[] = {
    {DECLARATION_SUBMITTED, 3},     {DECLARATION_RETURNED, 0},    {DECLARATION_COUNTY_APPROVED, 0},
    {DECLARATION_CITY_REVIEWED, 0}, {DECLARATION_PROVISIONAL, 0}, {DECLARATION_FORMAL, 0},
    {DECLARATION_REJECTED, 0},      {DECLARATION_REVERTED, 0},    {DECLARATION_SUBMITTED, 18},
};

/* The demo's officers act under the logins app_demo_users makes, so that the cases show their
 * people by name (王建国 of the county, …); an enterprise's clerk is "演示:企业用户", as most demo
 * enterprises have no login. */
static struct actor demo_actor(enum role r, const char *uscc)
{
        struct actor a = {0};
        a.role = r;
        const char *login = r == ROLE_COUNTY_OFFICER ? "xianju"
                            : r == ROLE_CITY_EXPERT  ? "zhuanjia"
                            : r == ROLE_CITY_OFFICER ? "shiju"
                                                     : NULL;
        if (login)
                snprintf(a.name, sizeof(a.name), "%s", login);
        else
                snprintf(a.name, sizeof(a.name), "演示:%s", role_label_zh(r));
        if (uscc)
                snprintf(a.uscc, sizeof(a.uscc), "%s", uscc);
        return a;
}

/* The working day n working days before today. */
static gl_date back(struct app *app, gl_date today, int n)
{
        return calendar_add_working_days(app->cal, today, -n, NULL);
}

/*
 * A one-page PDF showing lines of ASCII text in Helvetica (a standard font: nothing embedded), so
 * that a demo document opens in a browser's viewer: the header, the objects, the cross-reference
 * table with each object's offset, and the trailer. *out is malloc'd; NULL when out of memory.
 */
static unsigned char *sample_pdf(const char *const *lines, size_t nlines, size_t *size)
{
        char content[1024];
        size_t used = 0;
        used += (size_t)snprintf(content, sizeof(content), "BT /F1 14 Tf 72 770 Td 18 TL\n");
        for (size_t i = 0; i < nlines && used < sizeof(content); i++)
                used += (size_t)snprintf(content + used, sizeof(content) - used, "(%s) Tj T*\n",
                                         lines[i]);
        if (used >= sizeof(content) - 4)
                return NULL;
        used += (size_t)snprintf(content + used, sizeof(content) - used, "ET\n");
        char body[2048];
        long offsets[6];
        int n = snprintf(body, sizeof(body), "%%PDF-1.4\n");
        const char *objects[5] = {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 "
            "R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            NULL,
        };
        for (int i = 0; i < 5; i++) {
                offsets[i + 1] = n;
                if (objects[i])
                        n += snprintf(body + n, sizeof(body) - (size_t)n, "%d 0 obj\n%s\nendobj\n",
                                      i + 1, objects[i]);
                else
                        n += snprintf(body + n, sizeof(body) - (size_t)n,
                                      "%d 0 obj\n<< /Length %zu >>\nstream\n%sendstream\nendobj\n",
                                      i + 1, used, content);
        }
        long xref = n;
        n += snprintf(body + n, sizeof(body) - (size_t)n, "xref\n0 6\n0000000000 65535 f \n");
        for (int i = 1; i <= 5; i++)
                n += snprintf(body + n, sizeof(body) - (size_t)n, "%010ld 00000 n \n", offsets[i]);
        n += snprintf(body + n, sizeof(body) - (size_t)n,
                      "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n", xref);
        if (n <= 0 || (size_t)n >= sizeof(body))
                return NULL;
        unsigned char *out = malloc((size_t)n);
        if (out != NULL) {
                memcpy(out, body, (size_t)n);
                *size = (size_t)n;
        }
        return out;
}

/* Walks one declaration of uscc to the target state. */
static int walk(struct app *app, const char *uscc, int year, enum declaration_state target,
                int submitted_ago, int tier_months, gl_date today, struct gl_error *err)
{
        char who[64];
        snprintf(who, sizeof(who), "Enterprise USCC %s, figures of %d", uscc, year);
        const char *form_lines[] = {"Greenlane demo county - sample document", "",
                                    "Declaration form",
                                    "(incentive performance grading, measure 1)", who};
        const char *evidence_lines[] = {"Greenlane demo county - sample document", "",
                                        "Supporting evidence",
                                        "(tax certificates, emission figures, R&D accounts)", who};
        size_t form_size = 0, evidence_size = 0;
        unsigned char *form = sample_pdf(form_lines, GL_ARRAY_LEN(form_lines), &form_size);
        unsigned char *evidence =
            sample_pdf(evidence_lines, GL_ARRAY_LEN(evidence_lines), &evidence_size);
        if (form == NULL || evidence == NULL) {
                free(form);
                free(evidence);
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        }
        struct case_document_input docs[] = {
            {"申报表", "申报表.pdf", form, form_size},
            {"证明材料", "证明材料.pdf", evidence, evidence_size},
        };
        struct actor ent = demo_actor(ROLE_ENTERPRISE, uscc);
        struct actor county = demo_actor(ROLE_COUNTY_OFFICER, NULL);
        struct actor expert = demo_actor(ROLE_CITY_EXPERT, NULL);
        struct actor city = demo_actor(ROLE_CITY_OFFICER, NULL);
        struct actor sys = actor_system();
        /* Provisional grades are decided long enough ago for their grace to have passed when the
         * target is reverted, and recently otherwise. */
        int decided_ago = target == DECLARATION_REVERTED ? tier_months * 23 + 10
                          : target == DECLARATION_FORMAL ? 60
                                                         : 15;
        int start = target == DECLARATION_SUBMITTED ? submitted_ago : decided_ago + 25;
        int64_t id = 0;
        int rc = app_declaration_submit(app, &ent, uscc, year, NULL, docs, GL_ARRAY_LEN(docs),
                                        back(app, today, start), &id, err);
        free(form);
        free(evidence);
        if (rc != GL_OK || target == DECLARATION_SUBMITTED)
                return rc;
        if (target == DECLARATION_RETURNED)
                return app_declaration_review(app, &county, id, 0, false,
                                              "请补充近一年的自行监测报告和排污许可执行报告",
                                              back(app, today, start - 8), err);
        rc = app_declaration_review(app, &county, id, 0, true, NULL, back(app, today, start - 10),
                                    err);
        if (rc != GL_OK || target == DECLARATION_COUNTY_APPROVED)
                return rc;
        rc = app_declaration_city_review(app, &expert, id, 0, false,
                                         "申报材料齐全，税收和排放数据与台账一致",
                                         back(app, today, start - 15), err);
        if (rc == GL_OK)
                rc = app_declaration_city_review(app, &expert, id, 0, true,
                                                 "现场核查：治理设施正常运行，无组织排放管控到位",
                                                 back(app, today, start - 20), err);
        if (rc != GL_OK || target == DECLARATION_CITY_REVIEWED)
                return rc;
        if (target == DECLARATION_REJECTED)
                return app_declaration_decide(app, &city, id, 0, false,
                                              "现场核查发现主要排放口在线监测数据缺失，不予晋级",
                                              back(app, today, decided_ago), err);
        rc = app_declaration_decide(app, &city, id, 0, true, NULL, back(app, today, decided_ago),
                                    err);
        if (rc != GL_OK || target == DECLARATION_PROVISIONAL)
                return rc;
        if (target == DECLARATION_FORMAL)
                return app_declaration_indicators_met(app, &county, id, 0,
                                                      "复测结果显示各项环保指标已达到晋级标准",
                                                      back(app, today, 5), err);
        int64_t reverted = 0;
        return app_deadlines_sweep(app, &sys, today, &reverted, err);
}

int app_demo_declarations(struct app *app, const struct actor *who, int year, gl_date today,
                          int64_t *made, struct demo_clerks *clerks, struct gl_error *err)
{
        if (clerks)
                memset(clerks, 0, sizeof(*clerks));
        if (who->role != ROLE_SYSTEM && who->role != ROLE_ADMIN)
                return gl_fail(err, GL_EPERM, "",
                               "只有管理员可以生成演示数据 (only an administrator may build demo "
                               "data)");
        int64_t existing = 0;
        if (db_query_int64(app->db, "SELECT COUNT(*) FROM cases WHERE procedure = 'm1.declaration'",
                           &existing) != GL_OK)
                return gl_fail(err, GL_EDB, "", "读取申报失败: %s", db_errmsg(app->db));
        if (made)
                *made = 0;
        if (existing > 0)
                return GL_OK;
        struct actor sys = actor_system();
        struct incentive_set *set = NULL;
        struct incentive_options opt = {.today = today};
        int rc = app_incentive_evaluate(app, &sys, year, &opt, &set, err);
        if (rc != GL_OK)
                return rc;
        struct incentive_result *r = malloc(sizeof(*r));
        if (r == NULL) {
                incentive_set_free(set);
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        }
        size_t next = 0;
        int64_t done = 0;
        for (size_t i = 0; i < incentive_set_count(set); i++) {
                incentive_set_result(set, i, r);
                if (r->tier == INCENTIVE_TIER_NONE || r->next_grade[0] == '\0')
                        continue;
                if (next == GL_ARRAY_LEN(demo_states)) {
                        /* The first qualifying enterprise past the walked ones stays undeclared. */
                        if (clerks)
                                snprintf(clerks->fresh, sizeof(clerks->fresh), "%s", r->uscc);
                        break;
                }
                if (clerks && demo_states[next].state == DECLARATION_RETURNED)
                        snprintf(clerks->returned, sizeof(clerks->returned), "%s", r->uscc);
                rc = walk(app, r->uscc, year, demo_states[next].state, demo_states[next].ago,
                          r->grace_months, today, err);
                if (rc != GL_OK)
                        break;
                next++;
                done++;
        }
        free(r);
        incentive_set_free(set);
        if (made)
                *made = done;
        return rc;
}
