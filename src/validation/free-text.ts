/**
 * One check for every free-text field: no control characters. C0 (U+0000 to U+001F), DEL and
 * C1 (U+0080 to U+009F) have no place in what a person types; they come from pasting, or from
 * someone probing. Multi-line text may hold tab, line feed and carriage return.
 */

const ALLOWED_IN_MULTILINE = new Set([0x09, 0x0a, 0x0d]);

const isControl = (code: number): boolean => code <= 0x1f || (code >= 0x7f && code <= 0x9f);

const codePointName = (code: number): string => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** Null when the text is fine, else a message naming the field, the character and where it is. */
export function checkFreeText(text: string, options: { label: string; multiline?: boolean }): string | null {
  let position = 0;
  for (const char of text) {
    position += 1;
    const code = char.codePointAt(0)!;
    if (!isControl(code) || (options.multiline && ALLOWED_IN_MULTILINE.has(code))) continue;
    const what = code === 0 ? 'a null character' : 'a control character';
    return `${capitalise(options.label)} must not include control characters: character ${position} is ${what} (${codePointName(code)}). Delete it and type the text again by hand`;
  }
  return null;
}

/** For a zod schema: `.superRefine(freeText('full name'))` on a string. */
export const freeText =
  (label: string, multiline = false) =>
  (value: string, ctx: { addIssue: (issue: { code: 'custom'; message: string }) => void }): void => {
    const message = checkFreeText(value, { label, multiline });
    if (message) ctx.addIssue({ code: 'custom', message });
  };

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
