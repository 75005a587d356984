import { gql } from '../api';
import { append, bdi, h, link, replace } from '../dom';
import { periodText, predicateLabel } from '../format';
import {
  CONNECTIONS,
  ENTITY_NAME,
  SEARCH,
  type ConnectionsData,
  type EntityNameData,
  type EntityRef,
  type SearchData,
} from '../queries';
import { go, routeWith } from '../router';
import { asOfVars, getAsOf } from '../state';
import { citationItem, entityLink, errorBox, kindBadge, loading, statusBadge } from '../ui';
import type { View } from '../view';

interface Picker {
  element: HTMLElement;
  value(): string;
}

/** A labelled name field with type-ahead: choosing a result sets the entity id. */
function picker(name: string, label: string, initial: EntityRef | null): Picker {
  let chosen = initial;
  const input = h('input', {
    type: 'search',
    id: `pick-${name}`,
    dir: 'auto',
    autocomplete: 'off',
    value: initial?.name ?? '',
    'aria-describedby': `pick-${name}-chosen`,
    placeholder: 'Type a name or paste an id',
  });
  const chosenText = h('p', { id: `pick-${name}-chosen`, class: 'chosen muted', 'aria-live': 'polite' });
  const options = h('ul', { class: 'pick-options', id: `pick-${name}-options` });
  const showChosen = () => {
    replace(
      chosenText,
      ...(chosen ? ['Chosen: ', bdi(chosen.name), ' ', h('code', null, chosen.id)] : ['Nothing chosen yet.']),
    );
  };
  showChosen();
  let timer = 0;
  let asked = 0;
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    const text = input.value.trim();
    if (/^(per|org|fac|plc|evt)_[A-Za-z0-9_]+$/.test(text)) {
      chosen = { id: text, name: text, kind: 'PERSON' };
      replace(options);
      showChosen();
      return;
    }
    if (text.length < 2) {
      replace(options);
      return;
    }
    timer = window.setTimeout(() => {
      const mine = ++asked;
      void gql<SearchData>(SEARCH, { text, kinds: null, ...asOfVars() }).then(({ data, errors }) => {
        if (mine !== asked) return;
        if (errors.length) {
          replace(options, h('li', null, errorBox(errors)));
          return;
        }
        replace(
          options,
          ...(data?.search ?? []).slice(0, 8).map((r) =>
            h(
              'li',
              null,
              h(
                'button',
                {
                  type: 'button',
                  class: 'option',
                  'data-entity-id': r.entity.id,
                  onclick: () => {
                    chosen = r.entity;
                    input.value = r.entity.name;
                    replace(options);
                    showChosen();
                    input.focus();
                  },
                },
                kindBadge(r.entity.kind),
                ' ',
                bdi(r.entity.name),
              ),
            ),
          ),
        );
      });
    }, 250);
  });
  return {
    element: h('div', { class: 'picker' }, h('label', { for: `pick-${name}` }, label), input, options, chosenText),
    value: () => chosen?.id ?? '',
  };
}

async function named(id: string | null): Promise<EntityRef | null> {
  if (!id) return null;
  const { data } = await gql<EntityNameData>(ENTITY_NAME, { id, asOf: getAsOf() });
  return data?.entity ?? { id, name: id, kind: 'PERSON' };
}

export const connectView: View = async (ctx) => {
  const fromId = ctx.route.params.get('from');
  const toId = ctx.route.params.get('to');
  const maxHops = Math.min(6, Math.max(1, Number(ctx.route.params.get('maxHops') ?? '4') || 4));
  ctx.title('Connections');
  const [fromEntity, toEntity] = await Promise.all([named(fromId), named(toId)]);
  if (!ctx.alive()) return;
  const from = picker('from', 'From', fromEntity);
  const to = picker('to', 'To', toEntity);
  const hops = h(
    'select',
    { id: 'max-hops' },
    [1, 2, 3, 4, 5, 6].map((n) => h('option', { value: String(n), selected: n === maxHops }, String(n))),
  );
  const formError = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    {
      class: 'connect-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        if (!from.value() || !to.value()) {
          replace(
            formError,
            h('p', { class: 'error', role: 'alert' }, 'Choose both entities from the suggestions, or paste their ids.'),
          );
          return;
        }
        go(routeWith('connect', { from: from.value(), to: to.value(), maxHops: hops.value }));
      },
    },
    from.element,
    to.element,
    h('div', { class: 'picker' }, h('label', { for: 'max-hops' }, 'At most this many links'), hops),
    h('button', { type: 'submit' }, 'Find connections'),
    formError,
  );
  const heading = h('h1', { tabindex: '-1' }, 'How are two entities connected?');
  const results = h('div', { class: 'paths', 'aria-live': 'polite' });
  ctx.show(
    heading,
    h('p', { class: 'lead' }, 'The shortest chains of claims between them, each link with its claim and citations.'),
    form,
    results,
  );
  if (!fromId || !toId) return heading;

  replace(results, loading('the connections'));
  const { data, errors } = await gql<ConnectionsData>(CONNECTIONS, {
    from: fromId,
    to: toId,
    maxHops,
    first: 5,
    ...asOfVars(),
  });
  if (!ctx.alive()) return;
  replace(results);
  if (errors.length) append(results, errorBox(errors));
  if (!data) return heading;
  const paths = data.connections;
  append(
    results,
    h('h2', null, paths.length ? `${paths.length} shortest path${paths.length === 1 ? '' : 's'}` : 'No path'),
    paths.length === 0 ? h('p', null, `No chain of at most ${maxHops} claims joins them.`) : null,
    paths.map((path, i) =>
      h(
        'section',
        { class: 'path', 'aria-label': `Path ${i + 1}` },
        h('h3', null, `Path ${i + 1}: ${path.length} link${path.length === 1 ? '' : 's'}`),
        h(
          'p',
          { class: 'path-line' },
          path.entities.map((e, j) => [
            j ? h('span', { 'aria-hidden': 'true', class: 'arrow' }, ' → ') : null,
            entityLink(e),
          ]),
        ),
        h(
          'ol',
          { class: 'hops' },
          path.hops.map((hop, j) =>
            h(
              'li',
              { class: 'hop', 'data-claim-id': hop.claim.id },
              h(
                'p',
                { class: 'hop-head' },
                h('span', { class: 'hop-number' }, `Link ${j + 1}: `),
                entityLink(hop.from),
                ' ',
                h(
                  'span',
                  {
                    class: 'predicate',
                    title: hop.direction === 'OUTGOING' ? 'as the claim says' : 'the claim read backwards',
                  },
                  hop.direction === 'OUTGOING'
                    ? `${predicateLabel(hop.predicate)} →`
                    : `← ${predicateLabel(hop.predicate)}`,
                ),
                ' ',
                entityLink(hop.to),
              ),
              h(
                'p',
                { class: 'claim-meta' },
                statusBadge(hop.claim),
                h('span', { class: 'period' }, 'Period: ', periodText(hop.claim.period)),
                h(
                  'span',
                  { class: 'direction' },
                  hop.direction === 'OUTGOING' ? 'The claim reads this way: ' : 'Walked backwards; the claim says: ',
                  bdi(hop.claim.subject.name),
                  ` ${predicateLabel(hop.claim.predicate)} `,
                  bdi(hop.claim.object?.name ?? ''),
                  '.',
                ),
                ' ',
                link(`claim/${encodeURIComponent(hop.claim.id)}`, { class: 'trace-link' }, 'Evidence trace'),
              ),
              h('ol', { class: 'citations' }, hop.claim.citations.map(citationItem)),
            ),
          ),
        ),
      ),
    ),
  );
  return heading;
};
