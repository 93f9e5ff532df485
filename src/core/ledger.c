/* Measure 7's pure rules (排污权账本): see ledger.h. */
#include "ledger.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enterprise.h"
#include "uscc.h"

int ledger_lines_add(struct ledger_lines *l, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        va_list aq;
        va_copy(aq, ap);
        int len = vsnprintf(NULL, 0, fmt, ap);
        va_end(ap);
        if (len < 0) {
                va_end(aq);
                return GL_EINVAL;
        }
        char *s = malloc((size_t)len + 1);
        if (s == NULL) {
                va_end(aq);
                return GL_ENOMEM;
        }
        vsnprintf(s, (size_t)len + 1, fmt, aq);
        va_end(aq);
        if (l->n == l->cap) {
                char **items = gl_grow(l->items, l->n, &l->cap, sizeof(*items), 8);
                if (items == NULL) {
                        free(s);
                        return GL_ENOMEM;
                }
                l->items = items;
        }
        l->items[l->n++] = s;
        return GL_OK;
}

void ledger_lines_free(struct ledger_lines *l)
{
        if (l == NULL)
                return;
        for (size_t i = 0; i < l->n; i++)
                free(l->items[i]);
        free(l->items);
        l->items = NULL;
        l->n = l->cap = 0;
}

static const struct {
        enum ledger_account_kind kind;
        const char *name;
        const char *label;
        const char *label_en;
} account_kinds[] = {
    {LEDGER_ACC_RESERVE, "reserve", "政府总量储备", "County reserve"},
    {LEDGER_ACC_CITY, "city", "市级", "City"},
    {LEDGER_ACC_PROVINCE, "province", "省级", "Province"},
    {LEDGER_ACC_ENTERPRISE, "enterprise", "企业", "Enterprise"},
    {LEDGER_ACC_PROJECT, "project", "建设项目", "Project"},
    {LEDGER_ACC_ORIGIN, "origin", "核定来源", "Origin"},
};

const char *ledger_account_kind_name(enum ledger_account_kind k)
{
        for (size_t i = 0; i < GL_ARRAY_LEN(account_kinds); i++)
                if (account_kinds[i].kind == k)
                        return account_kinds[i].name;
        return "";
}

const char *ledger_account_kind_label(enum ledger_account_kind k)
{
        for (size_t i = 0; i < GL_ARRAY_LEN(account_kinds); i++)
                if (account_kinds[i].kind == k)
                        return account_kinds[i].label;
        return "";
}

const char *ledger_account_kind_label_en(enum ledger_account_kind k)
{
        for (size_t i = 0; i < GL_ARRAY_LEN(account_kinds); i++)
                if (account_kinds[i].kind == k)
                        return account_kinds[i].label_en;
        return "";
}

static bool all_digits(const char *s, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (s[i] < '0' || s[i] > '9')
                        return false;
        return true;
}

