/** One demo project or measure: its plan, follow-up and, for the closed ones, closure and benefits. */
import type { ProjectSpec } from './portfolio';
import { contribute, defineGoal, recordMeasurements, type DefinedGoal, type DemoContext } from './load-results';
import { part, STEERING_GROUP } from './timeline';

export interface ParentGoal {
  readonly initiativeId: string;
  readonly goalId: string;
  readonly ownerUnit: string;
}

const closed = (project: ProjectSpec): boolean => project.profile === 'completed' || project.profile === 'cancelled';

/** Months from now when the project started, and its planned end (closed projects lie further back). */
const periodOf = (project: ProjectSpec) =>
  closed(project) ? { start: -42, mid: -24, end: -12 } : { start: -36, mid: -12, end: 12 };

export async function loadProject(
  ctx: DemoContext,
  project: ProjectSpec,
  parent: ParentGoal,
  responsible: string,
): Promise<void> {
  const { writer, time } = ctx;
  const id = project.id;
  const period = periodOf(project);
  await writer.write(`${id}:register`, 'POST', '/initiatives', {
    id,
    kind: project.kind,
    title: project.title,
    parentId: parent.initiativeId,
    ownerUnit: parent.ownerUnit,
    responsible,
    startsAt: time.at(period.start),
    endsAt: time.at(period.end),
    occurredAt: time.at(period.start - 2, 10),
  });
  const months = { baselineAt: period.start, midAt: period.mid, endAt: period.end };
  const output = await defineGoal(ctx, id, project.output, months);
  const effect = await defineGoal(ctx, id, project.effect, months);
  await contribute(ctx, { initiativeId: id, goalId: effect.goalId }, parent);
  if (project.profile === 'planned') {
    await planMilestone(ctx, id, 'start', 'Oppstartsmøte med partnarane', time.at(3));
    ctx.log(`  ${project.title} (planlagd)`);
    return;
  }
  await writer.write(`${id}:activate`, 'POST', `/initiatives/${id}/activate`, {
    occurredAt: time.at(period.start, 5),
    caseRef: ctx.cases.take(time.yearOf(period.start)),
    decidedBy: STEERING_GROUP,
  });
  if (closed(project)) await runClosedProject(ctx, project, [output, effect]);
  else await runOpenProject(ctx, project, [output, effect]);
  ctx.log(`  ${project.title} (${COURSE[project.profile]})`);
}

/** Plans a milestone due `dueAt`; `plannedMonths` dates the planning itself (else now), before any change to it. */
async function planMilestone(
  ctx: DemoContext,
  id: string,
  key: string,
  title: string,
  dueAt: string,
  plannedMonths?: number,
) {
  return ctx.writer.write(`${id}:milestone:${key}`, 'POST', `/initiatives/${id}/milestones`, {
    title,
    dueAt,
    ...(plannedMonths !== undefined ? { occurredAt: ctx.time.at(plannedMonths, 2) } : {}),
  });
}

const COURSE = {
  onTrack: 'i rute',
  lagging: 'på etterskot, med kursendring',
  paused: 'på pause',
  completed: 'fullført og avslutta',
  cancelled: 'stoppa og avslutta',
  planned: 'planlagd',
} as const;

const PROGRESS = { onTrack: 1.02, lagging: 0.55, paused: 0.8, completed: 1, cancelled: 0.45, planned: 0 } as const;

async function runOpenProject(ctx: DemoContext, project: ProjectSpec, goals: readonly DefinedGoal[]): Promise<void> {
  const { time } = ctx;
  const id = project.id;
  for (const goal of goals) await recordMeasurements(ctx, id, goal, [-30, -20, -10, -2], PROGRESS[project.profile]);
  await achieved(ctx, id, 'start', 'Oppstart og prosjektplan', -34, -35);
  await movedThenAchieved(ctx, id, -18, -14, -24);
  const review = await planMilestone(ctx, id, 'review', 'Midtvegsevaluering', time.at(-8), -14);
  if (project.profile === 'onTrack') await achieve(ctx, id, 'review', review.id, -8);
  else await miss(ctx, id, 'review', review.id, -7, 'Evalueringa vart ikkje ferdig: manglande data frå partnarane');
  const final = await planMilestone(ctx, id, 'final', 'Sluttrapport', time.at(11), -9);
  const yearly = await decide(ctx, id, 'yearly', {
    kind: 'continue',
    summary: 'Held fram etter planen',
    rationale: 'Framdrifta er i tråd med prosjektplanen; neste gjennomgang om eitt år.',
    months: -24,
    followUpBy: time.at(-12),
  });
  await decide(ctx, id, 'yearly-2', {
    kind: 'continue',
    summary: 'Årleg oppfølging: held fram',
    rationale: 'Styringsgruppa har gått gjennom resultata og godkjent vidare arbeid.',
    months: -12,
    resolves: [yearly.id],
  });
  await registerBenefit(ctx, id, goals[1]!, 24);
  if (project.profile === 'lagging') await correctCourse(ctx, id, goals[1]!, final.id);
  if (project.profile === 'paused') {
    await decide(ctx, id, 'pause', {
      kind: 'pause',
      summary: 'Sett på pause i påvente av finansiering',
      rationale: 'Tilskotet frå staten er forseinka; arbeidet held fram når finansieringa er avklart.',
      months: -2,
    });
  }
}

