import { gql } from '../api';
import { append, bdi, h, replace } from '../dom';
import { codeLabel } from '../format';
import { SEARCH, type SearchData } from '../queries';
import { go, routeWith } from '../router';
import { asOfVars } from '../state';
import { entityLink, errorBox, kindBadge, loading } from '../ui';
import type { View } from '../view';

const KINDS = ['PERSON', 'FACILITY', 'PLACE', 'EVENT', 'ORGANIZATION'];

export const searchView: View = async (ctx) => {
  const text = ctx.route.params.get('q') ?? '';
  const kind = ctx.route.params.get('kind') ?? '';
  ctx.title(text ? `Search: ${text}` : 'Search');

  const input = h('input', {
    type: 'search',
    id: 'search-text',
    name: 'q',
    dir: 'auto',
    value: text,
    required: true,
    autocomplete: 'off',
    placeholder: 'Sednaya, صيدنايا, Saydnaya…',
  });
  const select = h(
    'select',
    { id: 'search-kind', name: 'kind' },
    h('option', { value: '' }, 'All kinds'),
    KINDS.map((k) => h('option', { value: k, selected: k === kind }, codeLabel(k))),
  );
  const form = h(
    'form',
    {
      class: 'search-form',
      role: 'search',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const q = input.value.trim();
        if (q) go(routeWith('search', { q, kind: select.value }));
      },
    },
    h('label', { for: 'search-text' }, 'Name, in Arabic or Latin script'),
    input,
    h('label', { for: 'search-kind' }, 'Kind'),
    select,
    h('button', { type: 'submit' }, 'Search'),
  );
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  const heading = h('h1', { tabindex: '-1' }, 'Search people, places, facilities, events');
  ctx.show(
    heading,
    h(
      'p',
      { class: 'lead' },
      'Names and aliases are matched whatever the spelling: case, diacritics, transliteration and Arabic script are normalised.',
    ),
    form,
    results,
  );
  if (!text) return input;

  replace(results, loading('results'));
  const { data, errors } = await gql<SearchData>(SEARCH, { text, kinds: kind ? [kind] : null, ...asOfVars() });
  if (!ctx.alive()) return;
  replace(results);
  if (errors.length) append(results, errorBox(errors));
  if (!data) return heading;
  const found = data.search;
  const resultsHeading = h(
    'h2',
    { id: 'results-heading', tabindex: '-1' },
    `${found.length} result${found.length === 1 ? '' : 's'} for `,
    bdi(text),
  );
  append(
    results,
    resultsHeading,
    found.length === 0
      ? h('p', null, 'Nothing matches. Try another spelling, or fewer words.')
      : h(
          'ol',
          { class: 'result-list', 'aria-labelledby': 'results-heading' },
          found.map((r) =>
            h(
              'li',
              { class: 'result' },
              kindBadge(r.entity.kind),
              ' ',
              entityLink(r.entity),
              r.matched !== r.entity.name ? h('span', { class: 'matched muted' }, ' — matched ', bdi(r.matched)) : null,
              r.entity.description ? h('p', { class: 'description', dir: 'auto' }, r.entity.description) : null,
            ),
          ),
        ),
  );
  return resultsHeading;
};
