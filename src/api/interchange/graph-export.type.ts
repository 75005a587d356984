import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { GraphFormat } from '../../app/interchange/graph-formats';

registerEnumType(GraphFormat, {
  name: 'GraphFormat',
  description: 'Interchange formats of a graph export (docs/interchange.md).',
  valuesConfig: {
    GRAPHML: { description: 'GraphML, for Cytoscape, yEd and Gephi: entities as nodes, claims as edges.' },
    GEXF: { description: 'GEXF 1.3, for Gephi.' },
    CSV: { description: 'Four RFC 4180 files: entities, sources, claims, citations.' },
    FTM: { description: 'FollowTheMoney entities, one JSON object a line, for Aleph.' },
    JSONLD: { description: 'JSON-LD with W3C PROV-O: claims derived from citations, citations from sources.' },
    BUNDLE: { description: "Athar's own bundle JSON, which importData and `athar import` read back." },
  },
});

@ObjectType({ description: 'One file of a graph export, with its content.' })
export class GraphExportFile {
  @Field({ description: 'The file name, e.g. graph.graphml or claims.csv.' })
  name!: string;

  @Field({ description: 'sha256 of the file, as the manifest records it.' })
  sha256!: string;

  @Field(() => Int, { description: 'Size of the file in bytes (UTF-8).' })
  bytes!: number;

  @Field({ description: 'The file itself, as UTF-8 text.' })
  content!: string;
}

@ObjectType({ description: 'A graph export: its files and its manifest.' })
export class GraphExportResult {
  @Field(() => [GraphExportFile], { description: 'The files of the export; every format but CSV is one file.' })
  files!: GraphExportFile[];

  @Field(() => GraphQLJSONObject, {
    description: 'sha256 of each file and of the claim set, counts, scope, asOf, profile and Athar version.',
  })
  manifest!: Record<string, unknown>;

  @Field({
    description:
      'sha256 of the manifest (JSON, two-space indented, with a final newline): what the audit trail records.',
  })
  manifestSha256!: string;
}
