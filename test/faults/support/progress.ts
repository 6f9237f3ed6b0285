/**
 * Polls `measure` (0 when done, else a figure that grows with progress) until it reaches 0;
 * rejects after a minute without progress.
 */
export async function whileProgressing(what: string, measure: () => Promise<number>): Promise<void> {
  let best = await measure();
  let progressAt = Date.now();
  while (best < 0) {
    if (Date.now() - progressAt > 60_000) throw new Error(`no progress for 60 s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = await measure();
    if (now > best) [best, progressAt] = [now, Date.now()];
  }
}
