import type { Collection, Db, Filter } from 'mongodb';
import type {
  DecisionAnchor,
  DecisionAnchorFilter,
  DecisionAnchorPage,
  DecisionAnchorPageRequest,
} from '../audit/decision-anchors';

/** Writes per command, well below the connection pool FerretDB can hold for one command. */
const STATEMENTS_PER_COMMAND = 32;

/** One anchor per document, keyed by the position of its event (unique in the store). */
type AnchorDocument = Omit<DecisionAnchor, 'occurredMs'> & { _id: number; occurredMs: number | null };

const LOG_ORDER = { occurredAt: 1, recordedAt: 1, decisionId: 1, streamId: 1 } as const;
const STREAM_ORDER = { streamId: 1, _id: 1 } as const;

/** The decision log index of the MongoDB read-model store. */
export class MongoDecisionLog {
  private constructor(private readonly anchors: Collection<AnchorDocument>) {}

  static async onDb(db: Db, prefix: string): Promise<MongoDecisionLog> {
    const anchors = db.collection<AnchorDocument>(`${prefix}decision_log`);
    await anchors.createIndex(STREAM_ORDER);
    await anchors.createIndex(LOG_ORDER);
    return new MongoDecisionLog(anchors);
  }

  async anchorsOf(streamIds: readonly string[]): Promise<DecisionAnchor[]> {
    const docs = await this.anchors
      .find({ streamId: { $in: [...streamIds] } })
      .sort({ _id: 1 })
      .toArray();
    return docs.map(toAnchor);
  }

  async replace(streamIds: readonly string[], anchors: readonly DecisionAnchor[]): Promise<void> {
    // The deletion goes first; the index is rebuilt from the event store if a write fails between.
    await this.anchors.deleteMany({ streamId: { $in: [...streamIds] } });
    // A few statements per command: FerretDB 1.24 on PostgreSQL holds a connection per statement
    // until the command ends and hangs for every client once one command takes its whole pool (50).
    for (let from = 0; from < anchors.length; from += STATEMENTS_PER_COMMAND) {
      await this.anchors.bulkWrite(
        anchors.slice(from, from + STATEMENTS_PER_COMMAND).map((anchor) => ({
          replaceOne: { filter: { _id: anchor.position }, replacement: toDocument(anchor), upsert: true },
        })),
        { ordered: true },
      );
    }
  }

  async list(filter: DecisionAnchorFilter, page: DecisionAnchorPageRequest): Promise<DecisionAnchorPage> {
    const occurred = {
      ...(filter.fromMs !== undefined ? { $gte: filter.fromMs } : {}),
      ...(filter.toMs !== undefined ? { $lt: filter.toMs } : {}),
    };
    // Each condition applies only when its value is given.
    const query = Object.fromEntries(
      Object.entries({
        streamId: filter.streamIds && { $in: [...filter.streamIds] },
        occurredMs: Object.keys(occurred).length ? occurred : undefined,
        actor: filter.actor,
        caseRef: filter.caseRef,
        decidedBy: filter.decidedBy,
        kind: filter.kind,
      }).filter(([, value]) => value !== undefined),
    ) as Filter<AnchorDocument>;
    const [docs, total] = await Promise.all([
      this.anchors
        .find(query)
        .sort(page.order === 'stream' ? STREAM_ORDER : LOG_ORDER)
        .skip(page.offset)
        .limit(page.limit)
        .toArray(),
      this.anchors.countDocuments(query),
    ]);
    return { anchors: docs.map(toAnchor), total };
  }

  async clear(): Promise<void> {
    await this.anchors.deleteMany({});
  }
}

function toDocument(anchor: DecisionAnchor): AnchorDocument {
  return { ...anchor, _id: anchor.position, occurredMs: Number.isNaN(anchor.occurredMs) ? null : anchor.occurredMs };
}

function toAnchor(doc: AnchorDocument): DecisionAnchor {
  const { _id: _ignored, occurredMs, ...anchor } = doc;
  return { ...anchor, occurredMs: occurredMs ?? NaN };
}
