import { z } from 'zod';
import type { FieldCipher } from '../crypto/field-cipher.js';
import { FieldCipherError } from '../crypto/field-cipher.js';
import { hashToken } from '../staff/tokens.js';
import type { DraftRepository } from '../store/ports.js';
import { CLEANSING_FIELDS, type CleansingFormValues, type FieldError } from './form-schema.js';

/**
 * The cleansing form's answers between its steps (form, check your answers, send), kept
 * server-side so every step is a GET the browser can go Back to. Keyed by an opaque random
 * cookie; the store holds only the cookie's hash and the answers encrypted under the data key
 * (the hash is the authenticated context, so a row copied elsewhere does not decrypt). They
 * last DRAFT_MINUTES, and sending the request replaces them with just its reference.
 */
export type CleansingDraft =
  | {
      values: CleansingFormValues;
      /** Set when the answers passed every check: the check page's submission key. */
      idempotencyKey: string | null;
      /** The last POST's errors, which the form shows when it is fetched (worked out from what was typed, which may not all be kept). */
      errors: FieldError[];
    }
  | { sentReference: string };

const valuesSchema = z.object(Object.fromEntries(CLEANSING_FIELDS.map((f) => [f, z.string()])) as Record<(typeof CLEANSING_FIELDS)[number], z.ZodString>);
const draftSchema = z.union([
  z.object({
    values: valuesSchema,
    idempotencyKey: z.string().nullable(),
    errors: z.array(z.object({ field: z.enum([...CLEANSING_FIELDS, 'lastAccess']), href: z.string(), message: z.string() })),
  }),
  z.object({ sentReference: z.string() }),
]);

export class DraftBox {
  constructor(
    private readonly drafts: DraftRepository,
    private readonly cipher: FieldCipher,
    private readonly minutes: number,
  ) {}

  /** The draft for a cookie token, or null when there is none (or it has expired, or won't decrypt). */
  async load(token: string | undefined, now: Date): Promise<CleansingDraft | null> {
    if (!token) return null;
    const id = hashToken(token);
    const ciphertext = await this.drafts.find(id, now);
    if (ciphertext === null) return null;
    try {
      const parsed = draftSchema.safeParse(JSON.parse(this.cipher.decrypt(ciphertext, `cleansing-draft:${id}`)));
      return parsed.success ? parsed.data : null;
    } catch (error) {
      // Under a key no longer held, or altered: as good as gone.
      if (error instanceof FieldCipherError || error instanceof SyntaxError) return null;
      throw error;
    }
  }

  async save(token: string, draft: CleansingDraft, now: Date): Promise<void> {
    const id = hashToken(token);
    const expiresAt = new Date(now.getTime() + this.minutes * 60_000);
    await this.drafts.save(id, this.cipher.encrypt(JSON.stringify(draft), `cleansing-draft:${id}`), expiresAt);
  }
}
