import { gql } from '../api';
import { bdi, h, link, s } from '../dom';
import { certainSpan, codeLabel, dayNumber, periodText, predicateLabel, todayIso } from '../format';
import { CUSTODY, type CustodyData, type CustodyEntry } from '../queries';
import { getAsOf } from '../state';
import { citationItem, entityLink, errorBox, loading, statement, statusBadge } from '../ui';
import type { View } from '../view';

const WIDTH = 960;
const LABEL = 220;
const ROW = 46;
const TOP = 34;
const RIGHT = 24;

interface Placed {
  entry: CustodyEntry;
  index: number;
  /** The widest span (null side: open). */
  possible: [number | null, number | null];
  /** The span it certainly covers, if any. */
  certain: [number, number] | null;
}

function place(entry: CustodyEntry, index: number): Placed | null {
  const period = entry.period;
  if (!period) return null;
  const from = period.earliest ? dayNumber(period.earliest) : null;
  const to = period.latest ? dayNumber(period.latest) : null;
  const span = certainSpan(period.edtf);
  return {
    entry,
    index,
    possible: [from, to],
    certain: span ? [dayNumber(span[0]), dayNumber(span[1])] : null,
  };
}

function yearOf(day: number): number {
  return new Date(day * 86_400_000).getUTCFullYear();
}

function dayOfYear(year: number): number {
  return Date.UTC(year, 0, 1) / 86_400_000;
}

function shortLabel(text: string, max = 30): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function transitionLabel(t: string): string {
  return t === 'UNKNOWN' ? '?' : codeLabel(t).toLowerCase();
}

