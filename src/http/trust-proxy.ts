import { isIP } from 'node:net';

/**
 * What TRUST_PROXY may say, as Fastify's `trustProxy` takes it: `false` (no proxy: the
 * socket's address is the client's), a hop count, or the proxies' addresses and CIDR ranges
 * (proxy-addr's names `loopback`, `linklocal` and `uniquelocal` too). `true` is refused:
 * it trusts every X-Forwarded-For, so any client could pick its own address and walk past
 * the rate limits.
 */
export type TrustProxy = false | { hops: number } | string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export const TRUE_REFUSED =
  'true would trust any X-Forwarded-For header, so a client could pick its own IP address: give the number of proxies in front of the app (e.g. 1) or their addresses/CIDRs (e.g. 10.0.0.5,10.1.0.0/16)';

/** The problem with one list entry, or null when it is an address, a CIDR range or a named range. */
function entryProblem(entry: string): string | null {
  if (NAMED_RANGES.has(entry)) return null;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return `"${entry}" is not an IP address or CIDR range`;
  if (prefix === undefined) return null;
  const bits = Number(prefix);
  const max = family === 4 ? 32 : 128;
  return /^\d+$/.test(prefix) && bits <= max ? null : `"${entry}" has a prefix length outside 0–${max}`;
}

/** Parses TRUST_PROXY; returns the value or the reason it is refused. */
export function parseTrustProxy(raw: string): { value: TrustProxy } | { problem: string } {
  const text = raw.trim();
  if (text === 'false' || text === '0') return { value: false };
  if (text === 'true') return { problem: TRUE_REFUSED };
  if (/^\d+$/.test(text)) return { value: { hops: Number(text) } };
  const entries = text.split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) return { problem: 'give false, a number of proxies, or their addresses/CIDRs' };
  const problems = entries.map(entryProblem).filter((p): p is string => p !== null);
  return problems.length ? { problem: problems.join('; ') } : { value: entries };
}

/**
 * Fastify's form of the setting. Fastify 5 ignores a bare hop count (it cannot tell that the
 * socket's peer is the proxy), so a count becomes proxy-addr's own hop rule: trust the
 * nearest `hops` addresses. That is only safe when the proxies are the app's only way in.
 */
export function fastifyTrustProxy(value: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (value === false) return false;
  if (Array.isArray(value)) return value;
  const { hops } = value;
  return (_address, hop) => hop < hops;
}
