import type { FastifyServerOptions } from 'fastify';
import type { DestinationStream } from 'pino';
import type { Config } from '../config.js';

/**
 * Personal fields never reach the log: request bodies and cookies are not logged, and any
 * object that carries one of these keys has it censored wherever it appears.
 */
export const REDACTED_PATHS = [
  'req.body',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'body',
  '*.newEmail',
  '*.oldEmail',
  '*.senderEmail',
  '*.senderName',
  '*.nhsNumberLast3',
  '*.stepsTaken',
  '*.password',
  '*.passwordHash',
];

export function loggerOptions(config: Config, stream?: DestinationStream): FastifyServerOptions['logger'] {
  return {
    level: config.LOG_LEVEL,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(stream ? { stream } : {}),
  };
}
