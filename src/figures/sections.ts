import { barChart, lineChart, type Bar, type Series } from './charts.js';
import { ENDING_LABELS, type JourneyFigures } from './journeys.js';

/** A table as the NHS.UK tables partial takes it (numbers right-aligned). */
export interface Table {
  caption: string;
  head: Array<{ text: string; format?: 'numeric' }>;
  rows: Array<Array<{ text: string; format?: 'numeric'; header?: boolean }>>;
}

/** One figure on the page: a heading, a sentence, its chart and the same numbers as a table. */
export interface Section {
  id: string;
  heading: string;
  summary: string;
  svg: string | null;
  table: Table;
}

const count = (value: number) => value.toLocaleString('en-GB');
const num = (value: number) => ({ text: count(value), format: 'numeric' as const });
const percent = (share: number | null) => (share === null ? 'no journeys ended' : `${Math.round(share * 100)}%`);
const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** The days a line chart needs as a table: one row per day that has any figure (empty days add nothing to read). */
function dailyTable(caption: string, days: readonly string[], series: readonly Series[]): Table {
  return {
    caption,
    head: [{ text: 'Day' }, ...series.map((s) => ({ text: s.name, format: 'numeric' as const }))],
    rows: days.flatMap((day, i) => (series.some((s) => (s.values[i] ?? 0) > 0) ? [[{ text: day, header: true }, ...series.map((s) => num(s.values[i] ?? 0))]] : [])),
  };
}

function barSection(id: string, heading: string, summary: string, head: [string, string], bars: readonly Bar[], empty: string): Section {
  return {
    id,
    heading,
    summary: bars.length === 0 ? empty : summary,
    svg: bars.length === 0 ? null : barChart({ id: `${id}-chart`, title: heading, desc: bars.map((b) => `${b.label}: ${count(b.value)}`).join('; ') }, bars),
    table: { caption: heading, head: [{ text: head[0] }, { text: head[1], format: 'numeric' }], rows: bars.map((b) => [{ text: b.label, header: true }, num(b.value)]) },
  };
}

export function journeySections(figures: JourneyFigures, days: readonly string[]): Section[] {
  const series: Series[] = [
    { name: 'Journeys started', values: figures.perDay.map((d) => d.started), style: 'a' },
    { name: ENDING_LABELS.deflected, values: figures.perDay.map((d) => d.deflected), style: 'b' },
    { name: ENDING_LABELS.request, values: figures.perDay.map((d) => d.request), style: 'c' },
  ];
  const [started, deflected, request] = series.map((s) => s.values.reduce((a, b) => a + b, 0)) as [number, number, number];
  const { deflection } = figures;
  return [
    {
      id: 'journeys-by-day',
      heading: 'GP journeys started and how they ended, by day',
      summary: `${count(started)} started; ${count(deflected)} ended without a form and ${count(request)} at a contact form or cleansing request.`,
      svg: lineChart(
        { id: 'journeys-by-day-chart', title: 'GP journeys by day', desc: `From ${days[0] ?? ''} to ${days.at(-1) ?? ''}: ${count(started)} started, ${count(deflected)} ended without a form, ${count(request)} ended at a form.` },
        days,
        series,
      ),
      table: dailyTable('GP journeys by day', days, series),
    },
    {
      id: 'deflection',
      heading: 'Journeys per tree, and the share that ended without a form',
      summary:
        deflection.share === null
          ? 'No GP journeys ended in this range.'
          : `${percent(deflection.share)} of the ${count(deflection.ended)} GP journeys that ended did so without a contact form or cleansing request.`,
      svg: barChart(
        { id: 'deflection-chart', title: 'Journeys started per tree', desc: figures.perTree.map((t) => `${t.title}: ${count(t.started)} started`).join('; ') },
        figures.perTree.map((t) => ({ label: t.title, value: t.started })),
      ),
      table: {
        caption: 'Journeys per tree',
        head: [{ text: 'Tree' }, { text: 'Started', format: 'numeric' }, { text: 'Ended without a form', format: 'numeric' }, { text: 'Ended at a form', format: 'numeric' }, { text: 'Without a form (share)', format: 'numeric' }],
        rows: figures.perTree.map((t) => [{ text: t.title, header: true }, num(t.started), num(t.deflected), num(t.request), { text: percent(share(t.deflected, t.deflected + t.request)), format: 'numeric' }]),
      },
    },
    {
      id: 'stops',
      heading: 'Where people most often stop',
      summary:
        figures.stops.length === 0
          ? 'Nobody stopped part-way through a journey in this range.'
          : 'Steps that were reached more often than people moved on from them (an estimate: going back or reloading counts as reaching a step again).',
      svg:
        figures.stops.length === 0
          ? null
          : barChart(
              { id: 'stops-chart', title: 'Where people most often stop', desc: figures.stops.map((s) => `${s.treeTitle}, ${s.nodeTitle}: ${count(s.stopped)}`).join('; ') },
              figures.stops.map((s) => ({ label: shorten(s.nodeTitle), value: s.stopped })),
            ),
      table: {
        caption: 'Where people most often stop',
        head: [{ text: 'Tree' }, { text: 'Step' }, { text: 'Reached', format: 'numeric' }, { text: 'Moved on', format: 'numeric' }, { text: 'Stopped', format: 'numeric' }],
        rows: figures.stops.map((s) => [{ text: s.treeTitle }, { text: s.nodeTitle, header: true }, num(s.reached), num(s.movedOn), num(s.stopped)]),
      },
    },
  ];
}

/** Chart labels have a fixed width; the table beside the chart has the whole title. */
export function shorten(text: string, max = 30): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

