/*
 * The handlers of the route table (routes.c), grouped by the file that defines them. Each handler
 * comment in its file lists the outcomes it can answer beyond the central checks of http.h.
 */
#ifndef GL_HTTP_ROUTES_H
#define GL_HTTP_ROUTES_H

#include "../app/case.h"
#include "http.h"

/* routes_case.c: what the procedure routes (cases, declarations) share */

/* Documents of a request body's "documents" array, decoded; freed with http_documents_free. */
struct http_documents {
        struct case_document_input items[CASE_DOCUMENTS_MAX];
        unsigned char *data[CASE_DOCUMENTS_MAX];
        size_t n;
};

/* Reads "documents": each exactly {"name", "file_name", "content_base64"}. Answers 400 naming
 * documents[i] or documents[i].KEY and returns -1 (docs freed) on a bad item. */
int http_documents_or_reply(struct http_req *req, struct http_documents *docs);
void http_documents_free(struct http_documents *docs);

/* routes_public.c */
void handle_healthz(struct http_req *req);
void handle_metrics(struct http_req *req);
void handle_openapi(struct http_req *req);
void handle_policy_list(struct http_req *req);
void handle_policy_show(struct http_req *req);

/* routes_session.c */
void handle_session_create(struct http_req *req);
void handle_session_delete(struct http_req *req);
void handle_me(struct http_req *req);

/* routes_enterprise.c */
void handle_enterprise_list(struct http_req *req);
void handle_enterprise_show(struct http_req *req);
void handle_annual_list(struct http_req *req);

/* routes_calendar.c */
void handle_calendar_is_working_day(struct http_req *req);
void handle_calendar_add_working_days(struct http_req *req);
void handle_calendar_add_months(struct http_req *req);

/* routes_incentive.c */
void handle_incentive_list(struct http_req *req);
void handle_incentive_one(struct http_req *req);

/* routes_admin.c */
void handle_audit_list(struct http_req *req);
void handle_audit_verify(struct http_req *req);
void handle_user_list(struct http_req *req);
void handle_user_add(struct http_req *req);
void handle_user_passwd(struct http_req *req);
void handle_user_disable(struct http_req *req);
void handle_user_display_name(struct http_req *req);

/* routes_site.c: measure 8's construction sites */
extern const struct http_field site_list_query[];
extern const struct http_field site_add_body[];
extern const struct http_field site_update_body[];
extern const struct http_field site_finish_body[];
extern const struct http_field site_inspect_body[];
void handle_eia_projects(struct http_req *req);
void handle_eia_project(struct http_req *req);
void handle_eia_plans(struct http_req *req);
void handle_eia_project_add(struct http_req *req);
void handle_eia_plan_add(struct http_req *req);
void handle_eia_plan_approve(struct http_req *req);
void handle_eia_totals_review(struct http_req *req);
void handle_eia_application(struct http_req *req);
void handle_eia_guidance_add(struct http_req *req);
extern const struct http_field eia_project_body[], eia_plan_body[], eia_plan_approve_body[],
    eia_totals_body[], eia_guidance_body[];
void handle_site_list(struct http_req *req);
void handle_site_show(struct http_req *req);
void handle_site_add(struct http_req *req);
void handle_site_update(struct http_req *req);
void handle_site_finish(struct http_req *req);
void handle_site_inspect(struct http_req *req);
void handle_site_inspections(struct http_req *req);
void handle_site_inspections_all(struct http_req *req);
void handle_site_application(struct http_req *req);
void handle_public_sites(struct http_req *req);

/* routes_ledger.c: measure 7's ledger of discharge rights */
extern const struct http_field ledger_transfer_body[];
extern const struct http_field ledger_reduction_body[];
extern const struct http_field ledger_trade_body[];
extern const struct http_field ledger_sale_body[];
extern const struct http_field ledger_cancel_body[];
extern const struct http_field ledger_pledge_body[];
extern const struct http_field ledger_accounts_query[];
extern const struct http_field ledger_statement_query[];
extern const struct http_field ledger_transfers_query[];
extern const struct http_field ledger_period_query[];
extern const struct http_field ledger_prices_query[];
extern const struct http_field ledger_empty_body[];
void handle_ledger_pollutants(struct http_req *req);
void handle_ledger_accounts(struct http_req *req);
void handle_ledger_account(struct http_req *req);
void handle_ledger_statement(struct http_req *req);
void handle_ledger_transfers(struct http_req *req);
void handle_ledger_transfer(struct http_req *req);
void handle_ledger_transfer_add(struct http_req *req);
void handle_ledger_approve(struct http_req *req);
void handle_ledger_cancel(struct http_req *req);
void handle_ledger_reduction(struct http_req *req);
void handle_ledger_trade(struct http_req *req);
void handle_ledger_sale(struct http_req *req);
void handle_ledger_pledge(struct http_req *req);
void handle_ledger_pledge_release(struct http_req *req);
void handle_ledger_reserve(struct http_req *req);
void handle_public_ledger_prices(struct http_req *req);
void handle_ledger_verify(struct http_req *req);

