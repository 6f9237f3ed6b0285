import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, InitiativesClient } from '../support/initiatives-client';

describe('GET /audit/access-log: reads of /audit/* in a hash-chained log', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.dispose());

  it("lists an auditor's export and filtered reads, in order, and the chain verifies", async () => {
    const cw = await InitiativesClient.as(api);
    const auditor = await InitiativesClient.as(api, ['auditor'], 'aud-1', 'Ada Auditor');
    const id = await cw.activeInitiative();
    await expectStatus(auditor.get('/audit/export'), 200);
    await expectStatus(auditor.get(`/audit/decisions?initiativeId=${id}&kind=adjust`), 200);

    const log = (await expectStatus(auditor.get('/audit/access-log'), 200)).body;
    expect(log.items.slice(0, 2)).toEqual([
      expect.objectContaining({
        seq: 1,
        path: '/audit/export',
        actor: { sub: 'aud-1', name: 'Ada Auditor', roles: ['auditor'] },
        prevHash: null,
        at: expect.any(String),
      }),
      expect.objectContaining({ seq: 2, path: '/audit/decisions', query: { initiativeId: id, kind: 'adjust' } }),
    ]);
    expect(log.items[1].prevHash).toBe(log.items[0].hash);
    // The read of the log itself is logged too.
    expect(log.items[2]).toMatchObject({ seq: 3, path: '/audit/access-log' });
    expect(log.verification).toEqual({ ok: true, entries: 3, brokenAt: null });

    const page = (await expectStatus(auditor.get('/audit/access-log?limit=1'), 200)).body;
    expect(page.items).toHaveLength(1);
    const next = (await expectStatus(auditor.get(`/audit/access-log?limit=1&cursor=${page.nextCursor}`), 200)).body;
    expect(next.items[0].seq).toBe(2);

    await expectStatus(cw.get('/audit/access-log'), 403);
  });

  it('records a read of every /audit route the OpenAPI document lists, and no read elsewhere', async () => {
    const cw = await InitiativesClient.as(api);
    const auditor = await InitiativesClient.as(api, ['auditor'], 'aud-2', 'Ada Auditor');
    const id = await cw.activeInitiative();
    const document = (await api.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, { get?: unknown }>;
    };
    const auditReads = Object.keys(document.paths).filter(
      (path) => path.startsWith('/audit/') && document.paths[path]!.get,
    );
    expect(auditReads.length).toBeGreaterThanOrEqual(6);
    // The access log records its own reads too, this one included.
    const before = (await expectStatus(auditor.get('/audit/access-log?limit=500'), 200)).body.items.length;
    await expectStatus(auditor.get(`/initiatives/${id}`), 200);
    const paths = auditReads.map((route) => route.replace(/\{[^}]+\}/g, id));
    for (const path of paths) {
      const answer = await auditor.get(path);
      expect([200, 404]).toContain(answer.status);
    }
    const log = (await expectStatus(auditor.get('/audit/access-log?limit=500'), 200)).body;
    const recorded = log.items.slice(before).map((item: { path: string }) => item.path);
    // Each documented read once, in order; the read of /initiatives/:id in between is not an audit read.
    expect(recorded.slice(0, paths.length)).toEqual(paths);
  });
});
