import { createHash } from 'node:crypto';
import type { StoredEvent } from './event-store.port';
import { canonicalEvent, canonicalJson, chainEvents, compareCodePoints, eventHash, HASHED_FIELDS } from './hash-chain';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function sampleEvent(overrides: Partial<StoredEvent> = {}): StoredEvent {
  return {
    eventId: 'e-1',
    streamId: 'init-1',
    streamVersion: 1,
    position: 7,
    commitId: 'c-1',
    type: 'GoalDefined',
    schemaVersion: 1,
    data: { statement: 'Fleire lærlingar', resultLevel: 'output', target: 12.5 },
    occurredAt: '2025-03-01T00:00:00.000Z',
    recordedAt: '2025-03-01T12:00:00.000Z',
    actor: { sub: 'kari', name: 'Kari Nordmann', roles: ['caseworker'] },
    correlationId: 'corr-1',
    causationId: null,
    decisionId: null,
    caseRef: '2024/1234',
    reason: null,
    prevHash: null,
    hash: null,
    ...overrides,
  };
}

describe('canonicalJson', () => {
  it('sorts keys at every level and leaves out whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[1,{"e":3,"f":2}]},"b":1}',
    );
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson(null)).toBe('null');
  });

  it('formats numbers and strings exactly as JSON.stringify does', () => {
    const values = [0, -0, 1, -1.5, 0.1, 1e-7, 0.00001, 1e21, 123456789.125, Number.MAX_SAFE_INTEGER, 5e-324];
    for (const value of values) expect(canonicalJson(value)).toBe(JSON.stringify(value));
    const strings = [
      '',
      'æøå ÆØÅ',
      'quote " backslash \\ slash /',
      'ctl \u0000\u0001\u001f\b\f\n\r\t\u007f',
      '\u2028\u2029',
      '😀',
      '\ud800 lone',
    ];
    for (const text of strings) expect(canonicalJson(text)).toBe(JSON.stringify(text));
  });

  it('treats values without a JSON form as JSON.stringify does, so the stored form hashes the same', () => {
    const tricky = {
      when: new Date('2025-01-02T03:04:05.006Z'),
      gone: undefined,
      fn: () => 1,
      list: [undefined, () => 1, NaN, Infinity, -Infinity, null],
      custom: { toJSON: () => ({ z: 1, y: [2] }) },
      boxed: [Object(1), Object('s'), Object(true)],
    };
    expect(canonicalJson(tricky)).toBe(canonicalJson(JSON.parse(JSON.stringify(tricky))));
    expect(canonicalJson(tricky)).toBe(
      '{"boxed":[1,"s",true],"custom":{"y":[2],"z":1},"list":[null,null,null,null,null,null],"when":"2025-01-02T03:04:05.006Z"}',
    );
  });

  it('refuses values that have no JSON text at all', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson({ n: BigInt(1) })).toThrow(TypeError);
  });

  it('orders keys by code point (as Python and jq do), not by UTF-16 code unit', () => {
    const keys = ['b', 'a', '\u{1F600}', '\uE000', 'Z', 'å'];
    expect([...keys].sort(compareCodePoints)).toEqual(['Z', 'a', 'b', 'å', '\uE000', '\u{1F600}']);
    // Array.prototype.sort would put the emoji (surrogates D83D..) before U+E000.
    expect([...keys].sort()).toEqual(['Z', 'a', 'b', 'å', '\u{1F600}', '\uE000']);
    expect(canonicalJson({ '\u{1F600}': 1, '\uE000': 2 })).toBe('{"\uE000":2,"\u{1F600}":1}');
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
    expect(compareCodePoints('abc', 'abc')).toBe(0);
  });
});

describe('eventHash', () => {
  it('is the SHA-256 of the canonical envelope without hash (a fixed test vector)', () => {
    const event = sampleEvent();
    const expectedText =
      '{"actor":{"name":"Kari Nordmann","roles":["caseworker"],"sub":"kari"},"caseRef":"2024/1234","causationId":null,' +
      '"commitId":"c-1","correlationId":"corr-1","data":{"resultLevel":"output","statement":"Fleire lærlingar","target":12.5},' +
      '"decisionId":null,"eventId":"e-1","occurredAt":"2025-03-01T00:00:00.000Z","position":7,"prevHash":null,"reason":null,' +
      '"recordedAt":"2025-03-01T12:00:00.000Z","schemaVersion":1,"streamId":"init-1","streamVersion":1,"type":"GoalDefined"}';
    expect(canonicalEvent(event)).toBe(expectedText);
    expect(eventHash(event)).toBe(sha256(expectedText));
  });

  it('ignores the hash field and fields outside the envelope', () => {
    const event = sampleEvent();
    const withExtras = { ...sampleEvent({ hash: 'f'.repeat(64) }), extra: 'not hashed' } as StoredEvent;
    expect(eventHash(withExtras)).toBe(eventHash(event));
  });

  it('covers every envelope field but hash', () => {
    expect([...HASHED_FIELDS].sort()).toEqual(
      Object.keys(sampleEvent())
        .filter((k) => k !== 'hash')
        .sort(),
    );
    const base = eventHash(sampleEvent());
    const changed: Partial<StoredEvent> = {
      eventId: 'e-2',
      streamId: 'init-2',
      streamVersion: 2,
      position: 8,
      commitId: 'c-2',
      type: 'GoalRevised',
      schemaVersion: 2,
      data: { statement: 'Fleire lærlingar', resultLevel: 'output', target: 12.6 },
      occurredAt: '2025-03-02T00:00:00.000Z',
      recordedAt: '2025-03-01T12:00:00.001Z',
      actor: { sub: 'kari', name: 'Kari Nordmann', roles: ['admin'] },
      correlationId: 'corr-2',
      causationId: 'x',
      decisionId: 'd',
      caseRef: '2024/1235',
      reason: 'r',
      prevHash: '0'.repeat(64),
    };
    for (const field of HASHED_FIELDS) {
      expect({ field, hash: eventHash(sampleEvent({ [field]: changed[field] })) }).not.toEqual({ field, hash: base });
    }
  });
});

describe('chainEvents', () => {
  it('links each event to the one before, the first to the given previous hash', () => {
    const [a, b, c] = [1, 2, 3].map((v) => {
      const { prevHash: _p, hash: _h, ...rest } = sampleEvent({ eventId: `e-${v}`, streamVersion: v, position: v });
      return rest;
    });
    const fresh = chainEvents([a!, b!], null);
    expect(fresh[0]!.prevHash).toBeNull();
    expect(fresh[1]!.prevHash).toBe(fresh[0]!.hash);
    fresh.forEach((event) => expect(eventHash(event)).toBe(event.hash));
    const continued = chainEvents([c!], fresh[1]!.hash);
    expect(continued[0]!.prevHash).toBe(fresh[1]!.hash);
    expect(eventHash(continued[0]!)).toBe(continued[0]!.hash);
  });
});
