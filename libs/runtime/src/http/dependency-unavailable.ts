/**
 * Errors of the MongoDB driver that mean "the database cannot be reached right now" (server
 * stopped, restarting, connection dropped, no server selectable in time), recognised by name so
 * the HTTP shell does not depend on the driver. They answer 503 with `Retry-After`: the request
 * may be repeated with the same Idempotency-Key, never a 500.
 */
const UNAVAILABLE_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
]);

/** Seconds a client should wait before repeating a request the database could not serve. */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 2;

export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const { name, cause } = error as { name?: unknown; cause?: unknown };
  if (typeof name === 'string' && UNAVAILABLE_NAMES.has(name)) return true;
  return isDependencyUnavailable(cause, depth + 1);
}
