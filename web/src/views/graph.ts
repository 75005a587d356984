import type { Core, EdgeSingular, ElementDefinition, EventObject, NodeSingular } from 'cytoscape';
import { gql } from '../api';
import { bdi, h, link, replace } from '../dom';
import { codeLabel, predicateLabel } from '../format';
import { CLAIM, NEIGHBOURHOOD, type ClaimData, type EntityRef, type NeighbourhoodData } from '../queries';
import { getAsOf } from '../state';
import { claimCard, errorBox, kindBadge, loading } from '../ui';
import type { View } from '../view';

const KIND_STYLE: Readonly<Record<string, { color: string; shape: string }>> = {
  PERSON: { color: '#1d4ed8', shape: 'ellipse' },
  FACILITY: { color: '#b91c1c', shape: 'round-rectangle' },
  PLACE: { color: '#15803d', shape: 'diamond' },
  EVENT: { color: '#a16207', shape: 'hexagon' },
  ORGANIZATION: { color: '#6d28d9', shape: 'rectangle' },
};

interface GraphNode {
  entity: EntityRef;
  distance: number;
  expanded: boolean;
}

interface GraphEdge {
  id: string;
  from: string;
  to: string;
  predicate: string;
  citationCount: number;
  status: string;
  /** The claim's period as bounds (ISO dates), or null when no source dates it. */
  earliest: string | null;
  latest: string | null;
}

/**
 * Whether a claim may hold at some time in the years asked for: its bounds overlap them. An undated
 * claim, or an open bound, may hold at any time, so it is kept (as the API's `during` filters keep it).
 */
function mayHoldIn(edge: GraphEdge, from: number | null, to: number | null): boolean {
  if (from !== null && edge.latest !== null && Number(edge.latest.slice(0, 4)) < from) return false;
  if (to !== null && edge.earliest !== null && Number(edge.earliest.slice(0, 4)) > to) return false;
  return true;
}

/** The debugging handle (and the end-to-end test's): the Cytoscape instance of the graph on the page. */
declare global {
  interface Window {
    atharExplorer?: { graph?: Core };
  }
}

