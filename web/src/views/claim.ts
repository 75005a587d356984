import { gql } from '../api';
import { bdi, externalLink, h } from '../dom';
import { codeLabel, predicateLabel } from '../format';
import { TRACE, type TraceData, type TraceSource } from '../queries';
import { getAsOf } from '../state';
import { citationItem, claimCard, errorBox, loading } from '../ui';
import type { View } from '../view';

function sourceRow(source: TraceSource): HTMLElement {
  return h(
    'tr',
    { 'data-source-id': source.id },
    h('td', null, h('cite', null, bdi(source.title)), h('br'), h('code', { class: 'muted' }, source.id)),
    h('td', null, codeLabel(source.kind)),
    h(
      'td',
      null,
      source.publisher ? bdi(source.publisher) : h('span', { class: 'muted' }, '—'),
      source.author ? [h('br'), bdi(source.author)] : null,
    ),
    h(
      'td',
      null,
      source.date?.edtf ?? '—',
      source.language ? h('span', { class: 'muted' }, ` · ${source.language}`) : null,
    ),
    h(
      'td',
      null,
      source.derivedFrom.length
        ? h(
            'ul',
            { class: 'plain' },
            source.derivedFrom.map((d) => h('li', null, bdi(d.title))),
          )
        : h('span', { class: 'muted' }, 'an origin'),
    ),
    h(
      'td',
      { class: 'hash-cell' },
      source.contentHash
        ? h('code', { class: 'hash', title: 'sha256 of the document' }, source.contentHash)
        : h('span', { class: 'muted' }, 'no hash'),
      source.url ? [h('br'), externalLink(source.url)] : null,
    ),
  );
}

export const claimView: View = async (ctx) => {
  const id = ctx.route.id ?? '';
  ctx.show(loading('the evidence trace'));
  const { data, errors } = await gql<TraceData>(TRACE, { id, asOf: getAsOf() });
  if (!ctx.alive()) return;
  const trace = data?.trace ?? null;
  if (!trace) {
    const heading = h('h1', { tabindex: '-1' }, 'Claim not found');
    ctx.title('Claim not found');
    ctx.show(
      heading,
      errors.length
        ? errorBox(errors)
        : h('p', null, 'No claim has the id ', h('code', null, id), ', or you may not read it.'),
    );
    return heading;
  }
  const claim = trace.claim;
  ctx.title(`Evidence: ${predicateLabel(claim.predicate)}`);
  const heading = h('h1', { tabindex: '-1' }, 'Evidence trace');
  ctx.show(
    h(
      'article',
      { class: 'trace', 'data-claim-id': claim.id },
      heading,
      h('p', { class: 'eyebrow' }, h('code', { class: 'muted' }, claim.id)),
      errors.length ? errorBox(errors) : null,
      claimCard(claim, { tag: 'div', noTraceLink: true }),
      h(
        'section',
        { 'aria-labelledby': 'trace-citations' },
        h('h2', { id: 'trace-citations' }, `Citations and their origins (${trace.citations.length})`),
        h(
          'ol',
          { class: 'traced' },
          trace.citations.map((t) =>
            h(
              'li',
              { class: 'traced-citation' },
              h('ol', { class: 'citations' }, citationItem(t.citation)),
              h(
                'p',
                { class: 'origins' },
                h('span', { class: 'muted' }, 'Goes back to: '),
                t.origins.length
                  ? t.origins.map((o, i) => [
                      i ? '; ' : '',
                      h('cite', null, bdi(o.title)),
                      o.publisher ? [' (', bdi(o.publisher), ')'] : null,
                    ])
                  : 'no origin recorded',
              ),
            ),
          ),
        ),
      ),
      h(
        'section',
        { 'aria-labelledby': 'trace-sources' },
        h('h2', { id: 'trace-sources' }, `Every source on the way (${trace.sources.length})`),
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'sources-table' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ['Source', 'Kind', 'Publisher / author', 'Date', 'Derives from', 'Content hash'].map((t) =>
                  h('th', { scope: 'col' }, t),
                ),
              ),
            ),
            h('tbody', null, trace.sources.map(sourceRow)),
          ),
        ),
      ),
    ),
  );
  return heading;
};
