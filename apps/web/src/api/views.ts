/**
 * What the console reads from the API's answers: only the fields it shows, so fields the API adds do not
 * matter. Request bodies are typed from the OpenAPI document (schema.d.ts) instead.
 */
export interface Dated {
  readonly value: number;
  readonly at: string;
}

/** One recorded measurement as it stands (corrected values; withdrawn ones are left out). */
export interface MeasurementView extends Dated {
  readonly id: string;
  readonly source?: string | null;
  readonly note?: string | null;
}

export interface IndicatorView {
  readonly id: string;
  readonly goalId: string;
  readonly name: string;
  readonly unit: string;
  readonly direction: string;
  readonly aggregation?: string;
  readonly baseline: Dated;
  readonly targets: readonly Dated[];
  readonly latest: MeasurementView | null;
  readonly measurementCount: number;
  readonly status: string;
  /** The full series, oldest first; older answers carry only `latest`. */
  readonly measurements?: readonly MeasurementView[];
}

export interface GoalView {
  readonly id: string;
  readonly statement: string;
  readonly resultLevel: string;
  readonly indicators: readonly IndicatorView[];
}

export interface MilestoneView {
  readonly id: string;
  readonly title: string;
  readonly description?: string | null;
  readonly dueAt: string;
  readonly status: string;
  readonly achievedAt?: string | null;
  readonly evaluation?: string | null;
  readonly reason?: string | null;
  readonly rescheduleCount?: number;
  readonly overdue: boolean;
}

export interface BenefitView {
  readonly id: string;
  readonly kind: string;
  readonly description: string;
  readonly owner: string;
  readonly indicatorId?: string | null;
  readonly baseline?: number | null;
  readonly target?: number | null;
  readonly realisationDue: string;
  readonly realisations: readonly { id: string; value: number; at: string; note?: string | null }[];
}

export interface DecisionSummary {
  readonly id: string;
  readonly kind: string;
  readonly summary: string;
  readonly caseRef?: string | null;
  readonly decidedBy?: string | null;
  readonly occurredAt: string;
  readonly followUpBy?: string | null;
}

export interface InitiativeView {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly parentId?: string | null;
  readonly description?: string | null;
  readonly ownerUnit: string;
  readonly responsible: string;
  readonly startsAt?: string | null;
  readonly endsAt?: string | null;
  readonly status: string;
  readonly version: number;
  readonly rag: string;
  readonly ragReasons?: readonly unknown[];
  readonly goals: readonly GoalView[];
  readonly milestones: readonly MilestoneView[];
  readonly benefits: readonly BenefitView[];
  readonly lastDecision: DecisionSummary | null;
  readonly closure: { outcome: string; finalEvaluation: string; closedAt: string } | null;
}

export interface InitiativeListItem {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly parentId?: string | null;
  readonly status: string;
  readonly rag: string;
  readonly ragReasons?: readonly unknown[];
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string;
  readonly total?: number;
}

export interface AlertView {
  readonly id: string;
  readonly rule: string;
  readonly severity: string;
  readonly initiativeId: string;
  readonly initiativeTitle?: string;
  readonly subjectTitle?: string;
  readonly status: string;
  readonly raisedAt: string;
  readonly dueAt?: string | null;
  readonly message: string;
  readonly acknowledgedBy?: { sub?: string; name?: string } | string | null;
  readonly acknowledgement?: { comment: string; decisionId?: string } | null;
}

export interface SubscriptionView {
  readonly id: string;
  readonly initiativeId: string;
  readonly minSeverity?: string;
  readonly webhookUrl?: string | null;
}

export interface HistoryItem {
  readonly position: number;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: { sub: string; name?: string | null };
  readonly summary: string;
  readonly decisionId?: string | null;
  readonly caseRef?: string | null;
  readonly reason?: string | null;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface DecisionLogItem {
  readonly decisionId: string;
  readonly initiativeId: string;
  readonly initiativeTitle: string;
  readonly kind: string;
  readonly summary: string;
  readonly rationale?: string;
  readonly caseRef?: string | null;
  readonly decidedBy?: string | null;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly recordedBy?: { sub: string; name?: string | null } | string | null;
  readonly changes: readonly HistoryItem[];
}

export interface MilestoneDue {
  readonly id?: string;
  readonly milestoneId?: string;
  readonly title: string;
  readonly dueAt: string;
  readonly initiativeId?: string;
  readonly initiativeTitle?: string;
}

export interface RollupView {
  readonly root: { id: string; kind: string; title: string; status: string; rag: string; subtreeRag?: string };
  readonly initiatives?: readonly InitiativeListItem[];
  readonly byRag?: Record<string, number>;
  readonly milestones?: { overdue?: readonly MilestoneDue[]; dueIn30Days?: readonly MilestoneDue[] };
}

export interface PortfolioView {
  readonly computedAt: string;
  readonly focusAreas: readonly RollupView[];
  readonly totals: { byRag?: Record<string, number>; initiatives?: number; subtreeRag?: string };
}
