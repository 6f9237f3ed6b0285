import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookSender, type OutgoingNotification } from '../engine/senders';
import { WebhookAddressPolicy, WebhookTargetRefused, type Resolver } from './address-policy';

const resolving =
  (table: Record<string, string[]>): Resolver =>
  async (hostname) => {
    const addresses = table[hostname];
    if (!addresses) throw new Error(`getaddrinfo ENOTFOUND ${hostname}`);
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

const refusal = (policy: WebhookAddressPolicy, url: string) =>
  policy.vet(url).then(
    () => null,
    (error: unknown) => error as WebhookTargetRefused,
  );

describe('WebhookAddressPolicy', () => {
  const dns = resolving({
    'hooks.example.org': ['93.184.215.14'],
    'rebind.example.org': ['93.184.215.14', '10.0.0.5'],
    'v6.example.org': ['2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    'metadata.example.org': ['169.254.169.254'],
    'mapped.example.org': ['::ffff:127.0.0.1'],
    'intranet.example.org': ['10.1.2.3'],
  });
  const policy = new WebhookAddressPolicy([], dns);

  it.each([
    'http://127.0.0.1/hook',
    'http://127.0.0.2:8080/hook',
    'http://2130706433/hook',
    'http://127.1/hook',
    'http://0x7f.0.0.1/hook',
    'http://0177.0.0.1/hook',
    'http://0.0.0.0/hook',
    'http://10.0.0.1/hook',
    'http://172.16.0.1/hook',
    'http://172.31.255.255/hook',
    'http://192.168.1.1/hook',
    'http://100.64.0.1/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://224.0.0.1/hook',
    'http://255.255.255.255/hook',
    'http://[::1]/hook',
    'http://[::]/hook',
    'http://[fc00::1]/hook',
    'http://[fd12:3456::1]/hook',
    'http://[fe80::1]/hook',
    'http://[ff02::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::ffff:a9fe:a9fe]/hook',
    'http://[::ffff:10.0.0.1]/hook',
    'https://metadata.example.org/hook',
    'https://mapped.example.org/hook',
    'https://rebind.example.org/hook',
  ])('refuses %s', async (url) => {
    const error = await refusal(policy, url);
    expect(error).toBeInstanceOf(WebhookTargetRefused);
    expect(error!.unresolved).toBe(false);
  });

  it('accepts public addresses and names whose every address is public', async () => {
    await expect(policy.vet('https://hooks.example.org/x')).resolves.toMatchObject({
      address: '93.184.215.14',
      family: 4,
    });
    await expect(policy.vet('https://v6.example.org/x')).resolves.toMatchObject({ family: 6 });
    await expect(policy.vet('http://8.8.8.8/x')).resolves.toMatchObject({ address: '8.8.8.8' });
    await expect(policy.vet('http://172.32.0.1/x')).resolves.toBeDefined();
  });

  it('reports a name that does not resolve as unresolved, not as refused', async () => {
    expect((await refusal(policy, 'https://nowhere.example.org/x'))!.unresolved).toBe(true);
  });

  it('lets WEBHOOK_ALLOW name hosts, addresses and CIDR ranges', async () => {
    const allowing = new WebhookAddressPolicy(['127.0.0.1', '10.0.0.0/8', 'Intranet.example.org', 'fd00::/8'], dns);
    await expect(allowing.vet('http://127.0.0.1:8080/x')).resolves.toBeDefined();
    await expect(allowing.vet('http://[::ffff:127.0.0.1]/x')).resolves.toBeDefined();
    await expect(allowing.vet('http://10.200.0.1/x')).resolves.toBeDefined();
    await expect(allowing.vet('https://intranet.example.org/x')).resolves.toMatchObject({ address: '10.1.2.3' });
    await expect(allowing.vet('http://[fd12::1]/x')).resolves.toBeDefined();
    expect(await refusal(allowing, 'http://127.0.0.2/x')).toBeInstanceOf(WebhookTargetRefused);
    expect(await refusal(allowing, 'http://192.168.0.1/x')).toBeInstanceOf(WebhookTargetRefused);
  });
});

describe('WebhookSender', () => {
  let server: Server;
  let port: number;
  let received: string[];
  let answer: number;

  beforeAll(async () => {
    server = createServer((req, res) => {
      received.push(`${req.method} ${req.headers.host} ${req.url}`);
      req.resume();
      req.on('end', () => res.writeHead(answer, { location: 'http://127.0.0.1:9/elsewhere' }).end('secret body'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received = [];
    answer = 200;
  });

  const outgoing = (webhookUrl: string): OutgoingNotification => ({
    notification: { id: 'n1' } as OutgoingNotification['notification'],
    events: [],
    attempt: 1,
    subscription: { id: 's1', initiativeId: 'i1', webhookUrl, secret: 'sixteen-chars-secret' } as never,
    signal: new AbortController().signal,
    sentAt: '2025-03-01T12:00:00.000Z',
  });

  it('refuses a loopback target without connecting, unless allowed', async () => {
    const strict = new WebhookSender({ allow: [] });
    await expect(strict.send(outgoing(`http://127.0.0.1:${port}/hook`))).resolves.toEqual({
      ok: false,
      statusCode: null,
      error: 'refused',
    });
    expect(received).toEqual([]);
    const allowing = new WebhookSender({ allow: ['127.0.0.1'] });
    await expect(allowing.send(outgoing(`http://127.0.0.1:${port}/hook`))).resolves.toMatchObject({ ok: true });
    expect(received).toEqual([`POST 127.0.0.1:${port} /hook`]);
  });

  it('connects to the address it checked, keeping the host name (no DNS rebinding)', async () => {
    let lookups = 0;
    // Resolves to the allowed address once, then to an address the policy would refuse.
    const rebinding: Resolver = async () => [{ address: lookups++ === 0 ? '127.0.0.1' : '10.9.9.9', family: 4 }];
    const sender = new WebhookSender({ allow: ['127.0.0.1'], resolver: rebinding });
    await expect(sender.send(outgoing(`http://hooks.example.org:${port}/hook`))).resolves.toMatchObject({ ok: true });
    expect(received).toEqual([`POST hooks.example.org:${port} /hook`]);
    expect(lookups).toBe(1);
    await expect(sender.send(outgoing(`http://hooks.example.org:${port}/hook`))).resolves.toMatchObject({
      error: 'refused',
    });
    expect(received).toHaveLength(1);
  });

  it('does not follow redirects and never records the receiver body or error text', async () => {
    const sender = new WebhookSender({ allow: ['127.0.0.1'] });
    answer = 302;
    await expect(sender.send(outgoing(`http://127.0.0.1:${port}/hook`))).resolves.toEqual({
      ok: false,
      statusCode: 302,
      error: 'HTTP 302',
    });
    expect(received).toHaveLength(1);
    await expect(sender.send(outgoing('http://127.0.0.1:1/closed'))).resolves.toEqual({
      ok: false,
      statusCode: null,
      error: 'network',
    });
  });
});
