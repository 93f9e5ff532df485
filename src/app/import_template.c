/*
 * The import templates of import_template.h. The headers come from the importer's own column
 * tables (app_import_columns); this file adds, per column, how the workbook formats it, what goes
 * in and an example value. A column the importer knows but this table does not describe is still
 * written, as text without a note, so that a template never lacks a column the importer reads.
 */
#include "import_template.h"

#include "../core/policy.h"
#include "../io/xlsx.h"
#include "app_internal.h"
#include "enterprise.h"
#include "scope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A column as the template describes it; example NULL: filled in from the policy pack. */
struct template_note {
        const char *en;
        enum xlsx_kind kind;
        const char *format;
        double width;
        const char *note;
        const char *example;
};

#define EXAMPLE_USCC "91130131005772931P"

static const char yuan_note[] = "元，最多 2 位小数，可带千位分隔符；留空表示未填报";
static const char tonne_note[] = "吨，最多 6 位小数；留空表示未填报";
static const char flag_note[] = "是/否（或 1/0）";

static const struct template_note notes[] = {
    {"uscc", XLSX_TEXT, "@", 22, "18 位统一社会信用代码（GB 32100-2015，校验位须正确）",
     EXAMPLE_USCC},
    {"name", XLSX_TEXT, "@", 30, "企业名称，不能为空", "平山县示例企业有限公司"},
    {"industry", XLSX_TEXT, "@", 14, "行业：政策包中的行业代码或中文名称", NULL},
    {"township", XLSX_TEXT, "@", 12, "所在乡镇", "平山镇"},
    {"grade", XLSX_TEXT, "@", 10, "绩效等级：该行业等级阶梯中的一级；未评级留空或填“无”", NULL},
    {"air_emitter", XLSX_TEXT, "@", 8, flag_note, "是"},
    {"key_air_emitter", XLSX_TEXT, "@", 12, flag_note, "否"},
    {"positive_list", XLSX_TEXT, "@", 10, flag_note, "否"},
    {"division", XLSX_TEXT, "@", 14,
     "可选列：所在县的 6 位行政区划代码（如 130131），须在您的辖区内；留空为政策包所在县", ""},
    {"year", XLSX_INTEGER, "0", 8, "年度：2000 年至今年的四位数", NULL},
    {"tax_yuan", XLSX_DECIMAL, "#,##0.00", 16, yuan_note, "1234567.89"},
    {"rd_yuan", XLSX_DECIMAL, "#,##0.00", 16, yuan_note, "50000.00"},
    {"revenue_yuan", XLSX_DECIMAL, "#,##0.00", 16, yuan_note, "20000000.00"},
    {"so2_t", XLSX_DECIMAL, "General", 12, tonne_note, "0.75"},
    {"nox_t", XLSX_DECIMAL, "General", 12, tonne_note, "1.535"},
    {"pm_t", XLSX_DECIMAL, "General", 12, tonne_note, "2.569"},
    {"vocs_t", XLSX_DECIMAL, "General", 14, tonne_note, "1.037"},
    {"cod_t", XLSX_DECIMAL, "General", 14, "吨，可选列：整列删去时不改变已存的数值；留空表示未填报",
     ""},
    {"nh3n_t", XLSX_DECIMAL, "General", 10,
     "吨，可选列：整列删去时不改变已存的数值；留空表示未填报", ""},
    {"tax_per_tonne_yuan", XLSX_DECIMAL, "General", 22,
     "官方公布的行业平均水平，元/吨，大于 0，最多 6 位小数；与下一列至少填一项", "250000"},
    {"rd_share_percent", XLSX_DECIMAL, "General", 22,
     "官方公布的行业平均水平，百分数（1.5 表示 1.5%），大于 0 且不超过 100", "1.5"},
};

static const struct template_note *note_of(const char *en)
{
        for (size_t i = 0; i < GL_ARRAY_LEN(notes); i++)
                if (strcmp(notes[i].en, en) == 0)
                        return &notes[i];
        return NULL;
}

/* The examples that depend on the pack and the clock: an industry, a grade of it, a year. */
struct examples {
        char industry[128];
        char grade[16];
        char year[12];
};

static void fill_examples(const struct app *app, const struct actor *who, struct examples *x)
{
        snprintf(x->industry, sizeof(x->industry), "铸造");
        snprintf(x->grade, sizeof(x->grade), "C");
        /* The pack of the county of who asks (the home pack for the command line). */
        const struct policy_pack *pack = app ? app_scope_pack(app, who) : NULL;
        if (pack != NULL && pack->nindustries > 0) {
                const struct policy_industry *ind = &pack->industries[0];
                snprintf(x->industry, sizeof(x->industry), "%s",
                         ind->name_zh && ind->name_zh[0] ? ind->name_zh : ind->code);
                x->grade[0] = '\0';
                if (ind->nladder > 0)
                        snprintf(x->grade, sizeof(x->grade), "%s", ind->ladder[0]);
        }
        char now[21];
        app_now_iso(now);
        snprintf(x->year, sizeof(x->year), "%d", atoi(now) - 1);
}

