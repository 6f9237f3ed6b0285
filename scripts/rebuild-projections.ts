/**
 * Rebuilds the read models from the event store, beside a running API and projector:
 *   npm run projections:rebuild
 * Uses the same configuration as the services (MONGO_URL, DATA_DIR).
 */
import { loadConfig } from '@followup/platform';
import { rebuildInitiativeViews } from '@followup/read-model';
import { createEventStore, createReadModelStore } from '@followup/runtime';

async function main(): Promise<void> {
  const config = loadConfig(process.env, 'rebuild');
  const events = await createEventStore(config);
  const views = await createReadModelStore(config);
  const started = Date.now();
  let lastLine = 0;
  try {
    const result = await rebuildInitiativeViews(events, views, ({ phase, done, total }) => {
      if (Date.now() - lastLine < 500 && done < total) return;
      lastLine = Date.now();
      const share = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 100;
      const unit = phase === 'reading' ? 'events (by position)' : 'views';
      console.log(`[rebuild] ${phase} ${done}/${total} ${unit} (${share}%)`);
    });
    console.log(
      `[rebuild] done: ${result.events} events folded into ${result.views} views in ${Date.now() - started} ms`,
    );
  } finally {
    await views.close();
    await events.close();
  }
}

main().catch((error: unknown) => {
  console.error(`[rebuild] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
