import type { PeriodReportContent } from '@followup/read-model';
import type { StoredReport } from './report-ledger.service';

/** A period report as `GET /reports/{id}` answers it: the frozen content with its commentary and sign-off. */
export type ReportDocument = ReturnType<typeof reportDocument>;

export function reportDocument(report: StoredReport) {
  const { compiled, commentary, approval } = report.state;
  const content = compiled.content as PeriodReportContent;
  const compiledBy = report.events[0]!.actor;
  return {
    id: compiled.reportId,
    rootInitiativeId: compiled.rootInitiativeId,
    title: `${compiled.period.label}: ${content.root.title}`,
    period: compiled.period,
    version: report.version,
    compiledAt: compiled.compiledAt,
    compiledBy: { sub: compiledBy.sub, name: compiledBy.name ?? null },
    approved: approval !== null,
    approvedBy: approval?.approvedBy ?? null,
    approvedAt: approval?.approvedAt ?? null,
    commentary,
    root: content.root,
    ragReasons: content.ragReasons,
    initiatives: content.initiatives.map((row) => ({ ...row, commentary: commentary[row.initiativeId] ?? null })),
    indicators: content.indicators,
    milestones: content.milestones,
    decisions: content.decisions,
    funding: content.funding,
    benefits: content.benefits,
    topRisks: content.topRisks,
  };
}
