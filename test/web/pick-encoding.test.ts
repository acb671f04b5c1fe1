import t from 'tap';
import { pickEncoding } from '../../src/web/compression.js';

const table: Array<[acceptEncoding: string | string[] | undefined, expected: 'br' | 'gzip' | null]> = [
  ['gzip, deflate, br, zstd', 'br'],
  ['gzip, deflate', 'gzip'],
  ['br;q=0.5, gzip', 'gzip'],
  ['br;q=0, gzip;q=0', null],
  ['identity', null],
  [['gzip', 'br'], 'br'],
  ['', null],
  [undefined, null],
];

t.test('the encoding a browser prefers, the same each time it asks (negotiated once, then remembered)', async (t) => {
  for (const round of ['first', 'again']) {
    for (const [header, expected] of table) t.equal(pickEncoding(header), expected, `${round}: ${JSON.stringify(header)}`);
  }
});

t.test('many different headers (anyone can send any): still each answered by its own q-values', async (t) => {
  for (let i = 0; i < 1000; i++) {
    const q = i % 2 === 0 ? '0.9' : '0.1';
    t.equal(pickEncoding(`gzip;q=${q}, br;q=0.5, x-${i}`), q === '0.9' ? 'gzip' : 'br', `gzip at q=${q}`);
  }
  t.equal(pickEncoding('gzip, deflate, br, zstd'), 'br', 'and the common header after them');
});
