import type { HttpClient, WriteResult } from './http-client';

/**
 * Records every write of a test: the stream version each write reached and the correlation id it
 * was sent with (`X-Correlation-Id`), so the events on Kafka can be checked against them.
 */
export class WriteLog {
  /** stream id -> last version a write answered. */
  readonly versions = new Map<string, number>();
  /** `${streamId}#${version}` -> correlation id of the write that recorded that event. */
  readonly correlations = new Map<string, string>();
  private count = 0;

  constructor(
    readonly client: HttpClient,
    readonly runId: string,
  ) {}

  /** Runs one write with a fresh correlation id and records the versions it produced. */
  async write(call: (headers: Record<string, string>) => Promise<WriteResult>): Promise<WriteResult> {
    const correlationId = `${this.runId}-c${++this.count}`;
    const result = await call({ 'x-correlation-id': correlationId });
    const streamId = result.initiativeId ?? result.id;
    const before = this.versions.get(streamId) ?? 0;
    if (!(result.version > before))
      throw new Error(`${streamId}: a write answered v${result.version} after v${before}`);
    for (let v = before + 1; v <= result.version; v++) this.correlations.set(`${streamId}#${v}`, correlationId);
    this.versions.set(streamId, result.version);
    return result;
  }

  version(streamId: string): number {
    return this.versions.get(streamId) ?? 0;
  }

  get writes(): number {
    return this.count;
  }
}

export interface InitiativeLife {
  readonly focusAreaId: string;
  readonly programmeId: string;
  readonly projectId: string;
  readonly goalId: string;
  readonly indicatorId: string;
  readonly milestoneId: string;
  readonly decisionId: string;
  readonly benefitId: string;
  readonly measurementIds: string[];
}

/**
 * A small initiative life over HTTP: focus area -> programme -> project, the project activated,
 * with a goal, an indicator and two measurements, a milestone (achieved), a follow-up decision and
 * a benefit with one realisation.
 */
export async function driveInitiativeLife(log: WriteLog, title = 'Digital schools'): Promise<InitiativeLife> {
  const c = log.client;
  const focusAreaId = (await log.write((h) => c.register({ title: `${title}: focus area` }, h))).id;
  await log.write((h) => c.activate(focusAreaId, h));
  const programmeId = (
    await log.write((h) => c.register({ kind: 'programme', title: `${title}: programme`, parentId: focusAreaId }, h))
  ).id;
  const projectId = (
    await log.write((h) => c.register({ kind: 'project', title: `${title}: project`, parentId: programmeId }, h))
  ).id;
  await log.write((h) => c.activate(projectId, h));
  const goalId = (await log.write((h) => c.defineGoal(projectId, {}, h))).id;
  const indicatorId = (await log.write((h) => c.defineIndicator(projectId, goalId, {}, h))).id;
  const measurementIds = [
    (await log.write((h) => c.recordMeasurement(projectId, indicatorId, { value: 15, at: '2025-02-01T00:00:00Z' }, h)))
      .id,
    (
      await log.write((h) =>
        c.recordMeasurement(projectId, indicatorId, { value: 22, at: '2025-02-28T00:00:00Z', source: 'survey' }, h),
      )
    ).id,
  ];
  const milestoneId = (await log.write((h) => c.planMilestone(projectId, {}, h))).id;
  await log.write((h) => c.achieveMilestone(projectId, milestoneId, {}, h));
  const decisionId = (await log.write((h) => c.decide(projectId, { caseRef: '2025/0042' }, h))).id;
  const benefitId = (await log.write((h) => c.registerBenefit(projectId, { indicatorId }, h))).id;
  await log.write((h) => c.recordRealisation(projectId, benefitId, { value: 3 }, h));
  return {
    focusAreaId,
    programmeId,
    projectId,
    goalId,
    indicatorId,
    milestoneId,
    decisionId,
    benefitId,
    measurementIds,
  };
}
