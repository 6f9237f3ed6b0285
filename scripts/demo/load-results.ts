/** Goals, indicators and measurements of one demo initiative, along the results chain. */
import type { DemoWriter } from './demo-client';
import type { GoalSpec, IndicatorSpec } from './portfolio';
import { along, part, round, type CaseNumbers, type Timeline } from './timeline';

export interface DemoContext {
  readonly writer: DemoWriter;
  readonly time: Timeline;
  readonly cases: CaseNumbers;
  readonly log: (line: string) => void;
}

export interface DefinedGoal {
  readonly goalId: string;
  readonly indicatorId: string;
  readonly spec: GoalSpec;
  /** (month, value) points of the planned path: the baseline, then each target. */
  readonly path: readonly (readonly [number, number])[];
}

const SOURCES: Record<IndicatorSpec['method'], string> = {
  register: 'Fagsystem i fylkeskommunen',
  survey: 'Spørjeundersøking',
  statistics: 'Statistisk sentralbyrå',
  report: 'Rapportering frå kommunane',
};

/**
 * Defines a goal and the performance indicator that makes it verifiable: a dated baseline and two dated
 * targets, halfway at `midAt` and the full target at `endAt` (months from now).
 */
export async function defineGoal(
  ctx: DemoContext,
  initiativeId: string,
  spec: GoalSpec,
  months: { readonly baselineAt: number; readonly midAt: number; readonly endAt: number },
): Promise<DefinedGoal> {
  const { writer, time } = ctx;
  const key = `${initiativeId}:${spec.resultLevel}`;
  const base = `/initiatives/${initiativeId}`;
  const { id: goalId } = await writer.write(`${key}:goal`, 'POST', `${base}/goals`, {
    statement: spec.statement,
    resultLevel: spec.resultLevel,
    occurredAt: time.at(months.baselineAt - 1, 15),
  });
  const ind = spec.indicator;
  const path: [number, number][] = [
    [months.baselineAt, ind.baseline],
    [months.midAt, part(ind, 0.5)],
    [months.endAt, ind.target],
  ];
  const { id: indicatorId } = await writer.write(`${key}:indicator`, 'POST', `${base}/goals/${goalId}/indicators`, {
    name: ind.name,
    unit: ind.unit,
    direction: ind.direction,
    baseline: { value: ind.baseline, at: time.at(months.baselineAt) },
    targets: path.slice(1).map(([month, value]) => ({ value, at: time.at(month) })),
    aggregation: ind.unit === 'prosent' ? 'mean' : 'sum',
    frequency: 'yearly',
    method: ind.method,
    occurredAt: time.at(months.baselineAt - 1, 15),
  });
  return { goalId, indicatorId, spec, path };
}

/**
 * Records measurements at the given months: `progress` of the way along the planned path (1 on plan,
 * less when behind); a `finalValue` replaces the last one (a target reached exactly).
 */
export async function recordMeasurements(
  ctx: DemoContext,
  initiativeId: string,
  goal: DefinedGoal,
  months: readonly number[],
  progress: number,
  finalValue?: number,
): Promise<void> {
  const ind = goal.spec.indicator;
  for (const [i, month] of months.entries()) {
    const planned = along(goal.path, month);
    const last = i === months.length - 1;
    const value =
      last && finalValue !== undefined ? finalValue : round(ind.baseline + (planned - ind.baseline) * progress);
    const at = ctx.time.at(month, month === 0 ? 1 : 10);
    await ctx.writer.write(
      `${initiativeId}:${goal.spec.resultLevel}:measurement:${month}`,
      'POST',
      `/initiatives/${initiativeId}/indicators/${goal.indicatorId}/measurements`,
      { value, at, source: SOURCES[ind.method], occurredAt: at },
    );
  }
}

/** Links a goal to the goal of the initiative above it that it contributes to. */
export async function contribute(
  ctx: DemoContext,
  from: { readonly initiativeId: string; readonly goalId: string },
  to: { readonly initiativeId: string; readonly goalId: string },
): Promise<void> {
  await ctx.writer.write(
    `${from.initiativeId}:contribution:${to.goalId}`,
    'POST',
    `/initiatives/${from.initiativeId}/goals/${from.goalId}/contributions`,
    { toInitiativeId: to.initiativeId, toGoalId: to.goalId, note: 'Bidreg direkte til målet over i planen' },
  );
}
