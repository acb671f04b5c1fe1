import type { Store } from '../store/ports.js';

/**
 * Sign-in throttling through the store, so it holds across restarts and processes:
 * - per account: this many failures within the window lock the username (as typed,
 *   whether or not it exists, so a lock says nothing about which usernames are real);
 * - per address: this many failures within its window refuse further tries from it.
 * Each attempt is recorded before the password is checked and forgotten when it succeeds, so
 * successes never count, and concurrent guesses can't slip past the limit while argon2 runs.
 */
export interface ThrottlePolicy {
  lockFailures: number;
  lockMs: number;
  addressFailures: number;
  addressWindowMs: number;
}

export const accountKey = (username: string): string => `user:${username.trim().toLowerCase()}`;
const addressKey = (ip: string): string => `ip:${ip}`;

export type Attempt =
  | { ok: true; ids: string[]; accountFailures: number }
  | { ok: false; reason: 'locked'; until: Date }
  | { ok: false; reason: 'address'; retryMs: number };

export async function beginAttempt(store: Store, who: { username: string; ip: string }, now: Date, policy: ThrottlePolicy): Promise<Attempt> {
  const attempts = store.signInAttempts;
  const address = await attempts.begin(addressKey(who.ip), now, policy.addressWindowMs);
  if (address.recent > policy.addressFailures) {
    await attempts.forget(address.id);
    return { ok: false, reason: 'address', retryMs: policy.addressWindowMs };
  }
  const key = accountKey(who.username);
  const lockedUntil = await attempts.lockedUntil(key, now);
  if (lockedUntil) {
    await attempts.forget(address.id);
    return { ok: false, reason: 'locked', until: lockedUntil };
  }
  const account = await attempts.begin(key, now, policy.lockMs);
  if (account.recent > policy.lockFailures) {
    // Concurrent guesses past the limit: refused unchecked, and the account locked.
    await Promise.all([attempts.forget(address.id), attempts.forget(account.id)]);
    const until = new Date(now.getTime() + policy.lockMs);
    await attempts.lock(key, until);
    return { ok: false, reason: 'locked', until };
  }
  return { ok: true, ids: [address.id, account.id], accountFailures: account.recent };
}

/** The password was right: the attempt does not count. */
export async function attemptSucceeded(store: Store, attempt: { ids: string[] }): Promise<void> {
  await Promise.all(attempt.ids.map((id) => store.signInAttempts.forget(id)));
}

/** The attempt failed (it stays counted); returns when the account is now locked until, if it is. */
export async function attemptFailed(store: Store, username: string, attempt: { accountFailures: number }, now: Date, policy: ThrottlePolicy): Promise<Date | null> {
  if (attempt.accountFailures < policy.lockFailures) return null;
  const until = new Date(now.getTime() + policy.lockMs);
  await store.signInAttempts.lock(accountKey(username), until);
  return until;
}

/** A team lead lifts a lock (and the failures that led to it). */
export async function liftLock(store: Store, username: string): Promise<void> {
  await store.signInAttempts.clear(accountKey(username));
}

/** Usernames (lower-cased) locked now. */
export async function lockedUsernames(store: Store, now: Date): Promise<Map<string, Date>> {
  const locks = await store.signInAttempts.locked(now);
  return new Map(locks.filter((l) => l.key.startsWith('user:')).map((l) => [l.key.slice('user:'.length), l.until]));
}
