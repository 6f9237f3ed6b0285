import type { ReportApprovedData, ReportCompiledData, ReportPeriod } from '@followup/domain';
import type { EventStore } from '@followup/event-store';

const PAGE = 1000;

/** What the list of reports shows of each. */
export interface ReportSummary {
  id: string;
  rootInitiativeId: string;
  period: ReportPeriod;
  compiledAt: string;
  compiledBy: string;
  approved: boolean;
  approvedBy: string | null;
  approvedAt: string | null;
}

/**
 * The reports in the event store, found by reading it in position order: every call first reads what was
 * stored since the last one, so each API instance keeps its own index current from the record of truth.
 */
export class ReportIndex {
  private position = 0;
  private readonly reports = new Map<string, ReportSummary>();
  private reading: Promise<void> | null = null;

  constructor(private readonly events: Pick<EventStore, 'readAll'>) {}

  async list(rootInitiativeId?: string): Promise<ReportSummary[]> {
    await this.catchUp();
    return [...this.reports.values()]
      .filter((report) => rootInitiativeId === undefined || report.rootInitiativeId === rootInitiativeId)
      .sort((a, b) => b.compiledAt.localeCompare(a.compiledAt) || b.id.localeCompare(a.id));
  }

  private catchUp(): Promise<void> {
    // Concurrent callers share one pass rather than reading the store twice.
    this.reading ??= this.readNew().finally(() => (this.reading = null));
    return this.reading;
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const page = await this.events.readAll({ after: this.position, limit: PAGE });
      if (page.length === 0) return;
      for (const event of page) {
        if (event.type === 'ReportCompiled') this.compiled(event.data as ReportCompiledData, event.actor);
        if (event.type === 'ReportApproved') this.approved(event.data as ReportApprovedData);
      }
      this.position = page[page.length - 1]!.position;
    }
  }

  private compiled(data: ReportCompiledData, actor: { sub: string; name?: string }): void {
    this.reports.set(data.reportId, {
      id: data.reportId,
      rootInitiativeId: data.rootInitiativeId,
      period: data.period,
      compiledAt: data.compiledAt,
      compiledBy: actor.name ?? actor.sub,
      approved: false,
      approvedBy: null,
      approvedAt: null,
    });
  }

  private approved(data: ReportApprovedData): void {
    const report = this.reports.get(data.reportId);
    if (report)
      this.reports.set(data.reportId, {
        ...report,
        approved: true,
        approvedBy: data.approvedBy,
        approvedAt: data.approvedAt,
      });
  }
}
