import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Address ranges a webhook must not reach unless WEBHOOK_ALLOW names them (loopback, private, ...). */
const BLOCKED_RANGES: ReadonlyArray<readonly [string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'], // "this network", including the unspecified 0.0.0.0
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'], // link-local, including the cloud metadata service
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved and broadcast
  ['::', 96, 'ipv6'], // unspecified, loopback and IPv4-compatible
  ['64:ff9b::', 96, 'ipv6'], // NAT64 onto IPv4 (possibly private)
  ['fc00::', 7, 'ipv6'], // unique local
  ['fe80::', 10, 'ipv6'], // link-local
  ['ff00::', 8, 'ipv6'], // multicast
];

const blocked = new BlockList();
for (const [network, prefix, type] of BLOCKED_RANGES) blocked.addSubnet(network, prefix, type);

export interface ResolvedAddress {
  readonly address: string;
  readonly family: number;
}

export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** How long a name may take to resolve before it counts as unresolved. */
const RESOLVE_TIMEOUT_MS = 5_000;

/** node:dns lookup (the system resolver, as a connection would use), every address of the name. */
export const systemResolver: Resolver = (hostname) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${hostname} did not resolve in time`)), RESOLVE_TIMEOUT_MS);
  });
  return Promise.race([dnsLookup(hostname, { all: true, verbatim: true }), timeout]).finally(() => clearTimeout(timer));
};

/** Why a webhook target was refused; `unresolved` when its name did not resolve (yet). */
export class WebhookTargetRefused extends Error {
  constructor(
    message: string,
    readonly unresolved = false,
  ) {
    super(message);
  }
}

export interface VettedTarget {
  readonly url: URL;
  /** The address the request must connect to: the one that was checked. */
  readonly address: string;
  readonly family: 4 | 6;
}

/** The host of a URL as an IP literal (IPv6 without brackets), or null for a name. */
function ipLiteral(url: URL): string | null {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return isIP(host) ? host : null;
}

const ipType = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/**
 * Decides which hosts a webhook may reach: public addresses, plus what WEBHOOK_ALLOW names
 * (host names, IP addresses or CIDR ranges). Odd IPv4 spellings (2130706433, 127.1, 0x7f.0.0.1,
 * octal) are read as the WHATWG URL parser reads them; names are checked on every resolved address.
 */
export class WebhookAddressPolicy {
  private readonly allowedHosts = new Set<string>();
  private readonly allowed = new BlockList();

  constructor(
    allow: readonly string[] = [],
    private readonly resolver: Resolver = systemResolver,
  ) {
    for (const entry of allow.map((e) => e.trim().toLowerCase()).filter(Boolean)) {
      const [network, prefix] = entry.split('/');
      if (isIP(network!) && prefix !== undefined) {
        this.allowed.addSubnet(network!, Number(prefix), ipType(network!));
      } else if (isIP(entry)) {
        this.allowed.addAddress(entry, ipType(entry));
      } else {
        this.allowedHosts.add(entry.replace(/\.$/, ''));
      }
    }
  }

  /** Whether a connection to this IP address is allowed. */
  allowsAddress(address: string): boolean {
    const type = ipType(address);
    return this.allowed.check(address, type) || !blocked.check(address, type);
  }

  /** Resolves the URL's host and checks every address; throws WebhookTargetRefused. */
  async vet(target: string | URL): Promise<VettedTarget> {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new WebhookTargetRefused('not a valid URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new WebhookTargetRefused('only http and https are allowed');
    const literal = ipLiteral(url);
    const hostAllowed = this.allowedHosts.has(url.hostname.toLowerCase().replace(/\.$/, ''));
    const addresses = literal ? [{ address: literal, family: isIP(literal) }] : await this.resolve(url.hostname);
    const refused = addresses.find((a) => !hostAllowed && !this.allowsAddress(a.address));
    if (refused) {
      throw new WebhookTargetRefused(
        `${url.hostname} resolves to ${refused.address}, a loopback, private, link-local or reserved address`,
      );
    }
    const first = addresses[0]!;
    return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
  }

  private async resolve(hostname: string): Promise<readonly ResolvedAddress[]> {
    let addresses: readonly ResolvedAddress[];
    try {
      addresses = await this.resolver(hostname);
    } catch {
      throw new WebhookTargetRefused(`${hostname} does not resolve`, true);
    }
    if (addresses.length === 0) throw new WebhookTargetRefused(`${hostname} does not resolve`, true);
    return addresses;
  }
}
