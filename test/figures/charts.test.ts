import t from 'tap';
import { barChart, lineChart, niceMax } from '../../src/figures/charts.js';

t.test('axis tops are round: 1, 2 or 5 times a power of ten, never under the largest value', async (t) => {
  const cases: Array<[number, number]> = [
    // largest value, axis top
    [0, 1],
    [1, 1],
    [2, 2],
    [3, 5],
    [7, 10],
    [10, 10],
    [11, 20],
    [250, 500],
    [1001, 2000],
  ];
  for (const [value, top] of cases) t.equal(niceMax(value), top, `${value} → ${top}`);
});

t.test('a bar chart: one labelled bar per figure, widths in proportion, an accessible name and description', async (t) => {
  const svg = barChart({ id: 'by-practice', title: 'Practices', desc: 'Y12345: 4; B86022: 2' }, [
    { label: 'Y12345', value: 4 },
    { label: 'B86022', value: 2 },
  ]);
  t.match(svg, /^<svg [^>]*role="img" aria-labelledby="by-practice-title" aria-describedby="by-practice-desc"/);
  t.match(svg, '<title id="by-practice-title">Practices</title><desc id="by-practice-desc">Y12345: 4; B86022: 2</desc>');
  const widths = [...svg.matchAll(/<rect class="app-chart__bar"[^>]* width="([\d.]+)"/g)].map((m) => Number(m[1]));
  t.equal(widths.length, 2);
  t.equal(widths[0]! / widths[1]!, 2, 'twice as long for twice the value');
  t.same([...svg.matchAll(/<text class="app-chart__value"[^>]*>([^<]*)</g)].map((m) => m[1]), ['4', '2']);
  t.notMatch(svg, /style=|<script/, 'no inline style or script');
});

t.test('text in a chart is escaped', async (t) => {
  const svg = barChart({ id: 'x', title: 'A <b> & "c"', desc: "it's" }, [{ label: '<script>alert(1)</script>', value: 1 }]);
  t.notMatch(svg, '<script>');
  t.match(svg, '&lt;script&gt;alert(1)&lt;/script&gt;');
  t.match(svg, '<title id="x-title">A &lt;b&gt; &amp; &quot;c&quot;</title><desc id="x-desc">it&#39;s</desc>');
});

t.test('a line chart: one line per series through every day, from 0 at the bottom to the axis top', async (t) => {
  const days = ['2026-03-01', '2026-03-02', '2026-03-03'];
  const svg = lineChart({ id: 'j', title: 'Journeys', desc: '…' }, days, [
    { name: 'Started', values: [0, 5, 10], style: 'a' },
    { name: 'Ended', values: [0, 0, 4], style: 'b' },
  ]);
  const lines = [...svg.matchAll(/<polyline class="app-chart__line app-chart__line--(\w)" fill="none" points="([^"]+)"/g)];
  t.same(lines.map((l) => l[1]), ['a', 'b'], 'one polyline per series, styled');
  const points = lines[0]![2]!.split(' ').map((p) => p.split(',').map(Number));
  t.equal(points.length, 3, 'a point per day');
  const [first, middle, last] = points as [[number, number], [number, number], [number, number]];
  t.ok(first[0] < middle[0] && middle[0] < last[0], 'days run left to right');
  t.ok(first[1] > middle[1] && middle[1] > last[1], 'larger values sit higher');
  t.equal(first[1] - middle[1], middle[1] - last[1], 'evenly: 0, 5, 10 on an axis to 10');
  t.same([...svg.matchAll(/text-anchor="middle">([^<]*)</g)].map((m) => m[1]), days, 'first, middle and last day labelled');
  t.match(svg, '>Started</text>', 'a legend');
});

t.test('a line chart of one day or of nothing still draws', async (t) => {
  t.match(lineChart({ id: 'one', title: 'One', desc: 'one day' }, ['2026-03-01'], [{ name: 'A', values: [3], style: 'a' }]), /points="[\d.]+,[\d.]+"/);
  t.match(lineChart({ id: 'none', title: 'None', desc: 'no days' }, [], []), /<\/svg>$/);
});
