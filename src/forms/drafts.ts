import { z } from 'zod';
import type { FieldCipher } from '../crypto/field-cipher.js';
import { FieldCipherError } from '../crypto/field-cipher.js';
import type { FieldError } from '../forms/field-errors.js';
import { hashToken } from '../staff/tokens.js';
import type { DraftRepository } from '../store/ports.js';

/**
 * A public form's answers between its steps (form, check your answers, send), kept
 * server-side so every step is a GET the browser can go Back to. Keyed by an opaque random
 * cookie; the store holds only the cookie's hash and the answers encrypted under the data key
 * (the form's name and the hash are the authenticated context, so a row copied elsewhere does
 * not decrypt). They last DRAFT_MINUTES, and sending the request replaces them with just its
 * reference.
 */
export type FormDraft<V extends Record<string, string>> =
  | {
      values: V;
      /** Set when the answers passed every check: the check page's submission key. */
      idempotencyKey: string | null;
      /** The last POST's errors, which the form shows when it is fetched (worked out from what was typed, which may not all be kept). */
      errors: FieldError[];
    }
  | { sentReference: string };

export class DraftBox<V extends Record<string, string>> {
  private readonly schema: z.ZodType<FormDraft<V>>;

  constructor(
    private readonly drafts: DraftRepository,
    private readonly cipher: FieldCipher,
    private readonly minutes: number,
    /** The form's name ('cleansing', 'contact'): part of the authenticated context. */
    private readonly form: string,
    fields: readonly (keyof V & string)[],
  ) {
    const values = z.object(Object.fromEntries(fields.map((f) => [f, z.string()])));
    this.schema = z.union([
      z.object({ values, idempotencyKey: z.string().nullable(), errors: z.array(z.object({ field: z.string(), href: z.string(), message: z.string() })) }),
      z.object({ sentReference: z.string() }),
    ]) as unknown as z.ZodType<FormDraft<V>>;
  }

  private context = (id: string) => `${this.form}-draft:${id}`;

  /** The draft for a cookie token, or null when there is none (or it has expired, or won't decrypt). */
  async load(token: string | undefined, now: Date): Promise<FormDraft<V> | null> {
    if (!token) return null;
    const id = hashToken(token);
    const ciphertext = await this.drafts.find(id, now);
    if (ciphertext === null) return null;
    try {
      const parsed = this.schema.safeParse(JSON.parse(this.cipher.decrypt(ciphertext, this.context(id))));
      return parsed.success ? parsed.data : null;
    } catch (error) {
      // Under a key no longer held, or altered: as good as gone.
      if (error instanceof FieldCipherError || error instanceof SyntaxError) return null;
      throw error;
    }
  }

  async save(token: string, draft: FormDraft<V>, now: Date): Promise<void> {
    const { id, ciphertext, expiresAt } = this.sealed(token, draft, now);
    await this.drafts.save(id, ciphertext, expiresAt);
  }

  /** The draft as the store keeps it, for a write made together with another (the submission). */
  sealed(token: string, draft: FormDraft<V>, now: Date): { id: string; ciphertext: string; expiresAt: Date } {
    const id = hashToken(token);
    const expiresAt = new Date(now.getTime() + this.minutes * 60_000);
    return { id, ciphertext: this.cipher.encrypt(JSON.stringify(draft), this.context(id)), expiresAt };
  }
}
