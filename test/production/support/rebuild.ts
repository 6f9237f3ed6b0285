import { MongoEventStore } from '@followup/event-store';
import { MongoReadModelStore, rebuildInitiativeViews, type InitiativeView } from '@followup/read-model';
import type { ProductionStack } from './stack';

export const REBUILD_SUFFIX = '_rebuild';

/**
 * Computes every initiative view afresh from the stack's event store into a second database
 * (`<db>_rebuild`, emptied first) and returns them by id: what the read models must equal.
 */
export async function freshRebuild(stack: ProductionStack): Promise<Map<string, InitiativeView>> {
  const events = new MongoEventStore({ db: stack.db() });
  const views = await MongoReadModelStore.onDb(stack.db(REBUILD_SUFFIX));
  await views.clear();
  await rebuildInitiativeViews(events, views);
  return stack.storedViews(REBUILD_SUFFIX);
}

/** Ids whose live view differs from the rebuilt one (or exists on one side only), for a readable failure. */
export function differences(live: Map<string, InitiativeView>, rebuilt: Map<string, InitiativeView>): string[] {
  const ids = new Set([...live.keys(), ...rebuilt.keys()]);
  const out: string[] = [];
  for (const id of ids) {
    const a = live.get(id);
    const b = rebuilt.get(id);
    if (!a || !b) out.push(`${id}: ${a ? 'only live' : 'only rebuilt'}`);
    else if (canonical(a) !== canonical(b)) out.push(`${id}: live v${a.version} != rebuilt v${b.version}`);
  }
  return out;
}

/** JSON with object keys sorted, so field order (which MongoDB keeps as written) does not matter. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
        )
      : v,
  );
}