/** The timeline drawn: certain spans solid, possible spans hatched, open ends faded, transfers as arrows. */
function timeline(placed: Placed[], lastSeen: { day: number; label: string } | null, today: number): SVGSVGElement {
  const days = placed
    .flatMap((p) => [p.possible[0], p.possible[1], ...(p.certain ?? [])])
    .filter((d): d is number => d !== null);
  if (lastSeen) days.push(lastSeen.day);
  const anyOpenEnd = placed.some((p) => p.possible[1] === null);
  if (anyOpenEnd) days.push(today);
  let startYear = yearOf(Math.min(...days));
  let endYear = yearOf(Math.max(...days)) + 1;
  if (placed.some((p) => p.possible[0] === null)) startYear -= 2;
  // A year of room on either side, for the labels at the ends of the bars.
  startYear -= 1;
  endYear += 1;
  if (endYear - startYear < 6) {
    startYear -= 1;
    endYear += 1;
  }
  const x0 = dayOfYear(startYear);
  const x1 = dayOfYear(endYear);
  const plot = WIDTH - LABEL - RIGHT;
  const x = (day: number) => LABEL + ((day - x0) / (x1 - x0)) * plot;
  const height = TOP + placed.length * ROW + 34;

  const span = endYear - startYear;
  const step = [1, 2, 5, 10, 20, 25, 50, 100].find((st) => span / st <= 12) ?? 100;
  const ticks: SVGElement[] = [];
  for (let year = Math.ceil(startYear / step) * step; year <= endYear; year += step) {
    const tx = x(dayOfYear(year));
    ticks.push(
      s('line', { x1: tx, x2: tx, y1: TOP - 6, y2: height - 28, class: 'tick' }),
      s('text', { x: tx, y: TOP - 12, 'text-anchor': 'middle', class: 'tick-label' }, String(year)),
    );
  }

  const rows: SVGElement[] = [];
  placed.forEach((p, row) => {
    const y = TOP + row * ROW + 10;
    const barH = 18;
    const unknown = p.entry.kind === 'WHEREABOUTS_UNKNOWN';
    const name = unknown ? 'Whereabouts unknown' : (p.entry.facility?.name ?? 'Unknown facility');
    const from = p.possible[0] ?? x0;
    const to = p.possible[1] ?? today;
    const openStart = p.possible[0] === null;
    const openEnd = p.possible[1] === null;
    const cls = unknown ? 'gap' : 'held';
    const group = s('g', { class: `spell ${cls}`, 'data-index': p.index });
    group.append(
      s(
        'title',
        null,
        `${name}: ${p.entry.period?.edtf ?? ''}; began ${transitionLabel(p.entry.began)}, ended ${transitionLabel(p.entry.ended)}`,
      ),
      s('text', { x: LABEL - 10, y: y + 13, 'text-anchor': 'end', class: 'row-label' }, shortLabel(name)),
      // The possible span: everything the period can mean, hatched.
      s('rect', {
        x: x(from),
        y,
        width: Math.max(2, x(to) - x(from)),
        height: barH,
        class: `possible${openStart ? ' open-start' : ''}${openEnd ? ' open-end' : ''}`,
        fill: unknown ? 'url(#hatch-gap)' : 'url(#hatch-held)',
      }),
    );
    if (openStart) group.append(s('rect', { x: x(from), y, width: 28, height: barH, fill: 'url(#fade-left)' }));
    if (openEnd) {
      group.append(
        s('rect', { x: x(to) - 28, y, width: 28, height: barH, fill: 'url(#fade-right)' }),
        s('text', { x: x(to) + 4, y: y + 13, class: 'open-mark' }, '…'),
      );
    }
    if (p.certain && !unknown) {
      group.append(
        s('rect', {
          x: x(p.certain[0]),
          y,
          width: Math.max(2, x(p.certain[1]) - x(p.certain[0])),
          height: barH,
          class: 'certain',
        }),
      );
    }
    if (!unknown) {
      // How the spell began and ended, under the bar; on a short bar, in one label.
      const began = transitionLabel(p.entry.began);
      const ended = transitionLabel(p.entry.ended);
      if (x(to) - x(from) < 140) {
        group.append(
          s('text', { x: x(to), y: y + barH + 12, class: 'transition', 'text-anchor': 'end' }, `${began} → ${ended}`),
        );
      } else {
        group.append(
          s('text', { x: x(from), y: y + barH + 12, class: 'transition', 'text-anchor': 'start' }, began),
          s('text', { x: x(to), y: y + barH + 12, class: 'transition', 'text-anchor': 'end' }, ended),
        );
      }
    }
    rows.push(group);
  });

  // Transfers: from the end of one spell to the start of the next.
  const custodyRows = placed.map((p, row) => ({ p, row })).filter(({ p }) => p.entry.kind === 'CUSTODY');
  for (let i = 0; i + 1 < custodyRows.length; i++) {
    const a = custodyRows[i]!;
    const b = custodyRows[i + 1]!;
    if (a.p.entry.ended !== 'TRANSFER' && b.p.entry.began !== 'TRANSFER') continue;
    const ax = x(a.p.possible[1] ?? today);
    const bx = x(b.p.possible[0] ?? x0);
    // Out of the right end of the first bar, down onto the start of the next.
    const ay = TOP + a.row * ROW + 10 + 9;
    const by = TOP + b.row * ROW + 10;
    rows.push(
      s(
        'path',
        {
          d: `M ${ax} ${ay} C ${ax + 28} ${ay}, ${bx + 6} ${by - 16}, ${bx + 2} ${by}`,
          class: 'transfer',
          'marker-end': 'url(#arrow)',
        },
        s('title', null, 'transfer'),
      ),
    );
  }

  const extras: SVGElement[] = [];
  if (lastSeen) {
    const lx = x(lastSeen.day);
    extras.push(
      s('line', { x1: lx, x2: lx, y1: TOP - 4, y2: height - 26, class: 'last-seen' }),
      s(
        'text',
        { x: lx, y: height - 12, 'text-anchor': lx > WIDTH - 120 ? 'end' : 'middle', class: 'last-seen-label' },
        `last seen ${lastSeen.label}`,
      ),
    );
  }

  const svg = s(
    'svg',
    {
      class: 'custody-chart',
      viewBox: `0 0 ${WIDTH} ${height}`,
      width: '100%',
      role: 'img',
      'aria-labelledby': 'custody-chart-title custody-chart-desc',
    },
    s('title', { id: 'custody-chart-title' }, 'Custody timeline'),
    s(
      'desc',
      { id: 'custody-chart-desc' },
      'Solid: the span the sources place the person there for certain. Hatched: the span the uncertain dates allow. Faded ends: open dates. The table below gives the same in words.',
    ),
    s(
      'defs',
      null,
      s(
        'pattern',
        { id: 'hatch-held', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
        s('rect', { width: 6, height: 6, fill: '#fde2e2' }),
        s('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#b91c1c', 'stroke-width': 2 }),
      ),
      s(
        'pattern',
        { id: 'hatch-gap', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
        s('rect', { width: 6, height: 6, fill: '#f3f4f6' }),
        s('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#9ca3af', 'stroke-width': 1.5 }),
      ),
      s(
        'linearGradient',
        { id: 'fade-left' },
        s('stop', { offset: '0', 'stop-color': '#ffffff', 'stop-opacity': '1' }),
        s('stop', { offset: '1', 'stop-color': '#ffffff', 'stop-opacity': '0' }),
      ),
      s(
        'linearGradient',
        { id: 'fade-right' },
        s('stop', { offset: '0', 'stop-color': '#ffffff', 'stop-opacity': '0' }),
        s('stop', { offset: '1', 'stop-color': '#ffffff', 'stop-opacity': '1' }),
      ),
      s(
        'marker',
        {
          id: 'arrow',
          viewBox: '0 0 10 10',
          refX: 9,
          refY: 5,
          markerWidth: 7,
          markerHeight: 7,
          orient: 'auto-start-reverse',
        },
        s('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#374151' }),
      ),
    ),
    s('line', { x1: LABEL, x2: WIDTH - RIGHT, y1: TOP - 6, y2: TOP - 6, class: 'axis' }),
    ticks,
    rows,
    extras,
  );
  return svg;
}

