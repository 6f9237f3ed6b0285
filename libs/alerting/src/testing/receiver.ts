/** A local webhook receiver for tests: records every request, answers as told. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly json: any;
  readonly status: number | 'hang';
}

/** Answers per request number (0-based): a status code, or 'hang' (never answer). */
export type Behaviour = (index: number) => number | 'hang';

export interface TestReceiver {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Requests currently held open by 'hang'. */
  readonly hanging: () => number;
  close(): Promise<void>;
}

export async function startReceiver(behaviour: Behaviour = () => 200): Promise<TestReceiver> {
  const requests: ReceivedRequest[] = [];
  const held = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = behaviour(requests.length);
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        json = null;
      }
      requests.push({ headers: req.headers, body, json, status });
      if (status === 'hang') {
        held.add(res);
        res.on('close', () => held.delete(res));
        return;
      }
      res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  allowWebhooksTo('127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    hanging: () => held.size,
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Lets the notifier of this test process reach a local receiver: webhooks to loopback are
 * refused unless WEBHOOK_ALLOW names them (each jest file has its own process.env).
 */
export function allowWebhooksTo(host: string): void {
  const allowed = (process.env.WEBHOOK_ALLOW ?? '').split(',').filter(Boolean);
  if (!allowed.includes(host)) process.env.WEBHOOK_ALLOW = [...allowed, host].join(',');
}
