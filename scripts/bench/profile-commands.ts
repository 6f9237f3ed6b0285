/**
 * Profiles the running service under the command load of `npm run bench` (not part of it):
 *   BENCH_PHASE=spread|single|queries PROFILE_DIR=/tmp/prof \
 *     npx nest build api && ts-node -r tsconfig-paths/register --transpile-only scripts/bench/profile-commands.ts
 * The service runs under `node --cpu-prof`; the profile lands in PROFILE_DIR when it stops.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { BenchService } from './http-service';

async function main(): Promise<void> {
  const profileDir = process.env.PROFILE_DIR ?? join(tmpdir(), 'followup-profile');
  const dir = mkdtempSync(join(tmpdir(), 'followup-profile-'));
  const service = await BenchService.start(dir, Number(process.env.BENCH_PORT ?? 3918), undefined, [
    '--cpu-prof',
    `--cpu-prof-dir=${profileDir}`,
  ]);
  try {
    const paths: string[] = [];
    for (let i = 0; i < 64; i++) paths.push(await service.measuredInitiative(i));
    const which = process.env.BENCH_PHASE ?? 'spread';
    const targets =
      which === 'single'
        ? paths.slice(0, 1)
        : which === 'queries'
          ? paths.map((p) => p.split('/indicators/')[0]!)
          : paths;
    let next = 0;
    const result = await autocannon({
      url: service.url,
      connections: 32,
      duration: Number(process.env.BENCH_SECONDS ?? 10),
      headers: service.headers,
      requests: [
        {
          method: which === 'queries' ? 'GET' : 'POST',
          ...(which === 'queries' ? {} : { body: JSON.stringify({ value: 20, at: '2025-02-28T00:00:00Z' }) }),
          setupRequest: (request) => ({ ...request, path: targets[next++ % targets.length] }),
        },
      ],
    });
    console.log(
      which,
      Math.round(result['2xx'] / result.duration),
      '2xx/s p99',
      result.latency.p99,
      'non2xx',
      result.non2xx,
    );
    console.log('memory', service.memory());
  } finally {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
