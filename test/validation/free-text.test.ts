import t from 'tap';
import { checkFreeText } from '../../src/validation/free-text.js';

const label = 'steps taken so far';
const cases: { text: string; multiline?: boolean; refused: RegExp | null }[] = [
  { text: 'Plain text, with punctuation!', refused: null },
  { text: 'Line one\nLine two\r\n\tindented', multiline: true, refused: null },
  { text: 'Line one\nLine two', refused: /character 9 is a control character \(U\+000A\)/ },
  { text: 'a\tb', refused: /character 2 is a control character \(U\+0009\)/ },
  { text: 'nul\u0000here', multiline: true, refused: /^Steps taken so far must not include control characters: character 4 is a null character \(U\+0000\)/ },
  { text: 'bell\u0007', multiline: true, refused: /U\+0007/ },
  { text: 'escape\u001b[31m', multiline: true, refused: /U\+001B/ },
  { text: 'delete\u007f', multiline: true, refused: /U\+007F/ },
  { text: 'c1\u0085next line', multiline: true, refused: /U\+0085/ },
  { text: 'c1\u009f', multiline: true, refused: /U\+009F/ },
  { text: 'Zoë’s café – naïve', refused: null },
  { text: '😀 then \u0001', refused: /character 8 is/ },
];
for (const c of cases) {
  const result = checkFreeText(c.text, { label, multiline: c.multiline ?? false });
  if (c.refused) t.match(result, c.refused, JSON.stringify(c.text));
  else t.equal(result, null, JSON.stringify(c.text));
}
