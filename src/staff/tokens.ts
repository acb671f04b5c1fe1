import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A 256-bit random token, safe in a cookie or URL. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** What the store keeps of a token: a leaked table gives no working cookie. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Constant-time comparison of two strings of any length. */
export function sameSecret(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}
