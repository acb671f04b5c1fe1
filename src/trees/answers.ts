/**
 * The answers so far travel in one query or form value, dot-separated ("neither.verified"):
 * node and choice ids are lower-case words and hyphens, so a dot never appears in one.
 */
const SEPARATOR = '.';
const ANSWER = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_ANSWERS = 100;

/** Null when the text cannot be a list of answers (the step is then the start). */
export function parseAnswers(text: string | undefined): string[] | null {
  if (text === undefined || text === '') return [];
  const answers = text.split(SEPARATOR);
  return answers.length <= MAX_ANSWERS && answers.every((a) => ANSWER.test(a)) ? answers : null;
}

export const formatAnswers = (answers: readonly string[]): string => answers.join(SEPARATOR);

/** The URL of a journey step for these answers. */
export function stepPath(base: string, answers: readonly string[]): string {
  return answers.length === 0 ? base : `${base}?answers=${formatAnswers(answers)}`;
}
