import { gql } from '../api';
import { bdi, h, link } from '../dom';
import { codeLabel, periodText, predicateLabel } from '../format';
import { ENTITY, ENTITY_CLAIMS_PAGE, type Claim, type EntityData, type EntityDetail } from '../queries';
import { routeWith } from '../router';
import { getAsOf } from '../state';
import { claimCard, entityLink, errorBox, focusClaim, kindBadge, loading } from '../ui';
import type { View } from '../view';
import { exportPanel, mayOfferExport } from './export';

type ConflictNote = { otherId: string; reason: string; overlap: string };

function conflictsByClaim(entity: EntityDetail): Map<string, ConflictNote[]> {
  const notes = new Map<string, ConflictNote[]>();
  const add = (id: string, note: ConflictNote) => notes.set(id, [...(notes.get(id) ?? []), note]);
  for (const c of entity.conflicts) {
    add(c.left.id, { otherId: c.right.id, reason: c.reason, overlap: c.periodOverlap });
    add(c.right.id, { otherId: c.left.id, reason: c.reason, overlap: c.periodOverlap });
  }
  return notes;
}

function typeLine(entity: EntityDetail): string {
  const type = entity.facilityType ?? entity.placeType ?? entity.eventType ?? null;
  return type ? codeLabel(type) : '';
}

