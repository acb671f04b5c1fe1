/**
 * How long typed text is, counted as a person and the browser's character count count it:
 * in code points (an emoji is one), with a line break as one character (a browser sends it as
 * CR LF). Every "N characters or fewer" rule in the product counts this way.
 */
export function characterCount(text: string): number {
  return Array.from(text.replace(/\r\n/g, '\n')).length;
}

/** A limit as the messages say it: 2,000. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-GB');
}