bool ledger_account_parse(const char *text, struct ledger_account_ref *out, const char *field,
                          struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        const char *f = field != NULL ? field : "account";
        if (text == NULL || *text == '\0') {
                gl_fail(err, GL_EINVAL, f, "措施七：须填写账户 (account required)");
                return false;
        }
        const char *colon = strchr(text, ':');
        if (colon == NULL || strlen(text) > LEDGER_ACCOUNT_MAX) {
                gl_fail(err, GL_EINVAL, f,
                        "措施七：账户“%s”格式应为 类别:编号，如 "
                        "reserve:130131、enterprise:统一社会信用代码 "
                        "(account must be KIND:ID)",
                        text);
                return false;
        }
        size_t klen = (size_t)(colon - text);
        const char *id = colon + 1;
        size_t idlen = strlen(id);
        enum ledger_account_kind kind = LEDGER_ACC_NONE;
        for (size_t i = 0; i < GL_ARRAY_LEN(account_kinds); i++)
                if (strlen(account_kinds[i].name) == klen &&
                    memcmp(account_kinds[i].name, text, klen) == 0)
                        kind = account_kinds[i].kind;
        switch (kind) {
        case LEDGER_ACC_RESERVE:
        case LEDGER_ACC_CITY:
        case LEDGER_ACC_PROVINCE:
        case LEDGER_ACC_ORIGIN:
                if (idlen != 6 || !all_digits(id, 6)) {
                        gl_fail(err, GL_EINVAL, f,
                                "措施七：账户“%s”的行政区划代码应为 6 位数字 (division code of 6 "
                                "digits)",
                                text);
                        return false;
                }
                break;
        case LEDGER_ACC_ENTERPRISE: {
                struct gl_error uerr = {0};
                if (!uscc_is_valid(id, &uerr)) {
                        gl_fail(err, GL_EINVAL, f, "措施七：账户“%s”的统一社会信用代码无效：%s",
                                text, uerr.message);
                        return false;
                }
                break;
        }
        case LEDGER_ACC_PROJECT: {
                if (idlen == 0 || idlen > 15 || !all_digits(id, idlen) || id[0] == '0') {
                        gl_fail(err, GL_EINVAL, f,
                                "措施七：账户“%s”的项目编号应为正整数 (project id a positive "
                                "integer)",
                                text);
                        return false;
                }
                out->project = strtoll(id, NULL, 10);
                break;
        }
        default:
                gl_fail(err, GL_EINVAL, f,
                        "措施七：账户“%s”的类别未知，应为 reserve、city、province、enterprise、"
                        "project 或 origin (unknown account kind)",
                        text);
                return false;
        }
        out->kind = kind;
        snprintf(out->owner, sizeof(out->owner), "%s", id);
        return true;
}

bool ledger_pollutant_known(const char *code)
{
        return code != NULL && pollutant_from_code(code) != POLLUTANT_COUNT_;
}

const char *ledger_pollutant_label_zh(const char *code)
{
        enum pollutant p = pollutant_from_code(code);
        return p == POLLUTANT_COUNT_ ? "" : pollutant_name_zh(p);
}

const char *ledger_pollutant_label_en(const char *code)
{
        static const char *const en[][2] = {
            {"so2", "Sulphur dioxide"},
            {"nox", "Nitrogen oxides"},
            {"cod", "Chemical oxygen demand"},
            {"nh3n", "Ammonia nitrogen"},
            {"vocs", "Volatile organic compounds"},
            {"pm", "Particulate matter"},
        };
        for (size_t i = 0; i < GL_ARRAY_LEN(en); i++)
                if (code != NULL && strcmp(en[i][0], code) == 0)
                        return en[i][1];
        return "";
}

#define A(k) (1u << (k))
static const struct {
        const char *kind;
        const char *label;
        unsigned from, to;
} kinds[] = {
    {"reduction", "减排核定入储", A(LEDGER_ACC_ORIGIN), A(LEDGER_ACC_RESERVE)},
    /* the city's and the province's reserves are fed from their own origins */
    {"allocation", "初始分配", A(LEDGER_ACC_ORIGIN),
     A(LEDGER_ACC_ENTERPRISE) | A(LEDGER_ACC_CITY) | A(LEDGER_ACC_PROVINCE)},
    {"support", "上级支持", A(LEDGER_ACC_ORIGIN) | A(LEDGER_ACC_CITY) | A(LEDGER_ACC_PROVINCE),
     A(LEDGER_ACC_RESERVE) | A(LEDGER_ACC_PROJECT)},
    {"release", "储备释放", A(LEDGER_ACC_RESERVE),
     A(LEDGER_ACC_PROJECT) | A(LEDGER_ACC_ENTERPRISE)},
    {"sale", "挂牌出让（适时投放）", A(LEDGER_ACC_RESERVE), A(LEDGER_ACC_ENTERPRISE)},
    {"trade", "排污权交易", A(LEDGER_ACC_ENTERPRISE),
     A(LEDGER_ACC_ENTERPRISE) | A(LEDGER_ACC_PROJECT)},
    {"confirmation", "确权", A(LEDGER_ACC_PROJECT), A(LEDGER_ACC_ENTERPRISE)},
    {"closure", "关停收回", A(LEDGER_ACC_ENTERPRISE), A(LEDGER_ACC_RESERVE)},
    {"reclaim", "依法收回", A(LEDGER_ACC_ENTERPRISE), A(LEDGER_ACC_RESERVE)},
    {"expiry", "到期收回", A(LEDGER_ACC_ENTERPRISE), A(LEDGER_ACC_RESERVE)},
};

