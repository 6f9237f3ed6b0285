import { isReportEvent } from '@followup/domain';
import type { StoredEvent } from '@followup/event-store';
import { BoundedMap, type Clock } from '@followup/platform';
import { collectSubtree, listAllInitiatives, type InitiativeView, type ReadModelStore } from '@followup/read-model';
import type { AlertingConfig } from '../config';
import type { AlertEventKind, AlertEventRecord, AlertRecord } from '../model';
import { DEFAULT_RULE_OPTIONS, type RuleOptions } from '../rules/context';
import { evaluateInitiative, inScope } from '../rules/evaluate';
import { alertEventIds } from '../rules/identity';
import { newAlertRecord, planReconciliation, type ReconciliationPlan } from '../rules/reconcile';
import type { AlertStore } from '../store/alert-store.port';
import { errorMessage, quietLogger, type AlertLogger } from './logger';
import type { AlertRouter } from './router';

export interface EvaluatorOptions {
  readonly store: AlertStore;
  readonly views: ReadModelStore;
  readonly clock: Clock;
  readonly router: AlertRouter;
  readonly config: Pick<AlertingConfig, 'repeatMs' | 'viewWaitMs'>;
  readonly rules?: RuleOptions;
  readonly realNow?: () => number;
  readonly logger?: AlertLogger;
}

/** What one evaluation changed (alert ids). */
export interface EvaluationReport {
  readonly evaluated: number;
  readonly raised: string[];
  readonly resolved: string[];
  readonly silenced: string[];
  readonly restored: string[];
  readonly repeated: string[];
}

/** The read model has not reached an event's version yet: the bus hands the event again later. */
export class ReadModelBehindError extends Error {}

/** Initiatives whose last reconciliation here is remembered, at most; one forgotten is evaluated with its subtree. */
const RECONCILED_KEPT = 100_000;

/**
 * What an initiative's descendants take from it when evaluated: whether it is paused (a pause
 * silences their milestone alerts) and its parent (their alerts name the path from the root).
 */
function seenFromBelow(view: InitiativeView): string {
  return `${view.status === 'paused' ? 'paused' : 'not paused'} under ${view.parentId ?? 'nothing'}`;
}

/**
 * Evaluates the rules and reconciles the result with the store. Runs on events (the touched
 * initiative, with its subtree when its pause or place changed) and on the clock (everything).
 * Within a process evaluations run one at a time; across processes the deterministic ids and
 * unique inserts make every raise, resolution and repeat happen, and be routed, once.
 */
export class AlertEvaluator {
  private queue: Promise<unknown> = Promise.resolve();
  /** By initiative id: what its descendants saw of it (`seenFromBelow`) when last reconciled here. */
  private readonly reconciledAs = new BoundedMap<string, string>(RECONCILED_KEPT);
  private stopping = false;
  private readonly rules: RuleOptions;
  private readonly realNow: () => number;
  private readonly logger: AlertLogger;

  constructor(private readonly o: EvaluatorOptions) {
    this.rules = o.rules ?? DEFAULT_RULE_OPTIONS;
    this.realNow = o.realNow ?? Date.now;
    this.logger = o.logger ?? quietLogger;
  }

  /** The clock-driven pass over every initiative (also what tests call instead of waiting for a tick). */
  evaluateNow(): Promise<EvaluationReport> {
    return this.serialise(async () => {
      const all = await listAllInitiatives(this.o.views, {});
      const known = new Map(all.map((v) => [v.id, v]));
      const report = await this.reconcile(inScope(all, known), null);
      this.remember(all);
      return report;
    });
  }

  /** Re-evaluates one initiative and everything beneath it (a pause silences the subtree). */
  evaluateSubtree(rootId: string): Promise<EvaluationReport> {
    return this.serialise(async () => {
      const root = await this.o.views.getInitiative(rootId);
      return root ? this.reconcileSubtrees([root]) : emptyReport();
    });
  }

  /**
   * Re-evaluates several initiatives in one reconciliation, on the views given (as the caller has
   * just read them): one read of their open alerts for all. Everything beneath an initiative is
   * evaluated with it only when what its descendants take from it (a pause, its place in the
   * hierarchy) differs from when this evaluator last reconciled it, or is not known here.
   */
  evaluateSubtrees(roots: readonly InitiativeView[]): Promise<EvaluationReport> {
    return this.serialise(() => this.reconcileSubtrees(roots, { unchangedAlone: true }));
  }

  /**
   * An event from the bus: waits (bounded) until the read model has applied it, then
   * re-evaluates the initiative (see evaluateSubtrees). When the view is already past the event,
   * a later event of the same stream will trigger the evaluation, so this one is skipped.
   */
  async handleEvent(event: StoredEvent): Promise<void> {
    const view = await this.viewAt(event);
    if (view) await this.evaluateSubtrees([view]);
  }

