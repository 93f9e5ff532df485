/*
 * The regulated enterprise (受监管企业) and its annual figures, as core types. An enterprise is
 * known by its USCC (统一社会信用代码). Money is in fen, mass in grams, as int64_t; a figure that
 * was not reported is GL_AMOUNT_NONE, never 0 (zero is a reported value).
 */
#ifndef GL_ENTERPRISE_H
#define GL_ENTERPRISE_H

#include <stdbool.h>
#include <stdint.h>

#define GL_AMOUNT_NONE INT64_MIN

/* Performance grade (绩效等级): "A", "B", "B-", "C", "D", or "" for none. */
#define GL_GRADE_LEN 4

struct enterprise {
        char uscc[19];
        char name[256];
        char industry[64]; /* industry code of the policy pack */
        char township[128];
        char grade[GL_GRADE_LEN];
        bool air_emitter;     /* 涉气: discharges air pollutants */
        bool key_air_emitter; /* 涉大气污染物排放重点排污单位 */
        bool positive_list;   /* 生态环境监管正面清单 */
        char division[7];     /* division code, 130131 Pingshan */
};

enum pollutant {
        POLLUTANT_SO2,
        POLLUTANT_NOX,
        POLLUTANT_PM,
        POLLUTANT_VOCS,
        POLLUTANT_COD,
        POLLUTANT_NH3N,
        POLLUTANT_COUNT_
};

/* "so2", "nox", "pm", "vocs", "cod", "nh3n". */
const char *pollutant_code(enum pollutant p);
/* "二氧化硫", "氮氧化物", "颗粒物", "挥发性有机物", "化学需氧量", "氨氮". */
const char *pollutant_name_zh(enum pollutant p);
/* POLLUTANT_COUNT_ when code is unknown. */
enum pollutant pollutant_from_code(const char *code);

struct annual_figures {
        char uscc[19];
        int year;
        int64_t tax_fen;     /* taxes paid */
        int64_t rd_fen;      /* R&D spending */
        int64_t revenue_fen; /* operating revenue */
        int64_t emission_g[POLLUTANT_COUNT_];
        bool tax_confirmed; /* entered or confirmed by the tax department */
        char source[64];    /* who supplied the figures */
};

/* Sets every amount to GL_AMOUNT_NONE and the rest to zero. */
void annual_figures_init(struct annual_figures *f);

#endif
