import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { VettedTarget } from './address-policy';

export interface WebhookPost {
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly signal: AbortSignal;
}

/** A DNS lookup that answers with the vetted address only: what was checked is what is reached. */
function pinnedLookup(target: VettedTarget): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as LookupFunction;
}

/**
 * POSTs to a vetted target and resolves with the response status. Redirects are not followed
 * (a 3xx is the answer) and the response body is discarded unread.
 */
export function postToVettedTarget(target: VettedTarget, post: WebhookPost): Promise<number> {
  const { url } = target;
  const options: RequestOptions = {
    method: 'POST',
    headers: { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) },
    signal: post.signal,
    lookup: pinnedLookup(target),
    // A fresh connection per delivery: a pooled one may lead to an address vetted for another URL.
    agent: false,
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const req = send(url, options, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(post.body);
  });
}
