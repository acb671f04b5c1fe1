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