static const char *example_of(const struct template_note *n, const struct examples *x)
{
        if (n == NULL)
                return "";
        if (n->example != NULL)
                return n->example;
        if (strcmp(n->en, "industry") == 0)
                return x->industry;
        if (strcmp(n->en, "grade") == 0)
                return x->grade;
        if (strcmp(n->en, "year") == 0)
                return x->year;
        return "";
}

static int write_csv(const struct import_column *cols, size_t n, const char *path,
                     struct gl_error *err)
{
        bool to_stdout = strcmp(path, "-") == 0;
        FILE *f = to_stdout ? stdout : fopen(path, "wb");
        if (f == NULL)
                return gl_fail(err, GL_EIO, path, "无法创建文件 (cannot create the file)");
        fputs("\xEF\xBB\xBF", f); /* the byte-order mark Excel needs to read UTF-8 */
        for (size_t c = 0; c < n; c++) {
                /* No header of the importer holds a comma, a quote or a line break. */
                fputs(cols[c].zh, f);
                fputs(c + 1 < n ? "," : "\r\n", f);
        }
        int rc = ferror(f) ? -1 : 0;
        if ((to_stdout ? fflush(f) : fclose(f)) != 0 || rc != 0)
                return gl_fail(err, GL_EIO, path, "无法写入文件 (cannot write the file)");
        return GL_OK;
}

enum { MAX_TEMPLATE_COLUMNS = 32 };

static const struct xlsx_column note_columns[] = {
    {"列名", 34, XLSX_TEXT, NULL},     {"英文列名", 20, XLSX_TEXT, NULL},
    {"是否必填", 10, XLSX_TEXT, NULL}, {"填写说明", 60, XLSX_TEXT, NULL},
    {"示例", 24, XLSX_TEXT, "@"},
};

static int write_xlsx(const struct app *app, const struct actor *who, const char *kind,
                      const struct import_column *cols, size_t n, const char *path,
                      struct gl_error *err)
{
        struct xlsx_column data[MAX_TEMPLATE_COLUMNS];
        if (n > MAX_TEMPLATE_COLUMNS)
                return gl_fail(err, GL_ELIMIT, "kind", "too many columns");
        for (size_t c = 0; c < n; c++) {
                const struct template_note *note = note_of(cols[c].en);
                data[c] =
                    (struct xlsx_column){cols[c].zh, note ? note->width : 14,
                                         note ? note->kind : XLSX_TEXT, note ? note->format : "@"};
        }
        struct examples x;
        fill_examples(app, who, &x);
        struct xlsx_writer *w = NULL;
        int rc = xlsx_open(path, "导入数据", data, n, &w, err);
        if (rc != GL_OK)
                return rc;
        rc = xlsx_sheet(w, "填写说明", note_columns, GL_ARRAY_LEN(note_columns), err);
        for (size_t c = 0; c < n && rc == GL_OK; c++) {
                const struct template_note *note = note_of(cols[c].en);
                struct xlsx_cell row[] = {
                    xlsx_text(cols[c].zh),
                    xlsx_text(cols[c].en),
                    xlsx_text(cols[c].required ? "是" : "否"),
                    xlsx_text(note ? note->note : ""),
                    xlsx_text(example_of(note, &x)),
                };
                rc = xlsx_row(w, row, err);
        }
        char howto[512];
        snprintf(howto, sizeof(howto),
                 "在“导入数据”表第 2 行起每行填写一条记录，不要改动第 1 行的表头；填好后另存为"
                 "“CSV UTF-8（逗号分隔）”文件，再用网页“数据导入”或命令 greenlane import %s "
                 "文件名 导入。任何一行有错时整个文件不导入，并逐项列出错误。",
                 kind);
        struct xlsx_cell blank[GL_ARRAY_LEN(note_columns)] = {0};
        struct xlsx_cell last[GL_ARRAY_LEN(note_columns)] = {
            xlsx_text("填写方法"), xlsx_empty(), xlsx_empty(), xlsx_text(howto), xlsx_empty()};
        if (rc == GL_OK)
                rc = xlsx_row(w, blank, err);
        if (rc == GL_OK)
                rc = xlsx_row(w, last, err);
        int crc = xlsx_close(w, err);
        return rc != GL_OK ? rc : crc;
}

int app_import_template(struct app *app, const struct actor *who, const char *kind,
                        enum import_template_format format, const char *path, struct gl_error *err)
{
        size_t n = 0;
        const struct import_column *cols = app_import_columns(kind ? kind : "", &n);
        if (cols == NULL)
                return gl_fail(err, GL_EINVAL, "kind",
                               "没有这种导入：%s (no such import; enterprises, annual or averages)",
                               kind ? kind : "");
        if (format == IMPORT_TEMPLATE_CSV)
                return write_csv(cols, n, path, err);
        return write_xlsx(app, who, kind, cols, n, path, err);
}
