/**
 * Writes the API's OpenAPI document to apps/web/src/api/openapi.json without listening on a port:
 * the web console's client types are generated from it (`npm run build:web`, `npm run typecheck`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadConfig } from '@followup/platform';
import { createApiApp } from '../apps/api/src/bootstrap';

async function main(): Promise<void> {
  const target = resolve(process.argv[2] ?? 'apps/web/src/api/openapi.json');
  const dataDir = mkdtempSync(join(tmpdir(), 'followup-openapi-'));
  const config = loadConfig({ DATA_DIR: dataDir, AUTH_JWT_SECRET: 'openapi-document-only-0123456789abcdef' });
  const app = await createApiApp({ config, runProjections: false, logger: false });
  try {
    await app.init();
    // The same document bootstrap.ts serves at /docs-json, read back from Swagger's setup.
    const document = (await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/docs-json' })).json();
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, JSON.stringify(document, null, 2) + '\n');
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
