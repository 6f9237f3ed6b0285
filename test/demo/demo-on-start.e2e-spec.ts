import { loadDemoDataIfEmpty } from '../../apps/api/src/demo-data';
import { startApi, type ApiHarness } from '../support/api-harness';

/* `npm start` on the embedded default: the API writes the demo portfolio into its own empty store. */
jest.setTimeout(180_000);

describe('demo portfolio at start-up', () => {
  let api: ApiHarness;
  let url: string;

  beforeAll(async () => {
    api = await startApi({ now: new Date().toISOString(), env: { DEMO_DATA: 'true' } });
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    const address = api.app.getHttpServer().address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => api.dispose());

  it('loads the portfolio into an empty store, logging its progress', async () => {
    const lines: string[] = [];
    expect(await loadDemoDataIfEmpty(api.config, url, (line) => lines.push(line))).toBe('loaded');
    expect(lines[0]).toBe(`Lastar demoporteføljen inn i ${url}`);
    expect(lines).toContain('Satsingsområde: Grøn omstilling');
    expect(lines.at(-1)).toMatch(/^Ferdig: 3 satsingsområde/);

    const token = await api.token(['leader']);
    const projects = await api.http.get('/initiatives?kind=project&limit=200').set('authorization', `Bearer ${token}`);
    expect(projects.body.items.length).toBeGreaterThan(0);
  });

  it('leaves a store that holds initiatives alone', async () => {
    const lines: string[] = [];
    expect(await loadDemoDataIfEmpty(api.config, url, (line) => lines.push(line))).toBe('skipped');
    expect(lines).toEqual([]);
  });

  it('does nothing when DEMO_DATA is false', async () => {
    const off = { ...api.config, demoData: false };
    expect(await loadDemoDataIfEmpty(off, 'http://127.0.0.1:1', () => undefined)).toBe('skipped');
  });

  it('logs a failure instead of throwing', async () => {
    const lines: string[] = [];
    const fresh = { ...api.config, demoData: true };
    expect(await loadDemoDataIfEmpty(fresh, 'http://127.0.0.1:1', (line) => lines.push(line))).toBe('failed');
    expect(lines[0]).toMatch(/^Demodata vart ikkje lasta/);
  });
});
