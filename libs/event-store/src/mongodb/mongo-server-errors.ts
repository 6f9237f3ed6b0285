import { MongoServerError } from 'mongodb';

/** How the store tells the server's refusals apart (a duplicate key: `isDuplicateKeyError`). */

/** The server refused the write concern itself (unknown/unsupported option), as opposed to a failed write. */
export function isWriteConcern(error: unknown): boolean {
  return /write ?concern/i.test(describeError(error));
}

export function isWriteConcernRefusal(error: unknown): boolean {
  if (!(error instanceof MongoServerError)) return false;
  // 2 BadValue, 9 FailedToParse, 14 TypeMismatch, 79 UnknownReplWriteConcern,
  // 100 UnsatisfiableWriteConcern, 115 CommandNotSupported, 238 NotImplemented.
  return [2, 9, 14, 79, 100, 115, 238].includes(Number(error.code)) && isWriteConcern(error);
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
