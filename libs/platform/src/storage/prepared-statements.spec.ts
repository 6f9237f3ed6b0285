import Database from 'better-sqlite3';
import { PreparedStatements } from './prepared-statements';

describe('PreparedStatements', () => {
  it('prepares each SQL text once and answers the same statement after that', () => {
    const db = new Database(':memory:');
    try {
      const prepare = jest.spyOn(db, 'prepare');
      const sql = new PreparedStatements<Database.Statement>(db);
      db.exec('CREATE TABLE t (n INTEGER)');
      for (let n = 1; n <= 3; n++) sql.get('INSERT INTO t (n) VALUES (?)').run(n);
      expect(sql.get('SELECT SUM(n) AS total FROM t').get()).toEqual({ total: 6 });
      expect(sql.get('SELECT SUM(n) AS total FROM t')).toBe(sql.get('SELECT SUM(n) AS total FROM t'));
      expect(prepare).toHaveBeenCalledTimes(2);
    } finally {
      db.close();
    }
  });

  it('keeps at most its capacity, dropping the statement prepared first', () => {
    const prepared: string[] = [];
    const sql = new PreparedStatements({ prepare: (text: string) => (prepared.push(text), { text }) }, 2);
    sql.get('a');
    sql.get('b');
    sql.get('c');
    sql.get('b');
    sql.get('a');
    expect(prepared).toEqual(['a', 'b', 'c', 'a']);
  });
});
