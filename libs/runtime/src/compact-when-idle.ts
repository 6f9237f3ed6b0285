import { Logger } from '@nestjs/common';
import { IdleCompaction, type AppConfig } from '@followup/platform';

/** Starts handing memory back after busy spells (IDLE_COMPACTION_MS); for a process's main only. */
export function compactWhenIdle(config: AppConfig): IdleCompaction {
  const logger = new Logger('Memory');
  const compaction = new IdleCompaction({
    idleMs: config.idleCompactionMs,
    onCompacted: ({ durationMs, heapBeforeMiB, heapAfterMiB }) =>
      logger.debug(`idle: heap compacted from ${heapBeforeMiB} to ${heapAfterMiB} MiB in ${durationMs} ms`),
  });
  compaction.start();
  return compaction;
}
