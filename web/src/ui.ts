// Pieces every view uses: errors with their codes, entity links, and a claim
// with its evidence.

import { ApiError } from './api';
import { bdi, h, link, type Child } from './dom';
import { codeLabel, gradingText, periodText, predicateLabel, quantityText } from './format';
import type { Citation, Claim, EntityRef } from './queries';

export function errorBox(errors: readonly unknown[]): HTMLElement {
  return h(
    'div',
    { class: 'error', role: 'alert' },
    errors.map((error) => {
      const code = error instanceof ApiError ? error.code : 'ERROR';
      const message = error instanceof Error ? error.message : String(error);
      return h(
        'p',
        null,
        h('strong', { class: 'code' }, code),
        ' ',
        h('span', { dir: 'auto' }, message),
        code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' ? [' ', link('login', null, 'Change the credential')] : null,
      );
    }),
  );
}

export function loading(what: string): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, `Loading ${what}…`);
}

export function kindBadge(kind: string): HTMLElement {
  return h('span', { class: `kind kind-${kind.toLowerCase()}` }, codeLabel(kind));
}

export function entityLink(entity: EntityRef): HTMLAnchorElement {
  return link(
    `entity/${encodeURIComponent(entity.id)}`,
    { class: 'entity-link', 'data-entity-id': entity.id },
    bdi(entity.name),
  );
}

export function statusBadge(claim: Pick<Claim, 'status' | 'statusReason'>): Child {
  return h(
    'span',
    { class: `status status-${claim.status.toLowerCase()}`, title: claim.statusReason ?? null },
    codeLabel(claim.status),
    claim.statusReason ? [': ', bdi(claim.statusReason)] : null,
  );
}

function gradingBadge(citation: Citation): HTMLElement {
  const text = gradingText(citation.reliability, citation.credibility);
  return h(
    'abbr',
    {
      class: `grading grading-${citation.reliability.toLowerCase()}`,
      title: text,
      'aria-label': `Grading ${citation.grading}: ${text}`,
    },
    citation.grading,
  );
}

export function citationItem(citation: Citation): HTMLElement {
  return h(
    'li',
    { class: 'citation', 'data-citation-id': citation.id },
    h(
      'p',
      { class: 'citation-head' },
      gradingBadge(citation),
      ' ',
      h('cite', null, bdi(citation.source.title)),
      citation.via ? [h('span', { class: 'muted' }, ', read in '), h('cite', null, bdi(citation.via.title))] : null,
      h('span', { class: 'muted' }, ' · '),
      h('span', { class: 'locator' }, bdi(citation.locator)),
    ),
    citation.excerpt !== null
      ? h('blockquote', { class: 'excerpt', dir: 'auto' }, citation.excerpt)
      : h('p', { class: 'withheld' }, 'Excerpt withheld: it may identify a protected person.'),
  );
}

/** The claim's statement: subject, predicate and object (or value). */
export function statement(claim: Claim, current?: string): HTMLElement {
  const side = (entity: EntityRef): Child =>
    entity.id === current ? h('strong', null, bdi(entity.name)) : entityLink(entity);
  const value: Child = claim.object
    ? side(claim.object)
    : claim.quantity
      ? h('span', { class: 'value' }, quantityText(claim.quantity))
      : claim.text !== null
        ? h('q', { class: 'value', dir: 'auto' }, claim.text)
        : h('span', { class: 'muted' }, '(value withheld)');
  return h(
    'p',
    { class: 'statement' },
    side(claim.subject),
    ' ',
    h('span', { class: 'predicate', title: claim.predicate }, predicateLabel(claim.predicate)),
    ' ',
    value,
  );
}

export interface ClaimCardOptions {
  /** The entity whose page this is: named in bold rather than linked. */
  current?: string;
  /** Conflicts this claim is part of: the other claim and why. */
  conflicts?: { otherId: string; reason: string; overlap: string }[];
  /** Leave out the link to the trace (on the trace itself). */
  noTraceLink?: boolean;
  tag?: 'li' | 'div' | 'article';
}

export function claimCard(claim: Claim, options: ClaimCardOptions = {}): HTMLElement {
  const c = claim.corroboration;
  const conflicts = options.conflicts ?? [];
  return h(
    options.tag ?? 'li',
    {
      class: `claim status-${claim.status.toLowerCase()}${conflicts.length ? ' in-conflict' : ''}`,
      id: `claim-${claim.id}`,
      'data-claim-id': claim.id,
      tabindex: '-1',
    },
    statement(claim, options.current),
    h(
      'p',
      { class: 'claim-meta' },
      statusBadge(claim),
      claim.rank !== 'NORMAL'
        ? h(
            'span',
            { class: `rank rank-${claim.rank.toLowerCase()}`, title: claim.rankReason ?? null },
            `Ranked ${codeLabel(claim.rank).toLowerCase()}`,
            claim.rankReason ? [': ', bdi(claim.rankReason)] : null,
          )
        : null,
      h('span', { class: 'period' }, 'Period: ', periodText(claim.period)),
      claim.visibility !== 'PUBLIC'
        ? h('span', { class: 'access' }, `Visible to ${codeLabel(claim.visibility)}`)
        : null,
      h(
        'span',
        { class: `corroboration${c.singleOrigin ? ' single-origin' : ''}` },
        `${c.citationCount} citation${c.citationCount === 1 ? '' : 's'}, ${c.independentOrigins} independent origin${c.independentOrigins === 1 ? '' : 's'}`,
        c.singleOrigin && c.citationCount > 1 ? ' (all from one origin)' : null,
      ),
    ),
    conflicts.map((conflict) =>
      h(
        'p',
        { class: 'conflict-flag', role: 'note' },
        h('span', { 'aria-hidden': 'true' }, '⚠ '),
        h('strong', null, `Conflicts (${conflict.overlap.toLowerCase()} overlap) with `),
        h(
          'button',
          { type: 'button', class: 'linkish', onclick: () => focusClaim(conflict.otherId) },
          'the other claim',
        ),
        ': ',
        h('span', { dir: 'auto' }, conflict.reason),
      ),
    ),
    claim.note ? h('p', { class: 'note', dir: 'auto' }, h('span', { class: 'muted' }, 'Note: '), claim.note) : null,
    h('ol', { class: 'citations', 'aria-label': 'Citations' }, claim.citations.map(citationItem)),
    options.noTraceLink
      ? null
      : h(
          'p',
          { class: 'claim-links' },
          link(`claim/${encodeURIComponent(claim.id)}`, { class: 'trace-link' }, 'Evidence trace'),
        ),
  );
}

/** Scrolls to a claim on the page and gives it focus. */
export function focusClaim(id: string): void {
  const el = document.getElementById(`claim-${id}`);
  if (!el) return;
  el.scrollIntoView({ block: 'center' });
  el.focus();
}
