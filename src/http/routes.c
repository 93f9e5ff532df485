/*
 * The route table: every endpoint of the API, who may call it, and what input it accepts. This is
 * the one place where authorization (route x role) is decided at the door; handlers never check
 * roles themselves, and app/ decides again what depends on the data (app/scope.h: an enterprise
 * user sees its own enterprise). Adding an endpoint is one line here, one handler (declared in
 * routes.h), and its entry in docs/openapi.json; see docs/http.md.
 */
#include "routes.h"

#define R(role) HTTP_ROLE(ROLE_##role)
/* Who reads declarations and deadlines: the enterprise (its own), the county, the city, the tax
 * department and administrators. */
#define DECL_READERS                                                                               \
        (R(ENTERPRISE) | R(COUNTY_OFFICER) | R(COUNTY_LEGAL) | R(COUNTY_LEADER) |                  \
         R(CITY_OFFICER) | R(CITY_EXPERT) | R(TAX_OFFICER) | R(ADMIN))
/* Who reads an enterprise's accounts — annual figures and the grading they give (app/scope.c's
 * SCOPE_FIGURES): the enterprise (its own), the county branch, the city, the tax department and
 * administrators; not a sector department or the approval bureau. */
#define FIGURES_READERS DECL_READERS
/* Who may take some action of some procedure of the pack (app/case decides which, on the data):
 * the union of the roles of the pack's actions, the system aside. */
#define CASE_ACTORS                                                                                \
        (R(ENTERPRISE) | R(COUNTY_OFFICER) | R(COUNTY_LEGAL) | R(COUNTY_LEADER) |                  \
         R(CITY_OFFICER) | R(CITY_EXPERT) | R(APPROVAL_OFFICER) | R(DEPT_OFFICER) |                \
         R(TOWNSHIP_OFFICER))

/* Who reads measure 6's supply-chain links and reviews (app/scope.c's SCOPE_SUPPLY): the
 * enterprise (its own), the county branch, the city's officers and experts, administrators; who
 * records links (the enterprise its own) and who sets help targets. */
#define SUPPLY_READERS                                                                             \
        (R(ENTERPRISE) | R(COUNTY_OFFICER) | R(COUNTY_LEGAL) | R(COUNTY_LEADER) |                  \
         R(CITY_OFFICER) | R(CITY_EXPERT) | R(ADMIN))
#define SUPPLY_RECORDERS (R(ENTERPRISE) | R(COUNTY_OFFICER))
#define SUPPLY_HELPERS (R(COUNTY_OFFICER) | R(COUNTY_LEADER))
/* Measure 5 (routes_visit.c): who reads the expert roster, and keeps it (app/scope.c's
 * SCOPE_EXPERTS: not enforcement); who lists service visits (an enterprise its own; closed to
 * enforcement and to the bureaus outside the branch). One visit admits the readers of a case, so
 * that enforcement is answered 404 for it, as for the case. */
#define EXPERT_READERS (R(COUNTY_LEADER) | R(CITY_OFFICER) | R(CITY_EXPERT) | R(ADMIN))
#define EXPERT_WRITERS (R(COUNTY_LEADER) | R(ADMIN))
#define VISIT_READERS (R(ENTERPRISE) | EXPERT_READERS)

/* Measure 3 (routes_control.c): who checks a control measure against the three bans (the
 * readers of control measures, app/control.h), who lists them (the readers and the enterprise,
 * its own), and who proposes one. One measure admits every signed-in role, so that app/ answers
 * the roles that do not read control measures 404, as for a measure that does not exist. */
#define CONTROL_CHECKERS                                                                           \
        (R(COUNTY_OFFICER) | R(COUNTY_LEGAL) | R(COUNTY_LEADER) | R(CITY_OFFICER) | R(ADMIN))
#define CONTROL_READERS (R(ENTERPRISE) | CONTROL_CHECKERS)
#define CONTROL_PROPOSERS R(COUNTY_OFFICER)
/* Heavy-pollution-weather alerts (routes_alert.c): every signed-in role reads them (app/alert.c
 * narrows an enterprise to its own results); the city officer issues, changes and lifts them, and
 * the county officer records the city's notice. */
