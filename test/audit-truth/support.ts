import type { Test } from 'supertest';
import type { InitiativesClient } from '../support/initiatives-client';
import { expectStatus } from '../support/initiatives-client';

/** Reads any response body as text (supertest only buffers types it knows). */
const asText = (
  res: NodeJS.ReadableStream & { setEncoding(e: string): void },
  done: (e: Error | null, body: string) => void,
) => {
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (text += chunk));
  res.on('end', () => done(null, text));
};

export const put = (client: InitiativesClient, path: string, body: object): Test =>
  client.api.http.put(path).set('Authorization', `Bearer ${client.token}`).send(body);

/** The audit history items of an initiative. */
export async function historyOf(auditor: InitiativesClient, id: string): Promise<any[]> {
  return (await expectStatus(auditor.get(`/audit/initiatives/${id}/history`), 200)).body.items;
}

/** The decision log entries of one initiative. */
export async function decisionsOf(auditor: InitiativesClient, id: string): Promise<any[]> {
  return (await expectStatus(auditor.get(`/audit/decisions?initiativeId=${id}`), 200)).body.items;
}

/** The exported events (NDJSON) of one stream. */
export async function exportedEventsOf(auditor: InitiativesClient, id: string): Promise<any[]> {
  const res = await expectStatus(
    auditor
      .get('/audit/export')
      .buffer(true)
      .parse(asText as never),
    200,
  );
  return (res.body as string)
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line))
    .filter((record) => record.streamId === id);
}
