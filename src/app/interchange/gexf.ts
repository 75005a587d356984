import { citationsByClaim, edgesOf, type GraphSnapshot } from './graph-snapshot';
import { EDGE_ATTRIBUTES, NODE_ATTRIBUTES, type AttributeDefinition } from './graph-attributes';
import { utf8File, type RenderedFile } from './rendered-file';
import { xmlText } from './xml';

/** GEXF 1.3 (https://gexf.net/) for Gephi: entities as nodes labelled by name, claims as directed edges labelled by predicate. */
export function renderGexf(snapshot: GraphSnapshot): RenderedFile[] {
  const citations = citationsByClaim(snapshot);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
    `  <meta lastmodifieddate="${xmlText(snapshot.asOf.slice(0, 10))}">`,
    `    <creator>Athar ${xmlText(snapshot.atharVersion)}</creator>`,
    `    <description>${xmlText(`${snapshot.profile} profile, as of ${snapshot.asOf}`)}</description>`,
    '  </meta>',
    '  <graph mode="static" defaultedgetype="directed">',
    ...attributes('node', NODE_ATTRIBUTES),
    ...attributes('edge', EDGE_ATTRIBUTES),
    '    <nodes>',
  ];
  for (const entity of snapshot.entities) {
    lines.push(
      `      <node id="${xmlText(entity.id)}" label="${xmlText(entity.name)}">`,
      ...values(NODE_ATTRIBUTES, entity),
      '      </node>',
    );
  }
  lines.push('    </nodes>', '    <edges>');
  for (const claim of edgesOf(snapshot)) {
    const edge = { claim, citationCount: citations.get(claim.id)?.length ?? 0 };
    lines.push(
      `      <edge id="${xmlText(claim.id)}" source="${xmlText(claim.subjectId)}" target="${xmlText(claim.objectId!)}" label="${xmlText(claim.predicate)}">`,
      ...values(EDGE_ATTRIBUTES, edge),
      '      </edge>',
    );
  }
  lines.push('    </edges>', '  </graph>', '</gexf>', '');
  return [utf8File('graph.gexf', lines.join('\n'))];
}

const GEXF_TYPES = { string: 'string', int: 'integer', double: 'double', boolean: 'boolean' } as const;

function attributes<T>(of: 'node' | 'edge', list: readonly AttributeDefinition<T>[]): string[] {
  return [
    `    <attributes class="${of}">`,
    ...list.map((a) => `      <attribute id="${a.name}" title="${a.name}" type="${GEXF_TYPES[a.type]}"/>`),
    '    </attributes>',
  ];
}

function values<T>(list: readonly AttributeDefinition<T>[], record: T): string[] {
  const present = list.flatMap((a) => {
    const value = a.value(record);
    return value === null ? [] : [`          <attvalue for="${a.name}" value="${xmlText(String(value))}"/>`];
  });
  return present.length === 0 ? [] : ['        <attvalues>', ...present, '        </attvalues>'];
}
