import { BoundedMap } from '../collections/bounded-map';

/** A database that prepares statements from SQL text (better-sqlite3's `Database`). */
export interface PreparesStatements<S> {
  prepare(sql: string): S;
}

/**
 * Statements prepared once per SQL text and kept, at most `capacity` of them (the oldest dropped):
 * preparing a statement costs more than most of the queries it serves, and queries built from a
 * filter come in a handful of shapes.
 */
export class PreparedStatements<S> {
  private readonly statements: BoundedMap<string, S>;

  constructor(
    private readonly db: PreparesStatements<S>,
    capacity = 256,
  ) {
    this.statements = new BoundedMap(capacity);
  }

  get(sql: string): S {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
