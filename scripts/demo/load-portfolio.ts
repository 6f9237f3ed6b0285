/** Loads the demo portfolio into a running service through its HTTP API. */
import { DemoWriter, type DemoTransport, type WriteCounts } from './demo-client';
import { loadProject, type ParentGoal } from './load-project';
import { defineGoal, recordMeasurements, contribute, type DemoContext, type DefinedGoal } from './load-results';
import { DEMO_PORTFOLIO, type FocusAreaSpec, type GoalSpec } from './portfolio';
import { CaseNumbers, RESPONSIBLE, STEERING_GROUP, Timeline } from './timeline';

export interface DemoOptions {
  /** Dates are placed relative to this day (the service's today); defaults to now. */
  readonly today?: Date;
  readonly log?: (line: string) => void;
}

export interface DemoSummary extends WriteCounts {
  readonly focusAreas: number;
  readonly initiatives: number;
  readonly decisions: number;
}

interface ParentInitiative {
  readonly id: string;
  readonly kind: 'focusArea' | 'programme' | 'agreedDelivery';
  readonly title: string;
  readonly parentId?: string;
  readonly ownerUnit: string;
  readonly responsible: string;
  readonly partners?: readonly string[];
  readonly goal: GoalSpec;
}

export async function loadDemoPortfolio(send: DemoTransport, options: DemoOptions = {}): Promise<DemoSummary> {
  const writer = new DemoWriter(send);
  const ctx: DemoContext = {
    writer,
    time: new Timeline(options.today ?? new Date()),
    cases: new CaseNumbers(),
    log: options.log ?? (() => undefined),
  };
  let person = 0;
  for (const area of DEMO_PORTFOLIO) await loadFocusArea(ctx, area, () => RESPONSIBLE[person++ % RESPONSIBLE.length]!);
  return { ...writer.counts, ...(await summarise(writer)) };
}

async function loadFocusArea(ctx: DemoContext, area: FocusAreaSpec, nextPerson: () => string): Promise<void> {
  ctx.log(`Satsingsområde: ${area.title}`);
  const top = await loadParent(ctx, { ...area, kind: 'focusArea' });
  for (const parent of area.parents) {
    ctx.log(` ${parent.kind === 'programme' ? 'Program' : 'Avtalt leveranse'}: ${parent.title}`);
    const goal = await loadParent(ctx, {
      ...parent,
      parentId: area.id,
      ownerUnit: area.ownerUnit,
      responsible: nextPerson(),
    });
    await contribute(
      ctx,
      { initiativeId: parent.id, goalId: goal.goalId },
      { initiativeId: area.id, goalId: top.goalId },
    );
    const above: ParentGoal = { initiativeId: parent.id, goalId: goal.goalId, ownerUnit: area.ownerUnit };
    for (const project of parent.projects) await loadProject(ctx, project, above, nextPerson());
  }
}

/** A focus area, programme or agreed delivery: registered four years ago, measured yearly, reviewed yearly. */
async function loadParent(ctx: DemoContext, parent: ParentInitiative): Promise<DefinedGoal> {
  const { writer, time, cases } = ctx;
  const id = parent.id;
  await writer.write(`${id}:register`, 'POST', '/initiatives', {
    id,
    kind: parent.kind,
    title: parent.title,
    ...(parent.parentId ? { parentId: parent.parentId } : {}),
    ownerUnit: parent.ownerUnit,
    responsible: parent.responsible,
    ...(parent.partners ? { partners: parent.partners } : {}),
    startsAt: time.at(-48),
    endsAt: time.at(24),
    occurredAt: time.at(-50, 10),
  });
  const goal = await defineGoal(ctx, id, parent.goal, { baselineAt: -48, midAt: -12, endAt: 24 });
  await writer.write(`${id}:activate`, 'POST', `/initiatives/${id}/activate`, {
    occurredAt: time.at(-48, 5),
    caseRef: cases.take(time.yearOf(-48)),
    decidedBy: parent.kind === 'focusArea' ? 'Fylkestinget' : 'Fylkesutvalet',
  });
  await recordMeasurements(ctx, id, goal, [-36, -24, -12, -1], 1);
  await writer.write(`${id}:decision:rullering`, 'POST', `/initiatives/${id}/decisions`, {
    kind: 'continue',
    summary: 'Årleg rullering av handlingsprogrammet',
    rationale: 'Resultata er i tråd med planen; prioriteringane held fram uendra.',
    decidedBy: parent.kind === 'focusArea' ? 'Fylkestinget' : STEERING_GROUP,
    caseRef: cases.take(time.yearOf(-13)),
    occurredAt: time.at(-13, 18),
  });
  return goal;
}

async function summarise(writer: DemoWriter): Promise<Omit<DemoSummary, keyof WriteCounts>> {
  const portfolio = await writer.read<{ focusAreas: unknown[]; totals: { initiatives: number } }>('/portfolio');
  const decisions = await writer.read<{ total: number }>('/audit/decisions?limit=1');
  return {
    focusAreas: portfolio.focusAreas.length,
    initiatives: portfolio.totals.initiatives,
    decisions: decisions.total,
  };
}
