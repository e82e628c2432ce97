import { type LookupAddress, type LookupAllOptions, lookup } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Only globally routable unicast addresses: loopback, private, link-local, unique-local, CGNAT,
 * multicast, reserved and documentation ranges are refused. IPv4-mapped IPv6 (`::ffff:10.0.0.1`)
 * counts as the IPv4 address it carries.
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return false;
  return ipaddr.process(bare).range() === 'unicast';
}

export class RefusedAddressError extends Error {
  constructor(readonly host: string) {
    super(`${host} resolves to a loopback, private or otherwise non-public address`);
    this.name = 'RefusedAddressError';
  }
}

/** The host part of a URL as `net` wants it: IPv6 literals without their brackets. */
export const urlHost = (url: URL): string => url.hostname.replace(/^\[|\]$/g, '');

const resolveAll = (host: string): Promise<LookupAddress[]> =>
  new Promise((resolve, reject) =>
    lookup(host, { all: true, verbatim: true } satisfies LookupAllOptions, (err, addresses) =>
      err ? reject(err) : resolve(addresses),
    ),
  );

/** Resolves the URL's host and refuses it when any of its addresses is non-public. */
export async function assertPublicHost(url: URL): Promise<void> {
  const host = urlHost(url);
  const addresses = isIP(host) ? [host] : (await resolveAll(host)).map((a) => a.address);
  if (addresses.length === 0 || !addresses.every(isPublicAddress)) throw new RefusedAddressError(host);
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for `http.request` that checks every address it returns, so the connection goes to an
 * address that was checked: a DNS answer that changes between check and connect (rebinding) cannot
 * slip a private address in.
 */
export function publicOnlyLookup(
  hostname: string,
  options: { all?: boolean; family?: number | string },
  callback: LookupCallback,
): void {
  const family = options.family === 'IPv6' ? 6 : options.family === 'IPv4' ? 4 : Number(options.family ?? 0);
  lookup(hostname, { all: true, family: family as 0 | 4 | 6 }, (err, addresses) => {
    if (err) return callback(err, []);
    if (addresses.length === 0 || !addresses.every((a) => isPublicAddress(a.address)))
      return callback(Object.assign(new RefusedAddressError(hostname), { code: 'EREFUSED_ADDRESS' }), []);
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
}