export const graphView: View = async (ctx) => {
  const id = ctx.route.id ?? '';
  const depth = Math.min(3, Math.max(1, Number(ctx.route.params.get('depth') ?? '1') || 1));
  const limit = Math.min(200, Math.max(5, Number(ctx.route.params.get('limit') ?? '60') || 60));
  ctx.show(loading('the neighbourhood'));
  const asOf = getAsOf();
  const [{ data, errors }, cytoscapeModule] = await Promise.all([
    gql<NeighbourhoodData>(NEIGHBOURHOOD, { id, depth, limit, asOf }),
    import('cytoscape'),
  ]);
  if (!ctx.alive()) return;
  const root = data?.entity ?? null;
  if (!root) {
    const heading = h('h1', { tabindex: '-1' }, 'Entity not found');
    ctx.show(
      heading,
      errors.length ? errorBox(errors) : h('p', null, 'No entity has the id ', h('code', null, id), '.'),
    );
    return heading;
  }
  ctx.title(`Graph: ${root.name}`);

  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const merge = (hood: NonNullable<NeighbourhoodData['entity']>['neighbourhood'], base: number): string[] => {
    const added: string[] = [];
    for (const n of hood.nodes) {
      if (!nodes.has(n.entity.id)) {
        nodes.set(n.entity.id, { entity: n.entity, distance: base + n.distance, expanded: false });
        added.push(n.entity.id);
      }
    }
    for (const e of hood.edges) {
      if (!edges.has(e.claim.id) && nodes.has(e.from) && nodes.has(e.to)) {
        edges.set(e.claim.id, {
          id: e.claim.id,
          from: e.from,
          to: e.to,
          predicate: e.predicate,
          citationCount: e.citationCount,
          status: e.claim.status,
          earliest: e.claim.period?.earliest ?? null,
          latest: e.claim.period?.latest ?? null,
        });
        added.push(e.claim.id);
      }
    }
    return added;
  };
  merge(root.neighbourhood, 0);
  nodes.get(root.id)!.expanded = true;
  let truncated = root.neighbourhood.truncated;

  const heading = h('h1', { tabindex: '-1' }, 'Graph around ', bdi(root.name));
  const container = h('div', {
    class: 'graph-canvas',
    id: 'graph-canvas',
    role: 'img',
    'aria-label':
      'The graph of entities and the claims between them. The lists below it give the same, for the keyboard.',
  });
  const panel = h(
    'aside',
    { class: 'graph-panel', id: 'graph-panel', 'aria-live': 'polite', 'aria-label': 'Selection' },
    h('p', { class: 'muted' }, 'Select an entity to open or expand it, or a line to see its claim and evidence.'),
  );
  const status = h('p', { class: 'graph-status', role: 'status' });
  const filters = h('fieldset', { class: 'predicate-filter' }, h('legend', null, 'Predicates shown'));
  const nodeList = h('ul', { class: 'node-list' });
  const edgeList = h('ul', { class: 'edge-list' });
  const hidden = new Set<string>();
  const yearInput = (id: string, label: string) =>
    h('input', { id, type: 'number', min: '1900', max: '2100', placeholder: 'any', 'aria-label': label });
  const fromYear = yearInput('graph-from', 'From year');
  const toYear = yearInput('graph-to', 'To year');
  const yearOf = (input: HTMLInputElement): number | null => (input.value === '' ? null : Number(input.value));
  const period = h(
    'fieldset',
    { class: 'period-filter' },
    h('legend', null, 'Claims that may hold in'),
    h('label', { for: 'graph-from' }, 'from'),
    fromYear,
    h('label', { for: 'graph-to' }, 'to'),
    toYear,
  );

  const depthSelect = h(
    'select',
    { id: 'graph-depth' },
    [1, 2, 3].map((d) => h('option', { value: String(d), selected: d === depth }, String(d))),
  );
  const limitInput = h('input', { id: 'graph-limit', type: 'number', min: '5', max: '200', value: String(limit) });
  const controls = h(
    'form',
    {
      class: 'graph-controls',
      onsubmit: (event: Event) => {
        event.preventDefault();
        location.hash = `#/graph/${encodeURIComponent(root.id)}?depth=${depthSelect.value}&limit=${limitInput.value}`;
      },
    },
    h('label', { for: 'graph-depth' }, 'Depth'),
    depthSelect,
    h('label', { for: 'graph-limit' }, 'At most'),
    limitInput,
    h('button', { type: 'submit' }, 'Redraw'),
    ' ',
    link(`entity/${encodeURIComponent(root.id)}`, null, 'Back to ', bdi(root.name)),
  );

  ctx.show(
    heading,
    controls,
    filters,
    period,
    status,
    h('div', { class: 'graph-wrap' }, container, panel),
    h(
      'details',
      { class: 'graph-lists', open: true },
      h('summary', null, 'Entities and claims as lists'),
      h(
        'div',
        { class: 'lists' },
        h('section', null, h('h2', null, 'Entities'), nodeList),
        h('section', null, h('h2', null, 'Claims (lines)'), edgeList),
      ),
    ),
  );

  // Cytoscape adds an inline <style> (position: relative on its container) unless an element
  // with this id exists; the page's CSP refuses inline styles, and style.css sets that rule.
  if (!document.getElementById('__________cytoscape_stylesheet')) {
    document.head.append(h('template', { id: '__________cytoscape_stylesheet' }));
  }
  const cytoscape = cytoscapeModule.default;
  const cy = cytoscape({
    container,
    elements: [],
    wheelSensitivity: 0.3,
    minZoom: 0.2,
    maxZoom: 3,
    style: [
      {
        selector: 'node',
        style: {
          label: 'data(label)',
          'background-color': 'data(color)',
          shape: 'data(shape)' as never,
          color: '#111827',
          'font-size': 11,
          'text-valign': 'bottom',
          'text-margin-y': 4,
          'text-wrap': 'ellipsis',
          'text-max-width': '120px',
          width: 26,
          height: 26,
          'border-width': 2,
          'border-color': '#ffffff',
        },
      },
      { selector: 'node[?root]', style: { width: 38, height: 38, 'border-color': '#111827', 'border-width': 3 } },
      { selector: 'node[?expandable]', style: { 'border-style': 'dashed', 'border-color': '#6b7280' } },
      {
        selector: 'edge',
        style: {
          width: 'mapData(citations, 1, 6, 1.5, 6)' as never,
          'line-color': '#9ca3af',
          'target-arrow-color': '#9ca3af',
          'target-arrow-shape': 'triangle',
          'curve-style': 'bezier',
          label: 'data(label)',
          'font-size': 9,
          color: '#374151',
          'text-rotation': 'autorotate',
          'text-background-color': '#ffffff',
          'text-background-opacity': 0.85,
          'text-background-padding': '1px',
        },
      },
      {
        selector: 'edge[status = "DISPUTED"]',
        style: { 'line-style': 'dashed', 'line-color': '#d97706', 'target-arrow-color': '#d97706' },
      },
      { selector: ':selected', style: { 'overlay-color': '#2563eb', 'overlay-opacity': 0.25, 'overlay-padding': 6 } },
      { selector: 'edge:selected', style: { 'line-color': '#2563eb', 'target-arrow-color': '#2563eb' } },
      { selector: '.hidden', style: { display: 'none' } },
    ],
  });
  window.atharExplorer = { ...window.atharExplorer, graph: cy };

  const nodeElement = (n: GraphNode): ElementDefinition => {
    const style = KIND_STYLE[n.entity.kind] ?? { color: '#374151', shape: 'ellipse' };
    return {
      group: 'nodes',
      data: {
        id: n.entity.id,
        label: n.entity.name,
        kind: n.entity.kind,
        color: style.color,
        shape: style.shape,
        distance: n.distance,
        root: n.entity.id === root.id,
        expandable: !n.expanded,
      },
    };
  };
  const edgeElement = (e: GraphEdge): ElementDefinition => ({
    group: 'edges',
    data: {
      id: e.id,
      source: e.from,
      target: e.to,
      predicate: e.predicate,
      label: predicateLabel(e.predicate),
      citations: e.citationCount,
      status: e.status,
    },
  });

  // A radial tree: the entity asked about in the middle, each other entity on the ring of its
  // distance, inside the sector of the neighbour it was reached from, sectors sized by what
  // hangs from them. No randomness: the same graph is always drawn the same way.
  const layout = () => {
    const neighbours = new Map<string, string[]>();
    for (const e of edges.values()) {
      neighbours.set(e.from, [...(neighbours.get(e.from) ?? []), e.to]);
      neighbours.set(e.to, [...(neighbours.get(e.to) ?? []), e.from]);
    }
    const byName = (a: GraphNode, b: GraphNode) =>
      a.distance - b.distance || a.entity.name.localeCompare(b.entity.name);
    const children = new Map<string, string[]>([[root.id, []]]);
    const depth = new Map<string, number>([[root.id, 0]]);
    for (const n of [...nodes.values()].sort(byName)) {
      if (n.entity.id === root.id) continue;
      const parent =
        (neighbours.get(n.entity.id) ?? [])
          .map((id) => nodes.get(id))
          .filter((p): p is GraphNode => p !== undefined && p.distance < n.distance && depth.has(p.entity.id))
          .sort(byName)[0]?.entity.id ?? root.id;
      children.get(parent)!.push(n.entity.id);
      children.set(n.entity.id, []);
      depth.set(n.entity.id, depth.get(parent)! + 1);
    }
    const weights = new Map<string, number>();
    const weight = (id: string): number => {
      const kids = children.get(id) ?? [];
      const w = kids.length ? kids.reduce((sum, kid) => sum + weight(kid), 0) : 1;
      weights.set(id, w);
      return w;
    };
    weight(root.id);
    const counts: number[] = [];
    for (const d of depth.values()) counts[d] = (counts[d] ?? 0) + 1;
    const radii: number[] = [0];
    for (let d = 1; d < counts.length; d++)
      radii[d] = Math.max(radii[d - 1]! + 150, ((counts[d] ?? 0) * 60) / (2 * Math.PI));
    const positions = new Map<string, { x: number; y: number }>();
    const place = (id: string, from: number, to: number) => {
      const r = radii[depth.get(id)!] ?? 0;
      const a = (from + to) / 2;
      positions.set(id, { x: r * Math.cos(a), y: r * Math.sin(a) });
      const kids = children.get(id) ?? [];
      const total = kids.reduce((sum, kid) => sum + weights.get(kid)!, 0);
      let start = from;
      for (const kid of kids) {
        const share = ((to - from) * weights.get(kid)!) / total;
        place(kid, start, start + share);
        start += share;
      }
    };
    place(root.id, -Math.PI / 2, (3 * Math.PI) / 2);
    cy.layout({
      name: 'preset',
      positions: (node: NodeSingular) => positions.get(node.id()) ?? { x: 0, y: 0 },
      fit: true,
      padding: 30,
      animate: false,
    } as never).run();
  };

  const applyFilter = () => {
    const from = yearOf(fromYear);
    const to = yearOf(toYear);
    cy.batch(() => {
      cy.edges().forEach((edge) => {
        const claim = edges.get(edge.id());
        const outOfPeriod = claim !== undefined && !mayHoldIn(claim, from, to);
        edge.toggleClass('hidden', hidden.has(String(edge.data('predicate'))) || outOfPeriod);
      });
      cy.nodes().forEach((node) => {
        const visible =
          node.data('root') || node.connectedEdges().some((edge) => !(edge as EdgeSingular).hasClass('hidden'));
        node.toggleClass('hidden', !visible);
      });
    });
    for (const item of edgeList.querySelectorAll<HTMLElement>('li[data-predicate]')) {
      const claim = edges.get(item.dataset.claim ?? '');
      item.hidden = hidden.has(item.dataset.predicate ?? '') || (claim !== undefined && !mayHoldIn(claim, from, to));
    }
  };
  for (const input of [fromYear, toYear]) input.addEventListener('input', () => applyFilter());

  const drawFilters = () => {
    const predicates = [...new Set([...edges.values()].map((e) => e.predicate))].sort();
    replace(
      filters,
      h('legend', null, 'Predicates shown'),
      predicates.map((p) => {
        const box = h('input', { type: 'checkbox', id: `pred-${p}`, value: p, checked: !hidden.has(p) });
        box.addEventListener('change', () => {
          if (box.checked) hidden.delete(p);
          else hidden.add(p);
          applyFilter();
        });
        return h('span', { class: 'check' }, box, h('label', { for: `pred-${p}` }, predicateLabel(p)));
      }),
    );
  };

  const drawLists = () => {
    replace(
      nodeList,
      ...[...nodes.values()]
        .sort((a, b) => a.distance - b.distance || a.entity.name.localeCompare(b.entity.name))
        .map((n) =>
          h(
            'li',
            null,
            h(
              'button',
              { type: 'button', class: 'linkish', 'data-node-id': n.entity.id, onclick: () => selectNode(n.entity.id) },
              bdi(n.entity.name),
            ),
            ' ',
            kindBadge(n.entity.kind),
            n.expanded ? null : h('span', { class: 'muted' }, ' (not expanded)'),
          ),
        ),
    );
    replace(
      edgeList,
      ...[...edges.values()].map((e) =>
        h(
          'li',
          { 'data-predicate': e.predicate, 'data-claim': e.id },
          h(
            'button',
            { type: 'button', class: 'linkish', 'data-edge-id': e.id, onclick: () => selectEdge(e.id) },
            bdi(nodes.get(e.from)?.entity.name ?? e.from),
            ` — ${predicateLabel(e.predicate)} → `,
            bdi(nodes.get(e.to)?.entity.name ?? e.to),
          ),
          h('span', { class: 'muted' }, ` (${e.citationCount} citation${e.citationCount === 1 ? '' : 's'})`),
        ),
      ),
    );
  };

  const drawStatus = () => {
    status.textContent =
      `${nodes.size} entities, ${edges.size} claims.` +
      (truncated ? ' The limit cut the walk short: expand entities, or redraw with a higher limit.' : '');
    container.dataset.nodes = String(nodes.size);
    container.dataset.edges = String(edges.size);
  };

  const redraw = () => {
    drawFilters();
    applyFilter();
    drawLists();
    drawStatus();
  };

  const expand = async (nodeId: string) => {
    const node = nodes.get(nodeId);
    if (!node) return;
    replace(panel, loading('its neighbours'));
    const answer = await gql<NeighbourhoodData>(NEIGHBOURHOOD, { id: nodeId, depth: 1, limit, asOf });
    if (!ctx.alive()) return;
    if (answer.errors.length || !answer.data?.entity) {
      replace(panel, errorBox(answer.errors.length ? answer.errors : [new Error('The entity is gone.')]));
      return;
    }
    node.expanded = true;
    truncated = truncated || answer.data.entity.neighbourhood.truncated;
    const added = merge(answer.data.entity.neighbourhood, node.distance);
    cy.getElementById(nodeId).data('expandable', false);
    cy.add(
      added.map((addedId) =>
        nodes.has(addedId) ? nodeElement(nodes.get(addedId)!) : edgeElement(edges.get(addedId)!),
      ),
    );
    layout();
    redraw();
    container.dataset.expanded = String(Number(container.dataset.expanded ?? '0') + 1);
    selectNode(
      nodeId,
      `${added.filter((a) => nodes.has(a)).length} entities and ${added.filter((a) => edges.has(a)).length} claims added.`,
    );
  };

  const selectNode = (nodeId: string, note?: string) => {
    const node = nodes.get(nodeId);
    if (!node) return;
    cy.elements().unselect();
    cy.getElementById(nodeId).select();
    const e = node.entity;
    const expandButton = h(
      'button',
      { type: 'button', class: 'expand', disabled: node.expanded },
      node.expanded ? 'Expanded' : 'Expand neighbours',
    );
    expandButton.addEventListener('click', () => void expand(nodeId));
    replace(
      panel,
      h('h2', null, bdi(e.name)),
      h('p', null, kindBadge(e.kind), ` ${node.distance} hop${node.distance === 1 ? '' : 's'} away`),
      note ? h('p', { class: 'muted' }, note) : null,
      h(
        'p',
        { class: 'panel-actions' },
        link(`entity/${encodeURIComponent(e.id)}`, { class: 'button' }, 'Open'),
        ' ',
        expandButton,
        ' ',
        e.kind === 'PERSON' ? link(`custody/${encodeURIComponent(e.id)}`, { class: 'button' }, 'Custody') : null,
      ),
    );
  };

  const selectEdge = async (edgeId: string) => {
    const edge = edges.get(edgeId);
    if (!edge) return;
    cy.elements().unselect();
    cy.getElementById(edgeId).select();
    replace(panel, loading('the claim and its evidence'));
    const answer = await gql<ClaimData>(CLAIM, { id: edgeId, asOf });
    if (!ctx.alive() || !cy.getElementById(edgeId).selected()) return;
    replace(
      panel,
      h('h2', null, `Claim: ${codeLabel(edge.predicate)}`),
      answer.errors.length ? errorBox(answer.errors) : null,
      answer.data?.claim ? claimCard(answer.data.claim, { tag: 'div' }) : h('p', null, 'The claim cannot be read.'),
    );
    panel.dataset.claimId = edgeId;
  };

  cy.add([...[...nodes.values()].map(nodeElement), ...[...edges.values()].map(edgeElement)]);
  layout();
  redraw();
  cy.on('tap', 'node', (event: EventObject) => selectNode(event.target.id() as string));
  cy.on('dbltap', 'node', (event: EventObject) => void expand(event.target.id() as string));
  cy.on('tap', 'edge', (event: EventObject) => void selectEdge(event.target.id() as string));
  container.dataset.state = 'ready';
  return heading;
};
