import { z } from 'zod';
import { parse as parseDuration } from '@lukeed/ms';

/**
 * Every environment variable the app reads, in one schema. Documented in the README's
 * configuration table; keep the two in step.
 */
const booleanFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

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
  TRUST_PROXY: booleanFlag.default(false),
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
  PUBLIC_SUBMIT_RATE_LIMIT: z.coerce.number().int().positive().default(30),
  PUBLIC_SUBMIT_RATE_WINDOW: duration('1 minute'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
