import type { DemoTransport } from '../../scripts/demo/demo-client';
import { loadDemoPortfolio } from '../../scripts/demo/load-portfolio';
import { startApi, type ApiHarness } from '../support/api-harness';

/* `npm run demo` writes a county portfolio through the HTTP API; here against the embedded service. */
jest.setTimeout(180_000);

describe('demo portfolio loader', () => {
  let api: ApiHarness;
  let send: DemoTransport;

  beforeAll(async () => {
    api = await startApi({ now: new Date().toISOString() });
    const token = await api.token(['admin'], 'demo-loader', 'Demodata');
    send = async (method, path, body, headers = {}) => {
      let call = api.http[method.toLowerCase() as 'get'](path).set('authorization', `Bearer ${token}`).set(headers);
      if (body !== undefined) call = call.send(body as object);
      const response = await call;
      return {
        status: response.status,
        body: response.body,
        replayed: response.headers['idempotent-replayed'] === 'true',
      };
    };
  });
  afterAll(() => api.dispose());

  it('loads three focus areas, thirty projects and measures and a decision log', async () => {
    const lines: string[] = [];
    const summary = await loadDemoPortfolio(send, { log: (line) => lines.push(line) });

    expect(summary.focusAreas).toBe(3);
    expect(summary.initiatives).toBeGreaterThanOrEqual(39);
    expect(summary.decisions).toBeGreaterThan(60);
    expect(summary.replayed).toBe(0);
    expect(lines).toContain('Satsingsområde: Grøn omstilling');

    const projects = await send('GET', '/initiatives?kind=project&limit=200');
    const measures = await send('GET', '/initiatives?kind=measure&limit=200');
    const items = [...(projects.body as any).items, ...(measures.body as any).items];
    expect(items.length).toBe(30);
    const statuses = new Set(items.map((item: any) => item.status));
    expect([...statuses].sort()).toEqual(['active', 'closed', 'paused', 'planned']);
    expect(items.filter((item: any) => item.status === 'closed')).toHaveLength(9);
    expect(items.some((item: any) => item.rag === 'red')).toBe(true);

    const log = (await send('GET', '/audit/decisions?limit=500')).body as any;
    expect(log.items.every((entry: any) => !entry.caseRef || /^\d{4}\/\d{4}$/.test(entry.caseRef))).toBe(true);
    const kinds = new Set(log.items.map((entry: any) => entry.kind));
    for (const kind of ['continue', 'adjust', 'pause', 'stop', 'courseCorrection', 'closure']) {
      expect(kinds).toContain(kind);
    }
  });

  it('records nothing new when run again', async () => {
    const before = (await send('GET', '/audit/decisions?limit=1')).body as any;
    const summary = await loadDemoPortfolio(send);
    expect(summary.written).toBe(0);
    expect(summary.replayed).toBeGreaterThan(500);
    expect(summary.decisions).toBe(before.total);
  });
});