export interface RequestFigures {
  byDay: Array<{ day: string; source: 'public' | 'agent'; count: number }>;
  byPractice: Array<{ odsCode: string; count: number }>;
  ageing: Array<{ workingDays: number; count: number }>;
  triagesByAgent: Array<{ username: string | null; count: number }>;
  /** Labels already in words: "GP contact form: In progress". */
  byKindStatus: Array<{ label: string; count: number }>;
  bySource: Array<{ label: string; count: number }>;
  /** Per kind (its label), the practices with the most requests of it. */
  practicesByKind: Array<{ kind: string; practices: Array<{ odsCode: string; count: number }> }>;
  completion: { completed: number; medianMs: number | null };
  completedByAgent: Array<{ username: string | null; count: number }>;
  openQueries: Array<{ username: string; count: number }>;
}

/** "2 days 3 hours", "5 hours", "under an hour": a duration as people say it. */
export function durationWords(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (days === 0) return hours === 0 ? 'under an hour' : part(hours, 'hour');
  return rest === 0 ? part(days, 'day') : `${part(days, 'day')} ${part(rest, 'hour')}`;
}

export function requestSections(figures: RequestFigures, days: readonly string[]): Section[] {
  const values = (source: 'public' | 'agent') => {
    const totals = new Map<string, number>();
    for (const row of figures.byDay) if (row.source === source) totals.set(row.day, (totals.get(row.day) ?? 0) + row.count);
    return days.map((day) => totals.get(day) ?? 0);
  };
  const series: Series[] = [
    { name: 'From the public form', values: values('public'), style: 'a' },
    { name: 'Raised by an agent', values: values('agent'), style: 'b' },
  ];
  const [publicTotal, agentTotal] = series.map((s) => s.values.reduce((a, b) => a + b, 0)) as [number, number];
  return [
    {
      id: 'requests-by-day',
      heading: 'Requests by day and source',
      summary: `${count(publicTotal + agentTotal)} requests: ${count(publicTotal)} from the public form, ${count(agentTotal)} written up by an agent from a ticket.`,
      svg: lineChart(
        { id: 'requests-by-day-chart', title: 'Requests by day', desc: `From ${days[0] ?? ''} to ${days.at(-1) ?? ''}: ${count(publicTotal)} from the public form, ${count(agentTotal)} raised by an agent.` },
        days,
        series,
      ),
      table: dailyTable('Requests by day', days, series),
    },
    barSection(
      'requests-by-kind-status',
      'Requests by kind and status',
      'Requests that arrived in this range, by kind and by their status now.',
      ['Kind and status', 'Requests'],
      figures.byKindStatus.map((r) => ({ label: r.label, value: r.count })),
      'No requests in this range.',
    ),
    barSection(
      'requests-by-source',
      'Requests by source',
      'Where the requests that arrived in this range came from.',
      ['Source', 'Requests'],
      figures.bySource.map((r) => ({ label: r.label, value: r.count })),
      'No requests in this range.',
    ),
    barSection(
      'requests-by-practice',
      'Practices with the most requests',
      'The practices (ODS codes) that sent the most requests in this range.',
      ['Practice ODS code', 'Requests'],
      figures.byPractice.map((p) => ({ label: p.odsCode, value: p.count })),
      'No requests in this range.',
    ),
    ...figures.practicesByKind.map(({ kind, practices }, i) =>
      barSection(
        `repeat-practices-${i + 1}`,
        `Practices with the most requests: ${kind}`,
        `The practices that sent the most requests of this kind in this range: a repeat problem may need a word with the practice.`,
        ['Practice ODS code', 'Requests'],
        practices.map((p) => ({ label: p.odsCode, value: p.count })),
        `No requests of this kind in this range.`,
      ),
    ),
    {
      id: 'completion-time',
      heading: 'Time from New to Completed',
      summary:
        figures.completion.medianMs === null
          ? 'No requests were completed in this range.'
          : `Half of the ${count(figures.completion.completed)} requests completed in this range took ${durationWords(figures.completion.medianMs)} or less from arrival (the median).`,
      svg: null,
      table: {
        caption: 'Time from New to Completed',
        head: [{ text: 'Figure' }, { text: 'Value', format: 'numeric' }],
        rows: [
          [{ text: 'Requests completed', header: true }, num(figures.completion.completed)],
          [{ text: 'Median time to complete', header: true }, { text: figures.completion.medianMs === null ? 'None completed' : durationWords(figures.completion.medianMs), format: 'numeric' }],
        ],
      },
    },
    barSection(
      'completed-by-agent',
      'Requests completed per agent',
      'Requests each agent moved to Completed in this range.',
      ['Agent', 'Requests completed'],
      figures.completedByAgent.map((a) => ({ label: a.username ?? 'Unknown', value: a.count })),
      'No requests were completed in this range.',
    ),
    barSection(
      'open-queries-by-agent',
      'Review queries open per agent',
      'Team leads’ review queries each agent has not answered yet (now, whatever the range).',
      ['Agent', 'Open queries'],
      figures.openQueries.map((q) => ({ label: q.username, value: q.count })),
      'No review queries are waiting for an answer.',
    ),
    barSection(
      'ageing',
      'Open requests by age',
      'Requests still open now, by how many working days they have been open (weekends and bank holidays in England and Wales not counted), whatever the range.',
      ['Open for more than', 'Requests'],
      figures.ageing.map((a) => ({ label: `${a.workingDays} working day${a.workingDays === 1 ? '' : 's'}`, value: a.count })),
      'No open requests.',
    ),
    barSection(
      'triages-by-agent',
      'Triages finished per agent',
      'Triages each agent finished in this range.',
      ['Agent', 'Triages finished'],
      figures.triagesByAgent.map((a) => ({ label: a.username ?? 'Unknown', value: a.count })),
      'No triages were finished in this range.',
    ),
  ];
}
