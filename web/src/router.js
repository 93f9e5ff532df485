// The screens and who may open them. meta.roles lists the roles that may; "officer" stands for any
// officer role. A visitor who is not signed in is sent to sign-in, then back.
import { createRouter, createWebHistory } from 'vue-router'
import { session, isOfficer, may } from './session.js'

// The officer roles that keep the discharge-rights ledger (measure 7).
export const LEDGER_ROLES = ['county_officer', 'county_leader', 'county_legal', 'city_officer', 'admin']

const routes = [
  { path: '/', name: 'catalog', component: () => import('./views/Catalog.vue') },
  { path: '/signin', name: 'signin', component: () => import('./views/SignIn.vue') },
  {
    path: '/my/policies',
    name: 'my-policies',
    component: () => import('./views/MyPolicies.vue'),
    meta: { roles: ['enterprise'] },
  },
  {
    path: '/my/assessment',
    name: 'assessment',
    component: () => import('./views/SelfAssessment.vue'),
    meta: { roles: ['enterprise'] },
  },
  {
    path: '/my/declarations',
    name: 'my-declarations',
    component: () => import('./views/Cases.vue'),
    meta: { roles: ['enterprise'], procedure: 'm1.declaration', title: 'nav.myDeclarations', lead: 'decl.mineLead', empty: 'decl.none' },
  },
  {
    path: '/my/cases',
    name: 'my-cases',
    component: () => import('./views/Cases.vue'),
    meta: { roles: ['enterprise'] },
  },
  {
    path: '/my/declarations/new',
    name: 'declaration-new',
    component: () => import('./views/DeclarationNew.vue'),
    meta: { roles: ['enterprise'] },
  },
  {
    path: '/declarations/:id',
    name: 'declaration',
    component: () => import('./views/CaseDetail.vue'),
    meta: { roles: ['enterprise', 'officer'] },
  },
  {
    path: '/cases/:id',
    name: 'case',
    component: () => import('./views/CaseDetail.vue'),
    meta: { roles: ['enterprise', 'officer'] },
  },
  {
    path: '/work/inbox',
    name: 'inbox',
    component: () => import('./views/Inbox.vue'),
    meta: { roles: ['officer'], needs: 'GET /api/v1/work' },
  },
  {
    path: '/my/work',
    name: 'my-work',
    component: () => import('./views/Inbox.vue'),
    meta: { roles: ['enterprise'], needs: 'GET /api/v1/work' },
  },
  {
    path: '/my/messages',
    name: 'my-messages',
    component: () => import('./views/Messages.vue'),
    meta: { roles: ['enterprise'], needs: 'GET /api/v1/messages' },
  },
  {
    path: '/work/declarations',
    name: 'declarations',
    component: () => import('./views/Cases.vue'),
    meta: { roles: ['officer'], procedure: 'm1.declaration', title: 'nav.declarations', lead: 'decl.allLead', empty: 'decl.none' },
  },
  {
    path: '/work/cases',
    name: 'cases',
    component: () => import('./views/Cases.vue'),
    meta: { roles: ['officer'] },
  },
  {
    path: '/work/enterprises',
    name: 'registry',
    component: () => import('./views/Registry.vue'),
    meta: { roles: ['officer'] },
  },
  {
    path: '/work/evaluation',
    name: 'evaluation',
    component: () => import('./views/Evaluation.vue'),
    meta: { roles: ['officer'], needs: 'GET /api/v1/incentive' },
  },
  {
    path: '/work/enterprises/:uscc',
    name: 'enterprise',
    component: () => import('./views/EnterpriseDetail.vue'),
    meta: { roles: ['officer'] },
  },
  {
    path: '/work/import',
    name: 'import',
    component: () => import('./views/Import.vue'),
    meta: { roles: ['officer'] },
  },
  {
    path: '/work/dashboard',
    name: 'dashboard',
    component: () => import('./views/Dashboard.vue'),
    meta: { roles: ['officer'] },
  },
  {
    path: '/work/users',
    name: 'users',
    component: () => import('./views/Users.vue'),
    meta: { roles: ['officer'], needs: 'GET /api/v1/users' },
  },
  {
    path: '/work/audit',
    name: 'audit',
    component: () => import('./views/Audit.vue'),
    meta: { roles: ['officer'], needs: 'GET /api/v1/audit' },
  },
  {
    path: '/work/tax',
    name: 'tax',
    component: () => import('./views/TaxConfirm.vue'),
    meta: { roles: ['officer'], needs: 'POST /api/v1/tax-confirmations' },
  },
  {
    path: '/work/supply',
    name: 'supply',
    component: () => import('./measures/m6/SupplyReview.vue'),
    meta: { roles: ['officer'], needs: 'GET /api/v1/supply/review' },
  },
  {
    path: '/my/supply',
    name: 'my-supply',
    component: () => import('./measures/m6/MySupply.vue'),
    meta: { roles: ['enterprise'], needs: 'GET /api/v1/supply/review/{uscc}' },
  },
  // Measure 5's service visits (views/Visits.vue, views/VisitDetail.vue): closed to the roles the
  // server answers nothing of a visit (the door of GET /api/v1/visits).
  {
    path: '/work/visits',
    name: 'visits',
    component: () => import('./views/Visits.vue'),
    meta: { roles: ['officer'], needs: 'GET /api/v1/visits' },
  },
  {
    path: '/my/visits',
    name: 'my-visits',
    component: () => import('./views/Visits.vue'),
    meta: { roles: ['enterprise'], needs: 'GET /api/v1/visits' },
  },
  {
    path: '/visits/:id',
    name: 'visit',
    component: () => import('./views/VisitDetail.vue'),
    meta: { roles: ['enterprise', 'officer'], needs: 'GET /api/v1/visits' },
  },
  // Measure 3's control measures (measures/m3/Controls.vue); one measure is its case's page.
  {
    path: '/work/controls',
    name: 'controls',
    component: () => import('./measures/m3/Controls.vue'),
    meta: { roles: ['officer'], needs: 'GET /api/v1/controls' },
  },
  {
    path: '/my/controls',
    name: 'my-controls',
    component: () => import('./measures/m3/Controls.vue'),
    meta: { roles: ['enterprise'], needs: 'GET /api/v1/controls' },
  },
  // Heavy-pollution-weather alerts (measures/alerts/): every officer role reads them; the forms
  // show for the roles the door lets issue, change and lift.
  {
    path: '/work/alerts',
    name: 'alerts',
    component: () => import('./measures/alerts/Alerts.vue'),
    meta: { roles: ['officer'], needs: 'GET /api/v1/alerts' },
  },
  {
    path: '/work/alerts/:id',
    name: 'alert',
    component: () => import('./measures/alerts/AlertDetail.vue'),
    meta: { roles: ['officer'], needs: 'GET /api/v1/alerts/{id}' },
  },
  // Measure 4's construction projects and planning EIAs (measures/m4/): every project for the
  // branch, the approval bureau and the city, an enterprise's own, and one project.
  {
    path: '/work/eia',
    name: 'eia',
    component: () => import('./measures/m4/Projects.vue'),
    meta: { roles: ['officer'], needs: 'GET /api/v1/eia/projects' },
  },
  {
    path: '/my/eia',
    name: 'my-eia',
    component: () => import('./measures/m4/Projects.vue'),
    meta: { roles: ['enterprise'], needs: 'GET /api/v1/eia/projects' },
  },
  {
    path: '/eia/projects/:id',
    name: 'eia-project',
    component: () => import('./measures/m4/ProjectDetail.vue'),
    meta: { roles: ['enterprise', 'officer'], needs: 'GET /api/v1/eia/projects' },
  },
  // Measure 8's construction sites and the positive list of key construction projects
  // (measures/m8/): the registry for the branch, the departments and the townships, an
  // enterprise's own sites, one site, and the published list open to everyone.
  {
    path: '/work/sites',
    name: 'sites',
    component: () => import('./measures/m8/Sites.vue'),
    meta: { roles: ['officer'], needs: 'GET /api/v1/sites' },
  },
  {
    path: '/my/sites',
    name: 'my-sites',
    component: () => import('./measures/m8/Sites.vue'),
    meta: { roles: ['enterprise'], needs: 'GET /api/v1/sites' },
  },
  {
    path: '/sites/:id',
    name: 'site',
    component: () => import('./measures/m8/SiteDetail.vue'),
    meta: { roles: ['enterprise', 'officer'], needs: 'GET /api/v1/sites' },
  },
  { path: '/positive-list', name: 'positive-list', component: () => import('./measures/m8/PublicSites.vue') },
  // Measure 7's discharge-rights ledger (measures/m7/): the accounts, one account, the transfers and
  // their approval, the reserve's sources and uses for the branch, its leader and legal office, the
  // city and the administrator; an enterprise's own account; and the prices, open to everyone.
  {
    path: '/work/ledger',
    name: 'ledger',
    component: () => import('./measures/m7/Ledger.vue'),
    meta: { roles: LEDGER_ROLES, needs: 'GET /api/v1/ledger/accounts' },
  },
  {
    path: '/work/ledger/accounts/:account',
    name: 'ledger-account',
    component: () => import('./measures/m7/Account.vue'),
    meta: { roles: LEDGER_ROLES, needs: 'GET /api/v1/ledger/accounts/{account}' },
  },
  {
    path: '/work/ledger/transfers',
    name: 'ledger-transfers',
    component: () => import('./measures/m7/Transfers.vue'),
    meta: { roles: LEDGER_ROLES, needs: 'GET /api/v1/ledger/transfers' },
  },
  {
    path: '/work/ledger/reserve',
    name: 'ledger-reserve',
    component: () => import('./measures/m7/Reserve.vue'),
    meta: { roles: LEDGER_ROLES, needs: 'GET /api/v1/ledger/reserve' },
  },
  {
    path: '/my/ledger',
    name: 'my-ledger',
    component: () => import('./measures/m7/MyLedger.vue'),
    meta: { roles: ['enterprise'], needs: 'GET /api/v1/ledger/accounts' },
  },
  { path: '/public/prices', name: 'prices', component: () => import('./measures/m7/PublicPrices.vue') },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('./views/NotFound.vue') },
]

export const router = createRouter({ history: createWebHistory(), routes })

// Where a user lands: an enterprise clerk on its policies (my work is a click away, its count in
// the menu), an officer on my work when the role has any, else on the first screen it may use.
export function homeFor(user) {
  if (!user) return '/'
  if (user.role === 'enterprise') return '/my/policies'
  if (may('GET /api/v1/work')) return '/work/inbox'
  if (may('GET /api/v1/enterprises')) return '/work/enterprises'
  return '/'
}

router.beforeEach((to) => {
  const roles = to.meta.roles
  if (!roles) return true
  const user = session.user
  if (!user) return { name: 'signin', query: { next: to.fullPath } }
  const ok = roles.includes(user.role) || (roles.includes('officer') && isOfficer())
  if (!ok || (to.meta.needs && !may(to.meta.needs))) return to.path === homeFor(user) ? { name: 'catalog' } : homeFor(user)
  return true
})
