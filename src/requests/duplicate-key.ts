/**
 * The duplicate check compares a new cleansing request's old email with open requests'. The
 * store never sees the address for that: it compares a keyed hash (src/crypto) of this
 * normalised form. Case-insensitive, as the issue and NHS login compare addresses; the local
 * part is lower-cased too, because people retype an address in whatever case they remember.
 * The form already refused invisible and non-ASCII characters, so trimming and lower-casing
 * is the whole normalisation; NFC only makes it safe for a caller that skipped the form.
 */
export function duplicateKeyInput(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

/** The old email each kind is matched on, or null for a kind that has none. */
export function duplicateEmailOf(details: { kind: 'cleansing'; oldEmail: string } | { kind: 'contact' }): string | null {
  return details.kind === 'cleansing' ? duplicateKeyInput(details.oldEmail) : null;
}
