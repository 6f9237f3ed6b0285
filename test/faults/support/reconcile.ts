import type { ProductionStack } from '../../production/support/stack';
import { checkAlerts, type AlertCounts, type WebhookReceiver } from './alert-deliveries';
import type { Attempt, OutageLog, RetryingClient } from './load';

export interface Reconciliation {
  readonly counts: {
    sent: number;
    acknowledged: number;
    /** Acknowledged and found in the store exactly once. */
    stored: number;
    /** Events applied to the read models (sum of the views' versions) against the events stored. */
    projected: number;
    storedEvents: number;
    lost: number;
    duplicated: number;
    /** Answered 4xx (the command itself was refused). */
    refused: number;
    /** No 2xx/4xx after every attempt of the client. */
    gaveUp: number;
    /** Stored although the client never saw a 2xx (the answer was lost): allowed, at most once each. */
    storedUnacknowledged: number;
    attempts: number;
    alerts: AlertCounts;
  };
  readonly problems: string[];
}

interface CommitRow {
  streamId: string;
  firstVersion: number;
  lastVersion: number;
  idempotencyKey: string;
}

/** Waits for the pipeline to drain, then checks the store against the client's log and the views against the store. */
export async function reconcile(
  stack: ProductionStack,
  client: RetryingClient,
  receiver: WebhookReceiver,
): Promise<Reconciliation> {
  const commits = stack.db().collection<CommitRow>('commits');
  await whileProgressing('the outbox to drain', async () => -(await stack.pendingCommits()).length);
  const rows = await commits
    .find({}, { projection: { _id: 0, streamId: 1, firstVersion: 1, lastVersion: 1, idempotencyKey: 1 } })
    .toArray();
  const problems: string[] = [];
  const lengths = streamLengths(rows, problems);
  const storedEvents = [...lengths.values()].reduce((a, b) => a + b, 0);
  const projected = await waitForViews(stack, lengths, problems);

  const byKey = new Map<string, number>();
  for (const row of rows) byKey.set(row.idempotencyKey, (byKey.get(row.idempotencyKey) ?? 0) + 1);
  const storedTimes = (key: string) => byKey.get(JSON.stringify(['load', key])) ?? 0;
  let acknowledged = 0;
  let stored = 0;
  let lost = 0;
  let duplicated = 0;
  let refused = 0;
  let gaveUp = 0;
  let storedUnacknowledged = 0;
  for (const command of client.commands) {
    const times = storedTimes(command.key);
    if (times > 1) duplicated++;
    if (command.status >= 200 && command.status < 300) {
      acknowledged++;
      if (times === 0) lost++;
      if (times === 1) stored++;
    } else {
      if (command.status >= 400 && command.status < 500) refused++;
      else gaveUp++;
      if (times > 0) storedUnacknowledged++;
    }
  }
  if (refused > 0) {
    const samples = client.commands.filter((c) => c.status >= 400 && c.status < 500).slice(0, 3);
    problems.push(`refused: ${samples.map((c) => `${c.kind} ${c.status} ${JSON.stringify(c.response)}`).join('; ')}`);
  }
  if (gaveUp > 0) problems.push(`${gaveUp} commands got no answer after every retry`);
  if (projected !== storedEvents) problems.push(`projected ${projected} events of ${storedEvents} stored`);
  const alerts = await checkAlerts(stack, receiver, problems);
  const counts = {
    sent: client.commands.length,
    acknowledged,
    stored,
    projected,
    storedEvents,
    lost,
    duplicated,
    refused,
    gaveUp,
    storedUnacknowledged,
    attempts: client.attempts.length,
    alerts,
  };
  return { counts, problems };
}

/** Each stream's length, checking that its commits cover versions 1..n with no gap and no overlap. */
function streamLengths(rows: CommitRow[], problems: string[]): Map<string, number> {
  const byStream = new Map<string, CommitRow[]>();
  for (const row of rows) byStream.set(row.streamId, [...(byStream.get(row.streamId) ?? []), row]);
  const lengths = new Map<string, number>();
  for (const [streamId, list] of byStream) {
    list.sort((a, b) => a.firstVersion - b.firstVersion);
    let expected = 1;
    for (const commit of list) {
      if (commit.firstVersion !== expected)
        problems.push(`${streamId}: commit at v${commit.firstVersion}, expected v${expected}`);
      expected = commit.lastVersion + 1;
    }
    lengths.set(streamId, expected - 1);
  }
  return lengths;
}

