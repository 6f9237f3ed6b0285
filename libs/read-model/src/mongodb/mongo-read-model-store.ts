import { MongoClient, type Collection, type Db, type Filter } from 'mongodb';
import type { InitiativeView } from '../initiative/initiative-view';
import type {
  DecisionAnchor,
  DecisionAnchorFilter,
  DecisionAnchorPage,
  DecisionAnchorPageRequest,
} from '../audit/decision-anchors';
import type { InitiativeFilter, PageRequest, ReadModelStore } from '../read-model-store.port';
import { searchOf, wordsOf } from '../search/initiative-search';
import { isDuplicateKeyError, upsertRacing } from '@followup/platform';
import { MongoDecisionLog } from './mongo-decision-log';

/** An operation fails after this long without a reachable server, so a request answers 503 well within 10 s. */
const MONGO_SERVER_SELECTION_MS = 3_000;

type ViewDocument = InitiativeView & { _id: string };
interface CheckpointDocument {
  _id: string;
  position: number;
}

export interface MongoReadModelStoreOptions {
  readonly url: string;
  readonly dbName: string;
  /** Collection name prefix, so a rebuild can fill fresh collections beside the live ones. */
  readonly prefix?: string;
}

/**
 * Read models in MongoDB (or a MongoDB-compatible server): one document per initiative.
 * No `saveInitiatives`: a projection batch is saved one guarded replacement at a time, because
 * FerretDB 1.24 (PostgreSQL) hangs on an `update` command of more than about 50 statements (its
 * whole connection pool, for every client) and reports matched counts only in total.
 */
export class MongoReadModelStore implements ReadModelStore {
  private constructor(
    private readonly client: MongoClient | null,
    private readonly db: Db,
    private readonly views: Collection<ViewDocument>,
    private readonly checkpoints: Collection<CheckpointDocument>,
    private readonly decisionLog: MongoDecisionLog,
  ) {}

  static async connect(options: MongoReadModelStoreOptions): Promise<MongoReadModelStore> {
    const client = await new MongoClient(options.url, {
      serverSelectionTimeoutMS: MONGO_SERVER_SELECTION_MS,
    }).connect();
    try {
      return await MongoReadModelStore.onDb(client.db(options.dbName), options.prefix ?? '', client);
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
  }

  static async onDb(db: Db, prefix = '', owner: MongoClient | null = null): Promise<MongoReadModelStore> {
    const views = db.collection<ViewDocument>(`${prefix}initiative_views`);
    const checkpoints = db.collection<CheckpointDocument>(`${prefix}checkpoints`);
    await views.createIndex({ parentId: 1, _id: 1 });
    await views.createIndex({ kind: 1, _id: 1 });
    return new MongoReadModelStore(owner, db, views, checkpoints, await MongoDecisionLog.onDb(db, prefix));
  }

  async getInitiative(id: string): Promise<InitiativeView | null> {
    const doc = await this.views.findOne({ _id: id });
    return doc ? strip(doc) : null;
  }

  async saveInitiative(view: InitiativeView, previousVersion: number): Promise<boolean> {
    const doc: ViewDocument = { ...view, _id: view.id };
    if (previousVersion === 0) {
      try {
        await this.views.insertOne(doc);
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    }
    const result = await this.views.replaceOne({ _id: view.id, version: previousVersion }, doc);
    return result.matchedCount === 1;
  }

  async putInitiative(view: InitiativeView): Promise<void> {
    const doc: ViewDocument = { ...view, _id: view.id };
    const replaced = await this.views.replaceOne({ _id: view.id, version: { $lte: view.version } }, doc);
    if (replaced.matchedCount === 1) return;
    try {
      await this.views.insertOne(doc);
    } catch (error) {
      // Already there with a newer version: the live projector is ahead, which is fine.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async listInitiatives(filter: InitiativeFilter, page: PageRequest): Promise<InitiativeView[]> {
    const query: Filter<ViewDocument> = {};
    if (filter.kind) query.kind = filter.kind;
    if (filter.parentId) query.parentId = filter.parentId;
    if (filter.status) query.status = filter.status;
    if (page.afterId) query._id = { $gt: page.afterId };
    Object.assign(query, searchQuery(filter));
    const docs = await this.views.find(query).sort({ _id: 1 }).limit(page.limit).toArray();
    return docs.map(strip);
  }

  decisionAnchorsOf(streamIds: readonly string[]): Promise<DecisionAnchor[]> {
    return this.decisionLog.anchorsOf(streamIds);
  }

  replaceDecisionAnchors(streamIds: readonly string[], anchors: readonly DecisionAnchor[]): Promise<void> {
    return this.decisionLog.replace(streamIds, anchors);
  }

  listDecisionAnchors(filter: DecisionAnchorFilter, page: DecisionAnchorPageRequest): Promise<DecisionAnchorPage> {
    return this.decisionLog.list(filter, page);
  }

  async getCheckpoint(name: string): Promise<number> {
    return (await this.checkpoints.findOne({ _id: name }))?.position ?? 0;
  }

  async saveCheckpoint(name: string, position: number): Promise<void> {
    await upsertRacing(() => this.checkpoints.updateOne({ _id: name }, { $max: { position } }, { upsert: true }));
  }

  async clear(): Promise<void> {
    await this.views.deleteMany({});
    await this.decisionLog.clear();
    await this.checkpoints.deleteMany({});
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.client?.close();
  }
}

function strip(doc: ViewDocument): InitiativeView {
  const { _id: _ignored, ...view } = doc;
  return view;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The search filters as a MongoDB query, mirroring `matchesSearch`. */
function searchQuery(filter: InitiativeFilter): Filter<ViewDocument> {
  const search = searchOf(filter);
  if (!search) return {};
  const query: Filter<ViewDocument> = {};
  if (search.ownerUnit !== undefined) query.ownerUnit = search.ownerUnit;
  if (search.responsible !== undefined) query.responsible = search.responsible;
  if (search.partner !== undefined) query.partners = search.partner;
  if (search.targetGroup !== undefined) query.targetGroups = search.targetGroup;
  if (search.q !== undefined) {
    query.$and = wordsOf(search.q).map((word) => {
      const pattern = { $regex: escapeRegex(word), $options: 'i' };
      return { $or: [{ title: pattern }, { description: pattern }] };
    });
  }
  return query;
}
