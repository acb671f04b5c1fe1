/**
 * Server-rendered SVG charts: plain arithmetic, no script, no style attribute (the CSP allows
 * neither). Colours and type come from classes in static/css/app.css; sizes are presentation
 * attributes. Each chart is role="img" with a <title> and <desc>; the page puts the same
 * figures in a table beside it, so the chart is never the only way to read them.
 */

export interface Bar {
  label: string;
  value: number;
}

export interface Series {
  name: string;
  values: readonly number[];
  /** One of the app-chart__line--* modifiers in app.css (colour and dash differ, not colour alone). */
  style: 'a' | 'b' | 'c';
}

export interface ChartText {
  /** Unique on the page: the ids of <title> and <desc> derive from it. */
  id: string;
  title: string;
  desc: string;
}

const esc = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** 2 decimal places at most: the SVG stays small and stable for tests. */
const n = (value: number): string => String(Math.round(value * 100) / 100);

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least 1. */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function open(text: ChartText, width: number, height: number): string {
  const t = `${text.id}-title`;
  const d = `${text.id}-desc`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${esc(t)}" aria-describedby="${esc(d)}" focusable="false">` +
    `<title id="${esc(t)}">${esc(text.title)}</title><desc id="${esc(d)}">${esc(text.desc)}</desc>`
  );
}

const LABEL_WIDTH = 220;
const BAR_HEIGHT = 24;
const GAP = 8;
const WIDTH = 640;

/** Horizontal bars, one per label, the value written at the end of each. */
export function barChart(text: ChartText, bars: readonly Bar[]): string {
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value)));
  const plot = WIDTH - LABEL_WIDTH - 60;
  const height = Math.max(1, bars.length) * (BAR_HEIGHT + GAP) + GAP;
  const rows = bars.map((bar, i) => {
    const y = GAP + i * (BAR_HEIGHT + GAP);
    const w = (bar.value / max) * plot;
    return (
      `<text class="app-chart__label" x="${LABEL_WIDTH - 8}" y="${n(y + BAR_HEIGHT / 2)}" text-anchor="end" dominant-baseline="middle">${esc(bar.label)}</text>` +
      `<rect class="app-chart__bar" x="${LABEL_WIDTH}" y="${y}" width="${n(w)}" height="${BAR_HEIGHT}"></rect>` +
      `<text class="app-chart__value" x="${n(LABEL_WIDTH + w + 6)}" y="${n(y + BAR_HEIGHT / 2)}" dominant-baseline="middle">${esc(String(bar.value))}</text>`
    );
  });
  return `${open(text, WIDTH, height)}<g aria-hidden="true">${rows.join('')}</g></svg>`;
}

const LINE_HEIGHT = 260;
const MARGIN = { top: 16, right: 16, bottom: 48, left: 48 };

/**
 * One line per series over the days (x) with a y axis from 0: gridlines at a quarter, half,
 * three quarters and the top, and the first, middle and last day labelled.
 */
export function lineChart(text: ChartText, days: readonly string[], series: readonly Series[]): string {
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = LINE_HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (i: number) => MARGIN.left + (days.length <= 1 ? plotW / 2 : (i / (days.length - 1)) * plotW);
  const y = (v: number) => MARGIN.top + plotH - (v / max) * plotH;
  const grid = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const value = max * f;
    return (
      `<line class="app-chart__grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${n(y(value))}" y2="${n(y(value))}"></line>` +
      `<text class="app-chart__axis" x="${MARGIN.left - 6}" y="${n(y(value))}" text-anchor="end" dominant-baseline="middle">${n(value)}</text>`
    );
  });
  const ticks = [...new Set([0, Math.floor((days.length - 1) / 2), days.length - 1])]
    .filter((i) => i >= 0 && i < days.length)
    .map((i) => `<text class="app-chart__axis" x="${n(x(i))}" y="${LINE_HEIGHT - MARGIN.bottom + 20}" text-anchor="middle">${esc(days[i] ?? '')}</text>`);
  const lines = series.map((s) => {
    const points = s.values.map((v, i) => `${n(x(i))},${n(y(v))}`).join(' ');
    return `<polyline class="app-chart__line app-chart__line--${s.style}" fill="none" points="${points}"></polyline>`;
  });
  const legend = series.map((s, i) => {
    const lx = MARGIN.left + i * 200;
    const ly = LINE_HEIGHT - 10;
    return (
      `<line class="app-chart__line app-chart__line--${s.style}" x1="${lx}" x2="${lx + 24}" y1="${ly - 4}" y2="${ly - 4}"></line>` +
      `<text class="app-chart__label" x="${lx + 30}" y="${ly}">${esc(s.name)}</text>`
    );
  });
  return `${open(text, WIDTH, LINE_HEIGHT)}<g aria-hidden="true">${grid.join('')}${ticks.join('')}${lines.join('')}${legend.join('')}</g></svg>`;
}
