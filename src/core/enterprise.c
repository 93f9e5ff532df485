/*
 * Pollutant names and the initializer of annual figures (enterprise.h).
 */
#include "enterprise.h"

#include <string.h>

static const struct {
        const char *code;
        const char *name_zh;
} pollutants[POLLUTANT_COUNT_] = {
    [POLLUTANT_SO2] = {"so2", "二氧化硫"},   [POLLUTANT_NOX] = {"nox", "氮氧化物"},
    [POLLUTANT_PM] = {"pm", "颗粒物"},       [POLLUTANT_VOCS] = {"vocs", "挥发性有机物"},
    [POLLUTANT_COD] = {"cod", "化学需氧量"}, [POLLUTANT_NH3N] = {"nh3n", "氨氮"},
};

const char *pollutant_code(enum pollutant p)
{
        return (p >= 0 && p < POLLUTANT_COUNT_) ? pollutants[p].code : "";
}

const char *pollutant_name_zh(enum pollutant p)
{
        return (p >= 0 && p < POLLUTANT_COUNT_) ? pollutants[p].name_zh : "";
}

enum pollutant pollutant_from_code(const char *code)
{
        for (int p = 0; p < POLLUTANT_COUNT_; p++)
                if (strcmp(pollutants[p].code, code) == 0)
                        return (enum pollutant)p;
        return POLLUTANT_COUNT_;
}

void annual_figures_init(struct annual_figures *f)
{
        memset(f, 0, sizeof(*f));
        f->tax_fen = GL_AMOUNT_NONE;
        f->rd_fen = GL_AMOUNT_NONE;
        f->revenue_fen = GL_AMOUNT_NONE;
        for (int p = 0; p < POLLUTANT_COUNT_; p++)
                f->emission_g[p] = GL_AMOUNT_NONE;
}