/**
 * Polls `measure` (0 when done, else a figure that grows with progress) until it reaches 0;
 * rejects after a minute without progress.
 */
async function whileProgressing(what: string, measure: () => Promise<number>): Promise<void> {
  let best = await measure();
  let progressAt = Date.now();
  while (best < 0) {
    if (Date.now() - progressAt > 60_000) throw new Error(`no progress for 60 s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = await measure();
    if (now > best) [best, progressAt] = [now, Date.now()];
  }
}

/**
 * Waits until every view's version equals its stream's length, as long as the projector makes
 * progress (the backlog an outage leaves under load can take minutes on a busy machine; a
 * projector that stopped makes none for a minute); returns the sum of the views' versions.
 */
async function waitForViews(stack: ProductionStack, lengths: Map<string, number>, problems: string[]): Promise<number> {
  let views = await stack.storedViews();
  const behind = () => [...lengths].filter(([id, n]) => views.get(id)?.version !== n);
  const projected = () => [...views.values()].reduce((sum, view) => sum + view.version, 0);
  await whileProgressing('every view to reach its stream length', async () => {
    views = await stack.storedViews();
    return behind().length === 0 ? 0 : projected() - Number.MAX_SAFE_INTEGER;
  }).catch(() => undefined);
  if (behind().length > 0)
    problems.push(
      `views behind their streams (no progress for 60 s): ${behind()
        .slice(0, 5)
        .map(([id, n]) => `${id} v${views.get(id)?.version} of ${n}`)
        .join(', ')}`,
    );
  for (const id of views.keys()) if (!lengths.has(id)) problems.push(`view ${id} has no stream`);
  return projected();
}

/** How the requests made while one dependency was down were answered. */
export interface OutageAnswers {
  requests: number;
  ok: number;
  unavailable503: number;
  network: number;
  other: number;
  slowestMs: number;
}

const noAnswers = (): OutageAnswers => ({ requests: 0, ok: 0, unavailable503: 0, network: 0, other: 0, slowestMs: 0 });

/**
 * Every request made while the broker or the database was down got, within 10 s, a 2xx or a 503
 * with Retry-After; refused connections only from an API process that was being killed. The
 * answers are counted per dependency, and each outage must have seen requests.
 */
export function checkAnswersDuringOutages(attempts: Attempt[], outages: OutageLog, dependencies: readonly string[]) {
  const violations: string[] = [];
  const counts: Record<string, OutageAnswers> = {};
  for (const d of dependencies) counts[d] = noAnswers();
  for (const a of attempts) {
    const ms = a.endedAt - a.startedAt;
    const dependency = outages.covering(a.startedAt, (w) => w.startsWith('dependency:'));
    const apiDown = outages.covering(a.endedAt, (w) => w.startsWith('api:'));
    if (a.status <= 0 && !apiDown)
      violations.push(`${a.key}: ${a.error ?? 'no answer'} from ${a.target} (no API was down)`);
    if (a.status >= 500 && a.status !== 503) violations.push(`${a.key}: HTTP ${a.status} from ${a.target}`);
    if (!dependency) continue;
    const c = (counts[dependency.slice('dependency:'.length)] ??= noAnswers());
    c.requests++;
    c.slowestMs = Math.max(c.slowestMs, ms);
    if (a.status >= 200 && a.status < 300) c.ok++;
    else if (a.status === 503 && a.retryAfter) c.unavailable503++;
    else if (a.status <= 0) c.network++;
    else {
      c.other++;
      violations.push(`${a.key}: HTTP ${a.status} during ${dependency}`);
    }
    if (ms > 10_000) violations.push(`${a.key}: answered after ${ms} ms during ${dependency}`);
    if (a.status === 503 && !a.retryAfter) violations.push(`${a.key}: 503 without Retry-After during ${dependency}`);
  }
  for (const d of dependencies)
    if (counts[d]!.requests === 0) violations.push(`no request was made while the ${d} was down`);
  return { violations, counts };
}