function claimGroups(entity: EntityDetail, claims: Claim[], conflicts: Map<string, ConflictNote[]>): HTMLElement {
  const groups = new Map<string, Claim[]>();
  for (const claim of claims) groups.set(claim.predicate, [...(groups.get(claim.predicate) ?? []), claim]);
  const ordered = [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  return h(
    'div',
    { class: 'claim-groups' },
    h(
      'nav',
      { class: 'group-index', 'aria-label': 'Claims by predicate' },
      ordered.map(([predicate, list]) =>
        h(
          'button',
          {
            type: 'button',
            class: 'linkish',
            onclick: () => document.getElementById(`group-${predicate}`)?.focus(),
          },
          `${predicateLabel(predicate)} (${list.length})`,
        ),
      ),
    ),
    ordered.map(([predicate, list]) =>
      h(
        'section',
        { class: 'claim-group', 'data-predicate': predicate },
        h(
          'h3',
          { id: `group-${predicate}`, tabindex: '-1' },
          predicateLabel(predicate),
          ' ',
          h('code', { class: 'muted' }, predicate),
          ` · ${list.length}`,
        ),
        h(
          'ol',
          { class: 'claims' },
          list.map((claim) => claimCard(claim, { current: entity.id, conflicts: conflicts.get(claim.id) ?? [] })),
        ),
      ),
    ),
  );
}

export const entityView: View = async (ctx) => {
  const id = ctx.route.id ?? '';
  ctx.show(loading('the entity'));
  const asOf = getAsOf();
  const { data, errors } = await gql<EntityData>(ENTITY, { id, asOf });
  if (!ctx.alive()) return;
  const entity = data?.entity ?? null;
  if (!entity) {
    const heading = h('h1', { tabindex: '-1' }, 'Entity not found');
    ctx.title('Entity not found');
    ctx.show(
      heading,
      errors.length
        ? errorBox(errors)
        : h(
            'p',
            null,
            'No entity has the id ',
            h('code', null, id),
            asOf ? ` as of ${asOf}` : '',
            ', or you may not read it.',
          ),
    );
    return heading;
  }
  ctx.title(entity.name);

  // Later pages of claims, for an entity with more than one page of them.
  const claims = entity.claims.edges.map((e) => e.node);
  let pageInfo = entity.claims.pageInfo;
  const pageErrors: unknown[] = [];
  while (pageInfo.hasNextPage && pageInfo.endCursor && claims.length < 1000) {
    const next = await gql<EntityData>(ENTITY_CLAIMS_PAGE, { id, asOf, after: pageInfo.endCursor });
    if (!ctx.alive()) return;
    if (next.errors.length || !next.data?.entity) {
      pageErrors.push(...next.errors);
      break;
    }
    claims.push(...next.data.entity.claims.edges.map((e) => e.node));
    pageInfo = next.data.entity.claims.pageInfo;
  }

  const conflicts = conflictsByClaim(entity);
  const heading = h('h1', { tabindex: '-1' }, bdi(entity.name));
  const isPerson = entity.kind === 'PERSON';
  ctx.show(
    h(
      'article',
      { class: 'entity', 'data-entity-id': entity.id },
      h(
        'header',
        { class: 'entity-head' },
        h(
          'p',
          { class: 'eyebrow' },
          kindBadge(entity.kind),
          ' ',
          typeLine(entity),
          ' ',
          h('code', { class: 'muted' }, entity.id),
        ),
        heading,
        entity.protection
          ? h(
              'p',
              { class: 'protected' },
              `Protected person: below ${codeLabel(entity.protection)} clearance they are shown under a pseudonym, and the words that could identify them are withheld.`,
            )
          : null,
        entity.access !== 'PUBLIC'
          ? h('p', { class: 'access' }, `Visible to ${codeLabel(entity.access)} and above.`)
          : null,
        entity.aliases.length
          ? h(
              'div',
              { class: 'aliases' },
              h('span', { class: 'muted' }, 'Also known as: '),
              h(
                'ul',
                { class: 'inline-list' },
                entity.aliases.map((alias) => h('li', null, bdi(alias))),
              ),
            )
          : null,
        entity.date ? h('p', null, 'Date: ', periodText(entity.date)) : null,
        entity.description ? h('p', { class: 'description', dir: 'auto' }, entity.description) : null,
        h(
          'nav',
          { class: 'actions', 'aria-label': 'About this entity' },
          link(`graph/${encodeURIComponent(entity.id)}`, { class: 'button' }, 'Graph'),
          isPerson ? link(`custody/${encodeURIComponent(entity.id)}`, { class: 'button' }, 'Custody timeline') : null,
          link(routeWith('connect', { from: entity.id }), { class: 'button' }, 'Connections from here'),
        ),
      ),
      errors.length ? errorBox(errors) : null,
      mayOfferExport() ? exportPanel(entity) : null,
      entity.conflicts.length
        ? h(
            'section',
            { class: 'conflicts', 'aria-labelledby': 'conflicts-heading' },
            h(
              'h2',
              { id: 'conflicts-heading' },
              h('span', { 'aria-hidden': 'true' }, '⚠ '),
              `Conflicting claims (${entity.conflicts.length})`,
            ),
            h(
              'p',
              { class: 'muted' },
              'Figures that cannot both be true over overlapping periods. Neither is dropped: both are shown below with their sources.',
            ),
            h(
              'ul',
              null,
              entity.conflicts.map((c) =>
                h(
                  'li',
                  { class: 'conflict' },
                  h('strong', null, predicateLabel(c.predicate)),
                  ` (${c.periodOverlap.toLowerCase()} overlap): `,
                  h('span', { dir: 'auto' }, c.reason),
                  ' ',
                  h(
                    'button',
                    { type: 'button', class: 'linkish', onclick: () => focusClaim(c.left.id) },
                    'first claim',
                  ),
                  ' · ',
                  h(
                    'button',
                    { type: 'button', class: 'linkish', onclick: () => focusClaim(c.right.id) },
                    'second claim',
                  ),
                ),
              ),
            ),
          )
        : null,
      entity.detainees && entity.detainees.length
        ? h(
            'section',
            { class: 'detainees', 'aria-labelledby': 'detainees-heading' },
            h('h2', { id: 'detainees-heading' }, `People held here (${entity.detainees.length})`),
            h(
              'ul',
              { class: 'detainee-list' },
              entity.detainees.map((d) =>
                h('li', null, entityLink(d.entity), h('span', { class: 'muted' }, ` — ${periodText(d.claim.period)}`)),
              ),
            ),
          )
        : null,
      h(
        'section',
        { class: 'claims-section', 'aria-labelledby': 'claims-heading' },
        h('h2', { id: 'claims-heading' }, `Claims (${entity.claims.totalCount})`),
        pageErrors.length ? errorBox(pageErrors) : null,
        claims.length ? claimGroups(entity, claims, conflicts) : h('p', null, 'No claims you may read.'),
      ),
    ),
  );
  return heading;
};
