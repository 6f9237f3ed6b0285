import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { copyRecordList, recordsSharedWith } from './record-list-copies';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const records = (count: number) => Array.from({ length: count }, (_, i) => ({ seq: i }));

describe('record list copies', () => {
  it('knows that a copy appended to begins with every record of its source', () => {
    const source = records(3);
    const copy = copyRecordList(source);
    copy.push({ seq: 3 }, { seq: 4 });

    expect(recordsSharedWith(copy, source)).toBe(3);
  });

  it('shares nothing with a list it was not copied from', () => {
    const source = records(3);
    const copy = copyRecordList(source);

    expect(recordsSharedWith(copy, records(3))).toBe(0);
    expect(recordsSharedWith(records(3), source)).toBe(0);
  });

  it('shares nothing once the copy was cut short or its last shared record replaced', () => {
    const source = records(3);
    const shortened = copyRecordList(source);
    shortened.pop();
    const replaced = copyRecordList(source);
    replaced[2] = { seq: 99 };

    expect(recordsSharedWith(shortened, source)).toBe(0);
    expect(recordsSharedWith(replaced, source)).toBe(0);
  });

  it('keeps no earlier version of a list alive: only the latest copy is held', async () => {
    let list: Array<{ seq: number }> = records(1_000);
    const first = new WeakRef(list);
    for (let i = 0; i < 5; i++) {
      list = copyRecordList(list);
      list.push({ seq: list.length });
    }
    // A turn of the event loop first: a WeakRef read in this one keeps its target alive until it ends.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();

    expect(first.deref()).toBeUndefined();
    expect(list).toHaveLength(1_005);
  });
});
