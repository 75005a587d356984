import { gql } from '../api';
import { h, s } from '../dom';
import { codeLabel, predicateLabel } from '../format';
import { DASHBOARD, type DashboardData, type YearSeries } from '../queries';
import { getAsOf } from '../state';
import { errorBox, loading } from '../ui';
import type { View } from '../view';

interface Bar {
  label: string;
  value: number;
  /** A hash route the bar links to. */
  href?: string;
  /** Shown after the value, e.g. "1 official, 47 claims". */
  detail?: string;
}

const BAR_W = 560;
const BAR_LABEL = 230;
const BAR_ROW = 22;

function short(text: string, max = 34): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Horizontal bars, hand-drawn: one row per item, longest first as given. */
function barChart(id: string, title: string, bars: Bar[], color: string): HTMLElement {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const plot = BAR_W - BAR_LABEL - 60;
  const height = bars.length * BAR_ROW + 8;
  const svg = s(
    'svg',
    {
      viewBox: `0 0 ${BAR_W} ${height}`,
      width: '100%',
      class: 'bar-chart',
      role: 'img',
      'aria-labelledby': `${id}-title`,
    },
    s('title', { id: `${id}-title` }, `${title}: ${bars.map((b) => `${b.label} ${b.value}`).join(', ')}`),
    bars.map((bar, i) => {
      const y = i * BAR_ROW + 4;
      const w = (bar.value / max) * plot;
      const label = s(
        'text',
        { x: BAR_LABEL - 8, y: y + 13, 'text-anchor': 'end', class: 'bar-label' },
        short(bar.label),
      );
      const row = s(
        'g',
        { class: 'bar' },
        s('title', null, `${bar.label}: ${bar.value}${bar.detail ? ` (${bar.detail})` : ''}`),
        s('rect', {
          x: BAR_LABEL,
          y,
          width: Math.max(bar.value > 0 ? 2 : 0, w),
          height: BAR_ROW - 6,
          fill: color,
          rx: 2,
        }),
        s('text', { x: BAR_LABEL + w + 6, y: y + 13, class: 'bar-value' }, String(bar.value)),
      );
      if (bar.href) {
        return s('a', { href: bar.href, class: 'bar-link' }, label, row);
      }
      row.prepend(label);
      return row;
    }),
  );
  return h('figure', { class: 'chart', id }, h('figcaption', null, title), svg);
}

/** A legend square, as SVG (no inline styles: the page's CSP forbids them). */
function swatch(color: string, fill: string | null): SVGSVGElement {
  return s(
    'svg',
    { width: 12, height: 12, class: 'swatch-svg', 'aria-hidden': 'true' },
    s('rect', { x: 0.5, y: 0.5, width: 11, height: 11, fill: fill ?? color, stroke: color }),
  );
}

