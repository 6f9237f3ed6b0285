import { startApi, type ApiHarness } from '../support/api-harness';
import { build, expectStatus, fieldsOf, InitiativesClient } from '../support/initiatives-client';

describe('conditional writes and idempotency', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;

  const count = async () => (await expectStatus(cw.get('/initiatives?limit=200'), 200)).body.items.length as number;

  beforeAll(async () => {
    api = await startApi();
    cw = await InitiativesClient.as(api, ['caseworker'], 'alice', 'Alice Berg');
  });
  afterAll(() => api.dispose());

  describe('If-Match and expectedVersion', () => {
    it('a stale If-Match gives 412 with the current version (body and ETag) and stores nothing', async () => {
      const id = await cw.activeInitiative();
      await cw.defineGoal(id);
      const before = await cw.status(id);
      const res = await expectStatus(
        cw.post(`/initiatives/${id}/milestones`, build.milestone(), { 'If-Match': '"2"' }),
        412,
      );
      expect(res.body).toMatchObject({
        statusCode: 412,
        error: 'Precondition Failed',
        code: 'VersionConflict',
        currentVersion: 3,
        details: [{ field: 'If-Match', message: expect.stringContaining('3') }],
      });
      expect(res.headers.etag).toBe('"3"');
      expect(await cw.status(id)).toEqual(before);
    });

    it.each([['"3"'], ['3'], ['W/"3"']])('a matching If-Match (%s) succeeds', async (ifMatch) => {
      const id = await cw.activeInitiative();
      await cw.defineGoal(id);
      const res = await expectStatus(
        cw.post(`/initiatives/${id}/milestones`, build.milestone(), { 'If-Match': ifMatch }),
        201,
      );
      expect(res.body).toMatchObject({ initiativeId: id, version: 4 });
      expect(res.headers.etag).toBe('"4"');
      expect((await cw.status(id)).milestones).toHaveLength(1);
    });

    it('If-Match works on PATCH and on commands answering 200, using the ETag of the last read', async () => {
      const id = await cw.register();
      // An activity goal: activation does not wait for an indicator.
      const goalId = await cw.defineGoal(id, { resultLevel: 'activity' });
      const read = await expectStatus(cw.get(`/initiatives/${id}`), 200);
      const etag = read.headers.etag as string;
      expect(etag).toBe('"2"');
      const revised = await expectStatus(
        cw.patch(`/initiatives/${id}/goals/${goalId}`, build.reviseGoal(), { 'If-Match': etag }),
        200,
      );
      expect(revised.body).toEqual({ id, version: 3 });
      // A second writer still holding the old ETag loses.
      await expectStatus(cw.post(`/initiatives/${id}/activate`, undefined, { 'If-Match': etag }), 412);
      expect((await cw.status(id)).status).toBe('planned');
      await expectStatus(
        cw.post(`/initiatives/${id}/activate`, undefined, { 'If-Match': revised.headers.etag as string }),
        200,
      );
      expect((await cw.status(id)).status).toBe('active');
    });

    it('a stale body expectedVersion gives 409 with the current version; a matching one succeeds', async () => {
      const id = await cw.activeInitiative();
      const stale = await expectStatus(cw.post(`/initiatives/${id}/goals`, build.goal({ expectedVersion: 1 })), 409);
      expect(stale.body).toMatchObject({
        statusCode: 409,
        error: 'Conflict',
        code: 'VersionConflict',
        currentVersion: 2,
        details: [{ field: 'expectedVersion', message: expect.any(String) }],
      });
      expect(stale.headers.etag).toBe('"2"');
      expect(await cw.version(id)).toBe(2);
      const ok = await expectStatus(cw.post(`/initiatives/${id}/goals`, build.goal({ expectedVersion: 2 })), 201);
      expect(ok.body.version).toBe(3);
      expect((await cw.status(id)).goals).toHaveLength(1);
    });

    it('expectedVersion 0 registers only a new initiative', async () => {
      const res = await expectStatus(
        cw.post('/initiatives', build.initiative({ id: 'ev-zero-1', expectedVersion: 0 })),
        201,
      );
      expect(res.body).toEqual({ id: 'ev-zero-1', version: 1 });
      await expectStatus(cw.post('/initiatives/ev-zero-1/activate', { expectedVersion: 0 }), 409);
      expect((await cw.status('ev-zero-1')).status).toBe('planned');
    });

    it.each([['abc'], ['"v3"'], ['-1'], ['"3", "4"'], ['*']])(
      'a malformed If-Match (%s) gives 400 and stores nothing',
      async (ifMatch) => {
        const id = await cw.activeInitiative();
        const res = await expectStatus(
          cw.post(`/initiatives/${id}/milestones`, build.milestone(), { 'If-Match': ifMatch }),
          400,
        );
        expect(res.body).toMatchObject({
          statusCode: 400,
          details: [{ field: 'If-Match', message: expect.any(String) }],
        });
        expect(await cw.version(id)).toBe(2);
      },
    );

    it('of two concurrent writes with the same If-Match exactly one wins', async () => {
      const id = await cw.activeInitiative();
      const results = await Promise.all(
        ['A', 'B', 'C'].map((title) =>
          cw.post(`/initiatives/${id}/milestones`, build.milestone({ title }), { 'If-Match': '"2"' }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 412, 412]);
      for (const loser of results.filter((r) => r.status === 412)) expect(loser.body.currentVersion).toBe(3);
      const winner = results.find((r) => r.status === 201)!;
      const status = await cw.status(id);
      expect(status.version).toBe(3);
      expect(status.milestones.map((m: { id: string }) => m.id)).toEqual([winner.body.id]);
    });

    it('concurrent unconditional writes all succeed, each at its own version', async () => {
      const id = await cw.activeInitiative();
      const results = await Promise.all(
        ['A', 'B', 'C', 'D'].map((title) => cw.post(`/initiatives/${id}/milestones`, build.milestone({ title }))),
      );
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
      expect(results.map((r) => r.body.version).sort()).toEqual([3, 4, 5, 6]);
      const status = await cw.status(id);
      expect(status.version).toBe(6);
      expect(status.milestones.map((m: { title: string }) => m.title).sort()).toEqual(['A', 'B', 'C', 'D']);
    });
  });

  describe('Idempotency-Key', () => {
    it('a retry with the same key and body returns the first result and records nothing new', async () => {
      const id = await cw.activeInitiative();
      const first = await expectStatus(
        cw.post(`/initiatives/${id}/milestones`, build.milestone(), { 'Idempotency-Key': 'plan-pilot-1' }),
        201,
      );
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const after = await cw.status(id);

      const retry = await expectStatus(
        cw.post(`/initiatives/${id}/milestones`, build.milestone(), { 'Idempotency-Key': 'plan-pilot-1' }),
        201,
      );
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.etag).toBe(first.headers.etag);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(await cw.status(id)).toEqual(after);
      expect(after.milestones).toHaveLength(1);
    });

    it('replays the first result even after later writes moved the version on', async () => {
      const id = await cw.register();
      const first = await expectStatus(
        cw.post(`/initiatives/${id}/activate`, {}, { 'Idempotency-Key': 'activate-1' }),
        200,
      );
      expect(first.body).toEqual({ id, version: 2 });
      await cw.defineGoal(id);
      const retry = await expectStatus(
        cw.post(`/initiatives/${id}/activate`, {}, { 'Idempotency-Key': 'activate-1' }),
        200,
      );
      expect(retry.body).toEqual({ id, version: 2 });
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(await cw.version(id)).toBe(3);
    });

    it('a retried registration returns the same initiative instead of a second one', async () => {
      const before = await count();
      const first = await expectStatus(
        cw.post('/initiatives', build.initiative({ title: 'Once only' }), { 'Idempotency-Key': 'register-once' }),
        201,
      );
      const retry = await expectStatus(
        cw.post('/initiatives', build.initiative({ title: 'Once only' }), { 'Idempotency-Key': 'register-once' }),
        201,
      );
      expect(retry.body).toEqual(first.body);
      expect(await count()).toBe(before + 1);
    });

    it('concurrent retries with one key write once', async () => {
      const id = await cw.activeInitiative();
      const results = await Promise.all(
        [1, 2, 3].map(() => cw.post(`/initiatives/${id}/goals`, build.goal(), { 'Idempotency-Key': 'goal-burst' })),
      );
      expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
      expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
      expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(2);
      const status = await cw.status(id);
      expect(status.version).toBe(3);
      expect(status.goals).toHaveLength(1);
    });

    it('the same key with another body or another target gives 422 and stores nothing', async () => {
      const id = await cw.activeInitiative();
      const other = await cw.activeInitiative();
      await expectStatus(cw.post(`/initiatives/${id}/goals`, build.goal(), { 'Idempotency-Key': 'goal-key' }), 201);
      const before = await cw.status(id);

      const differentBody = await expectStatus(
        cw.post(`/initiatives/${id}/goals`, build.goal({ statement: 'Something else' }), {
          'Idempotency-Key': 'goal-key',
        }),
        422,
      );
      expect(differentBody.body).toMatchObject({ statusCode: 422, code: 'IdempotencyKeyReused' });
      expect(fieldsOf(differentBody)).toEqual(['Idempotency-Key']);
      await expectStatus(cw.post(`/initiatives/${other}/goals`, build.goal(), { 'Idempotency-Key': 'goal-key' }), 422);
      await expectStatus(
        cw.post(`/initiatives/${id}/milestones`, build.milestone(), { 'Idempotency-Key': 'goal-key' }),
        422,
      );

      expect(await cw.status(id)).toEqual(before);
      expect((await cw.status(other)).goals).toEqual([]);
    });

    it('is scoped per user: another user with the same key writes independently', async () => {
      const id = await cw.activeInitiative();
      const bob = await InitiativesClient.as(api, ['caseworker'], 'bob', 'Bob Dahl');
      const mine = await expectStatus(
        cw.post(`/initiatives/${id}/goals`, build.goal(), { 'Idempotency-Key': 'shared-key' }),
        201,
      );
      const his = await expectStatus(
        bob.post(`/initiatives/${id}/goals`, build.goal(), { 'Idempotency-Key': 'shared-key' }),
        201,
      );
      expect(his.headers['idempotent-replayed']).toBeUndefined();
      expect(his.body.id).not.toBe(mine.body.id);
      expect(his.body.version).toBe(mine.body.version + 1);
      expect((await cw.status(id)).goals.map((g: { id: string }) => g.id)).toEqual([mine.body.id, his.body.id]);
      // And each user's retry still replays their own result.
      expect(
        (
          await expectStatus(
            bob.post(`/initiatives/${id}/goals`, build.goal(), { 'Idempotency-Key': 'shared-key' }),
            201,
          )
        ).body,
      ).toEqual(his.body);
    });

    it('keeps users apart even when a user id and a key both contain colons', async () => {
      const id = await cw.activeInitiative();
      const first = await InitiativesClient.as(api, ['caseworker'], 'acme:carol');
      const second = await InitiativesClient.as(api, ['caseworker'], 'acme');
      const hers = await expectStatus(
        first.post(`/initiatives/${id}/goals`, build.goal(), { 'Idempotency-Key': 'retry-1' }),
        201,
      );
      const his = await expectStatus(
        second.post(`/initiatives/${id}/goals`, build.goal(), { 'Idempotency-Key': 'carol:retry-1' }),
        201,
      );
      expect(his.headers['idempotent-replayed']).toBeUndefined();
      expect(his.body.id).not.toBe(hers.body.id);
      expect((await cw.status(id)).goals).toHaveLength(2);
    });

    it('a refused request does not use up its key', async () => {
      const id = await cw.activeInitiative();
      await expectStatus(
        cw.post(`/initiatives/${id}/decisions`, build.decision({ occurredAt: '2025-03-05T00:00:00Z' }), {
          'Idempotency-Key': 'decision-1',
        }),
        422,
      );
      await expectStatus(
        cw.post(`/initiatives/${id}/decisions`, { summary: 'half a body' }, { 'Idempotency-Key': 'decision-1' }),
        400,
      );
      const ok = await expectStatus(
        cw.post(`/initiatives/${id}/decisions`, build.decision(), { 'Idempotency-Key': 'decision-1' }),
        201,
      );
      expect(ok.headers['idempotent-replayed']).toBeUndefined();
      expect(ok.body.version).toBe(3);
    });

    it('a replay is returned even when the retry carries the If-Match the first request had', async () => {
      const id = await cw.activeInitiative();
      const headers = { 'Idempotency-Key': 'conditional-1', 'If-Match': '"2"' };
      const first = await expectStatus(cw.post(`/initiatives/${id}/milestones`, build.milestone(), headers), 201);
      const retry = await expectStatus(cw.post(`/initiatives/${id}/milestones`, build.milestone(), headers), 201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(await cw.version(id)).toBe(3);
    });

    it.each([['x'.repeat(201)], ['with space'], ['nørsk']])('refuses a malformed key (%s) with 400', async (key) => {
      const id = await cw.activeInitiative();
      const res = await expectStatus(
        cw.post(`/initiatives/${id}/goals`, build.goal(), { 'Idempotency-Key': key }),
        400,
      );
      expect(fieldsOf(res)).toEqual(['Idempotency-Key']);
      expect(await cw.version(id)).toBe(2);
    });
  });
});
