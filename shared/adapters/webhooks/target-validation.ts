/**
 * Server-side request forgery guard for partner webhook targets. A partner chooses the URL we POST to, so
 * without this a partner could make us call our own VPC, the instance metadata service or localhost.
 *
 * Checked: the scheme (https only, unless private targets are allowed for local development), no
 * credentials in the URL, literal IP hosts (the WHATWG URL parser already normalises `0x7f.1`,
 * `2130706433` and friends to dotted quads), names like `localhost`, and every address a name resolves
 * to. The same check runs again inside the connection's DNS lookup when a delivery is sent, so a name
 * that resolved to a public address at subscription time and to a private one later (DNS rebinding) is
 * refused at connect time. Redirects are never followed (see partner-webhooks.ts).
 * `ALLOW_PRIVATE_WEBHOOK_TARGETS=true` turns the address checks off: for local development only.
 */
import { promises as dns, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { DomainError } from '../../domain/errors.ts';

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

/** The system resolver (getaddrinfo), as the HTTP client itself would use. */
export const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

const v4: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'unspecified ("this network")'],
  ['10.0.0.0', 8, 'private (RFC 1918)'],
  ['100.64.0.0', 10, 'shared address space (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (includes the cloud metadata service)'],
  ['172.16.0.0', 12, 'private (RFC 1918)'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay anycast'],
  ['192.168.0.0', 16, 'private (RFC 1918)'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved (includes broadcast)'],
];

const v6: Array<[string, number, string]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'IPv6 loopback'],
  ['::ffff:0:0', 96, 'IPv4-mapped IPv6'],
  ['64:ff9b:1::', 48, 'local-use NAT64'],
  ['::', 96, 'IPv4-compatible IPv6 (deprecated)'],
  ['100::', 64, 'discard-only'],
  ['2001::', 32, 'Teredo tunnelling'],
  ['2001:db8::', 32, 'documentation'],
  ['fc00::', 7, 'unique local (ULA; includes the AWS IPv6 metadata service)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local (deprecated)'],
  ['ff00::', 8, 'multicast'],
];

// BlockList matches IPv4 addresses against IPv6 rules as if mapped (and back): keep families apart.
const lists = [
  ...v4.map(([a, p, r]) => ({ type: 'ipv4' as const, list: subnet(a, p, 'ipv4'), reason: r })),
  ...v6.map(([a, p, r]) => ({ type: 'ipv6' as const, list: subnet(a, p, 'ipv6'), reason: r })),
];

function subnet(address: string, prefix: number, type: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  list.addSubnet(address, prefix, type);
  return list;
}

/** The IPv4 address carried inside NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses. */
function embeddedIPv4(address: string): string | null {
  const groups = expandIPv6(address);
  if (!groups) return null;
  const quad = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) return quad(groups[6]!, groups[7]!);
  if (groups[0] === 0x2002) return quad(groups[1]!, groups[2]!);
  return null;
}

function expandIPv6(address: string): number[] | null {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  const groups = [...h, ...Array<string>(fill).fill('0'), ...t].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/** Why an address may not be a webhook target, or null when it is a public unicast address. */
export function blockedAddressReason(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const { type: listType, list, reason } of lists) if (listType === type && list.check(address, type)) return reason;
  if (family === 6) {
    const inner = embeddedIPv4(address);
    if (inner) {
      const reason = blockedAddressReason(inner);
      if (reason) return `${reason}, embedded in a NAT64/6to4 address`;
    }
  }
  return null;
}

const BLOCKED_NAMES = [/^localhost$/, /\.localhost$/, /^metadata\.google\.internal$/, /\.internal$/, /\.local$/];

export interface TargetPolicy {
  /** Local development: allow http and private, loopback and link-local addresses. */
  allowPrivate: boolean;
  resolve?: Resolver;
}

export class TargetRejected extends DomainError {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super('invalid', message, { field: 'url', rule });
    this.name = 'TargetRejected';
  }
}

export class WebhookTargetValidator {
  private readonly resolve: Resolver;

  constructor(private readonly policy: TargetPolicy) {
    this.resolve = policy.resolve ?? systemResolver;
  }

  get allowsPrivate(): boolean {
    return this.policy.allowPrivate;
  }

  /**
   * Validates a target URL; with `resolve` (the default) also every address its name resolves to.
   * Throws TargetRejected (a DomainError 'invalid' naming the field `url` and the rule).
   */
  async check(raw: string, opts: { resolve?: boolean } = {}): Promise<URL> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new TargetRejected('url', 'must be an absolute URL');
    }
    if (url.protocol !== 'https:' && !(this.policy.allowPrivate && url.protocol === 'http:')) {
      throw new TargetRejected('https', 'webhook targets must use https');
    }
    if (url.username || url.password) throw new TargetRejected('no-credentials', 'webhook target URLs must not carry credentials');
    if (this.policy.allowPrivate) return url;

    const host = url.hostname
      .replace(/^\[(.*)\]$/, '$1')
      .replace(/\.$/, '')
      .toLowerCase();
    if (isIP(host)) {
      const reason = blockedAddressReason(host);
      if (reason) throw new TargetRejected('public-address', `the target address is ${reason}`);
      return url;
    }
    if (BLOCKED_NAMES.some((re) => re.test(host))) throw new TargetRejected('public-address', `"${host}" names a local or internal host`);
    if (opts.resolve !== false) await this.resolvePublic(host);
    return url;
  }

  /** Resolves a name and refuses it when any address is not public. */
  async resolvePublic(host: string): Promise<LookupAddress[]> {
    let addresses: LookupAddress[];
    try {
      addresses = await this.resolve(host);
    } catch {
      throw new TargetRejected('resolvable-host', `"${host}" does not resolve`);
    }
    if (addresses.length === 0) throw new TargetRejected('resolvable-host', `"${host}" does not resolve`);
    for (const a of addresses) {
      const reason = blockedAddressReason(a.address);
      if (reason) throw new TargetRejected('public-address', `"${host}" resolves to ${a.address}, which is ${reason}`);
    }
    return addresses;
  }

  /**
   * A `lookup` for node:http(s) that resolves with the injected resolver and refuses non-public
   * addresses: the check happens for the very addresses the socket connects to.
   */
  lookup(): LookupFunction {
    return (hostname, options, callback) => {
      const resolved = this.policy.allowPrivate ? this.resolve(hostname) : this.resolvePublic(hostname);
      resolved.then(
        (addresses) => {
          if (options.all) callback(null, addresses);
          else callback(null, addresses[0]!.address, addresses[0]!.family);
        },
        (err: Error) => callback(Object.assign(err, { code: 'EBLOCKEDTARGET' }) as NodeJS.ErrnoException, '', 0),
      );
    };
  }
}