/** Year columns: certain counts solid, possible counts hatched on top (at most that many more). */
function yearChart(id: string, title: string, series: YearSeries, color: string): HTMLElement {
  const years = series.years;
  const width = 900;
  const left = 36;
  const bottom = 26;
  const height = 190;
  const plotH = height - bottom - 10;
  const max = Math.max(1, ...years.map((y) => y.certain + y.possible));
  const colW = (width - left - 8) / Math.max(1, years.length);
  const yScale = (v: number) => (v / max) * plotH;
  const every = years.length > 40 ? 5 : years.length > 20 ? 2 : 1;
  const svg = s(
    'svg',
    {
      viewBox: `0 0 ${width} ${height}`,
      width: '100%',
      class: 'year-chart',
      role: 'img',
      'aria-labelledby': `${id}-title`,
    },
    s(
      'title',
      { id: `${id}-title` },
      `${title}, ${years[0]?.year ?? ''} to ${years[years.length - 1]?.year ?? ''}: ${years
        .filter((y) => y.certain + y.possible > 0)
        .map((y) => `${y.year} ${y.certain} certain, ${y.possible} possible`)
        .join('; ')}`,
    ),
    s(
      'defs',
      null,
      s(
        'pattern',
        { id: `${id}-hatch`, width: 5, height: 5, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
        s('rect', { width: 5, height: 5, fill: '#ffffff' }),
        s('line', { x1: 0, y1: 0, x2: 0, y2: 5, stroke: color, 'stroke-width': 2 }),
      ),
    ),
    s('line', { x1: left, x2: width - 8, y1: height - bottom, y2: height - bottom, class: 'axis' }),
    s('text', { x: left - 6, y: 16, 'text-anchor': 'end', class: 'tick-label' }, String(max)),
    s('text', { x: left - 6, y: height - bottom, 'text-anchor': 'end', class: 'tick-label' }, '0'),
    years.map((y, i) => {
      const x = left + i * colW + 1;
      const w = Math.max(1, colW - 2);
      const certainH = yScale(y.certain);
      const possibleH = yScale(y.possible);
      const base = height - bottom;
      return s(
        'g',
        { class: 'year' },
        s('title', null, `${y.year}: ${y.certain} certain, ${y.possible} possible`),
        y.possible > 0
          ? s('rect', {
              x,
              y: base - certainH - possibleH,
              width: w,
              height: possibleH,
              fill: `url(#${id}-hatch)`,
              stroke: color,
              'stroke-width': 0.5,
            })
          : null,
        y.certain > 0 ? s('rect', { x, y: base - certainH, width: w, height: certainH, fill: color }) : null,
        i % every === 0
          ? s('text', { x: x + w / 2, y: base + 14, 'text-anchor': 'middle', class: 'tick-label' }, String(y.year))
          : null,
      );
    }),
  );
  return h(
    'figure',
    { class: 'chart wide', id },
    h('figcaption', null, title),
    svg,
    h(
      'p',
      { class: 'muted chart-note' },
      swatch(color, null),
      ' certainly in the year ',
      swatch(color, `url(#${id}-hatch)`),
      ` possibly (uncertain dates) · ${series.undated} undated of ${series.total}`,
    ),
  );
}

export const dashboardView: View = async (ctx) => {
  ctx.title('Dashboard');
  const params = ctx.route.params;
  const toYear = Number(params.get('to')) || undefined;
  const fromYear = Number(params.get('from')) || undefined;
  ctx.show(loading('the dashboard'));
  const { data, errors } = await gql<DashboardData>(DASHBOARD, {
    fromYear: fromYear ?? null,
    toYear: toYear ?? null,
    yearPredicates: null,
  });
  if (!ctx.alive()) return;
  const heading = h('h1', { tabindex: '-1' }, 'Dashboard');
  const d = data?.dashboard;
  if (!d) {
    ctx.show(heading, errorBox(errors));
    return heading;
  }
  const fromInput = h('input', {
    id: 'dash-from',
    type: 'number',
    min: '1900',
    max: String(d.openEndYear),
    value: String(d.fromYear),
  });
  const toInput = h('input', {
    id: 'dash-to',
    type: 'number',
    min: '1900',
    max: String(d.openEndYear),
    value: String(d.toYear),
  });
  ctx.show(
    heading,
    getAsOf()
      ? h(
          'p',
          { class: 'note-past', role: 'note' },
          'The dashboard counts the graph as it stands now: it does not read the past.',
        )
      : null,
    errors.length ? errorBox(errors) : null,
    h(
      'form',
      {
        class: 'dash-form',
        onsubmit: (event: Event) => {
          event.preventDefault();
          location.hash = `#/dashboard?from=${encodeURIComponent(fromInput.value)}&to=${encodeURIComponent(toInput.value)}`;
        },
      },
      h('label', { for: 'dash-from' }, 'Years from'),
      fromInput,
      h('label', { for: 'dash-to' }, 'to'),
      toInput,
      h('button', { type: 'submit' }, 'Show'),
    ),
    h(
      'div',
      { class: 'charts' },
      barChart(
        'chart-kinds',
        'Entities by kind',
        d.entitiesByKind.map((k) => ({ label: codeLabel(k.kind), value: k.count })),
        '#1d4ed8',
      ),
      barChart(
        'chart-facilities',
        'Facilities by people held',
        d.facilities.map((f) => ({
          label: f.facility.name,
          value: f.detainees,
          href: `#/entity/${encodeURIComponent(f.facility.id)}`,
          detail: `${f.officials} official${f.officials === 1 ? '' : 's'}, ${f.claims} claims`,
        })),
        '#b91c1c',
      ),
      barChart(
        'chart-status',
        'Claims by status',
        d.claimsByStatus.map((c) => ({ label: codeLabel(c.status), value: c.count })),
        '#374151',
      ),
      barChart(
        'chart-events',
        'Events by type',
        d.eventsByType.map((e) => ({ label: e.eventType ? codeLabel(e.eventType) : 'No type', value: e.count })),
        '#a16207',
      ),
      barChart(
        'chart-predicates',
        'Claims by predicate',
        d.claimsByPredicate.slice(0, 15).map((p) => ({ label: predicateLabel(p.predicate), value: p.count })),
        '#6d28d9',
      ),
      yearChart('chart-claim-years', 'Claims by year', d.claimsByYear, '#0f766e'),
      yearChart('chart-event-years', 'Events by year', d.eventsByYear, '#a16207'),
    ),
  );
  return heading;
};