function legend(): HTMLElement {
  const swatch = (cls: string, label: string) =>
    h('li', null, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), label);
  return h(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    swatch('swatch-certain', 'held, for certain'),
    swatch('swatch-possible', 'possibly held (uncertain dates)'),
    swatch('swatch-gap', 'whereabouts unknown'),
    swatch('swatch-open', 'open date (fades out)'),
  );
}

const ORDER_LABEL: Readonly<Record<CustodyEntry['order'], string>> = {
  DATED: 'By date',
  STATED: 'By a stated transfer',
  UNKNOWN: 'Unknown',
};

function entryRow(entry: CustodyEntry, index: number): HTMLElement {
  return h(
    'tr',
    { class: `entry entry-${entry.kind.toLowerCase()}` },
    h('td', null, String(index + 1)),
    h('td', null, entry.facility ? entityLink(entry.facility) : h('em', null, 'Whereabouts unknown')),
    h('td', null, periodText(entry.period)),
    // Whether the row's place in the table means anything: an UNKNOWN row is listed last in no meaningful order.
    h('td', { class: `order order-${entry.order.toLowerCase()}`, title: entry.orderReason }, ORDER_LABEL[entry.order]),
    h('td', null, codeLabel(entry.began)),
    h('td', null, codeLabel(entry.ended)),
    h(
      'td',
      null,
      entry.claims.length === 0
        ? h('span', { class: 'muted' }, 'No claim: no source places the person anywhere then.')
        : h(
            'ul',
            { class: 'entry-claims' },
            entry.claims.map((claim) =>
              h(
                'li',
                null,
                statement(claim),
                ' ',
                statusBadge(claim),
                ' ',
                link(`claim/${encodeURIComponent(claim.id)}`, { class: 'trace-link' }, 'trace'),
                h('ol', { class: 'citations' }, claim.citations.map(citationItem)),
              ),
            ),
          ),
    ),
  );
}

export const custodyView: View = async (ctx) => {
  const id = ctx.route.id ?? '';
  ctx.show(loading('the custody timeline'));
  const { data, errors } = await gql<CustodyData>(CUSTODY, { id, asOf: getAsOf() });
  if (!ctx.alive()) return;
  const person = data?.entity ?? null;
  if (!person) {
    const heading = h('h1', { tabindex: '-1' }, 'Person not found');
    ctx.show(
      heading,
      errors.length ? errorBox(errors) : h('p', null, 'No entity has the id ', h('code', null, id), '.'),
    );
    return heading;
  }
  ctx.title(`Custody: ${person.name}`);
  const heading = h('h1', { tabindex: '-1' }, 'Custody timeline: ', bdi(person.name));
  const back = h('p', null, link(`entity/${encodeURIComponent(person.id)}`, null, 'Back to ', bdi(person.name)));
  if (!person.custody) {
    ctx.show(
      heading,
      back,
      errors.length ? errorBox(errors) : null,
      h('p', null, 'Custody timelines are kept for people only.'),
    );
    return heading;
  }
  const { entries, lastSeen } = person.custody;
  const placed = entries.map(place).filter((p): p is Placed => p !== null);
  const undated = entries.filter((e) => !e.period);
  // The last sighting is drawn only when its latest day is known; an open date is told in words.
  const seen = lastSeen?.date.latest ? { day: dayNumber(lastSeen.date.latest), label: lastSeen.date.edtf } : null;
  const today = dayNumber(todayIso());

  ctx.show(
    heading,
    back,
    errors.length ? errorBox(errors) : null,
    entries.length === 0
      ? h('p', null, 'No source places this person in custody.')
      : h(
          'div',
          { class: 'custody' },
          placed.length
            ? h(
                'figure',
                { class: 'custody-figure' },
                timeline(placed, seen && !Number.isNaN(seen.day) ? seen : null, today),
                legend(),
              )
            : h('p', { class: 'muted' }, 'No source dates any spell of this custody, so none can be placed in time.'),
          undated.length
            ? h(
                'p',
                { class: 'undated' },
                `Undated spell${undated.length === 1 ? '' : 's'} (no source says when): `,
                h(
                  'span',
                  null,
                  undated.map((e, i) => [i ? ', ' : '', e.facility ? entityLink(e.facility) : 'whereabouts unknown']),
                ),
                '.',
              )
            : null,
          lastSeen
            ? h(
                'p',
                { class: 'last-seen-text' },
                'Last seen: ',
                lastSeen.date.edtf,
                `, ${predicateLabel(lastSeen.predicate)} `,
                entityLink(lastSeen.at),
                ' (',
                link(`claim/${encodeURIComponent(lastSeen.claim.id)}`, null, 'evidence'),
                ').',
              )
            : null,
          h(
            'table',
            { class: 'custody-table' },
            h(
              'caption',
              null,
              'Spells in custody and gaps, in order as far as the evidence orders them (see Order), with the claims behind them',
            ),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ['#', 'Where', 'Period', 'Order', 'Began', 'Ended', 'Evidence'].map((t) =>
                  h('th', { scope: 'col' }, t),
                ),
              ),
            ),
            h('tbody', null, entries.map(entryRow)),
          ),
        ),
  );
  return heading;
};
