#!/usr/bin/env node
// One readiness probe, used by scripts/services/*.sh.
//   node probe.cjs kafka 127.0.0.1:9092[,host:port...]
//   node probe.cjs mongo mongodb://127.0.0.1:27017
// Exit 0 when the service really answers, else 1 with the reason on stderr.
// Prefers the project's own clients (kafkajs / mongodb from node_modules); if
// they are not installed yet it speaks the wire protocols directly (Kafka
// Metadata v1, MongoDB OP_MSG ping), so it never needs npm.
'use strict';

const net = require('net');
const path = require('path');

const TIMEOUT_MS = 5000;
const repoRoot = path.resolve(__dirname, '..', '..', '..');

function optionalRequire(name) {
  try {
    return require(require.resolve(name, { paths: [repoRoot, process.cwd(), __dirname] }));
  } catch {
    return null;
  }
}

function fail(msg) {
  process.stderr.write(String(msg).split('\n')[0] + '\n');
  process.exit(1);
}

function splitHostPort(hp, defPort) {
  const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(hp.trim());
  if (!m) throw new Error(`bad address ${hp}`);
  return { host: m[1], port: Number(m[2] || defPort) };
}

// Sends one request frame and resolves with the complete response frame.
// lengthOf(buf) returns the total frame length once enough bytes are present.
function roundTrip({ host, port }, request, lengthOf) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port });
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no answer from ${host}:${port} within ${TIMEOUT_MS}ms`));
    }, TIMEOUT_MS);
    sock.on('connect', () => sock.write(request));
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      const total = lengthOf(buf);
      if (total !== null && buf.length >= total) {
        clearTimeout(timer);
        sock.destroy();
        resolve(buf.subarray(0, total));
      }
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.on('close', () => {
      clearTimeout(timer);
      reject(new Error(`connection to ${host}:${port} closed before a full answer`));
    });
  });
}

// ---- Kafka --------------------------------------------------------------------
async function kafkaRaw(brokers) {
  // MetadataRequest v1 with an empty topic list: the broker must return itself.
  const addr = splitHostPort(brokers.split(',')[0], 9092);
  const clientId = Buffer.from('services-probe');
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4);
  let o = 0;
  body.writeInt16BE(3, o);
  o += 2; // api key: Metadata
  body.writeInt16BE(1, o);
  o += 2; // api version 1
  body.writeInt32BE(7, o);
  o += 4; // correlation id
  body.writeInt16BE(clientId.length, o);
  o += 2;
  clientId.copy(body, o);
  o += clientId.length;
  body.writeInt32BE(0, o); // topics: [] (v1: empty array = no topics)
  const frame = Buffer.concat([Buffer.alloc(4), body]);
  frame.writeInt32BE(body.length, 0);
  const res = await roundTrip(addr, frame, (b) => (b.length >= 4 ? b.readInt32BE(0) + 4 : null));
  let p = 4;
  const corr = res.readInt32BE(p);
  p += 4;
  if (corr !== 7) throw new Error(`unexpected correlation id ${corr}`);
  const brokerCount = res.readInt32BE(p);
  p += 4;
  if (brokerCount < 1) throw new Error('broker answered but lists no brokers yet');
  for (let i = 0; i < brokerCount; i++) {
    p += 4; // node id
    const hl = res.readInt16BE(p);
    p += 2 + hl; // host
    p += 4; // port
    const rl = res.readInt16BE(p);
    p += 2 + (rl > 0 ? rl : 0); // rack (nullable)
  }
  const controller = res.readInt32BE(p);
  if (controller < 0) throw new Error('broker answered but has no active controller yet');
}

async function kafkaWithKafkajs(kafkajs, brokers) {
  const kafka = new kafkajs.Kafka({
    clientId: 'services-probe',
    brokers: brokers
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    connectionTimeout: 3000,
    requestTimeout: TIMEOUT_MS,
    retry: { retries: 0 },
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.listTopics();
    const cluster = await admin.describeCluster();
    if (!cluster.brokers.length || cluster.controller === null || cluster.controller < 0) {
      throw new Error('broker answered but has no active controller yet');
    }
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

// ---- MongoDB ------------------------------------------------------------------
function mongoAddress(url) {
  const m = /^mongodb:\/\/(?:[^@/]*@)?([^/?]+)/.exec(url);
  if (!m) throw new Error(`cannot parse host from ${url} (mongodb+srv is only probed with the driver)`);
  return splitHostPort(m[1].split(',')[0], 27017);
}

function bsonPingDoc() {
  const el = (type, name, value) => Buffer.concat([Buffer.from([type]), Buffer.from(name + '\0'), value]);
  const int32 = (n) => {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    return b;
  };
  const str = (s) => {
    const v = Buffer.from(s + '\0');
    return Buffer.concat([int32(v.length), v]);
  };
  const elems = Buffer.concat([el(0x10, 'ping', int32(1)), el(0x02, '$db', str('admin'))]);
  return Buffer.concat([int32(4 + elems.length + 1), elems, Buffer.from([0])]);
}

async function mongoRaw(url) {
  const addr = mongoAddress(url);
  const doc = bsonPingDoc();
  const header = Buffer.alloc(16);
  const payload = Buffer.concat([Buffer.alloc(4) /* flagBits */, Buffer.from([0]) /* section kind 0 */, doc]);
  header.writeInt32LE(16 + payload.length, 0);
  header.writeInt32LE(1, 4); // requestID
  header.writeInt32LE(0, 8); // responseTo
  header.writeInt32LE(2013, 12); // OP_MSG
  const res = await roundTrip(addr, Buffer.concat([header, payload]), (b) => (b.length >= 4 ? b.readInt32LE(0) : null));
  if (res.readInt32LE(12) !== 2013) throw new Error(`unexpected opCode ${res.readInt32LE(12)}`);
  if (res[20] !== 0) throw new Error('unexpected OP_MSG section kind');
  // walk the top-level elements of the reply document looking for ok
  const docStart = 21;
  const docEnd = docStart + res.readInt32LE(docStart) - 1;
  let p = docStart + 4;
  let errmsg = '';
  while (p < docEnd) {
    const type = res[p++];
    const nameEnd = res.indexOf(0, p);
    const name = res.toString('utf8', p, nameEnd);
    p = nameEnd + 1;
    let value;
    switch (type) {
      case 0x01:
        value = res.readDoubleLE(p);
        p += 8;
        break;
      case 0x10:
        value = res.readInt32LE(p);
        p += 4;
        break;
      case 0x12:
        value = Number(res.readBigInt64LE(p));
        p += 8;
        break;
      case 0x08:
        value = res[p] ? 1 : 0;
        p += 1;
        break;
      case 0x02: {
        const l = res.readInt32LE(p);
        value = res.toString('utf8', p + 4, p + 4 + l - 1);
        p += 4 + l;
        break;
      }
      case 0x03:
      case 0x04:
        p += res.readInt32LE(p);
        break;
      case 0x0a:
        break;
      default:
        p = docEnd; // unknown type: stop walking
    }
    if (name === 'errmsg') errmsg = value;
    if (name === 'ok') {
      if (value === 1) return;
      throw new Error(`ping answered ok=${value} ${errmsg}`);
    }
  }
  throw new Error(`ping reply without ok ${errmsg}`);
}

async function mongoWithDriver(mongodb, url) {
  const client = new mongodb.MongoClient(url, {
    serverSelectionTimeoutMS: 3000,
    connectTimeoutMS: 3000,
    socketTimeoutMS: TIMEOUT_MS,
  });
  try {
    await client.connect();
    const res = await client.db('admin').command({ ping: 1 });
    if (!res || res.ok !== 1) throw new Error(`ping answered ${JSON.stringify(res)}`);
  } finally {
    await client.close().catch(() => {});
  }
}

// ---- main ---------------------------------------------------------------------
async function main() {
  const [kind, target] = process.argv.slice(2);
  if (!kind || !target) fail('usage: probe.cjs kafka|mongo TARGET');
  const hardStop = setTimeout(() => fail(`probe timed out after ${TIMEOUT_MS * 3}ms`), TIMEOUT_MS * 3);
  hardStop.unref();
  if (kind === 'kafka') {
    const kafkajs = process.env.SERVICES_PROBE_RAW === '1' ? null : optionalRequire('kafkajs');
    await (kafkajs ? kafkaWithKafkajs(kafkajs, target) : kafkaRaw(target));
  } else if (kind === 'mongo') {
    const mongodb = process.env.SERVICES_PROBE_RAW === '1' ? null : optionalRequire('mongodb');
    await (mongodb ? mongoWithDriver(mongodb, target) : mongoRaw(target));
  } else {
    fail(`unknown kind ${kind}`);
  }
}

main().then(
  () => process.exit(0),
  (e) => fail(`${e && e.message ? e.message : e}`),
);
