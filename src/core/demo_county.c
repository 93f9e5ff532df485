/*
 * The fictional county generator (demo_county.h). Each industry has a profile: its share of the
 * county's enterprises, the words its company names use, the span of its operating revenue, its
 * tax and R&D rates and its emission intensities (kilograms per million yuan of revenue), and how
 * often its enterprises are air emitters, key air emitters or ungraded. An enterprise draws its
 * size and three lasting traits — tax efficiency, emission intensity and R&D effort — and every
 * year of figures follows from them with some yearly drift. The traits come in kinds that take
 * turns along each industry (leaders, modest leaders, usual, innovators, laggards), so that measure
 * 1 finds key and general incentives and enterprises below the average even in an industry of a
 * dozen.
 *
 * All arithmetic is on integers (per-mille factors), so the output is the same everywhere.
 */
#include "demo_county.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "uscc.h"

struct industry_profile {
        const char *code;
        const char *name_zh;
        int weight;                     /* share of the county's enterprises, in ‰ */
        const char *words[3];           /* what a company name says it makes */
        int64_t revenue_lo, revenue_hi; /* operating revenue, 万元 (10,000 yuan) */
        int tax_lo, tax_hi;             /* taxes / revenue, ‰ */
        int rd_lo, rd_hi;               /* R&D spending / revenue, ‰ */
        int emission[POLLUTANT_COUNT_]; /* kg per million yuan of revenue; 0: none */
        int air_percent;                /* chance of discharging air pollutants */
        int key_percent;                /* chance of being a key air emitter, when one */
        int ungraded_percent;           /* chance of having no performance grade */
        bool grades_lean_high;          /* large plants, mostly graded B or A */
};

/* Columns: code, name, share ‰, name words, revenue 万元 lo-hi, tax ‰ lo-hi, R&D ‰ lo-hi,
 * emissions kg per million yuan (SO2, NOx, PM, VOCs, COD, NH3-N), air %, key %, ungraded %, lean
 * high. Order matters: enterprise indexes are allotted to industries in this order, "other" last.
 */
// clang-format off
static const struct industry_profile industries[] = {
    {"steel_long", "长流程钢铁", 60, {"钢铁", "特钢", "钢业"}, 400000, 1200000, 20, 40, 8, 25,
     {80, 200, 120, 16, 0, 0}, 100, 100, 0, true},
    {"foundry", "铸造", 200, {"铸造", "铸业", "精密铸造"}, 2000, 50000, 30, 60, 3, 25,
     {30, 60, 100, 40, 0, 0}, 100, 15, 6, false},
    {"cement", "水泥", 35, {"水泥", "建材水泥", "水泥制品"}, 20000, 150000, 40, 80, 3, 10,
     {160, 1000, 200, 0, 0, 0}, 100, 90, 5, true},
    {"coking", "焦化", 15, {"焦化", "煤化工", "焦化"}, 100000, 500000, 20, 40, 3, 12,
     {75, 200, 75, 100, 20, 3}, 100, 100, 0, false},
    {"lime_kiln", "石灰窑", 50, {"石灰", "钙业", "石灰"}, 1000, 10000, 30, 60, 0, 5,
     {330, 1000, 500, 0, 0, 0}, 100, 30, 10, false},
    {"glass", "玻璃", 20, {"玻璃", "玻璃制品", "玻璃"}, 10000, 100000, 30, 60, 5, 20,
     {200, 1000, 100, 3, 0, 0}, 100, 80, 5, false},
    {"ceramics", "陶瓷", 35, {"陶瓷", "瓷业", "陶瓷"}, 3000, 30000, 30, 60, 3, 15,
     {100, 250, 120, 10, 0, 0}, 100, 30, 10, false},
    {"chemical", "化工", 100, {"化工", "精细化工", "化学"}, 5000, 200000, 30, 70, 10, 35,
     {20, 50, 13, 130, 100, 10}, 90, 35, 12, false},
    {"pharmaceutical", "制药", 35, {"制药", "药业", "生物制药"}, 10000, 200000, 50, 100, 30, 90,
     {4, 16, 4, 50, 100, 10}, 85, 30, 10, false},
    {"building_materials", "建材", 150, {"建材", "新型建材", "石材"}, 1000, 20000, 30, 60, 0, 10,
     {20, 60, 160, 10, 0, 0}, 95, 8, 25, false},
    {"paper", "造纸", 25, {"纸业", "造纸", "纸制品"}, 5000, 50000, 25, 50, 3, 15,
     {50, 100, 25, 5, 400, 30}, 90, 40, 10, false},
    {"other", "其他", 275, {"机械制造", "食品", "包装"}, 500, 30000, 20, 60, 0, 30,
     {10, 25, 40, 30, 0, 0}, 50, 4, 55, false},
};
// clang-format on

