/*
 * The two letters of measure 2's inclusive enforcement (包容性执法), laid out with the PDF writer
 * (io/pdf.h) from what a case already holds, read through app/ (app/m2_enforcement.c fills the
 * struct): the order to correct the violation (责令改正违法行为决定书) with the fields of the
 * national form — its number, the party (name, USCC, legal representative, address), 一 the facts
 * and the evidence, 二 the legal basis and the correction ordered (immediately, or by a date),
 * 三 how the correction is reported and what refusing brings, 四 the rights of administrative
 * reconsideration and of suit naming the body, the court and their periods, then the issuing
 * authority and the date with room for its seal — and the letter of commitment (承诺书) that the
 * party signs on the spot, citing the order, its commitments and the boxes to sign and date.
 * Nothing here reads the database, the pack or the clock: every text, date and number comes in
 * the struct; a text that is not required and is NULL or "", or a date that is GL_DATE_NONE, is
 * printed as "—". Dates are written "2022年5月12日" and the periods in Chinese numerals (六十日,
 * 六个月).
 */
#ifndef GL_ENFORCEMENT_PDF_H
#define GL_ENFORCEMENT_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/date.h"
#include "pdf.h"

struct enforcement_letter {
        /* the issuing authority: "石家庄市生态环境局平山县分局" */
        const char *issuer;
        const char *order_number;         /* "平环责改〔2022〕3号" */
        const char *case_number;          /* the case's filing number: "平环立〔2022〕7号" */
        const char *party_name;           /* the party */
        const char *party_uscc;           /* its unified social credit code */
        const char *legal_representative; /* may be NULL or "" */
        const char *address;              /* may be NULL or "" */
        gl_date found_on;                 /* the day of the inspection that found the violation */
        const char *officers;             /* the officers who found it: "张伟、李娜" */
        const char *violation;            /* the kind of violation, as the pack names it */
        const char *facts;                /* the facts, as recorded */
        /* the evidence, one line each ("现场检查笔录（inspection.pdf）"); none is printed "—" */
        const char *const *evidence;
        size_t nevidence;
        const char *legal_basis; /* the provisions the order rests on */
        const char *correction;  /* what the party must do */
        bool immediate;          /* corrected immediately (立即改正), else by correct_by */
        gl_date correct_by;      /* the day by which (限期改正); ignored when immediate */
        const char *report;      /* how the correction is reported */
        const char *refusal;     /* what refusing or failing to correct brings */
        const char *reconsideration_body; /* "石家庄市生态环境局" */
        int reconsideration_days;         /* 60; 1 to 999 */
        const char *court;                /* "平山县人民法院" */
        int lawsuit_months;               /* 6; 1 to 999 */
        gl_date issued_on;                /* the day the order is issued */
        /* The letter of commitment: the commitments the party makes, one clause each (the pack's
         * text; the order's number and the correction's date are already filled in). */
        const char *const *commitments;
        size_t ncommitments;
};

/* Lays out the order to correct into a new document *out (free with pdf_free). GL_EINVAL when a
 * required text is missing (issuer, order_number, party_name, party_uscc, facts, legal_basis,
 * correction), when nevidence is not 0 and evidence is NULL, when neither immediate nor
 * correct_by is set, when correct_by is before issued_on, or when reconsideration_days or
 * lawsuit_months is not 1 to 999; err names the member and *out is untouched. */
int enforcement_order_pdf(const struct enforcement_letter *l, struct pdf_doc **out,
                          struct gl_error *err);

/* Lays out the letter of commitment into a new document *out (free with pdf_free), the same
 * checks as the order's, and at least one commitment (GL_EINVAL "commitments" otherwise). */
int enforcement_commitment_pdf(const struct enforcement_letter *l, struct pdf_doc **out,
                               struct gl_error *err);

#endif
