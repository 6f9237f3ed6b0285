import { randomUUID } from 'node:crypto';
import { initiativeView } from './initiative-views';
import type { ReadModelStore } from '../read-model-store.port';

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
