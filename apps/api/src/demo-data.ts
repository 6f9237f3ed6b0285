import { issueToken, resolveJwtSecret, type AppConfig } from '@followup/platform';
import { runDemoLoad } from '../../../scripts/demo/run-demo';

export type DemoDataOutcome = 'loaded' | 'skipped' | 'failed';

/**
 * Loads the demo portfolio (scripts/demo) into this service over its own HTTP API, so that the
 * README's first command ends with a populated console. Only when DEMO_DATA is on (the embedded
 * default) and the store holds no initiative yet; a failure is logged, never fatal.
 */
export async function loadDemoDataIfEmpty(
  config: AppConfig,
  apiUrl: string,
  log: (line: string) => void,
): Promise<DemoDataOutcome> {
  if (!config.demoData) return 'skipped';
  try {
    const secret = resolveJwtSecret(config);
    if (!secret) {
      log('Demodata: tenesta stadfestar token hos ein identitetsleverandør; køyr `npm run demo` med TOKEN');
      return 'skipped';
    }
    const token = await issueToken(secret, {
      sub: 'demo-loader',
      name: 'Demodata',
      roles: ['admin'],
      expiresIn: '1h',
      ...(config.security.authAudience ? { audience: config.security.authAudience } : {}),
      ...(config.security.authIssuer ? { issuer: config.security.authIssuer } : {}),
    });
    if (!(await storeIsEmpty(apiUrl, token))) return 'skipped';
    await runDemoLoad(apiUrl, token, log);
    return 'loaded';
  } catch (error) {
    log(`Demodata vart ikkje lasta: ${error instanceof Error ? error.message : String(error)}`);
    return 'failed';
  }
}

async function storeIsEmpty(apiUrl: string, token: string): Promise<boolean> {
  const response = await fetch(`${apiUrl.replace(/\/+$/, '')}/initiatives?limit=1`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`GET /initiatives answered ${response.status}`);
  const page = (await response.json()) as { items?: unknown[] };
  return (page.items ?? []).length === 0;
}
