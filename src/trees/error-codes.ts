/**
 * Reading the code a person quotes. NHS App error codes are two characters that name the
 * problem followed by four random ones ("3Rswtr", shown in lower case on the patient's
 * screen); NHS login shows "Reference CID7004". People paste them with spaces, hyphens,
 * capitals, "error code" in front or more text after, so the code is looked for anywhere in
 * what was typed rather than matched against the whole.
 */

export type QuotedCode =
  /** An NHS App code: `prefix` is the two-character category, upper case ("3R"). */
  | { kind: 'app'; prefix: string; known: boolean }
  /** An NHS login reference, upper case ("CID7004"). */
  | { kind: 'cid'; code: string }
  | { kind: 'none' };

// CID then 4 or 5 digits, with a space or hyphen allowed after CID ("CID 7004", "cid-7004").
const CID = /(?<![A-Za-z0-9])CID[\s-]?([0-9]{4,5})(?![0-9])/i;
// A digit and a letter ("3R"), optionally followed by the four random characters, not inside a longer word.
const APP = /(?<![A-Za-z0-9])([0-9][A-Za-z])(?:[\s-]?[A-Za-z0-9]{4})?/g;

/** The code in a pasted text: a CID reference first, then the first NHS App code whose category we know, else the first one. */
export function readQuotedCode(input: string, knownPrefixes: readonly string[]): QuotedCode {
  const cid = CID.exec(input);
  if (cid?.[1]) return { kind: 'cid', code: `CID${cid[1]}` };
  const known = new Set(knownPrefixes.map((p) => p.toUpperCase()));
  const prefixes = [...input.matchAll(APP)].map((m) => (m[1] ?? '').toUpperCase());
  const first = prefixes.find((p) => known.has(p)) ?? prefixes[0];
  if (first === undefined) return { kind: 'none' };
  return { kind: 'app', prefix: first, known: known.has(first) };
}

/** The known code (as written in the tree files) the input names, or null. */
export function matchErrorCode(input: string, knownCodes: readonly string[]): string | null {
  const quoted = readQuotedCode(input, knownCodes);
  if (quoted.kind !== 'app' || !quoted.known) return null;
  return knownCodes.find((code) => code.toUpperCase() === quoted.prefix) ?? null;
}
