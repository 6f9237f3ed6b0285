import { randomUUID } from 'node:crypto';
import { Collection, MongoClient } from 'mongodb';
import { tamperContract, type Tamperer } from '../testing/tamper.contract';
import { COMMITS_COLLECTION, MongoCommitDocument, MongoEventDocument, MongoEventStore } from './mongo-event-store';

// Real MongoDB-compatible server (MongoDB 7+, or FerretDB 1.24 where no Docker engine runs).
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';

jest.setTimeout(60_000);

let client: MongoClient;
beforeAll(async () => {
  client = new MongoClient(MONGO_URL, { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
});
afterAll(async () => {
  await client?.close();
});

/**
 * Edits commit documents directly, as anyone with database access could: plain finds and
 * whole-document replacements (which every MongoDB-compatible server supports).
 */
function mongoTamperer(commits: Collection<MongoCommitDocument>): Tamperer {
  const holding = async (eventId: string) => {
    const doc = await commits.findOne({ 'events.eventId': eventId });
    if (!doc) throw new Error(`no commit holds event ${eventId}`);
    return { doc, index: doc.events.findIndex((e) => e.eventId === eventId) };
  };
  const save = (doc: MongoCommitDocument) => commits.replaceOne({ _id: doc._id }, doc);
  return {
    async update(eventId, change) {
      const { doc, index } = await holding(eventId);
      doc.events[index] = { ...change(doc.events[index]! as never) } as MongoEventDocument;
      await save(doc);
    },
    async remove(eventId) {
      const { doc, index } = await holding(eventId);
      doc.events.splice(index, 1);
      if (doc.events.length === 0) await commits.deleteOne({ _id: doc._id });
      else await save(doc);
    },
    async swapPlaces(a, b) {
      const first = await holding(a);
      const second = await holding(b);
      const sameDoc = first.doc._id === second.doc._id;
      const docB = sameDoc ? first.doc : second.doc;
      const eventA = first.doc.events[first.index]!;
      const eventB = docB.events[second.index]!;
      // Each event moves into the other's slot, taking its position and version.
      first.doc.events[first.index] = { ...eventB, position: eventA.position, streamVersion: eventA.streamVersion };
      docB.events[second.index] = { ...eventA, position: eventB.position, streamVersion: eventB.streamVersion };
      await save(first.doc);
      if (!sameDoc) await save(docB);
    },
  };
}

tamperContract('MongoDB (commit documents edited directly)', async () => {
  const dbName = `es_tamper_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const store = await MongoEventStore.create({ client, dbName });
  return {
    store,
    tamper: mongoTamperer(store.db.collection<MongoCommitDocument>(COMMITS_COLLECTION)),
    close: async () => {
      await store.close();
      await client.db(dbName).dropDatabase();
    },
  };
});
