import { spawn } from 'node:child_process';
import { waitFor } from '@followup/messaging/testing/wait-for';
import { ensureBuilt, REPO_ROOT, stopAll } from './support/processes';
import { diagnosed, ProductionStack } from './support/stack';
import { WriteLog } from './support/life';
import { canonical, differences, freshRebuild } from './support/rebuild';
import type { HttpClient } from './support/http-client';

/**
 * Fault: the projector process is killed with SIGKILL while events stream in (no shutdown hook,
 * no offset commit of the record in hand), and started again: afterwards the read models equal
 * a fresh rebuild from the event store.
 */
jest.setTimeout(180_000);

/** Runs `npm run projections:rebuild` (the ts-node script) with the stack's configuration. */
function runRebuildScript(stack: ProductionStack): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'projections:rebuild'], {
      cwd: REPO_ROOT,
      env: stack.env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`npm run projections:rebuild failed (exit ${code}):\n${output}`));
    });
  });
}

describe('production processes: projector killed with SIGKILL mid-stream and restarted', () => {
  let stack: ProductionStack;
  let client: HttpClient;
  let log: WriteLog;

  beforeAll(async () => {
    ensureBuilt();
    stack = new ProductionStack({ label: 'crash' });
    client = await stack.startApiAndProjector();
    log = new WriteLog(client, stack.runId);
  }, 120_000);

  afterAll(async () => {
    await stack?.dispose();
    await stopAll();
  });

  it(
    'resumes where it was killed and ends with read models equal to a fresh rebuild',
    diagnosed(
      () => [stack],
      async () => {
        const focusAreaId = (await log.write((h) => client.register({ title: 'Crash: focus area' }, h))).id;
        const programmeId = (
          await log.write((h) =>
            client.register({ kind: 'programme', title: 'Crash: programme', parentId: focusAreaId }, h),
          )
        ).id;
        const projects: Array<{ id: string; indicatorId: string; measurements: number; milestones: number }> = [];
        for (const title of ['Crash: project A', 'Crash: project B', 'Crash: project C']) {
          const id = (await log.write((h) => client.register({ kind: 'project', title, parentId: programmeId }, h))).id;
          await log.write((h) => client.activate(id, h));
          const goalId = (await log.write((h) => client.defineGoal(id, {}, h))).id;
          const indicatorId = (await log.write((h) => client.defineIndicator(id, goalId, {}, h))).id;
          projects.push({ id, indicatorId, measurements: 0, milestones: 0 });
        }
        const first = projects[0]!;
        await client.statusAt(first.id, log.version(first.id));

        // A stream of writes over the three projects, in the background.
        const total = 60;
        let done = 0;
        const writer = (async () => {
          for (let i = 0; i < total; i++) {
            const p = projects[i % projects.length]!;
            if (i % 5 === 4) {
              await log.write((h) =>
                client.planMilestone(p.id, { title: `Milestone ${i}`, dueAt: '2026-06-01T00:00:00Z' }, h),
              );
              p.milestones++;
            } else {
              const day = String(1 + (i % 28)).padStart(2, '0');
              await log.write((h) =>
                client.recordMeasurement(
                  p.id,
                  p.indicatorId,
                  { value: 10 + i, at: `2025-02-${day}T00:00:00Z`, note: `#${i}` },
                  h,
                ),
              );
              p.measurements++;
            }
            done++;
          }
        })();
        writer.catch(() => undefined);

        // Kill the projector while it is busy: its views have moved on from the setup, and writes keep coming.
        const startVersion = log.version(first.id);
        await waitFor(async () => ((await stack.storedView(first.id))?.version ?? 0) >= startVersion + 3, {
          timeoutMs: 30_000,
          intervalMs: 10,
          what: 'the projector to be busy with the stream',
        });
        const killed = await stack.projector!.stop('SIGKILL');
        expect(killed.signal).toBe('SIGKILL');
        const writesAtKill = done;
        expect(writesAtKill).toBeLessThan(total);

        // Restarted at once, as a supervisor would: the new member's join waits until the group
        // coordinator gives up on the killed one (its session timeout), then it resumes from the
        // group's committed offsets. Meanwhile the API keeps acknowledging writes.
        const restarted = stack.startProjector(120_000);
        restarted.catch(() => undefined);
        await writer;
        expect(done).toBe(total);
        // Events were left to project when the projector died.
        const behind = await Promise.all(
          projects.map(async (p) => ((await stack.storedView(p.id))?.version ?? 0) < log.version(p.id)),
        );
        expect(behind.some(Boolean)).toBe(true);

        await restarted;
        for (const id of log.versions.keys()) await stack.waitForView(id, log.version(id), 60_000);

        // Exactly once per event: counts match what was written, nothing repeated.
        for (const p of projects) {
          const status = await client.statusAt(p.id, log.version(p.id));
          expect(status.version).toBe(log.version(p.id));
          expect(status.goals[0].indicators[0].measurementCount).toBe(p.measurements);
          const milestoneIds = status.milestones.map((m: { id: string }) => m.id);
          expect(milestoneIds).toHaveLength(p.milestones);
          expect(new Set(milestoneIds).size).toBe(p.milestones);
        }

        // The read models equal a fresh rebuild from the store, document by document.
        const live = await stack.storedViews();
        expect(live.size).toBe(log.versions.size);
        const rebuilt = await freshRebuild(stack);
        expect(differences(live, rebuilt)).toEqual([]);
        expect(live).toEqual(rebuilt);

        // And the operator's rebuild (`npm run projections:rebuild`, ts-node) on the same database
        // changes nothing that the API answers.
        const ids = [...log.versions.keys()];
        const answers = async () =>
          Promise.all(ids.map(async (id) => canonical(await client.statusAt(id, log.version(id)))));
        const beforeRebuild = await answers();
        const output = await runRebuildScript(stack);
        expect(output).toMatch(/\[rebuild\] done: \d+ events folded into 5 views/);
        expect(await answers()).toEqual(beforeRebuild);
        expect(await stack.storedViews()).toEqual(live);
      },
    ),
  );
});
