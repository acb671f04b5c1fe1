import t from 'tap';
import { characterCount, formatCount } from '../../src/text/length.js';

t.test('text is as long as a person counts it', async (t) => {
  t.equal(characterCount('abc'), 3);
  t.equal(characterCount('a\r\nb'), 3, 'a line break sent as CR LF is one character');
  t.equal(characterCount('a\nb'), 3);
  t.equal(characterCount('👍🏽'), 2, 'code points, not UTF-16 units');
  t.equal(characterCount(''), 0);
  t.equal(formatCount(2000), '2,000');
});
