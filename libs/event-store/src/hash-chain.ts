import { createHash } from 'node:crypto';
import type { StoredEvent } from './event-store.port';

/**
 * Tamper evidence, part 1: every stored event carries `hash` = SHA-256 (hex) of its canonical
 * form, and `prevHash` = the `hash` of the previous event of its stream (null for version 1).
 * Changing an event changes its hash; deleting, inserting or reordering events breaks the
 * `prevHash` links. Pure functions, no framework: outside parties can redo this with standard
 * tools (docs/verifying-an-export.md).
 */

/**
 * The envelope fields the hash covers, in the order they are named here (the canonical form
 * sorts them anyway): every field of StoredEvent except `hash` itself. The list is explicit so
 * that adding a field to the envelope is a deliberate change of the hash definition, not an
 * accident that would make every stored hash unverifiable. `satisfies` makes the compiler
 * refuse a StoredEvent field that is neither hashed nor deliberately left out.
 */
export const HASHED_FIELDS = [
  'eventId',
  'streamId',
  'streamVersion',
  'position',
  'commitId',
  'type',
  'schemaVersion',
  'data',
  'occurredAt',
  'recordedAt',
  'actor',
  'correlationId',
  'causationId',
  'decisionId',
  'caseRef',
  'reason',
  'prevHash',
] as const satisfies ReadonlyArray<keyof StoredEvent>;

type HashedField = (typeof HASHED_FIELDS)[number];
// Compile-time check: every StoredEvent field is hashed, except `hash`.
type Unhashed = Exclude<keyof StoredEvent, HashedField | 'hash'>;
const everyFieldHashed: [Unhashed] extends [never] ? true : Unhashed = true;
void everyFieldHashed;

/** What `eventHash` needs: the envelope without its own hash. */
export type HashableEvent = Pick<StoredEvent, HashedField>;

/**
 * Canonical JSON: the JSON.stringify text of the value (same escapes, same number formatting,
 * same treatment of undefined, functions, toJSON, NaN and Infinity), with object keys sorted by
 * Unicode code point at every level and no whitespace. Python's `json.dumps(v, sort_keys=True,
 * separators=(',', ':'), ensure_ascii=False)` and `jq -cS` give the same text for the values
 * this service stores, apart from number formatting (see docs/verifying-an-export.md).
 */
export function canonicalJson(value: unknown): string {
  const text = serialise(value, '');
  // Like JSON.stringify, a top-level value that has no JSON form gives no text; hashing needs one.
  if (text === undefined) throw new TypeError('canonicalJson: the value has no JSON representation');
  return text;
}

function serialise(value: unknown, key: string): string | undefined {
  let current = value;
  if (
    current !== null &&
    typeof current === 'object' &&
    typeof (current as { toJSON?: unknown }).toJSON === 'function'
  ) {
    current = (current as { toJSON(key: string): unknown }).toJSON(key);
  }
  switch (typeof current) {
    case 'string':
      return JSON.stringify(current);
    case 'number':
      return Number.isFinite(current) ? JSON.stringify(current) : 'null';
    case 'boolean':
      return current ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson: BigInt has no JSON representation');
    case 'object': {
      if (current === null) return 'null';
      // Boxed primitives serialise as their primitive value, as in JSON.stringify.
      if (current instanceof Number || current instanceof String || current instanceof Boolean) {
        return serialise(current.valueOf(), key);
      }
      if (Array.isArray(current)) {
        const items = current.map((item, index) => serialise(item, String(index)) ?? 'null');
        return `[${items.join(',')}]`;
      }
      const record = current as Record<string, unknown>;
      const members: string[] = [];
      for (const name of Object.keys(record).sort(compareCodePoints)) {
        const text = serialise(record[name], name);
        if (text !== undefined) members.push(`${JSON.stringify(name)}:${text}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      // undefined, functions and symbols: left out of objects, null in arrays (by the caller).
      return undefined;
  }
}

/**
 * Orders strings by Unicode code point (the order of their UTF-8 bytes, which Python's
 * `sorted` and jq use), not by UTF-16 code unit as Array.prototype.sort does. The two differ
 * only for characters beyond U+FFFF against U+E000..U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Surrogates (characters beyond U+FFFF) rank above U+E000..U+FFFF in code point order. */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The hashed fields of an event, in canonical form: the text whose SHA-256 is its hash. */
export function canonicalEvent(event: HashableEvent): string {
  const picked: Record<string, unknown> = {};
  for (const field of HASHED_FIELDS) picked[field] = event[field];
  return canonicalJson(picked);
}

/** SHA-256 (hex) of the event's canonical form, `prevHash` included, `hash` excluded. */
export function eventHash(event: HashableEvent): string {
  return sha256Hex(canonicalEvent(event));
}

/**
 * Gives a run of new events of one stream their chain fields: the first links to `prevHash`
 * (the hash of the stream's current last event, null for a new stream), each further one to
 * the event before it.
 */
export function chainEvents<E extends Omit<StoredEvent, 'prevHash' | 'hash'>>(
  events: readonly E[],
  prevHash: string | null,
): Array<E & { prevHash: string | null; hash: string }> {
  let previous = prevHash;
  return events.map((event) => {
    const linked = { ...event, prevHash: previous };
    const hash = eventHash(linked);
    previous = hash;
    return { ...linked, hash };
  });
}
