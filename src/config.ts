import { z } from 'zod';
import { parse as parseDuration } from '@lukeed/ms';
import { parseTrustProxy } from './http/trust-proxy.js';

/**
 * Every environment variable the app reads, in one schema. Documented in the README's
 * configuration table; keep the two in step.
 */
const booleanFlag = z.enum(['true', 'false']).transform((v) => v === 'true');
/** A whole number of milliseconds; 0 where the variable allows "off". */
const milliseconds = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);
const megabytes = z.coerce.number().int().min(0).default(0);

/** A rate-limit window as @fastify/rate-limit reads it ('15 minutes', '1 minute', '90s'). */
const duration = (fallback: string) =>
  z
    .string()
    .min(1)
    .refine((v) => (parseDuration(v) ?? 0) >= 1000, 'must be a duration of at least 1 second, like "15 minutes"')
    .default(fallback);

export const configSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Public base URL, used in the one-time set-up link written to the log. */
  PUBLIC_URL: z.url().optional(),
  /** SQLite database file (the embedded default store). */
  SQLITE_PATH: z.string().min(1).default('./data/service-desk.sqlite'),
  /** When set, MongoDB is used instead of SQLite. */
  MONGODB_URI: z.string().min(1).optional(),
  MONGODB_DB: z.string().min(1).default('service_desk'),
  /** Signs cookies and confirmation links. Random per start when not set (sessions then end on restart). */
  COOKIE_SECRET: z.string().min(32, 'COOKIE_SECRET must be at least 32 characters').optional(),
  /** Set to true behind HTTPS so cookies get the Secure flag. */
  SECURE_COOKIES: booleanFlag.default(false),
  /** false, a hop count, or the proxies' addresses/CIDRs (src/http/trust-proxy.ts); `true` is refused. */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((raw, ctx) => {
      const parsed = parseTrustProxy(raw);
      if ('problem' in parsed) {
        ctx.addIssue({ code: 'custom', message: parsed.problem });
        return z.NEVER;
      }
      return parsed.value;
    }),
  /** Absolute lifetime of a staff sign-in; the cookie's Max-Age is its whole seconds. One minute to a year. */
  STAFF_SESSION_HOURS: z.coerce
    .number()
    .min(1 / 60, 'STAFF_SESSION_HOURS must be at least one minute (0.0167)')
    .max(24 * 366, 'STAFF_SESSION_HOURS must be at most a year (8784)')
    .default(8),
  /** A staff sign-in not used for this long ends (sliding). */
  STAFF_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** Failed sign-ins per IP address per window (successes do not count). */
  SIGN_IN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  SIGN_IN_RATE_WINDOW: duration('15 minutes'),
  /** This many failed sign-ins for one username within SIGN_IN_LOCK_MINUTES lock it for SIGN_IN_LOCK_MINUTES. */
  SIGN_IN_LOCK_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  SIGN_IN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** How long the one-time set-up link works. */
  SETUP_TOKEN_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24),
  /** How long the cleansing form's answers are kept (encrypted) between its steps. */
  DRAFT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  /** The key for encrypted fields: 32 bytes, base64. When not set, DATA_KEY_FILE is read (or made). */
  DATA_KEY: z
    .string()
    .refine((v) => Buffer.from(v.trim(), 'base64').length === 32, 'DATA_KEY must be 32 bytes, base64-encoded')
    .optional(),
  /** Key file made on first start (0600) when DATA_KEY is not set; beside the SQLite file by default. */
  DATA_KEY_FILE: z.string().min(1).optional(),
  /** Earlier data keys, comma-separated base64, still read (not written) while `npm run keys:rotate` re-encrypts under DATA_KEY. */
  DATA_KEY_PREVIOUS: z
    .string()
    .refine((v) => v.split(',').every((k) => k.trim() === '' || Buffer.from(k.trim(), 'base64').length === 32), 'each DATA_KEY_PREVIOUS key must be 32 bytes, base64-encoded')
    .optional(),
  /** Days after a request is Completed or Rejected before its personal fields are erased. */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** How often the retention purge runs (it also runs at start). */
  RETENTION_EVERY_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  PUBLIC_SUBMIT_RATE_LIMIT: z.coerce.number().int().positive().default(30),
  PUBLIC_SUBMIT_RATE_WINDOW: duration('1 minute'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** A request (headers and body) not fully received in this time is answered 408 and closed. */
  REQUEST_TIMEOUT_MS: milliseconds(30_000),
  /** The request headers must arrive within this (at most REQUEST_TIMEOUT_MS). */
  HEADERS_TIMEOUT_MS: milliseconds(10_000),
  /** An idle keep-alive connection is closed after this; longer than a proxy's idle timeout. */
  KEEP_ALIVE_TIMEOUT_MS: milliseconds(72_000),
  /** On SIGTERM/SIGINT: in-flight requests get this long to finish, then the process exits. */
  SHUTDOWN_GRACE_MS: milliseconds(10_000),
  /** Under pressure (@fastify/under-pressure) every page answers 503 "busy"; 0 turns a check off. */
  PRESSURE_MAX_EVENT_LOOP_DELAY_MS: milliseconds(1_000, 0),
  PRESSURE_MAX_HEAP_USED_MB: megabytes,
  PRESSURE_MAX_RSS_MB: megabytes,
  /** Open requests older than this many working days are marked in the queue. */
  REQUEST_AGEING_DAYS: z.coerce.number().int().min(0).max(250).default(3),
  /** Create or update collections, validators and indexes at start (MongoDB; SQLite always migrates). */
  DB_AUTO_SETUP: booleanFlag.default(true),
  /** How long the MongoDB driver looks for a server before an operation (or the start) fails. */
  MONGODB_SERVER_SELECTION_TIMEOUT_MS: milliseconds(5_000),
  /** Signs audit checkpoints (base64, 32 bytes). Must not be stored in the database; when unset, AUDIT_KEY_FILE is used. */
  AUDIT_KEY: z
    .string()
    .refine((v) => Buffer.from(v.trim(), 'base64').length === 32, 'AUDIT_KEY must be 32 bytes, base64-encoded')
    .optional(),
  /** Where the checkpoint key is kept when AUDIT_KEY is not set (made on first start). Default: audit.key beside SQLITE_PATH. */
  AUDIT_KEY_FILE: z.string().min(1).optional(),
  /** Sign a checkpoint of the audit chain's head every this many events… */
  AUDIT_CHECKPOINT_EVERY: z.coerce.number().int().positive().default(1000),
  /** …and at least this often (minutes) while events keep coming, and at shut-down. */
  AUDIT_CHECKPOINT_MINUTES: z.coerce.number().positive().default(60),
}).superRefine((config, ctx) => {
  if (config.HEADERS_TIMEOUT_MS > config.REQUEST_TIMEOUT_MS) {
    ctx.addIssue({ code: 'custom', path: ['HEADERS_TIMEOUT_MS'], message: 'HEADERS_TIMEOUT_MS must not be more than REQUEST_TIMEOUT_MS' });
  }
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws one error listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(configSchema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const parsed = configSchema.safeParse(known);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
