import { z } from 'zod';

/**
 * Every environment variable the app reads, in one schema. Documented in the README's
 * configuration table; keep the two in step.
 */
const booleanFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

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
  STAFF_SESSION_HOURS: z.coerce.number().positive().default(8),
  SIGN_IN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  SIGN_IN_RATE_WINDOW: z.string().min(1).default('15 minutes'),
  PUBLIC_SUBMIT_RATE_LIMIT: z.coerce.number().int().positive().default(30),
  PUBLIC_SUBMIT_RATE_WINDOW: z.string().min(1).default('1 minute'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** A request not fully received in this time is ended (Fastify's requestTimeout). */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
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
