import type { MongoCommitDocument, MongoEventDocument } from './mongo-commit-document';

/** A stream's stored versions are not contiguous: a commit is missing (or overlaps another). */
export class StreamIntegrityError extends Error {
  constructor(
    readonly streamId: string,
    readonly missingVersion: number,
    detail: string,
  ) {
    super(`stream ${streamId} is not contiguous: version ${missingVersion} is missing (${detail})`);
    this.name = 'StreamIntegrityError';
  }
}

export type StreamCommitHeader = Pick<MongoCommitDocument, 'firstVersion' | 'lastVersion'> & {
  events?: MongoEventDocument[];
};

/**
 * Reads a stream's commits (from the one holding `from` on) and checks that their versions are
 * contiguous. A concurrent insert can become visible before an earlier one, so a gap is re-read
 * a few times (tiny waits, doubling) before it is reported as a missing commit.
 */
export async function readContiguous<T extends StreamCommitHeader>(
  streamId: string,
  from: number,
  read: () => Promise<T[]>,
  gapRetry: { retries: number; delayMs: number },
): Promise<T[]> {
  for (let attempt = 0; ; attempt++) {
    const commits = await read();
    const gap = findGap(commits, from);
    if (!gap) return commits;
    if (attempt >= gapRetry.retries) throw new StreamIntegrityError(streamId, gap.missingVersion, gap.detail);
    await new Promise((resolve) => setTimeout(resolve, gapRetry.delayMs * 2 ** attempt));
  }
}

export function findGap(
  commits: readonly StreamCommitHeader[],
  from: number,
): { missingVersion: number; detail: string } | null {
  if (commits.length === 0) return null;
  let expectedNext: number | null = null;
  for (const commit of commits) {
    const first = Number(commit.firstVersion);
    const last = Number(commit.lastVersion);
    if (expectedNext === null) {
      // The first commit read must hold `from` (from 1 on, it must start the stream).
      if (first > from) return { missingVersion: from, detail: `the first commit found starts at version ${first}` };
    } else if (first !== expectedNext) {
      return first > expectedNext
        ? { missingVersion: expectedNext, detail: `the next commit found starts at version ${first}` }
        : { missingVersion: expectedNext, detail: `a commit starting at version ${first} overlaps the one before it` };
    }
    if (commit.events) {
      const broken = commit.events.findIndex((event, i) => event.streamVersion !== first + i);
      if (broken >= 0 || commit.events.length !== last - first + 1) {
        return {
          missingVersion: first + Math.max(broken, 0),
          detail: `a commit covering ${first}..${last} has inconsistent events`,
        };
      }
    }
    expectedNext = last + 1;
  }
  return null;
}
