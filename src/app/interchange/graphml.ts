import { citationsByClaim, edgesOf, type GraphSnapshot } from './graph-snapshot';
import { EDGE_ATTRIBUTES, NODE_ATTRIBUTES, type AttributeDefinition } from './graph-attributes';
import { utf8File, type RenderedFile } from './rendered-file';
import { xmlText } from './xml';

/**
 * GraphML (http://graphml.graphdrawing.org/) for Gephi, Cytoscape and yEd:
 * entities as nodes, entity-to-entity claims as directed edges keyed by claim id.
 */
export function renderGraphml(snapshot: GraphSnapshot): RenderedFile[] {
  const citations = citationsByClaim(snapshot);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    `  <!-- Athar ${xmlText(snapshot.atharVersion)}, ${xmlText(snapshot.profile)} profile, as of ${xmlText(snapshot.asOf)} -->`,
    ...keys('node', NODE_ATTRIBUTES),
    ...keys('edge', EDGE_ATTRIBUTES),
    '  <graph id="athar" edgedefault="directed">',
  ];
  for (const entity of snapshot.entities) {
    lines.push(`    <node id="${xmlText(entity.id)}">`, ...data('node', NODE_ATTRIBUTES, entity), '    </node>');
  }
  for (const claim of edgesOf(snapshot)) {
    const edge = { claim, citationCount: citations.get(claim.id)?.length ?? 0 };
    lines.push(
      `    <edge id="${xmlText(claim.id)}" source="${xmlText(claim.subjectId)}" target="${xmlText(claim.objectId!)}">`,
      ...data('edge', EDGE_ATTRIBUTES, edge),
      '    </edge>',
    );
  }
  lines.push('  </graph>', '</graphml>', '');
  return [utf8File('graph.graphml', lines.join('\n'))];
}

function keys<T>(of: 'node' | 'edge', attributes: readonly AttributeDefinition<T>[]): string[] {
  return attributes.map((a) => `  <key id="${of}_${a.name}" for="${of}" attr.name="${a.name}" attr.type="${a.type}"/>`);
}

function data<T>(of: 'node' | 'edge', attributes: readonly AttributeDefinition<T>[], record: T): string[] {
  return attributes.flatMap((a) => {
    const value = a.value(record);
    return value === null ? [] : [`      <data key="${of}_${a.name}">${xmlText(String(value))}</data>`];
  });
}