/* routes_pack.c */
/* The pack a catalog route reads: the home pack, or under /api/v1/packs/{division} the pack that
 * county's records run with (its own, else the home pack); NULL with the answer sent (503 without
 * a pack, 400 naming division for a code that is not a county's). */
struct policy_pack;
const struct policy_pack *routes_pack_of(struct http_req *req);
void handle_pack_show(struct http_req *req);
void handle_pack_list(struct http_req *req);

/* routes_import.c */
void handle_import(struct http_req *req);
void handle_import_template(struct http_req *req);
/* routes_enforcement.c */
void handle_enforcement_show(struct http_req *req);
void handle_enforcement_letter(struct http_req *req);

/* routes_visit.c */
void handle_expert_list(struct http_req *req);
void handle_expert_add(struct http_req *req);
void handle_expert_disable(struct http_req *req);
void handle_visit_list(struct http_req *req);
void handle_visit_show(struct http_req *req);
void handle_visit_targets(struct http_req *req);

/* routes_control.c */
void handle_control_list(struct http_req *req);
void handle_control_show(struct http_req *req);
void handle_control_check(struct http_req *req);
void handle_control_propose(struct http_req *req);

/* routes_declaration.c */
void handle_declaration_submit(struct http_req *req);
void handle_declaration_list(struct http_req *req);
void handle_declaration_show(struct http_req *req);
void handle_declaration_document(struct http_req *req);
void handle_declaration_form(struct http_req *req);
void handle_declaration_step(struct http_req *req);
void handle_deadlines_list(struct http_req *req);
void handle_tax_confirm(struct http_req *req);

/* routes_case.c */
void handle_case_list(struct http_req *req);
void handle_procedure_list(struct http_req *req);
void handle_work_list(struct http_req *req);
void handle_case_show(struct http_req *req);
void handle_case_open(struct http_req *req);
void handle_case_step(struct http_req *req);
void handle_case_document(struct http_req *req);
void handle_case_document_content(struct http_req *req);
extern const struct http_field document_content_query[];

/* routes_message.c */
void handle_message_list(struct http_req *req);
void handle_message_read(struct http_req *req);

/* routes_supply.c */
void handle_supply_links(struct http_req *req);
void handle_supply_link_add(struct http_req *req);
void handle_supply_link_end(struct http_req *req);
void handle_supply_review(struct http_req *req);
void handle_supply_target_add(struct http_req *req);
void handle_supply_target_close(struct http_req *req);

/* routes_alert.c */
void handle_alert_list(struct http_req *req);
void handle_alert_current(struct http_req *req);
void handle_alert_townships(struct http_req *req);
void handle_alert_issue(struct http_req *req);
void handle_alert_show(struct http_req *req);
void handle_alert_change(struct http_req *req);
void handle_alert_lift(struct http_req *req);
void handle_alert_measures(struct http_req *req);
void handle_alert_measures_csv(struct http_req *req);
void handle_alert_measures_xlsx(struct http_req *req);
void handle_alert_diff(struct http_req *req);
void handle_my_alert(struct http_req *req);

/* The field tables the routes accept (defined beside their handlers). */
extern const struct http_field session_create_body[];
extern const struct http_field enterprise_list_query[];
extern const struct http_field calendar_date_query[];
extern const struct http_field calendar_shift_query[];
extern const struct http_field incentive_list_query[];
extern const struct http_field incentive_one_query[];
extern const struct http_field audit_list_query[];
extern const struct http_field user_add_body[];
extern const struct http_field user_passwd_body[];
extern const struct http_field user_display_name_body[];
extern const struct http_field import_body[];
extern const struct http_field import_template_query[];
extern const struct http_field declaration_list_query[];
extern const struct http_field declaration_submit_body[];
extern const struct http_field declaration_resubmit_body[];
extern const struct http_field declaration_step_body[];
extern const struct http_field deadlines_query[];
extern const struct http_field tax_confirm_body[];
extern const struct http_field case_list_query[];
extern const struct http_field case_show_query[];
extern const struct http_field work_query[];
extern const struct http_field case_open_body[];
extern const struct http_field case_step_body[];
extern const struct http_field message_list_query[];
extern const struct http_field supply_links_query[];
extern const struct http_field supply_link_body[];
extern const struct http_field supply_end_body[];
extern const struct http_field supply_review_query[];
extern const struct http_field supply_target_body[];
extern const struct http_field supply_close_body[];
extern const struct http_field expert_list_query[];
extern const struct http_field expert_add_body[];
extern const struct http_field visit_list_query[];
extern const struct http_field control_list_query[];
extern const struct http_field control_show_query[];
extern const struct http_field control_propose_body[];
extern const struct http_field control_check_body[];
extern const struct http_field alert_issue_body[];
extern const struct http_field alert_change_body[];
extern const struct http_field alert_lift_body[];
extern const struct http_field alert_measures_query[];
extern const struct http_field alert_export_query[];
extern const struct http_field alert_diff_query[];

#endif
