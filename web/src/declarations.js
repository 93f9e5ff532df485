// Measure 1's declaration form (激励性绩效分级申报): submitting one with its documents. Everything
// after submission — the list, the detail, every action — is a case like any other (cases.js).
import { api } from './api.js'
import { asDocument } from './cases.js'

export async function submitDeclaration({ year, gradeSought, files }) {
  const documents = await Promise.all(files.map(asDocument))
  const body = { year: Number(year), documents }
  if (gradeSought) body.grade_sought = gradeSought
  return api.post('/declarations', body)
}
