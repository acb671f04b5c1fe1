import { createHmac } from 'node:crypto';
import { sameSecret } from '../staff/tokens.js';

/**
 * The confirmation page shows a reference only to whoever submitted it: the redirect carries
 * the reference with an HMAC, so nobody can make the page vouch for a reference they made up.
 */
const sign = (secret: string, reference: string): string =>
  createHmac('sha256', secret).update(`confirmation:${reference}`).digest('base64url').slice(0, 22);

/** The confirmation page under a form's base path ('/cleansing-request', '/contact-form'). */
export function confirmationPath(secret: string, reference: string, base = '/cleansing-request'): string {
  return `${base}/confirmation?ref=${encodeURIComponent(reference)}&sig=${sign(secret, reference)}`;
}

export function verifyConfirmation(secret: string, reference: string, signature: string): boolean {
  return sameSecret(sign(secret, reference), signature);
}
