import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Serves the built web console at `/` when it has been built. Only the files that exist are routed
 * (no wildcard route), so unknown API paths still answer 404 and wrong methods 405. The console routes
 * by the URL's fragment, so it needs no fallback for deep links.
 */
export async function serveWebConsole(app: NestFastifyApplication, root: string): Promise<boolean> {
  if (!existsSync(join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: ['index.html'] });
  return true;
}
