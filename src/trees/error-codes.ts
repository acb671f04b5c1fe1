/**
 * NHS App error codes are two characters that name the problem followed by four random
 * ones ("3Rswtr"). People type the whole code, just the first two, or add "error code" in
 * front; any of those picks the tree for the first two.
 */
const ERROR_CODE = /^(?:error\s*(?:code)?\s*:?\s*)?([0-9a-z]{2})(?:[\s-]?[0-9a-z]{4})?$/i;

/** The known code (as written in the tree files) the input names, or null. */
export function matchErrorCode(input: string, knownCodes: readonly string[]): string | null {
  const prefix = ERROR_CODE.exec(input.trim())?.[1]?.toUpperCase();
  if (prefix === undefined) return null;
  return knownCodes.find((code) => code.toUpperCase() === prefix) ?? null;
}
