import type { FastifyHttpOptions } from 'fastify';
import type { Server } from 'node:http';
import type { Config } from '../config.js';
import { fastifyTrustProxy } from './trust-proxy.js';

type ServerOptions = Pick<
  FastifyHttpOptions<Server>,
  'requestTimeout' | 'keepAliveTimeout' | 'forceCloseConnections' | 'http' | 'trustProxy'
>;

/**
 * The listening socket's limits, from config. A client that sends its request slowly (or
 * never finishes it) is answered 408 and closed, so slow connections cannot pile up until
 * file descriptors run out; on close, idle keep-alive connections go at once and requests in
 * flight may finish (server.ts bounds that wait with SHUTDOWN_GRACE_MS).
 */
export function serverOptions(config: Config): ServerOptions {
  return {
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    keepAliveTimeout: config.KEEP_ALIVE_TIMEOUT_MS,
    // Node checks the header and request deadlines on this interval (30 s by default, which
    // would let a 30 s timeout run to a minute); the check only walks the open connections.
    http: {
      headersTimeout: config.HEADERS_TIMEOUT_MS,
      connectionsCheckingInterval: Math.min(1000, Math.ceil(config.HEADERS_TIMEOUT_MS / 4)),
    },
    forceCloseConnections: 'idle',
    trustProxy: fastifyTrustProxy(config.TRUST_PROXY),
  };
}