  /**
   * Events from the bus, in order: each initiative they touch is evaluated at the newest of its
   * versions among them, all in one reconciliation. A view that is behind ends the run there: the
   * initiatives before it are evaluated, and the bus hands the events over again.
   */
  async handleEvents(events: readonly StoredEvent[]): Promise<void> {
    const newest = new Map<string, StoredEvent>();
    for (const event of events) {
      const known = newest.get(event.streamId);
      if (!known || event.streamVersion > known.streamVersion) newest.set(event.streamId, event);
    }
    const roots: InitiativeView[] = [];
    let behind: { error: unknown } | null = null;
    for (const event of newest.values()) {
      try {
        const view = await this.viewAt(event);
        if (view) roots.push(view);
      } catch (error) {
        behind = { error };
        break;
      }
    }
    if (roots.length > 0) await this.evaluateSubtrees(roots);
    if (behind) throw behind.error;
  }

  /**
   * The view at the event's version, once the read model has applied it (bounded wait); null when
   * the view is already past it (a later event of the stream triggers the evaluation).
   */
  private async viewAt(event: StoredEvent): Promise<InitiativeView | null> {
    // A period report's events belong to no initiative: there is nothing to evaluate.
    if (isReportEvent(event)) return null;
    const deadline = this.realNow() + this.o.config.viewWaitMs;
    // The projector saves a view some tens of milliseconds after the event reached the bus; each
    // look is a query, so the first wait is about that long.
    let delay = 25;
    for (;;) {
      const view = await this.o.views.getInitiative(event.streamId);
      if (view && view.version > event.streamVersion) return null;
      if (view && view.version === event.streamVersion) return view;
      if (this.stopping) throw new ReadModelBehindError('the notifier is stopping');
      if (this.realNow() >= deadline) {
        throw new ReadModelBehindError(
          `read model of ${event.streamId} is at v${view?.version ?? 0}, event is v${event.streamVersion}; retrying later`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 200);
    }
  }

  /**
   * The subtrees of `roots` with the ancestors they need (pauses above silence them), reconciled at
   * once; with `unchangedAlone`, a root its descendants would see as before is reconciled alone.
   */
  private async reconcileSubtrees(
    roots: readonly InitiativeView[],
    { unchangedAlone = false } = {},
  ): Promise<EvaluationReport> {
    const scoped = new Map<string, InitiativeView>();
    const known = new Map<string, InitiativeView>();
    for (const root of roots) {
      if (scoped.has(root.id)) continue; // beneath a root already collected
      const alone = unchangedAlone && this.reconciledAs.get(root.id) === seenFromBelow(root);
      for (const view of alone ? [root] : await collectSubtree(this.o.views, root)) {
        scoped.set(view.id, view);
        known.set(view.id, view);
      }
      let parentId = root.parentId;
      while (parentId && !known.has(parentId)) {
        const parent = await this.o.views.getInitiative(parentId);
        if (!parent) break;
        known.set(parent.id, parent);
        parentId = parent.parentId;
      }
    }
    if (scoped.size === 0) return emptyReport();
    const report = await this.reconcile(inScope(scoped.values(), known), [...scoped.keys()]);
    this.remember(scoped.values());
    return report;
  }

  /** Reconciled: each view's descendants agree with what they take from it now. */
  private remember(views: Iterable<InitiativeView>): void {
    for (const view of views) {
      this.reconciledAs.set(view.id, seenFromBelow(view)); // set last: the longest unseen is forgotten first
    }
  }

  /** Resolves when the evaluations queued so far have finished. */
  async drain(): Promise<void> {
    await this.queue;
  }

  /** Ends waits for the read model (shutdown); queued evaluations still finish. */
  stop(): void {
    this.stopping = true;
  }

  private serialise<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async reconcile(
    scope: ReturnType<typeof inScope>,
    scopeIds: readonly string[] | null,
  ): Promise<EvaluationReport> {
    const now = this.o.clock.now();
    const conditions = scope.flatMap((s) => evaluateInitiative(s, now, this.rules));
    const versions = new Map(scope.map((s) => [s.view.id, s.view.version]));
    const unresolved = await this.o.store.listUnresolved(scopeIds);
    const open = new Set(unresolved.map((a) => a.key));
    const history = await this.o.store.latestByKeys(conditions.filter((c) => !open.has(c.key)).map((c) => c.key));
    const plan = planReconciliation({
      conditions,
      versions,
      unresolved,
      history,
      now,
      repeatMs: this.o.config.repeatMs,
    });
    return this.apply(plan, versions, now, scope.length);
  }

  private async apply(
    plan: ReconciliationPlan,
    versions: ReadonlyMap<string, number>,
    now: Date,
    evaluated: number,
  ): Promise<EvaluationReport> {
    const at = now.toISOString();
    const report: EvaluationReport = { evaluated, raised: [], resolved: [], silenced: [], restored: [], repeated: [] };
    const toRoute: AlertEventRecord[] = [];
    await this.raiseAndResolve(plan, versions, at, report, toRoute);
    await this.silenceRestoreAndRepeat(plan, at, report, toRoute);

    try {
      await this.o.router.route(toRoute);
    } catch (error) {
      // The events stay unrouted; the dispatcher's sweep routes them later.
      this.logger.warn(`routing ${toRoute.length} alert event(s) failed: ${errorMessage(error)}`);
    }
    if (report.raised.length + report.resolved.length > 0) {
      // Routine work, not worth a line per event at the default level.
      this.logger.debug?.(`alerts: ${report.raised.length} raised, ${report.resolved.length} resolved`);
    }
    return report;
  }

  private async raiseAndResolve(
    plan: ReconciliationPlan,
    versions: ReadonlyMap<string, number>,
    at: string,
    report: EvaluationReport,
    toRoute: AlertEventRecord[],
  ): Promise<void> {
    for (const { condition, occurrence, alertId } of plan.raise) {
      const alert = newAlertRecord(condition, occurrence, alertId, at);
      // The event first: its insert is the claim to route it. The alert insert is idempotent too,
      // so an instance that stopped between the two is completed by the next evaluation.
      const event = this.event(alertEventIds.raised(alert.id), 'raised', alert, at);
      const won = await this.o.store.insertEvent(event);
      await this.o.store.insertAlert(alert);
      if (won) {
        toRoute.push(event);
        report.raised.push(alert.id);
      }
    }

    for (const alert of plan.resolve) {
      const resolvedBasisVersion = versions.get(alert.initiativeId) ?? alert.basisVersion;
      const resolved: AlertRecord = { ...alert, status: 'resolved', resolvedAt: at, resolvedBasisVersion };
      const event = this.event(alertEventIds.resolved(alert.id), 'resolved', resolved, at);
      const won = await this.o.store.insertEvent(event);
      // The loser takes the winner's time, so every instance writes the same values.
      const resolvedAt = won ? at : ((await this.o.store.getEvent(event.id))?.at ?? at);
      await this.o.store.updateAlert(alert.id, { status: 'resolved', resolvedAt, resolvedBasisVersion });
      if (won) {
        toRoute.push(event);
        report.resolved.push(alert.id);
      }
    }
  }

  private async silenceRestoreAndRepeat(
    plan: ReconciliationPlan,
    at: string,
    report: EvaluationReport,
    toRoute: AlertEventRecord[],
  ): Promise<void> {
    for (const { alert, silencedBy } of plan.silence) {
      await this.o.store.updateAlert(alert.id, { silenced: true, silencedBy, silencedSince: at });
      report.silenced.push(alert.id);
    }

    for (const alert of plan.restore) {
      const restored: AlertRecord = { ...alert, silenced: false, silencedBy: null, silencedSince: null };
      const event = this.event(
        alertEventIds.restored(alert.id, alert.silencedSince ?? alert.raisedAt),
        'restored',
        restored,
        at,
      );
      const won = await this.o.store.insertEvent(event);
      await this.o.store.updateAlert(alert.id, { silenced: false, silencedBy: null, silencedSince: null });
      if (won) {
        toRoute.push(event);
        report.restored.push(alert.id);
      }
    }

    for (const { alert, path } of plan.relocate) {
      // Every instance computes the same path from the same views; no event: nothing to tell anyone.
      await this.o.store.updateAlert(alert.id, { path });
    }

    for (const { alert, n } of plan.repeat) {
      const event = this.event(alertEventIds.repeated(alert.id, n), 'repeated', { ...alert, repeats: n }, at);
      const won = await this.o.store.insertEvent(event);
      await this.o.store.updateAlert(alert.id, { repeats: n });
      if (won) {
        toRoute.push(event);
        report.repeated.push(alert.id);
      }
    }
  }

  private event(id: string, kind: AlertEventKind, alert: AlertRecord, at: string): AlertEventRecord {
    return {
      id,
      alertId: alert.id,
      kind,
      at,
      recordedAtMs: this.realNow(),
      initiativeId: alert.initiativeId,
      path: alert.path,
      severity: alert.severity,
      silenced: alert.silenced,
      alert,
      routed: false,
    };
  }
}

const emptyReport = (): EvaluationReport => ({
  evaluated: 0,
  raised: [],
  resolved: [],
  silenced: [],
  restored: [],
  repeated: [],
});