#define NINDUSTRIES (sizeof(industries) / sizeof(industries[0]))
_Static_assert(NINDUSTRIES <= 16, "demo_county.industry_end has room for 16 industries");

/* Words for the names of "other" enterprises, a wider choice than a profile's three. */
static const char *const other_words[] = {
    "机械制造", "食品", "包装", "纺织", "塑料制品", "农产品加工", "五金", "电子", "印刷", "饲料",
};

/* Townships (乡镇) of the county, weighted towards the industrial ones. */
static const struct {
        const char *name;
        int weight;
} townships[] = {
    {"平山镇", 6},   {"东回舍镇", 6}, {"温塘镇", 4},   {"南甸镇", 6},   {"岗南镇", 1},
    {"古月镇", 4},   {"下槐镇", 4},   {"孟家庄镇", 2}, {"小觉镇", 2},   {"蛟潭庄镇", 1},
    {"西柏坡镇", 1}, {"下口镇", 2},   {"西大吾乡", 2}, {"上三汲乡", 2}, {"两河乡", 1},
    {"东王坡乡", 1}, {"苏家庄乡", 1}, {"宅北乡", 1},   {"北冶乡", 1},   {"上观音堂乡", 1},
    {"杨家桥乡", 1}, {"营里乡", 1},   {"合河口乡", 1},
};

/* Trade names (字号) are two characters, one from each list; the lists share no character. 40 x 30
 * = DEMO_DISTINCT_NAMES. */
static const char *const brand_first[40] = {
    "鑫", "宏", "泰", "恒", "鼎", "荣", "兴", "瑞", "丰", "昌", "隆", "汇", "金", "润",
    "晟", "凯", "旭", "冀", "华", "盛", "永", "长", "联", "新", "博", "创", "广", "德",
    "顺", "和", "嘉", "天", "铭", "景", "宝", "佳", "正", "益", "立", "聚",
};
static const char *const brand_second[30] = {
    "达", "源", "茂", "捷", "利", "亿", "通", "远", "诚", "信", "森", "安", "发", "业", "祥",
    "锦", "辉", "腾", "翔", "峰", "宇", "邦", "鸿", "海", "程", "钰", "航", "晖", "阳", "川",
};
_Static_assert(40 * 30 == DEMO_DISTINCT_NAMES, "trade names");

static const char *const default_ladder[] = {"D", "C", "B-", "B", "A"};

void demo_rng_seed(struct demo_rng *r, uint64_t seed)
{
        r->state = seed;
}

