/** The HTTP side of the demo loader: one request function, and writes that carry an Idempotency-Key. */

export interface DemoResponse {
  readonly status: number;
  readonly body: unknown;
  /** The service answered with an earlier result for the same Idempotency-Key. */
  readonly replayed?: boolean;
}

/** Sends one request to the API; the loader knows nothing else about how. */
export type DemoTransport = (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<DemoResponse>;

/** How often a request refused with 429 (the per-user rate limit) is sent again after `Retry-After`. */
const RATE_LIMIT_RETRIES = 20;

/** A transport over `fetch` to a running service at `apiUrl`, as `token`; waits out the rate limit. */
export function httpTransport(
  apiUrl: string,
  token: string,
  log: (line: string) => void = () => undefined,
): DemoTransport {
  const base = apiUrl.replace(/\/+$/, '');
  return async (method, path, body, headers = {}) => {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(base + path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (response.status === 429 && attempt < RATE_LIMIT_RETRIES) {
        const seconds = Math.max(1, Number(response.headers.get('retry-after')) || 5);
        log(`  (fartsgrensa er nådd; ventar ${seconds} s)`);
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        continue;
      }
      return {
        status: response.status,
        body: text ? (JSON.parse(text) as unknown) : undefined,
        replayed: response.headers.get('idempotent-replayed') === 'true',
      };
    }
  };
}

export class DemoRequestFailed extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly response: DemoResponse,
  ) {
    super(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  }

  get code(): string | undefined {
    return (this.response.body as { code?: string } | undefined)?.code;
  }
}

export interface WriteCounts {
  written: number;
  replayed: number;
}

/**
 * Writes with an Idempotency-Key derived from the item, so that a rerun replays the first result
 * instead of recording the measurement, decision or realisation again.
 */
export class DemoWriter {
  readonly counts: WriteCounts = { written: 0, replayed: 0 };

  constructor(
    private readonly send: DemoTransport,
    private readonly keyPrefix = 'demo-v1',
  ) {}

  async write<T = { id: string }>(
    key: string,
    method: 'POST' | 'PUT' | 'PATCH',
    path: string,
    body: unknown,
  ): Promise<T> {
    const response = await this.send(method, path, body, { 'idempotency-key': `${this.keyPrefix}:${key}` });
    if (response.status < 200 || response.status >= 300) throw new DemoRequestFailed(method, path, response);
    if (response.replayed) this.counts.replayed++;
    else this.counts.written++;
    return response.body as T;
  }

  async read<T>(path: string): Promise<T> {
    const response = await this.send('GET', path);
    if (response.status !== 200) throw new DemoRequestFailed('GET', path, response);
    return response.body as T;
  }
}