static int kind_index(const char *kind)
{
        for (size_t i = 0; kind != NULL && i < GL_ARRAY_LEN(kinds); i++)
                if (strcmp(kinds[i].kind, kind) == 0)
                        return (int)i;
        return -1;
}

bool ledger_kind_known(const char *kind)
{
        return kind_index(kind) >= 0;
}

const char *ledger_kind_label(const char *kind)
{
        int i = kind_index(kind);
        return i < 0 ? "" : kinds[i].label;
}

bool ledger_kind_allowed(const char *kind, enum ledger_account_kind from,
                         enum ledger_account_kind to, struct gl_error *err)
{
        int i = kind_index(kind);
        if (i < 0) {
                gl_fail(err, GL_EINVAL, "kind", "措施七：转移类别“%s”未知 (unknown kind)",
                        kind != NULL ? kind : "");
                return false;
        }
        if ((kinds[i].from & A(from)) == 0 || (kinds[i].to & A(to)) == 0) {
                gl_fail(err, GL_EINVAL, "kind",
                        "措施七：%s（%s）不能从%s账户转入%s账户 (kind not allowed between these "
                        "accounts)",
                        kinds[i].label, kinds[i].kind, ledger_account_kind_label(from),
                        ledger_account_kind_label(to));
                return false;
        }
        return true;
}

const char *ledger_kind_infer(enum ledger_account_kind from, enum ledger_account_kind to)
{
        /* The first kind that fits, with sale and the reclaims never inferred (reclaim and
         * expiry say why; sale carries a price). */
        static const char *const order[] = {"reduction", "allocation",   "support", "release",
                                            "trade",     "confirmation", "closure"};
        for (size_t j = 0; j < GL_ARRAY_LEN(order); j++) {
                int i = kind_index(order[j]);
                if ((kinds[i].from & A(from)) && (kinds[i].to & A(to)))
                        return kinds[i].kind;
        }
        return NULL;
}
#undef A

bool ledger_kind_pending(const char *kind)
{
        return kind != NULL && (strcmp(kind, "release") == 0 || strcmp(kind, "sale") == 0);
}

bool ledger_kind_priced(const char *kind)
{
        return kind != NULL && (strcmp(kind, "trade") == 0 || strcmp(kind, "sale") == 0);
}

bool ledger_method_known(const char *method)
{
        return method != NULL &&
               (strcmp(method, "bidding") == 0 || strcmp(method, "negotiated") == 0 ||
                strcmp(method, "listed") == 0);
}

int64_t ledger_available(int64_t balance, int64_t pending_out, int64_t pledged, int64_t expired)
{
        return balance - pending_out - pledged - expired;
}

gl_date ledger_valid_until(gl_date day, int years)
{
        int y, m, d;
        date_to_ymd(day, &y, &m, &d);
        int dim = date_days_in_month(y + years, m);
        if (d > dim)
                d = dim;
        return date_from_ymd(y + years, m, d) - 1;
}

int64_t ledger_yuan_per_tonne(int64_t price_fen, int64_t grams)
{
        if (grams <= 0 || price_fen < 0)
                return 0;
        /* yuan/t = fen / 100 / (grams / 1e6) = fen * 10000 / grams */
        if (price_fen > INT64_MAX / 10000)
                return price_fen / grams * 10000;
        return price_fen * 10000 / grams;
}

int ledger_refuse_insufficient(struct gl_error *err, const char *account, const char *pollutant,
                               int64_t available, int64_t asked)
{
        return gl_fail(err, GL_ESTATE, "grams",
                       "措施七：账户 %s 的%s可用量为 %lld 克，不足所需 %lld 克，账户不得为负 "
                       "(account %s, %s: %lld g available, %lld g asked)",
                       account, ledger_pollutant_label_zh(pollutant), (long long)available,
                       (long long)asked, account, pollutant, (long long)available,
                       (long long)asked);
}
