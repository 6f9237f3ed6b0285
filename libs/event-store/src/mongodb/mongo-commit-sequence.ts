import type { Collection } from 'mongodb';
import type { MongoCommitDocument } from './mongo-commit-document';

/**
 * Commit sequence numbers for one store instance, kept unique by the index on `seq` rather than by
 * a counter: `$inc` and compare-and-set updates are not atomic across connections on FerretDB 1.24
 * (on SQLite and on PostgreSQL alike; 8 connections doing 400 `$inc`s left the counter at 227-292),
 * while an insert refused by a unique index is.
 *
 * A number is taken only by a stored commit, and a writer only tries the number right after one it
 * knows is stored, so numbers are taken without gaps and in commit order. The highest taken number
 * is kept in memory; it is found after a start or a clash with a few lookups of single numbers
 * (each an index lookup), however many commits are stored.
 */
export class CommitSequence {
  private highestTaken = 0;
  private numbering: Promise<unknown> = Promise.resolve();

  constructor(private readonly commits: Collection<MongoCommitDocument>) {}

  /**
   * Runs `work` (numbering and inserting one commit) after the work handed in before it has
   * settled: this store's own writers never race each other for a number, which would cost each
   * loser a refused insert and a few lookups; only writers in other processes can clash.
   */
  serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.numbering.then(work, work);
    this.numbering = run.catch(() => undefined);
    return run;
  }

  /** The number to try for the next commit. */
  async next(): Promise<number> {
    return this.highestTaken === 0 ? this.freeAfter(0) : this.highestTaken + 1;
  }

  /** A commit with this number was stored. */
  stored(seq: number): void {
    this.highestTaken = Math.max(this.highestTaken, seq);
  }

  /**
   * The first number after `taken` (a stored one, or 0) that no stored commit holds: doubling steps
   * past it, then halving back.
   */
  async freeAfter(taken: number): Promise<number> {
    let below = Math.max(taken, this.highestTaken);
    let step = 1;
    while (await this.isTaken(below + step)) {
      below += step;
      step *= 2;
    }
    let free = below + step;
    while (free - below > 1) {
      const middle = Math.floor((below + free) / 2);
      if (await this.isTaken(middle)) below = middle;
      else free = middle;
    }
    this.stored(below);
    return free;
  }

  private async isTaken(seq: number): Promise<boolean> {
    return (await this.commits.findOne({ seq }, { projection: { _id: 1 } })) !== null;
  }
}