uint64_t demo_rng_next(struct demo_rng *r)
{
        uint64_t z = (r->state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
}

uint64_t demo_rng_below(struct demo_rng *r, uint64_t n)
{
        return n == 0 ? 0 : demo_rng_next(r) % n;
}

int64_t demo_rng_range(struct demo_rng *r, int64_t lo, int64_t hi)
{
        if (hi <= lo)
                return lo;
        return lo + (int64_t)demo_rng_below(r, (uint64_t)(hi - lo) + 1);
}

static bool chance(struct demo_rng *r, int percent)
{
        return (int)demo_rng_below(r, 100) < percent;
}

/* A value derived from the seed alone, for offsets that must not depend on the index. */
static uint64_t seed_value(uint64_t seed, uint64_t salt)
{
        struct demo_rng r;
        demo_rng_seed(&r, seed ^ (salt * 0xD1B54A32D192ED03ULL));
        return demo_rng_next(&r);
}

static bool is_division(const char *d)
{
        if (d == NULL || strlen(d) != 6)
                return false;
        for (int i = 0; i < 6; i++)
                if (d[i] < '0' || d[i] > '9')
                        return false;
        return true;
}

bool demo_uscc(const char *division, uint64_t seed, bool newer, uint64_t index, char out[static 19])
{
        static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        if (!is_division(division) || index >= DEMO_INDEX_LIMIT)
                return false;
        char org[10];
        if (newer) {
                /* "MA" codes, given since 2015: a permutation of the index over 31^5 values. */
                const uint64_t space = 31ULL * 31 * 31 * 31 * 31;
                uint64_t v = (index * 1000003ULL + seed_value(seed, 1) % space) % space;
                memcpy(org, "MA0", 3);
                for (int i = 7; i >= 3; i--) {
                        org[i] = alphabet[v % 31];
                        v /= 31;
                }
        } else {
                /* Older 8-digit codes: a permutation of the index over 10^8 values. */
                const uint64_t space = 100000000ULL;
                uint64_t v = (index * 34678213ULL + seed_value(seed, 2) % space) % space;
                for (int i = 7; i >= 0; i--) {
                        org[i] = (char)('0' + v % 10);
                        v /= 10;
                }
        }
        org[8] = uscc_org_check_char(org);
        org[9] = '\0';
        char code[19];
        snprintf(code, sizeof(code), "91%s%s", division, org);
        code[17] = uscc_check_char(code);
        code[18] = '\0';
        if (org[8] == 0 || code[17] == 0)
                return false;
        memcpy(out, code, sizeof(code));
        return true;
}

size_t demo_industry_count(void)
{
        return NINDUSTRIES;
}

const char *demo_industry_code(size_t i)
{
        return i < NINDUSTRIES ? industries[i].code : "";
}

const char *demo_industry_name_zh(size_t i)
{
        return i < NINDUSTRIES ? industries[i].name_zh : "";
}

int demo_county_init(struct demo_county *g, const struct demo_county_options *opt,
                     struct gl_error *err)
{
        struct demo_county n = {0};
        n.opt = *opt;
        const char *division = opt->division ? opt->division : "130131";
        if (!is_division(division))
                return gl_fail(err, GL_EINVAL, "division",
                               "行政区划代码应为 6 位数字 (division code must be 6 digits)");
        memcpy(n.division, division, 7);
        n.opt.division = NULL;
        if (n.opt.first_year == 0)
                n.opt.first_year = 2023;
        if (n.opt.nyears == 0)
                n.opt.nyears = 3;
        if (n.opt.first_year < 1990 || n.opt.first_year > 2100)
                return gl_fail(err, GL_EINVAL, "year", "年度超出范围 (year out of range)");
        if (n.opt.nyears < 1 || n.opt.nyears > DEMO_MAX_YEARS)
                return gl_fail(err, GL_EINVAL, "years", "年数应为 1 到 %d (years must be 1 to %d)",
                               DEMO_MAX_YEARS, DEMO_MAX_YEARS);
        if (n.opt.enterprises < 0 || n.opt.enterprises > DEMO_INDEX_LIMIT)
                return gl_fail(err, GL_EINVAL, "enterprises",
                               "企业数应为 1 到 %d (enterprises must be 1 to %d)", DEMO_INDEX_LIMIT,
                               DEMO_INDEX_LIMIT);
        n.total = n.opt.enterprises;
        if (n.total == 0) {
                struct demo_rng r;
                demo_rng_seed(&r, seed_value(opt->seed, 3));
                n.total = demo_rng_range(&r, 280, 320);
        }
        int64_t end = 0;
        for (size_t i = 0; i + 1 < NINDUSTRIES; i++) {
                end += n.total * industries[i].weight / 1000;
                n.industry_end[i] = end;
        }
        n.industry_end[NINDUSTRIES - 1] = n.total;
        *g = n;
        return GL_OK;
}

int64_t demo_county_industry_total(const struct demo_county *g, size_t i)
{
        if (i >= NINDUSTRIES)
                return 0;
        return g->industry_end[i] - (i == 0 ? 0 : g->industry_end[i - 1]);
}

static size_t industry_of(const struct demo_county *g, int64_t index)
{
        size_t i = 0;
        while (i + 1 < NINDUSTRIES && index >= g->industry_end[i])
                i++;
        return i;
}

static int64_t industry_start(const struct demo_county *g, size_t i)
{
        return i == 0 ? 0 : g->industry_end[i - 1];
}

static const char *pick_township(struct demo_rng *r)
{
        int total = 0;
        for (size_t i = 0; i < GL_ARRAY_LEN(townships); i++)
                total += townships[i].weight;
        int x = (int)demo_rng_below(r, (uint64_t)total);
        for (size_t i = 0; i < GL_ARRAY_LEN(townships); i++) {
                if (x < townships[i].weight)
                        return townships[i].name;
                x -= townships[i].weight;
        }
        return townships[0].name;
}

/* Weight of a grade in a county's distribution; lean_high for industries of large plants. */
static int grade_weight(const char *grade, bool lean_high)
{
        static const struct {
                const char *grade;
                int usual, high;
        } w[] = {{"D", 10, 2}, {"C", 40, 18}, {"B-", 18, 18}, {"B", 22, 37}, {"A", 10, 25}};
        for (size_t i = 0; i < GL_ARRAY_LEN(w); i++)
                if (strcmp(w[i].grade, grade) == 0)
                        return lean_high ? w[i].high : w[i].usual;
        return 10;
}

static void pick_grade(const struct demo_county *g, const struct industry_profile *p,
                       struct demo_rng *r, char out[GL_GRADE_LEN])
{
        const char *const *rungs = default_ladder;
        size_t n = GL_ARRAY_LEN(default_ladder);
        if (g->opt.ladder && !g->opt.ladder(g->opt.ladder_ctx, p->code, &rungs, &n)) {
                rungs = default_ladder;
                n = GL_ARRAY_LEN(default_ladder);
        }
        bool ungraded = chance(r, p->ungraded_percent);
        out[0] = '\0';
        if (n == 0 || ungraded)
                return;
        int total = 0;
        for (size_t i = 0; i < n; i++)
                total += grade_weight(rungs[i], p->grades_lean_high);
        int x = (int)demo_rng_below(r, (uint64_t)total);
        for (size_t i = 0; i < n; i++) {
                int w = grade_weight(rungs[i], p->grades_lean_high);
                if (x < w) {
                        snprintf(out, GL_GRADE_LEN, "%s", rungs[i]);
                        return;
                }
                x -= w;
        }
}

static int positive_list_percent(const char *grade)
{
        if (strcmp(grade, "A") == 0)
                return 70;
        if (strcmp(grade, "B") == 0)
                return 45;
        if (strcmp(grade, "B-") == 0)
                return 25;
        if (strcmp(grade, "C") == 0)
                return 8;
        if (strcmp(grade, "D") == 0)
                return 0;
        return 3;
}

/* A company name: place, trade name, what it makes, legal form. */
static void make_name(const struct industry_profile *p, int64_t index, uint64_t seed,
                      const char *township, bool large, struct demo_rng *r, char *out, size_t size)
{
        uint64_t brand = ((uint64_t)index * 1001 + seed_value(seed, 4) % DEMO_DISTINCT_NAMES) %
                         DEMO_DISTINCT_NAMES;
        char trade[16];
        snprintf(trade, sizeof(trade), "%s%s", brand_first[brand / 30], brand_second[brand % 30]);
        const char *word = strcmp(p->code, "other") == 0
                               ? other_words[demo_rng_below(r, GL_ARRAY_LEN(other_words))]
                               : p->words[demo_rng_below(r, 3)];
        int style = (int)demo_rng_below(r, 100);
        if (!large && style < 10) {
                /* A township works: 平山县温塘鑫达铸造厂. The township loses its 镇 or 乡. */
                size_t len = strlen(township) - strlen("镇");
                snprintf(out, size, "平山县%.*s%s%s厂", (int)len, township, trade, word);
                return;
        }
        const char *place = "平山县";
        if (large && style < 40)
                place = "河北";
        else if (style >= 85)
                place = "石家庄";
        const char *form = "有限公司";
        int f = (int)demo_rng_below(r, 100);
        if (large && f < 30)
                form = "集团有限公司";
        else if (large && f < 45)
                form = "股份有限公司";
        else if (f >= 75)
                form = "有限责任公司";
        snprintf(out, size, "%s%s%s%s", place, trade, word, form);
}

/* value * a / 1000, applied to non-negative amounts. */
static int64_t permille(int64_t value, int64_t a)
{
        return value / 1000 * a + value % 1000 * a / 1000;
}

/* value * a / 1000000, applied to non-negative amounts. */
static int64_t per_million(int64_t value, int64_t a)
{
        return value / 1000000 * a + value % 1000000 * a / 1000000;
}

static void make_figures(const struct demo_county *g, const struct industry_profile *p,
                         int64_t position, struct demo_rng *r, int64_t revenue_wan, bool newer,
                         struct demo_record *out)
{
        /*
         * Lasting traits, in ‰ of the industry's usual: tax efficiency, emission intensity and R&D
         * effort. Kinds take turns along the industry's enterprises, so that even an industry of a
         * dozen has leaders (key incentive), modest leaders (general), innovators and laggards.
         */
        static const struct {
                int tax_lo, tax_hi, emit_lo, emit_hi, rd_lo, rd_hi;
        } kinds[8] = {
            {1500, 2000, 550, 750, 900, 1100},   /* leader */
            {850, 1150, 900, 1150, 800, 1000},   /* usual */
            {750, 900, 1200, 1500, 500, 800},    /* laggard */
            {1000, 1060, 930, 970, 950, 1050},   /* modest leader */
            {850, 1150, 900, 1150, 800, 1000},   /* usual */
            {900, 1000, 1000, 1100, 2200, 3000}, /* innovator */
            {750, 900, 1200, 1500, 500, 800},    /* laggard */
            {850, 1150, 900, 1150, 800, 1000},   /* usual */
        };
        int kind = (int)((position + seed_value(g->opt.seed, 6)) % 8);
        int64_t tax_f = demo_rng_range(r, kinds[kind].tax_lo, kinds[kind].tax_hi);
        int64_t emit_f = demo_rng_range(r, kinds[kind].emit_lo, kinds[kind].emit_hi);
        int64_t rd_f = demo_rng_range(r, kinds[kind].rd_lo, kinds[kind].rd_hi);
        if (p->rd_lo == 0 && kind != 5 && chance(r, 40))
                rd_f = 0; /* small works that spend nothing on R&D */
        int64_t tax_rate = (p->tax_lo + p->tax_hi) * demo_rng_range(r, 470, 530);
        int64_t rd_rate = (p->rd_lo + p->rd_hi) * demo_rng_range(r, 450, 550);
        bool air = out->enterprise.air_emitter;

        /* Some newer enterprises started reporting after the first year; a few have no figures. */
        int first = 0;
        if (newer && g->opt.nyears > 1 && chance(r, 12))
                first = 1 + (int)demo_rng_below(r, (uint64_t)g->opt.nyears - 1);
        if (chance(r, 1))
                first = g->opt.nyears;

        int64_t revenue_fen = revenue_wan * 1000000;
        int64_t trend = 1000;
        out->nfigures = 0;
        for (int y = 0; y < g->opt.nyears; y++) {
                revenue_fen = permille(revenue_fen, demo_rng_range(r, 920, 1150));
                revenue_fen -= revenue_fen % 100 - demo_rng_range(r, 0, 99);
                trend = permille(trend, demo_rng_range(r, 950, 1030));
                int64_t tax_jitter = demo_rng_range(r, 970, 1030);
                int64_t rd_jitter = demo_rng_range(r, 950, 1050);
                int64_t e_jitter[POLLUTANT_COUNT_];
                for (int k = 0; k < POLLUTANT_COUNT_; k++)
                        e_jitter[k] = demo_rng_range(r, 900, 1100);
                bool no_tax = chance(r, 2), no_rd = chance(r, 3);
                if (y < first)
                        continue;

                struct annual_figures *f = &out->figures[out->nfigures++];
                annual_figures_init(f);
                memcpy(f->uscc, out->enterprise.uscc, sizeof(f->uscc));
                f->year = g->opt.first_year + y;
                f->revenue_fen = revenue_fen;
                int64_t tax =
                    permille(permille(per_million(revenue_fen, tax_rate), tax_f), tax_jitter);
                int64_t rd = permille(permille(per_million(revenue_fen, rd_rate), rd_f), rd_jitter);
                f->tax_fen = no_tax ? GL_AMOUNT_NONE : tax;
                f->rd_fen = no_rd ? GL_AMOUNT_NONE : rd;
                int64_t revenue_yuan = revenue_fen / 100;
                for (int k = 0; k < POLLUTANT_COUNT_; k++) {
                        bool water = k == POLLUTANT_COD || k == POLLUTANT_NH3N;
                        if (water && p->emission[k] == 0)
                                continue; /* not a water discharger: not reported */
                        if (!water && !air) {
                                f->emission_g[k] = 0;
                                continue;
                        }
                        /* grams = yuan * (kg per million yuan) / 1000, then the traits. */
                        int64_t grams = revenue_yuan / 1000 * p->emission[k];
                        grams = permille(permille(permille(grams, emit_f), trend), e_jitter[k]);
                        f->emission_g[k] = grams - grams % 1000; /* reported to the kilogram */
                }
        }
}

bool demo_county_next(struct demo_county *g, struct demo_record *out)
{
        if (g->next >= g->total)
                return false;
        int64_t index = g->next++;
        size_t industry = industry_of(g, index);
        const struct industry_profile *p = &industries[industry];
        struct demo_rng r;
        demo_rng_seed(&r, seed_value(g->opt.seed, 5) ^ ((uint64_t)index * 0x9E3779B97F4A7C15ULL));
        demo_rng_next(&r);

        memset(out, 0, sizeof(*out));
        struct enterprise *e = &out->enterprise;
        bool newer = chance(&r, 45);
        demo_uscc(g->division, g->opt.seed, newer, (uint64_t)index, e->uscc);
        memcpy(e->division, g->division, sizeof(e->division));
        snprintf(e->industry, sizeof(e->industry), "%s", p->code);
        snprintf(e->township, sizeof(e->township), "%s", pick_township(&r));

        /* Size: skewed towards the small end of the industry's span. */
        int64_t u = demo_rng_range(&r, 0, 1000) * demo_rng_range(&r, 0, 1000);
        int64_t revenue_wan = p->revenue_lo + (p->revenue_hi - p->revenue_lo) / 1000 * u / 1000;
        bool large = u > 360000;

        make_name(p, index, g->opt.seed, e->township, large, &r, e->name, sizeof(e->name));
        pick_grade(g, p, &r, e->grade);
        e->air_emitter = chance(&r, p->air_percent);
        e->key_air_emitter = e->air_emitter && chance(&r, p->key_percent + (int)(u / 40000));
        e->positive_list = chance(&r, positive_list_percent(e->grade));
        make_figures(g, p, index - industry_start(g, industry), &r, revenue_wan, newer, out);
        return true;
}

/* snprintf into buf at *len, keeping the length it would need when buf is too small. */
__attribute__((format(printf, 4, 5))) static void put(char *buf, size_t size, size_t *len,
                                                      const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        char *at = *len < size ? buf + *len : NULL;
        size_t room = *len < size ? size - *len : 0;
        int n = vsnprintf(at, room, fmt, ap);
        va_end(ap);
        if (n > 0)
                *len += (size_t)n;
}

static void put_text(char *buf, size_t size, size_t *len, const char *s)
{
        if (strpbrk(s, ",\"\r\n") == NULL) {
                put(buf, size, len, "%s", s);
                return;
        }
        put(buf, size, len, "\"");
        for (const char *c = s; *c; c++)
                if (*c == '"')
                        put(buf, size, len, "\"\"");
                else
                        put(buf, size, len, "%c", *c);
        put(buf, size, len, "\"");
}

static void put_yuan(char *buf, size_t size, size_t *len, int64_t fen)
{
        if (fen == GL_AMOUNT_NONE)
                return;
        const char *sign = fen < 0 ? "-" : "";
        uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
        put(buf, size, len, "%s%llu.%02llu", sign, (unsigned long long)(a / 100),
            (unsigned long long)(a % 100));
}

static void put_tonnes(char *buf, size_t size, size_t *len, int64_t grams)
{
        if (grams == GL_AMOUNT_NONE)
                return;
        const char *sign = grams < 0 ? "-" : "";
        uint64_t a = grams < 0 ? (uint64_t)0 - (uint64_t)grams : (uint64_t)grams;
        uint64_t frac = a % 1000000;
        if (frac == 0) {
                put(buf, size, len, "%s%llu", sign, (unsigned long long)(a / 1000000));
                return;
        }
        int digits = 6;
        while (frac % 10 == 0) {
                frac /= 10;
                digits--;
        }
        put(buf, size, len, "%s%llu.%0*llu", sign, (unsigned long long)(a / 1000000), digits,
            (unsigned long long)frac);
}

const char demo_enterprise_csv_header[] =
    "uscc,name,industry,township,grade,air_emitter,key_air_emitter,positive_list\n";
const char demo_annual_csv_header[] =
    "uscc,year,tax_yuan,rd_yuan,revenue_yuan,so2_t,nox_t,pm_t,vocs_t,cod_t,nh3n_t\n";

size_t demo_enterprise_csv(const struct enterprise *e, char *buf, size_t size)
{
        size_t len = 0;
        if (size > 0)
                buf[0] = '\0';
        put_text(buf, size, &len, e->uscc);
        put(buf, size, &len, ",");
        put_text(buf, size, &len, e->name);
        put(buf, size, &len, ",");
        put_text(buf, size, &len, e->industry);
        put(buf, size, &len, ",");
        put_text(buf, size, &len, e->township);
        put(buf, size, &len, ",");
        put_text(buf, size, &len, e->grade);
        put(buf, size, &len, ",%d,%d,%d\n", e->air_emitter, e->key_air_emitter, e->positive_list);
        return len;
}

size_t demo_annual_csv(const struct annual_figures *f, char *buf, size_t size)
{
        static const enum pollutant order[] = {POLLUTANT_SO2,  POLLUTANT_NOX, POLLUTANT_PM,
                                               POLLUTANT_VOCS, POLLUTANT_COD, POLLUTANT_NH3N};
        size_t len = 0;
        if (size > 0)
                buf[0] = '\0';
        put_text(buf, size, &len, f->uscc);
        put(buf, size, &len, ",%d,", f->year);
        put_yuan(buf, size, &len, f->tax_fen);
        put(buf, size, &len, ",");
        put_yuan(buf, size, &len, f->rd_fen);
        put(buf, size, &len, ",");
        put_yuan(buf, size, &len, f->revenue_fen);
        for (size_t k = 0; k < GL_ARRAY_LEN(order); k++) {
                put(buf, size, &len, ",");
                put_tonnes(buf, size, &len, f->emission_g[order[k]]);
        }
        put(buf, size, &len, "\n");
        return len;
}
