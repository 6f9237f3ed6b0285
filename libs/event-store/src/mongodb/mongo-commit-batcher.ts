import { MongoBulkWriteError, type Collection, type WriteConcernSettings } from 'mongodb';
import type { AppendResult } from '../event-store.port';
import { toAppendResult, type MongoCommitDocument } from './mongo-commit-document';
import type { CommitSequence } from './mongo-commit-sequence';
import type { DuplicateKeyRefusal } from './mongo-schema';
import { isDuplicateKeyError } from '@followup/platform';

/** Commits one insert command carries at most. */
const MAX_BATCH = 50;
/** A commit whose sequence number other processes keep taking gives up after this many tries. */
const MAX_SEQUENCE_CLASHES = 200;

export const SEQUENCE_TAKEN = Symbol('SEQUENCE_TAKEN');

/** A commit decided and checked, waiting for its sequence number and its insert. */
export interface StagedCommit {
  /** The commit document with this sequence number (its positions and hashes depend on it). */
  build(seq: number): MongoCommitDocument;
  /** Another document holds one of the document's unique keys: the append's outcome, or SEQUENCE_TAKEN. */
  explainDuplicate(
    refusal: DuplicateKeyRefusal,
    document: MongoCommitDocument,
  ): Promise<AppendResult | typeof SEQUENCE_TAKEN>;
}

interface Waiting {
  readonly staged: StagedCommit;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
  clashes: number;
}

/**
 * Group commit: the commits handed in while an insert is in flight go together in the next one, as
 * one ordered `insertMany` numbered after the highest known sequence number. Ordered, the server
 * stores the documents before the first refused one and none after it, so the numbers stay without
 * gaps and in commit order (a reader never sees a number before the ones below it); the refused
 * commit is explained (a conflict, a retry of a stored commit, or a number taken by another
 * process, then renumbered) and the ones after it go again in the next insert. One process never
 * races itself for a number; only writers in other processes can clash.
 */
export class CommitBatcher {
  private queue: Waiting[] = [];
  private writing = false;

  constructor(
    private readonly commits: Collection<MongoCommitDocument>,
    private readonly sequence: CommitSequence,
    private readonly writeConcern: () => WriteConcernSettings | undefined,
    private readonly onStored: (document: MongoCommitDocument) => void,
  ) {}

  submit(staged: StagedCommit): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ staged, resolve, reject, clashes: 0 });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) await this.write(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.writing = false;
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    while (batch.length > 0) {
      const first = this.sequence.next();
      const documents = batch.map((waiting, i) => waiting.staged.build(first + i));
      const writeConcern = this.writeConcern();
      try {
        await this.commits.insertMany(documents, { ordered: true, ...(writeConcern ? { writeConcern } : {}) });
        this.settleStored(batch, documents, documents.length);
        return;
      } catch (error) {
        const refusal = error instanceof MongoBulkWriteError ? error.writeErrors : [];
        const refused = Array.isArray(refusal) ? refusal[0] : refusal;
        if (!refused) {
          // Not a refusal of one document (the server is unreachable, say): what was stored is unknown.
          for (const waiting of batch) waiting.reject(error);
          return;
        }
        const at = refused.index;
        this.settleStored(batch, documents, at);
        batch = batch.slice(at);
        const waiting = batch[0]!;
        if (!isDuplicateKeyError(refused)) {
          waiting.reject(error);
          batch = batch.slice(1);
          continue;
        }
        try {
          const outcome = await waiting.staged.explainDuplicate(
            { errmsg: refused.errmsg, keyPattern: refused.err?.keyPattern as Record<string, unknown> | undefined },
            documents[at]!,
          );
          if (outcome !== SEQUENCE_TAKEN) {
            waiting.resolve(outcome);
            batch = batch.slice(1);
          } else if (++waiting.clashes >= MAX_SEQUENCE_CLASHES) {
            waiting.reject(new Error('could not allocate a commit sequence: too many concurrent writers'));
            batch = batch.slice(1);
          } else {
            // A writer elsewhere took this number: take the next free one, with a little jitter.
            await sleep(Math.random() * Math.min(20, waiting.clashes));
            await this.sequence.freeAfter(documents[at]!.seq);
          }
        } catch (explained) {
          waiting.reject(explained);
          batch = batch.slice(1);
        }
      }
    }
  }

  private settleStored(batch: readonly Waiting[], documents: readonly MongoCommitDocument[], count: number): void {
    for (let i = 0; i < count; i++) {
      this.sequence.stored(documents[i]!.seq, this.writeConcern());
      this.onStored(documents[i]!);
      batch[i]!.resolve(toAppendResult(documents[i]!));
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