async function correctCourse(ctx: DemoContext, id: string, effect: DefinedGoal, finalMilestoneId: string) {
  const { time, writer, cases } = ctx;
  await planMilestone(ctx, id, 'agreements', 'Avtalar med partnarane signerte', time.at(-1), -5);
  const adjust = await decide(ctx, id, 'adjust', {
    kind: 'adjust',
    summary: 'Tiltaket må justerast etter svak framdrift',
    rationale: 'Måla for effekt vert ikkje nådde i tide; prosjektleiaren legg fram forslag til ny plan.',
    months: -7,
    followUpBy: time.at(-3),
  });
  const ind = effect.spec.indicator;
  await writer.write(`${id}:course-correction`, 'POST', `/initiatives/${id}/course-corrections`, {
    rationale: 'Realistiske mål etter midtvegsevalueringa; sluttrapporten kjem seinare.',
    decidedBy: STEERING_GROUP,
    caseRef: cases.take(time.yearOf(-4)),
    occurredAt: time.at(-4, 12),
    resolves: [adjust.id],
    changes: [
      {
        type: 'changeTargets',
        indicatorId: effect.indicatorId,
        targets: [
          { value: part(ind, 0.4), at: time.at(-12) },
          { value: part(ind, 0.8), at: time.at(12) },
        ],
      },
      { type: 'rescheduleMilestone', milestoneId: finalMilestoneId, dueAt: time.at(15) },
      { type: 'planMilestone', title: 'Ny tiltaksplan vedteken', dueAt: time.at(2) },
    ],
  });
}

async function runClosedProject(ctx: DemoContext, project: ProjectSpec, goals: readonly DefinedGoal[]) {
  const { time, writer, cases } = ctx;
  const id = project.id;
  const completed = project.profile === 'completed';
  for (const goal of goals) {
    const finalValue = completed ? goal.spec.indicator.target : undefined;
    await recordMeasurements(ctx, id, goal, [-36, -28, -20, -12], PROGRESS[project.profile], finalValue);
  }
  await achieved(ctx, id, 'start', 'Oppstart og prosjektplan', -40, -41);
  await decide(ctx, id, 'yearly', {
    kind: 'continue',
    summary: 'Held fram etter planen',
    rationale: 'Styringsgruppa har gått gjennom resultata og godkjent vidare arbeid.',
    months: -30,
  });
  await movedThenAchieved(ctx, id, -26, -22, -32);
  const final = await planMilestone(ctx, id, 'final', 'Sluttrapport', time.at(-11), -17);
  if (completed) await achieve(ctx, id, 'final', final.id, -11);
  else await stop(ctx, id);
  await registerBenefit(ctx, id, goals[1]!, -3);
  await writer.write(`${id}:close`, 'POST', `/initiatives/${id}/close`, {
    outcome: completed ? 'completed' : 'cancelled',
    finalEvaluation: completed
      ? 'Prosjektet leverte det som var lova, innanfor budsjett. Måla er nådde, og drifta er overført til linja.'
      : 'Prosjektet vart avslutta før tida fordi finansieringa fall bort. Delresultata er dokumenterte.',
    goalAssessments: goals.map((goal) => ({
      goalId: goal.goalId,
      achievement: completed ? 'full' : 'partial',
      comment: completed ? 'Målt verdi nådde målet.' : 'Om lag halvvegs mot målet då prosjektet stoppa.',
    })),
    lessons: 'Tidleg avklaring med partnarane om data og ansvar sparer tid seinare.',
    caseRef: cases.take(time.yearOf(-10)),
    decidedBy: STEERING_GROUP,
    occurredAt: time.at(-10, 15),
  });
  await realise(ctx, id, completed ? [0.6, 0.9] : [0.3]);
}