#define ALERT_WRITERS (R(CITY_OFFICER) | R(COUNTY_OFFICER))
/* Who reads and takes the cases of every procedure: besides the readers of declarations, the
 * sector departments and the townships, whose cases are measure 8's applications addressed to
 * them (app/scope.c shows a department or a township only its own), and the approval bureau,
 * whose cases are measure 4's EIA applications (every other procedure of the pack names its
 * readers without it). */
#define CASE_READERS (DECL_READERS | R(APPROVAL_OFFICER) | R(DEPT_OFFICER) | R(TOWNSHIP_OFFICER))
/* Measure 4 (routes_eia.c): who reads construction projects and planning EIAs (app/project.h:
 * an enterprise its own; the branch, the approval bureau, the city, administrators). */
#define EIA_READERS                                                                                \
        (R(ENTERPRISE) | R(COUNTY_OFFICER) | R(COUNTY_LEGAL) | R(COUNTY_LEADER) |                  \
         R(CITY_OFFICER) | R(APPROVAL_OFFICER) | R(ADMIN))
/* Who registers projects (the builder's own users, a county officer, the approval bureau), who
 * records and approves parks' planning EIAs, who reviews totals (measure 7), and who records the
 * guide's help (the case's guide, a county officer: app/ checks it is the guide). */
#define EIA_PROJECT_WRITERS (R(ENTERPRISE) | R(COUNTY_OFFICER) | R(APPROVAL_OFFICER))
#define EIA_PLAN_WRITERS (R(COUNTY_OFFICER) | R(APPROVAL_OFFICER))
#define EIA_TOTALS_REVIEWERS R(COUNTY_OFFICER)
#define EIA_GUIDES R(COUNTY_OFFICER)
/* Measure 8 (routes_site.c): who reads construction sites (app/scope.c's rule for sites: an
 * enterprise its own, a department or a township its unit's; not the tax department or the
 * approval bureau); who registers and changes them (the builder, the county officer); who records
 * inspections. */
#define SITE_READERS                                                                               \
        (R(ENTERPRISE) | R(COUNTY_OFFICER) | R(COUNTY_LEGAL) | R(COUNTY_LEADER) |                  \
         R(CITY_OFFICER) | R(CITY_EXPERT) | R(DEPT_OFFICER) | R(TOWNSHIP_OFFICER) | R(ADMIN))
#define SITE_WRITERS (R(ENTERPRISE) | R(COUNTY_OFFICER))
#define SITE_INSPECTORS                                                                            \
        (R(COUNTY_OFFICER) | R(COUNTY_LEADER) | R(CITY_OFFICER) | R(DEPT_OFFICER) |                \
         R(TOWNSHIP_OFFICER))

/* Measure 7 (routes_ledger.c): who reads the ledger (an enterprise its own account) and who
 * writes it (app/ledger.c decides the two-person rule). */
#define LEDGER_READERS                                                                             \
        (R(ENTERPRISE) | R(COUNTY_OFFICER) | R(COUNTY_LEGAL) | R(COUNTY_LEADER) |                  \
         R(CITY_OFFICER) | R(ADMIN))
#define LEDGER_WRITERS (R(COUNTY_OFFICER) | R(COUNTY_LEADER) | R(ADMIN))
#define LEDGER_APPROVERS (R(COUNTY_OFFICER) | R(COUNTY_LEADER))
#define LEDGER_STAFF                                                                               \
        (R(COUNTY_OFFICER) | R(COUNTY_LEGAL) | R(COUNTY_LEADER) | R(CITY_OFFICER) | R(ADMIN))

/* Who may import (app/ decides which kinds: the tax department annual figures and averages). */
#define IMPORTERS (R(COUNTY_OFFICER) | R(TAX_OFFICER) | R(ADMIN))

