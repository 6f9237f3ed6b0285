import { REPEATING_RULES, type AlertRecord, type FiringCondition } from '../model';
import { alertIdOf } from './identity';

export interface ReconciliationInput {
  /** Conditions that hold now for the initiatives in scope. */
  readonly conditions: readonly FiringCondition[];
  /** Initiatives that were evaluated, with the view version used. Alerts of others are left alone. */
  readonly versions: ReadonlyMap<string, number>;
  /** Open and acknowledged alerts of the initiatives in scope. */
  readonly unresolved: readonly AlertRecord[];
  /** For keys with no unresolved alert: the latest (resolved) occurrence, if any. */
  readonly history: ReadonlyMap<string, AlertRecord>;
  readonly now: Date;
  readonly repeatMs: number;
}

export interface Raise {
  readonly condition: FiringCondition;
  readonly occurrence: number;
  readonly alertId: string;
}

export interface ReconciliationPlan {
  /** New conditions: raise (the insert of the deterministic id is the claim). */
  readonly raise: Raise[];
  /** Unresolved alerts whose condition is gone. */
  readonly resolve: AlertRecord[];
  /** Unresolved alerts that a pause now silences. */
  readonly silence: Array<{ alert: AlertRecord; silencedBy: string }>;
  /** Silenced alerts whose pause has ended (a `resume`): deliverable again. */
  readonly restore: AlertRecord[];
  /** Unacknowledged overdue alerts due for a repeat notification (n-th repeat interval since raised). */
  readonly repeat: Array<{ alert: AlertRecord; n: number }>;
  /**
   * Unresolved alerts placed elsewhere than the views place their initiative now (an ancestor's view
   * was missing when they were raised, or an ancestor moved), with their path from the root now.
   */
  readonly relocate: Array<{ alert: AlertRecord; path: readonly string[] }>;
}

/**
 * Compares what holds now with what is stored. Pure. Guards against an instance working on an
 * older view than the one an alert was raised or resolved from: it neither resolves an alert
 * raised from a newer view nor re-raises a condition resolved from a newer view.
 */
export function planReconciliation(input: ReconciliationInput): ReconciliationPlan {
  const { now, repeatMs } = input;
  const nowMs = now.getTime();
  const plan: ReconciliationPlan = { raise: [], resolve: [], silence: [], restore: [], repeat: [], relocate: [] };

  const current = new Map<string, AlertRecord>();
  for (const alert of [...input.unresolved].sort((a, b) => b.occurrence - a.occurrence)) {
    if (!current.has(alert.key)) current.set(alert.key, alert);
    // An older occurrence still unresolved beside a newer one (a race): the newer one stands.
    else if (input.versions.has(alert.initiativeId)) plan.resolve.push(alert);
  }

  const firing = new Map<string, FiringCondition>();
  for (const condition of input.conditions) if (!firing.has(condition.key)) firing.set(condition.key, condition);

  for (const condition of firing.values()) {
    const stored = current.get(condition.key);
    if (stored) {
      // What is sent about it from now on names where its initiative sits now.
      const moved = !samePath(stored.path, condition.path);
      const alert = moved ? { ...stored, path: condition.path } : stored;
      if (moved) plan.relocate.push({ alert: stored, path: condition.path });
      let silenced = alert.silenced;
      if (condition.silencedBy && !alert.silenced) {
        plan.silence.push({ alert, silencedBy: condition.silencedBy });
        silenced = true;
      } else if (!condition.silencedBy && alert.silenced) {
        plan.restore.push(alert);
        silenced = false;
      }
      if (REPEATING_RULES.has(alert.rule) && alert.status === 'open' && !silenced) {
        const n = Math.floor((nowMs - Date.parse(alert.raisedAt)) / repeatMs);
        if (n >= 1 && n > alert.repeats) plan.repeat.push({ alert, n });
      }
      continue;
    }
    const latest = input.history.get(condition.key);
    if (latest) {
      const resolvedFrom = latest.resolvedBasisVersion ?? latest.basisVersion;
      const newer =
        condition.basisVersion > resolvedFrom ||
        (condition.basisVersion === resolvedFrom &&
          latest.resolvedAt !== null &&
          nowMs > Date.parse(latest.resolvedAt));
      if (!newer) continue;
    }
    const occurrence = (latest?.occurrence ?? 0) + 1;
    plan.raise.push({ condition, occurrence, alertId: alertIdOf(condition.key, occurrence) });
  }

  for (const alert of current.values()) {
    if (firing.has(alert.key)) continue;
    const version = input.versions.get(alert.initiativeId);
    // Not evaluated (outside the scope, or its view is missing during a rebuild): leave it.
    if (version === undefined) continue;
    if (version > alert.basisVersion || (version === alert.basisVersion && nowMs >= Date.parse(alert.raisedAt))) {
      plan.resolve.push(alert);
    }
  }
  return plan;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** The record of a newly raised alert, as every store and evaluator writes it. */
export function newAlertRecord(c: FiringCondition, occurrence: number, id: string, at: string): AlertRecord {
  return {
    id,
    key: c.key,
    occurrence,
    rule: c.rule,
    severity: c.severity,
    initiativeId: c.initiativeId,
    initiativeTitle: c.initiativeTitle,
    path: c.path,
    subjectId: c.subjectId,
    subjectTitle: c.subjectTitle,
    dueAt: c.dueAt,
    message: c.message,
    status: 'open',
    raisedAt: at,
    basisVersion: c.basisVersion,
    silenced: c.silencedBy !== null,
    silencedBy: c.silencedBy,
    silencedSince: c.silencedBy !== null ? at : null,
    acknowledgement: null,
    resolvedAt: null,
    resolvedBasisVersion: null,
    repeats: 0,
  };
}