async function stop(ctx: DemoContext, id: string) {
  await decide(ctx, id, 'stop', {
    kind: 'stop',
    summary: 'Prosjektet vert stoppa',
    rationale: 'Finansieringa frå partnarane fall bort, og prosjektet vert avslutta.',
    months: -13,
    followUpBy: ctx.time.at(-9),
  });
}

interface DecisionSpec {
  readonly kind: string;
  readonly summary: string;
  readonly rationale: string;
  readonly months: number;
  readonly followUpBy?: string;
  readonly resolves?: readonly string[];
}

async function decide(ctx: DemoContext, id: string, key: string, spec: DecisionSpec) {
  const { months, ...decision } = spec;
  return ctx.writer.write(`${id}:decision:${key}`, 'POST', `/initiatives/${id}/decisions`, {
    ...decision,
    decidedBy: STEERING_GROUP,
    caseRef: ctx.cases.take(ctx.time.yearOf(months)),
    occurredAt: ctx.time.at(months, 20),
  });
}

async function achieved(ctx: DemoContext, id: string, key: string, title: string, months: number, planned: number) {
  const milestone = await planMilestone(ctx, id, key, title, ctx.time.at(months), planned);
  await achieve(ctx, id, key, milestone.id, months);
}

async function achieve(ctx: DemoContext, id: string, key: string, milestoneId: string, months: number) {
  const achievedAt = ctx.time.at(months, 8);
  await ctx.writer.write(
    `${id}:milestone:${key}:achieve`,
    'POST',
    `/initiatives/${id}/milestones/${milestoneId}/achieve`,
    {
      achievedAt,
      evaluation: 'Gjennomført som planlagt; erfaringane er tekne med i vidare arbeid.',
      occurredAt: achievedAt,
    },
  );
}

async function miss(ctx: DemoContext, id: string, key: string, milestoneId: string, months: number, reason: string) {
  await ctx.writer.write(`${id}:milestone:${key}:miss`, 'POST', `/initiatives/${id}/milestones/${milestoneId}/miss`, {
    reason,
    occurredAt: ctx.time.at(months, 5),
  });
}

/** A pilot planned at `planned` for `dueMonths`, moved by decision to `movedTo`, and reached then. */
async function movedThenAchieved(ctx: DemoContext, id: string, dueMonths: number, movedTo: number, planned: number) {
  const pilot = await planMilestone(ctx, id, 'pilot', 'Pilot gjennomført', ctx.time.at(dueMonths), planned);
  await ctx.writer.write(
    `${id}:milestone:pilot:reschedule`,
    'POST',
    `/initiatives/${id}/milestones/${pilot.id}/reschedule`,
    {
      dueAt: ctx.time.at(movedTo),
      reason: 'Leverandøren var forseinka med utstyret',
      caseRef: ctx.cases.take(ctx.time.yearOf(dueMonths - 1)),
      occurredAt: ctx.time.at(dueMonths - 1, 12),
    },
  );
  await achieve(ctx, id, 'pilot', pilot.id, movedTo);
}

async function registerBenefit(ctx: DemoContext, id: string, effect: DefinedGoal, dueMonths: number) {
  const ind = effect.spec.indicator;
  await ctx.writer.write(`${id}:benefit`, 'POST', `/initiatives/${id}/benefits`, {
    description: `Gevinst: ${effect.spec.statement.toLowerCase()}`,
    owner: 'Fagleiar i linja',
    kind: 'benefit',
    realisationDue: ctx.time.at(dueMonths),
    indicatorId: effect.indicatorId,
    baseline: ind.baseline,
    target: ind.target,
    occurredAt: ctx.time.at(dueMonths < 0 ? -14 : -20, 3),
  });
}

/** Benefits realised after closure, at the given shares of the way to the target. */
async function realise(ctx: DemoContext, id: string, shares: readonly number[]) {
  const view = await ctx.writer.read<{ benefits: { id: string; baseline: number; target: number }[] }>(
    `/initiatives/${id}`,
  );
  const benefit = view.benefits[0]!;
  for (const [i, share] of shares.entries()) {
    const at = ctx.time.at(-6 + i * 4, 15);
    await ctx.writer.write(`${id}:realisation:${i}`, 'POST', `/initiatives/${id}/benefits/${benefit.id}/realisations`, {
      value: Math.round((benefit.baseline + (benefit.target - benefit.baseline) * share) * 10) / 10,
      at,
      note: 'Gevinsten er målt av linja etter at prosjektet vart avslutta.',
      occurredAt: at,
    });
  }
}
