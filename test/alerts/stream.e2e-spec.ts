import { get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@followup/messaging/testing/wait-for';
import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, InitiativesClient } from '../support/initiatives-client';
import { alertEnv, notifier } from './support/alerts';

alertEnv({ ALERT_GROUP_WAIT_MS: '0', ALERT_STREAM_POLL_MS: '50', ALERT_STREAM_KEEPALIVE_MS: '100' });

interface SseEvent {
  id?: string;
  event?: string;
  data?: any;
}

/** A Server-Sent Events client over a plain HTTP GET: parses events and counts comments. */
class SseClient {
  readonly events: SseEvent[] = [];
  comments = 0;
  status = 0;
  headers: IncomingMessage['headers'] = {};
  private response: IncomingMessage | null = null;
  private buffer = '';

  static open(url: string, token: string): Promise<SseClient> {
    const client = new SseClient();
    return new Promise((resolve, reject) => {
      const request = get(
        url,
        { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } },
        (response) => {
          client.response = response;
          client.status = response.statusCode ?? 0;
          client.headers = response.headers;
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => client.feed(chunk));
          resolve(client);
        },
      );
      request.on('error', reject);
    });
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event: SseEvent = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments++;
        else if (line.startsWith('id: ')) event.id = line.slice(4);
        else if (line.startsWith('event: ')) event.event = line.slice(7);
        else if (line.startsWith('data: ')) event.data = JSON.parse(line.slice(6));
      }
      if (event.event) this.events.push(event);
    }
  }

  close(): void {
    this.response?.destroy();
  }
}

describe('GET /alerts/stream (Server-Sent Events)', () => {
  let api: ApiHarness;
  let base: string;
  let cw: InitiativesClient;
  const clients: SseClient[] = [];

  beforeAll(async () => {
    api = await startApi({ now: '2025-03-10T12:00:00.000Z' });
    await api.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
    cw = await InitiativesClient.as(api, ['caseworker']);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await api.dispose();
  });

  async function open(path: string, roles = ['leader']): Promise<SseClient> {
    const client = await SseClient.open(`${base}${path}`, await api.token(roles, 'lena', 'Lena'));
    clients.push(client);
    return client;
  }

  it('streams raised and resolved alerts (filtered by subtree) with keep-alive comments in between', async () => {
    const all = await open('/alerts/stream');
    expect(all.status).toBe(200);
    expect(all.headers['content-type']).toMatch(/^text\/event-stream/);
    const fa = await cw.activeInitiative({ kind: 'focusArea', title: 'Health' });
    const other = await cw.activeInitiative({ kind: 'focusArea', title: 'Transport' });
    const onlyFa = await open(`/alerts/stream?initiativeId=${fa}`);
    const proj = await cw.activeInitiative({ kind: 'project', title: 'Clinic', parentId: fa });
    const milestoneId = await cw.planMilestone(proj, { title: 'Opened', dueAt: '2025-03-01T00:00:00Z' });
    await cw.planMilestone(other, { title: 'Road', dueAt: '2025-03-01T00:00:00Z' });
    await notifier(api).evaluateNow();

    await waitFor(() => all.events.filter((e) => e.event === 'alert.raised').length === 2, {
      what: 'two raised events',
    });
    await waitFor(() => onlyFa.events.length === 1, { what: 'the focus area stream' });
    expect(onlyFa.events[0]).toMatchObject({
      event: 'alert.raised',
      data: { event: 'raised', alert: { rule: 'milestone.overdue', initiativeId: proj, status: 'open' } },
    });
    expect(onlyFa.events[0]!.id).toBe(onlyFa.events[0]!.data.eventId);

    await expectStatus(
      cw.post(`/initiatives/${proj}/milestones/${milestoneId}/achieve`, {
        achievedAt: '2025-03-10T00:00:00Z',
        evaluation: 'Open',
      }),
      200,
    );
    await waitFor(() => onlyFa.events.some((e) => e.event === 'alert.resolved'), { what: 'resolved event' });
    expect(onlyFa.events.find((e) => e.event === 'alert.resolved')!.data.alert).toMatchObject({
      status: 'resolved',
      resolvedAt: '2025-03-10T12:00:00.000Z',
    });
    await waitFor(() => all.comments >= 3, { what: 'keep-alive comments' });
    // Nothing twice.
    const ids = all.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('needs a token and the leader or admin role', async () => {
    await expectStatus(api.http.get('/alerts/stream'), 401);
    const caseworker = await open('/alerts/stream', ['caseworker']);
    expect(caseworker.status).toBe(403);
    const admin = await open('/alerts/stream', ['admin']);
    expect(admin.status).toBe(200);
  });
});