const struct http_route http_routes[] = {
    /* operation */
    {"GET", "/healthz", HTTP_PUBLIC, NULL, NULL, handle_healthz, 0, "liveness and schema version"},
    {"GET", "/metrics", R(ADMIN), NULL, NULL, handle_metrics, HTTP_LOCAL,
     "Prometheus metrics (an administrator, or a scraper on this machine)"},
    {"GET", "/api/v1/openapi.json", HTTP_PUBLIC, NULL, NULL, handle_openapi, HTTP_CACHE,
     "this API as OpenAPI 3"},

    /* sessions */
    {"POST", "/api/v1/session", HTTP_PUBLIC, NULL, session_create_body, handle_session_create, 0,
     "sign in"},
    {"DELETE", "/api/v1/session", HTTP_SIGNED_IN, NULL, NULL, handle_session_delete, 0, "sign out"},
    {"GET", "/api/v1/me", HTTP_SIGNED_IN, NULL, NULL, handle_me, 0, "who is signed in"},

    /* the policy catalog (public) */
    {"GET", "/api/v1/policies", HTTP_PUBLIC, NULL, NULL, handle_policy_list, HTTP_CACHE,
     "the measures of the policy pack"},
    {"GET", "/api/v1/policies/{n}", HTTP_PUBLIC, NULL, NULL, handle_policy_show, HTTP_CACHE,
     "one measure with its contacts"},
    {"GET", "/api/v1/pack", HTTP_PUBLIC, NULL, NULL, handle_pack_show, HTTP_CACHE,
     "the pack's industries and dated parameters"},
    {"GET", "/api/v1/packs", HTTP_PUBLIC, NULL, NULL, handle_pack_list, HTTP_CACHE,
     "the packs: the home pack and each county's own"},
    {"GET", "/api/v1/packs/{division}", HTTP_PUBLIC, NULL, NULL, handle_pack_show, 0,
     "the pack a county's records run with"},
    {"GET", "/api/v1/packs/{division}/policies", HTTP_PUBLIC, NULL, NULL, handle_policy_list, 0,
     "the measures of a county's pack"},
    {"GET", "/api/v1/packs/{division}/policies/{n}", HTTP_PUBLIC, NULL, NULL, handle_policy_show, 0,
     "one measure of a county's pack with its contacts"},

    /* the enterprise registry (an enterprise user sees only its own) */
    {"GET", "/api/v1/enterprises", HTTP_SIGNED_IN, enterprise_list_query, NULL,
     handle_enterprise_list, 0, "enterprises: search, filters, paging"},
    {"GET", "/api/v1/enterprises/{uscc}", HTTP_SIGNED_IN, NULL, NULL, handle_enterprise_show, 0,
     "one enterprise"},
    {"GET", "/api/v1/enterprises/{uscc}/annual", FIGURES_READERS, NULL, NULL, handle_annual_list, 0,
     "an enterprise's annual figures"},

    /* calendar */
    {"GET", "/api/v1/calendar/is-working-day", HTTP_SIGNED_IN, calendar_date_query, NULL,
     handle_calendar_is_working_day, 0, "whether a date is a working day"},
    {"GET", "/api/v1/calendar/add-working-days", HTTP_SIGNED_IN, calendar_shift_query, NULL,
     handle_calendar_add_working_days, 0, "the n-th working day after a date"},
    {"GET", "/api/v1/calendar/add-months", HTTP_SIGNED_IN, calendar_shift_query, NULL,
     handle_calendar_add_months, 0, "Civil Code end of a period of n months"},

    /* the CSV imports: the registry, annual figures, official industry averages */
    {"POST", "/api/v1/imports/{kind}", IMPORTERS, NULL, import_body, handle_import, HTTP_UPLOAD,
     "import enterprises, annual figures or industry averages from CSV"},
    {"GET", "/api/v1/imports/{kind}/template", IMPORTERS, import_template_query, NULL,
     handle_import_template, 0, "an import kind's template to fill in (CSV or XLSX)"},

    /* measure 1: incentive grading */
    {"GET", "/api/v1/incentive", FIGURES_READERS, incentive_list_query, NULL, handle_incentive_list,
     0, "measure 1: each enterprise's incentive tier for a year"},
    {"GET", "/api/v1/enterprises/{uscc}/incentive", FIGURES_READERS, incentive_one_query, NULL,
     handle_incentive_one, 0, "measure 1: one enterprise's incentive tier (self-assessment)"},

    /* administration */
    {"GET", "/api/v1/audit", R(ADMIN), audit_list_query, NULL, handle_audit_list, 0,
     "the audit trail, newest first"},
    {"GET", "/api/v1/audit/verify", R(ADMIN), NULL, NULL, handle_audit_verify, 0,
     "the audit trail's hash chain recomputed, and its head"},
    {"GET", "/api/v1/users", R(ADMIN), NULL, NULL, handle_user_list, 0, "users"},
    {"POST", "/api/v1/users", R(ADMIN), NULL, user_add_body, handle_user_add, 0, "add a user"},
    {"PUT", "/api/v1/users/{username}/password", R(ADMIN), NULL, user_passwd_body,
     handle_user_passwd, 0, "set a user's password"},
    {"PUT", "/api/v1/users/{username}/display-name", R(ADMIN), NULL, user_display_name_body,
     handle_user_display_name, 0, "set or remove a user's display name"},
    {"POST", "/api/v1/users/{username}/disable", R(ADMIN), NULL, NULL, handle_user_disable, 0,
     "disable a user"},

    /* measure 1: declarations, deadlines, tax confirmation (routes_declaration.c) */
    {"GET", "/api/v1/declarations", DECL_READERS, declaration_list_query, NULL,
     handle_declaration_list, 0, "declarations (an enterprise: its own)"},
    {"POST", "/api/v1/declarations", R(ENTERPRISE), NULL, declaration_submit_body,
     handle_declaration_submit, HTTP_UPLOAD, "submit a measure 1 declaration with its documents"},
    {"GET", "/api/v1/declarations/{id}", DECL_READERS, NULL, NULL, handle_declaration_show, 0,
     "one declaration: steps, deadlines, documents, actions"},
    {"GET", "/api/v1/declarations/{id}/documents/{doc}", DECL_READERS, NULL, NULL,
     handle_declaration_document, 0, "one supporting document, base64"},
    {"GET", "/api/v1/declarations/{id}/form.pdf", DECL_READERS, NULL, NULL, handle_declaration_form,
     0, "the declaration form as a PDF"},
    {"POST", "/api/v1/declarations/{id}/resubmit", R(ENTERPRISE), NULL, declaration_resubmit_body,
     handle_declaration_step, HTTP_UPLOAD, "resubmit a returned declaration"},
    {"POST", "/api/v1/declarations/{id}/approve", R(COUNTY_OFFICER), NULL, declaration_step_body,
     handle_declaration_step, 0, "county review: approve and forward to the city"},
    {"POST", "/api/v1/declarations/{id}/return", R(COUNTY_OFFICER), NULL, declaration_step_body,
     handle_declaration_step, 0, "county review: return with reasons"},
    {"POST", "/api/v1/declarations/{id}/preliminary_review", R(CITY_OFFICER) | R(CITY_EXPERT), NULL,
     declaration_step_body, handle_declaration_step, 0, "city: preliminary review"},
    {"POST", "/api/v1/declarations/{id}/site_verification", R(CITY_OFFICER) | R(CITY_EXPERT), NULL,
     declaration_step_body, handle_declaration_step, 0, "city: site verification"},
    {"POST", "/api/v1/declarations/{id}/decide_provisional", R(CITY_OFFICER), NULL,
     declaration_step_body, handle_declaration_step, 0, "city: provisional grade"},
    {"POST", "/api/v1/declarations/{id}/reject", R(CITY_OFFICER), NULL, declaration_step_body,
     handle_declaration_step, 0, "city: reject with reasons"},
    {"POST", "/api/v1/declarations/{id}/indicators_met", R(COUNTY_OFFICER) | R(CITY_OFFICER), NULL,
     declaration_step_body, handle_declaration_step, 0,
     "indicators met: the promotion becomes formal"},
    {"GET", "/api/v1/deadlines", DECL_READERS, deadlines_query, NULL, handle_deadlines_list, 0,
     "running deadlines with working days left"},
    {"POST", "/api/v1/tax-confirmations", R(TAX_OFFICER), NULL, tax_confirm_body,
     handle_tax_confirm, 0, "the tax department confirms a tax figure"},

    /* every procedure through one face (routes_case.c); reads as for declarations */
    {"GET", "/api/v1/work", CASE_READERS, work_query, NULL, handle_work_list, 0,
     "my work: the cases waiting for an action the user may take, soonest deadline first"},
    {"GET", "/api/v1/procedures", CASE_READERS, NULL, NULL, handle_procedure_list, 0,
     "the procedures of the pack with their states, and what the user may open today"},
    {"GET", "/api/v1/cases", CASE_READERS, case_list_query, NULL, handle_case_list, 0,
     "cases of every procedure (an enterprise: its own)"},
    {"POST", "/api/v1/cases", CASE_ACTORS, NULL, case_open_body, handle_case_open, HTTP_UPLOAD,
     "open a case with a procedure's opening action"},
    {"GET", "/api/v1/cases/{id}", CASE_READERS, case_show_query, NULL, handle_case_show, 0,
     "one case: deadlines, the actions offered now, steps, documents, reviews"},
    {"POST", "/api/v1/cases/{id}/steps", CASE_ACTORS, NULL, case_step_body, handle_case_step,
     HTTP_UPLOAD, "take one action on a case"},
    {"GET", "/api/v1/cases/{id}/documents/{doc}", CASE_READERS, NULL, NULL, handle_case_document, 0,
     "one document of a case, base64"},
    {"GET", "/api/v1/cases/{id}/documents/{doc}/content", CASE_READERS, document_content_query,
     NULL, handle_case_document_content, 0,
     "one document of a case as its bytes, to show in the browser or to save"},

    /* measure 2's enforcement cases (routes_enforcement.c); their steps are the cases' */
    {"GET", "/api/v1/enforcement/{id}", DECL_READERS, NULL, NULL, handle_enforcement_show, 0,
     "an enforcement case: circumstances, order, verification, the proposal and its explanation"},
    {"GET", "/api/v1/enforcement/{id}/order.pdf", DECL_READERS, NULL, NULL,
     handle_enforcement_letter, 0, "the order to correct the violation (责令改正违法行为决定书)"},
    {"GET", "/api/v1/enforcement/{id}/commitment.pdf", DECL_READERS, NULL, NULL,
     handle_enforcement_letter, 0, "the letter of commitment to sign (承诺书)"},

    /* measure 5's service visits (routes_visit.c); their steps are the cases' */
    {"GET", "/api/v1/experts", EXPERT_READERS, expert_list_query, NULL, handle_expert_list, 0,
     "measure 5: the expert roster (专家库)"},
    {"POST", "/api/v1/experts", EXPERT_WRITERS, NULL, expert_add_body, handle_expert_add, 0,
     "measure 5: add an expert to the roster"},
    {"POST", "/api/v1/experts/{id}/disable", EXPERT_WRITERS, NULL, NULL, handle_expert_disable, 0,
     "measure 5: take an expert off the roster"},
    {"GET", "/api/v1/visits", VISIT_READERS, visit_list_query, NULL, handle_visit_list, 0,
     "measure 5: service visits without their findings (an enterprise: its own)"},
    {"GET", "/api/v1/visits/{id}", DECL_READERS, NULL, NULL, handle_visit_show, 0,
     "measure 5: one service visit with what was delivered, found and advised, and the feedback"},
    {"GET", "/api/v1/visit-targets", EXPERT_READERS, NULL, NULL, handle_visit_targets, 0,
     "measure 5: the key air emitters with their visits, to plan"},

    /* measure 3's control measures (routes_control.c); their later steps are the cases' */
    {"GET", "/api/v1/controls", CONTROL_READERS, control_list_query, NULL, handle_control_list, 0,
     "measure 3: control measures (an enterprise: those on itself)"},
    {"POST", "/api/v1/controls", CONTROL_PROPOSERS, NULL, control_propose_body,
     handle_control_propose, HTTP_UPLOAD,
     "measure 3: record a control measure, or 422 when the three bans forbid it"},
    {"POST", "/api/v1/controls/check", CONTROL_CHECKERS, NULL, control_check_body,
     handle_control_check, 0,
     "measure 3: whether the three bans would allow a control measure, and why"},
    {"GET", "/api/v1/controls/{id}", HTTP_SIGNED_IN, control_show_query, NULL, handle_control_show,
     0, "measure 3: one control measure with the bans' explanation"},
    /* measure 4: construction projects and planning EIAs (routes_eia.c) */
    {"GET", "/api/v1/eia/projects", EIA_READERS, NULL, NULL, handle_eia_projects, 0,
     "measure 4: construction projects (an enterprise its own)"},
    {"GET", "/api/v1/eia/projects/{id}", EIA_READERS, NULL, NULL, handle_eia_project, 0,
     "measure 4: one project with its totals review and EIA application"},
    {"GET", "/api/v1/eia/plans", EIA_READERS, NULL, NULL, handle_eia_plans, 0,
     "measure 4: parks' planning EIAs"},
    {"POST", "/api/v1/eia/projects", EIA_PROJECT_WRITERS, NULL, eia_project_body,
     handle_eia_project_add, 0, "measure 4: register a construction project"},
    {"POST", "/api/v1/eia/projects/{id}/totals-review", EIA_TOTALS_REVIEWERS, NULL, eia_totals_body,
     handle_eia_totals_review, 0, "measure 7: review a project's totals"},
    {"POST", "/api/v1/eia/plans", EIA_PLAN_WRITERS, NULL, eia_plan_body, handle_eia_plan_add, 0,
     "measure 4: record a park's planning EIA"},
    {"POST", "/api/v1/eia/plans/{id}/approve", EIA_PLAN_WRITERS, NULL, eia_plan_approve_body,
     handle_eia_plan_approve, 0, "measure 4: approve a planning EIA"},
    {"GET", "/api/v1/eia/applications/{id}", EIA_READERS, NULL, NULL, handle_eia_application, 0,
     "measure 4: an EIA application's materials and guidance (the case's id)"},
    {"POST", "/api/v1/eia/applications/{id}/guidance", EIA_GUIDES, NULL, eia_guidance_body,
     handle_eia_guidance_add, 0, "measure 4: the guide records a help (一对一帮扶)"},
    /* measure 8: construction sites and the key-project positive list (routes_site.c); the
     * applications' steps are the cases' */
    {"GET", "/api/v1/sites", SITE_READERS, site_list_query, NULL, handle_site_list, 0,
     "measure 8: construction sites (an enterprise its own, a department or township its unit's)"},
    {"POST", "/api/v1/sites", SITE_WRITERS, NULL, site_add_body, handle_site_add, 0,
     "measure 8: register a construction site"},
    {"GET", "/api/v1/sites/{id}", SITE_READERS, NULL, NULL, handle_site_show, 0,
     "measure 8: one site with its application, objections, inspections and changes"},
    {"PATCH", "/api/v1/sites/{id}", SITE_WRITERS, NULL, site_update_body, handle_site_update, 0,
     "measure 8: change a site (not while under review or listed)"},
    {"POST", "/api/v1/sites/{id}/finish", SITE_WRITERS, NULL, site_finish_body, handle_site_finish,
     0, "measure 8: the site is finished (a listed one leaves the list)"},
    {"GET", "/api/v1/sites/{id}/inspections", SITE_READERS, NULL, NULL, handle_site_inspections, 0,
     "measure 8: a site's inspections"},
    {"POST", "/api/v1/sites/{id}/inspections", SITE_INSPECTORS, NULL, site_inspect_body,
     handle_site_inspect, 0,
     "measure 8: record an inspection with its reason (a listed site: only for a listed reason)"},
    {"GET", "/api/v1/site-inspections", SITE_READERS, NULL, NULL, handle_site_inspections_all, 0,
     "measure 8: the inspections of every site the reader sees"},
    {"GET", "/api/v1/site-applications/{id}", CASE_READERS, NULL, NULL, handle_site_application, 0,
     "measure 8: a positive-list application (the case's id) with its site and objections"},
    {"GET", "/api/v1/public/sites", HTTP_PUBLIC, NULL, NULL, handle_public_sites, 0,
     "measure 8: the published positive list of key construction projects"},

    /* measure 7: the ledger of discharge rights (routes_ledger.c) */
    {"GET", "/api/v1/ledger/pollutants", LEDGER_READERS, NULL, NULL, handle_ledger_pollutants, 0,
     "measure 7: the ledger's pollutants (m7.pollutants)"},
    {"GET", "/api/v1/ledger/accounts", LEDGER_READERS, ledger_accounts_query, NULL,
     handle_ledger_accounts, 0, "measure 7: accounts with balances (an enterprise its own)"},
    {"GET", "/api/v1/ledger/accounts/{account}", LEDGER_READERS, NULL, NULL, handle_ledger_account,
     0, "measure 7: one account with its rights and pledges"},
    {"GET", "/api/v1/ledger/accounts/{account}/statement", LEDGER_READERS, ledger_statement_query,
     NULL, handle_ledger_statement, 0,
     "measure 7: an account's statement for a pollutant and period"},
    {"GET", "/api/v1/ledger/transfers", LEDGER_READERS, ledger_transfers_query, NULL,
     handle_ledger_transfers, 0, "measure 7: transfers with the offers the reader may take"},
    {"POST", "/api/v1/ledger/transfers", LEDGER_WRITERS, NULL, ledger_transfer_body,
     handle_ledger_transfer_add, 0, "measure 7: write a transfer (idempotent by client_id)"},
    {"GET", "/api/v1/ledger/transfers/{id}", LEDGER_READERS, NULL, NULL, handle_ledger_transfer, 0,
     "measure 7: one transfer with its explanation"},
    {"POST", "/api/v1/ledger/transfers/{id}/approve", LEDGER_APPROVERS, NULL, ledger_empty_body,
     handle_ledger_approve, 0, "measure 7: approve a pending release or sale (not the proposer)"},
    {"POST", "/api/v1/ledger/transfers/{id}/cancel", LEDGER_WRITERS, NULL, ledger_cancel_body,
     handle_ledger_cancel, 0, "measure 7: cancel a pending transfer"},
    {"POST", "/api/v1/ledger/reductions", LEDGER_WRITERS, NULL, ledger_reduction_body,
     handle_ledger_reduction, 0, "measure 7: a verified reduction credits the reserve"},
    {"POST", "/api/v1/ledger/trades", LEDGER_WRITERS, NULL, ledger_trade_body, handle_ledger_trade,
     0, "measure 7: a trade between enterprises with price and method"},
    {"POST", "/api/v1/ledger/sales", LEDGER_WRITERS, NULL, ledger_sale_body, handle_ledger_sale, 0,
     "measure 7: a listed sale from the reserve (pending)"},
    {"POST", "/api/v1/ledger/pledges", LEDGER_WRITERS, NULL, ledger_pledge_body,
     handle_ledger_pledge, 0, "measure 7: pledge an enterprise's rights"},
    {"POST", "/api/v1/ledger/pledges/{id}/release", LEDGER_WRITERS, NULL, ledger_empty_body,
     handle_ledger_pledge_release, 0, "measure 7: release a pledge"},
    {"GET", "/api/v1/ledger/reserve", LEDGER_STAFF, ledger_period_query, NULL,
     handle_ledger_reserve, 0, "measure 7: the reserve's sources and uses"},
    {"GET", "/api/v1/ledger/verify", LEDGER_STAFF, NULL, NULL, handle_ledger_verify, 0,
     "measure 7: recompute every balance from the entries"},
    {"GET", "/api/v1/public/ledger/prices", HTTP_PUBLIC, ledger_prices_query, NULL,
     handle_public_ledger_prices, 0, "measure 7: settled prices without identities (public)"},

    /* messages (routes_message.c): an enterprise user's inbox */
    {"GET", "/api/v1/messages", R(ENTERPRISE), message_list_query, NULL, handle_message_list, 0,
     "my messages, a page at a time, newest first, with the number unread"},
    {"POST", "/api/v1/messages/{id}/read", R(ENTERPRISE), NULL, NULL, handle_message_read, 0,
     "mark one of my messages read"},

    /* measure 6: supply-chain links of positive-list enterprises (routes_supply.c) */
    {"GET", "/api/v1/supply/links", SUPPLY_READERS, supply_links_query, NULL, handle_supply_links,
     0, "supply-chain links (an enterprise: its own)"},
    {"POST", "/api/v1/supply/links", SUPPLY_RECORDERS, NULL, supply_link_body,
     handle_supply_link_add, 0, "record a link of a positive-list enterprise with a partner"},
    {"POST", "/api/v1/supply/links/{id}/end", SUPPLY_RECORDERS, NULL, supply_end_body,
     handle_supply_link_end, 0, "end a link (kept, with its reason); its open targets dropped"},
    {"GET", "/api/v1/supply/review", SUPPLY_READERS, supply_review_query, NULL,
     handle_supply_review, 0,
     "measure 6: which partners of each positive-list enterprise are preferred, help targets, "
     "alternatives"},
    {"GET", "/api/v1/supply/review/{uscc}", SUPPLY_READERS, supply_review_query, NULL,
     handle_supply_review, 0, "measure 6: one enterprise's partners reviewed"},
    {"POST", "/api/v1/supply/targets", SUPPLY_HELPERS, NULL, supply_target_body,
     handle_supply_target_add, 0, "set a help target for a partner"},
    {"POST", "/api/v1/supply/targets/{id}/close", SUPPLY_HELPERS, NULL, supply_close_body,
     handle_supply_target_close, 0, "close a help target as met or dropped"},

    /* heavy-pollution-weather alerts (routes_alert.c) */
    {"GET", "/api/v1/alerts", HTTP_SIGNED_IN, NULL, NULL, handle_alert_list, 0,
     "alerts, newest first"},
    {"POST", "/api/v1/alerts", ALERT_WRITERS, NULL, alert_issue_body, handle_alert_issue, 0,
     "issue an alert: its measures computed for every enterprise and site it reaches"},
    {"GET", "/api/v1/alerts/current", HTTP_PUBLIC, NULL, NULL, handle_alert_current, 0,
     "the alerts in force or to come (public: level, townships, from, to, notice)"},
    {"GET", "/api/v1/alerts/townships", HTTP_SIGNED_IN, NULL, NULL, handle_alert_townships, 0,
     "the townships an alert may name"},
    {"GET", "/api/v1/alerts/{id}", HTTP_SIGNED_IN, NULL, NULL, handle_alert_show, 0,
     "one alert with its versions"},
    {"POST", "/api/v1/alerts/{id}/change", ALERT_WRITERS, NULL, alert_change_body,
     handle_alert_change, 0, "a new version: level, end or townships changed"},
    {"POST", "/api/v1/alerts/{id}/lift", ALERT_WRITERS, NULL, alert_lift_body, handle_alert_lift, 0,
     "lift an alert"},
    {"GET", "/api/v1/alerts/{id}/measures", HTTP_SIGNED_IN, alert_measures_query, NULL,
     handle_alert_measures, 0, "a version's measures, paged and filtered (an enterprise: its own)"},
    {"GET", "/api/v1/alerts/{id}/measures.csv", HTTP_SIGNED_IN, alert_export_query, NULL,
     handle_alert_measures_csv, 0, "a version's measures as CSV"},
    {"GET", "/api/v1/alerts/{id}/measures.xlsx", HTTP_SIGNED_IN, alert_export_query, NULL,
     handle_alert_measures_xlsx, 0, "a version's measures as a workbook"},
    {"GET", "/api/v1/alerts/{id}/diff", HTTP_SIGNED_IN, alert_diff_query, NULL, handle_alert_diff,
     0, "what changed for whom between two versions"},
    {"GET", "/api/v1/my/alert", R(ENTERPRISE), NULL, NULL, handle_my_alert, 0,
     "what the alerts in force or to come ask of the signed-in enterprise"},
};

const size_t http_nroutes = GL_ARRAY_LEN(http_routes);
