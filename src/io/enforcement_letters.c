/*
 * enforcement_letters.h: the record's texts put where io/enforcement_pdf.h prints them.
 */
#include "enforcement_letters.h"

#include "enforcement_pdf.h"

#include <string.h>

int enforcement_letter_kind_from_name(const char *name)
{
        if (name && strcmp(name, "order") == 0)
                return ENFORCEMENT_ORDER;
        if (name && strcmp(name, "commitment") == 0)
                return ENFORCEMENT_COMMITMENT;
        return -1;
}

int enforcement_letter_pdf(const struct enforcement_record *r, enum enforcement_letter_kind kind,
                           struct pdf_doc **out, struct gl_error *err)
{
        const struct m2_case *m = &r->m;
        if (m->order_number[0] == '\0')
                return gl_fail(err, GL_ESTATE, "order",
                               "案件 %lld 尚未下达责令改正违法行为决定书 (no order issued yet)",
                               (long long)r->row.id);
        bool immediate = strcmp(m->correction_mode, "immediate") == 0;
        struct enforcement_letter l = {
            .issuer = r->issuer,
            .order_number = m->order_number,
            .case_number = m->case_number,
            .party_name = m->party_name,
            .party_uscc = m->party_uscc,
            .legal_representative = m->legal_representative,
            .address = m->address,
            .found_on = m->found_on,
            .officers = m->officers,
            .violation = r->violation_label_zh,
            .facts = m->facts,
            .evidence = (const char *const *)r->evidence,
            .nevidence = r->nevidence,
            .legal_basis = m->legal_basis,
            .correction = m->correction,
            .immediate = immediate,
            .correct_by = immediate ? GL_DATE_NONE : m->correct_by,
            .report = r->report,
            .refusal = r->refusal,
            .reconsideration_body = r->reconsideration_body,
            .reconsideration_days = r->reconsideration_days,
            .court = r->court,
            .lawsuit_months = r->lawsuit_months,
            .issued_on = m->ordered_on,
            .commitments = (const char *const *)r->commitments,
            .ncommitments = r->ncommitments,
        };
        return kind == ENFORCEMENT_ORDER ? enforcement_order_pdf(&l, out, err)
                                         : enforcement_commitment_pdf(&l, out, err);
}
