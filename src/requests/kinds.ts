/**
 * The kinds of request in the one queue. Everything a kind changes (reference prefix, label,
 * which moves need what) is looked up here or in a table keyed by kind, never branched on
 * by name elsewhere.
 */
export const REQUEST_KINDS = ['cleansing', 'contact'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export interface KindInfo {
  /** Three letters before the reference's random part: "CLN-7KQ-4MX". */
  prefix: string;
  /** As the queue and the request page name it. */
  label: string;
}

export const KINDS: Readonly<Record<RequestKind, KindInfo>> = {
  // Kept from the cleansing form's references, which callers already quote.
  cleansing: { prefix: 'CLN', label: 'Account cleansing' },
  // "GP contact". G, P and C are all in the reference alphabet, so no letter in it can be
  // heard or typed as another (no O/0, I/1/L, S/5, B/8, Z/2, U/V), and it shares no first
  // letter with CLN or with NHS login's CID references.
  contact: { prefix: 'GPC', label: 'GP contact form' },
};

export function isRequestKind(value: unknown): value is RequestKind {
  return typeof value === 'string' && (REQUEST_KINDS as readonly string[]).includes(value);
}
