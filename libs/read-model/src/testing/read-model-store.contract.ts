import { randomUUID } from 'node:crypto';
import { initiativeView } from './initiative-views';
import type { DecisionAnchor } from '../audit/decision-anchors';
import type { ReadModelStore } from '../read-model-store.port';

let nextPosition = Date.now() * 10;

/** A decision log anchor for tests; override what a test cares about. */
function anchor(streamId: string, overrides: Partial<DecisionAnchor> = {}): DecisionAnchor {
  const occurredAt = overrides.occurredAt ?? '2025-03-01T10:00:00.000Z';
  return {
    streamId,
    decisionId: randomUUID(),
    occurredAt,
    occurredMs: Date.parse(occurredAt),
    recordedAt: '2025-03-02T10:00:00.000Z',
    kind: 'continue',
    caseRef: null,
    decidedBy: 'Steering group',
    actor: 'u-1',
    position: nextPosition++,
    commitId: randomUUID(),
    eventDecisionId: null,
    source: 'record',
    ...overrides,
  };
}

/** Behaviour every read-model store owes the projections and queries. */
export function readModelStoreContract(adapter: string, create: () => Promise<ReadModelStore>): void {
  describe(`ReadModelStore contract: ${adapter}`, () => {
    let store: ReadModelStore;
    beforeEach(async () => {
      store = await create();
    });
    afterEach(async () => {
      await store.close();
    });

    it('saves a new view and reads it back whole', async () => {
      const view = initiativeView({ partners: ['Vestland Business Council'] });
      expect(await store.saveInitiative(view, 0)).toBe(true);
      expect(await store.getInitiative(view.id)).toEqual(view);
      expect(await store.getInitiative(randomUUID())).toBeNull();
    });

    it('moves a view forward only from the version it was read at', async () => {
      const view = initiativeView();
      await store.saveInitiative(view, 0);
      expect(await store.saveInitiative({ ...view, version: 2, title: 'v2' }, 1)).toBe(true);
      // A duplicate or a competing instance still holding version 1 is refused.
      expect(await store.saveInitiative({ ...view, version: 2, title: 'stale' }, 1)).toBe(false);
      expect(await store.saveInitiative({ ...view, version: 1, title: 'again' }, 0)).toBe(false);
      expect((await store.getInitiative(view.id))?.title).toBe('v2');
    });

    it('saves several changes at once where it can, answering per change whether its guard let it through', async () => {
      if (!store.saveInitiatives) return;
      const [moved, stale, taken] = [initiativeView(), initiativeView(), initiativeView()];
      for (const view of [moved, stale, taken]) await store.saveInitiative(view, 0);
      await store.saveInitiative({ ...stale, version: 3 }, 1);
      const fresh = initiativeView();
      const saved = await store.saveInitiatives(
        [
          { view: { ...moved, version: 2, title: 'moved' }, previousVersion: 1 },
          { view: { ...stale, version: 2, title: 'stale' }, previousVersion: 1 },
          { view: fresh, previousVersion: 0 },
          { view: { ...taken, title: 'duplicate' }, previousVersion: 0 },
        ],
        { name: 'batch', position: 42 },
      );
      expect(saved).toEqual([true, false, true, false]);
      expect(await store.getInitiative(moved.id)).toMatchObject({ version: 2, title: 'moved' });
      expect(await store.getInitiative(stale.id)).toMatchObject({ version: 3 });
      expect(await store.getInitiative(fresh.id)).toEqual(fresh);
      expect((await store.getInitiative(taken.id))?.title).toBe(taken.title);
      expect(await store.getCheckpoint('batch')).toBe(42);
    });

    it('saves a pass of many views, answering for each one in its place', async () => {
      if (!store.saveInitiatives) return;
      const views = Array.from({ length: 40 }, (_, i) => initiativeView({ title: `view ${i}` }));
      for (const view of views.slice(0, 30)) await store.saveInitiative(view, 0);
      // Every seventh stored view was moved on by someone else meanwhile.
      const movedOn = (i: number) => i < 30 && i % 7 === 3;
      for (const [i, view] of views.entries()) if (movedOn(i)) await store.saveInitiative({ ...view, version: 5 }, 1);
      const saved = await store.saveInitiatives(
        views.map((view, i) =>
          i < 30
            ? { view: { ...view, version: 2, title: `moved ${i}` }, previousVersion: 1 }
            : { view, previousVersion: 0 },
        ),
        null,
      );
      expect(saved).toEqual(views.map((_, i) => !movedOn(i)));
      for (const [i, view] of views.entries()) {
        const stored = await store.getInitiative(view.id);
        expect(stored?.version).toBe(movedOn(i) ? 5 : i < 30 ? 2 : 1);
      }
    });

    it('puts a rebuilt view unless a newer one is stored', async () => {
      const view = initiativeView({ version: 3, title: 'rebuilt' });
      await store.putInitiative(view);
      expect((await store.getInitiative(view.id))?.title).toBe('rebuilt');
      await store.putInitiative({ ...view, version: 5, title: 'newer' });
      await store.putInitiative({ ...view, version: 4, title: 'older' });
      expect(await store.getInitiative(view.id)).toMatchObject({ version: 5, title: 'newer' });
      await store.putInitiative({ ...view, version: 5, title: 'same version, recomputed' });
      expect((await store.getInitiative(view.id))?.title).toBe('same version, recomputed');
    });

    it('lists views by kind, parent and status, paged by id', async () => {
      const parent = initiativeView({ kind: 'programme' });
      await store.saveInitiative(parent, 0);
      const children = Array.from({ length: 5 }, () => initiativeView({ parentId: parent.id }));
      for (const child of children) await store.saveInitiative(child, 0);
      await store.saveInitiative({ ...children[0]!, status: 'active', version: 2 }, 1);

      const ids = children.map((c) => c.id).sort();
      const firstPage = await store.listInitiatives({ parentId: parent.id }, { limit: 3 });
      expect(firstPage.map((v) => v.id)).toEqual(ids.slice(0, 3));
      const secondPage = await store.listInitiatives({ parentId: parent.id }, { limit: 3, afterId: ids[2] });
      expect(secondPage.map((v) => v.id)).toEqual(ids.slice(3));
      expect(
        (await store.listInitiatives({ parentId: parent.id, status: 'active' }, { limit: 10 })).map((v) => v.id),
      ).toEqual([children[0]!.id]);
      expect((await store.listInitiatives({ kind: 'programme' }, { limit: 10 })).map((v) => v.id)).toContain(parent.id);
    });

    it('filters by target group, owner unit, responsible, partner and words of title or description', async () => {
      // A unit of its own keeps this test apart from views other tests left in a shared store.
      const ownerUnit = `Unit ${randomUUID()}`;
      const youth = initiativeView({
        ownerUnit,
        title: 'Digitale ferdigheiter for ungdom',
        description: 'Kurs i Sogn',
        partners: ['NAV'],
        targetGroups: ['ungdom'],
      });
      const business = initiativeView({ ownerUnit, title: 'Grøn omstilling', responsible: 'Ola', partners: [] });
      for (const view of [youth, business]) await store.saveInitiative(view, 0);
      const ids = async (filter: Parameters<ReadModelStore['listInitiatives']>[0]) =>
        (await store.listInitiatives({ ownerUnit, ...filter }, { limit: 10 })).map((v) => v.id);

      expect((await ids({})).sort()).toEqual([youth.id, business.id].sort());
      expect(await ids({ targetGroup: 'ungdom' })).toEqual([youth.id]);
      expect(await ids({ responsible: 'Ola' })).toEqual([business.id]);
      expect(await ids({ partner: 'NAV' })).toEqual([youth.id]);
      expect(await ids({ q: 'DIGITALE sogn' })).toEqual([youth.id]);
      expect(await ids({ q: 'grøn' })).toEqual([business.id]);
      expect(await ids({ q: 'digitale omstilling' })).toEqual([]);
      expect(await store.listInitiatives({ ownerUnit: `${ownerUnit}-other` }, { limit: 10 })).toEqual([]);
    });

    it('keeps the decision log index per stream, filtered, counted and paged in log order', async () => {
      // Actors of its own keep this test apart from anchors other tests left in a shared store.
      const actor = `u-${randomUUID()}`;
      const [a, b] = [`ini-a-${randomUUID()}`, `ini-b-${randomUUID()}`];
      const early = anchor(a, { actor, occurredAt: '2025-01-01T00:00:00.000Z', caseRef: '2025/1' });
      const late = anchor(a, { actor, occurredAt: '2025-06-01T00:00:00.000Z', kind: 'closure', source: 'event' });
      const middle = anchor(b, { actor, occurredAt: '2025-03-01T00:00:00.000Z', decidedBy: 'County board' });
      await store.replaceDecisionAnchors([a, b], [late, early, middle]);
      expect(await store.decisionAnchorsOf([a])).toEqual([early, late]);

      const page = async (filter: Parameters<ReadModelStore['listDecisionAnchors']>[0], offset = 0, limit = 10) =>
        store.listDecisionAnchors({ actor, ...filter }, { offset, limit });
      expect(await page({})).toEqual({ anchors: [early, middle, late], total: 3 });
      expect(await page({}, 1, 1)).toEqual({ anchors: [middle], total: 3 });
      expect((await page({ streamIds: [b] })).anchors).toEqual([middle]);
      expect((await page({ caseRef: '2025/1' })).anchors).toEqual([early]);
      expect((await page({ decidedBy: 'County board' })).anchors).toEqual([middle]);
      expect((await page({ kind: 'closure' })).anchors).toEqual([late]);
      const from = Date.parse('2025-02-01T00:00:00.000Z');
      const to = Date.parse('2025-06-01T00:00:00.000Z');
      expect(await page({ fromMs: from, toMs: to })).toEqual({ anchors: [middle], total: 1 });
      expect((await store.listDecisionAnchors({ actor }, { offset: 0, limit: 10, order: 'stream' })).anchors).toEqual(
        a < b ? [early, late, middle] : [middle, early, late],
      );

      // Replacing a stream's anchors drops the ones not given again, and leaves other streams alone.
      await store.replaceDecisionAnchors([a], [late]);
      expect(await page({})).toEqual({ anchors: [middle, late], total: 2 });
      await store.replaceDecisionAnchors([a], []);
      expect(await store.decisionAnchorsOf([a, b])).toEqual([middle]);
      await store.clear();
      expect(await store.decisionAnchorsOf([b])).toEqual([]);
    });

    it('replaces the index of a stream with hundreds of decisions at once', async () => {
      // More writes than a MongoDB-compatible server may take in one command (FerretDB hangs past ~50).
      const actor = `u-${randomUUID()}`;
      const stream = `ini-many-${randomUUID()}`;
      const many = Array.from({ length: 240 }, (_, i) =>
        anchor(stream, { actor, occurredAt: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString() }),
      );
      await store.replaceDecisionAnchors([stream], many);
      expect(await store.listDecisionAnchors({ actor }, { offset: 230, limit: 20 })).toEqual({
        anchors: many.slice(230),
        total: 240,
      });
    });

    it('keeps checkpoints, never moving one backwards, and clears everything on demand', async () => {
      const name = `cp-${randomUUID()}`;
      expect(await store.getCheckpoint(name)).toBe(0);
      await store.saveCheckpoint(name, 42);
      await store.saveCheckpoint(name, 40);
      expect(await store.getCheckpoint(name)).toBe(42);
      const view = initiativeView();
      await store.saveInitiative(view, 0);
      await store.clear();
      expect(await store.getCheckpoint(name)).toBe(0);
      expect(await store.getInitiative(view.id)).toBeNull();
    });
  });
}
