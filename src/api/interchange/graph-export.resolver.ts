import { Arg, Ctx, Int, Mutation, Resolver } from 'type-graphql';
import type { AtharContext } from '../graphql/context';
import { parseAsOf } from '../graphql/as-of';
import { GraphFormat } from '../../app/interchange/graph-formats';
import { ExportProfile } from '../../policy/export-profiles';
import { GraphExportResult } from './graph-export.type';
import '../case-files/export.type';

const MAX_ENTITIES = 50;

@Resolver()
export class GraphExportResolver {
  @Mutation(() => GraphExportResult, {
    description:
      'LEGAL and ADMIN: the graph, or the subgraph around entities, in an interchange format, as the profile sees it at asOf (default now); recorded in the audit trail.',
  })
  async exportGraph(
    @Arg('format', () => GraphFormat, { description: 'The interchange format.' }) format: GraphFormat,
    @Arg('profile', () => ExportProfile, {
      description: 'Whose eyes it is for: what it may show and what it withholds.',
    })
    profile: ExportProfile,
    @Ctx() { services }: AtharContext,
    @Arg('entityIds', () => [String], {
      nullable: true,
      description: `Only the subgraph around these entities (at most ${MAX_ENTITIES}); omit for the whole graph.`,
    })
    entityIds?: string[] | null,
    @Arg('depth', () => Int, {
      nullable: true,
      description: 'With entityIds: how many claims away to go, 0 to 3 (default 1).',
    })
    depth?: number | null,
    @Arg('asOf', () => String, {
      nullable: true,
      description: 'The graph as it stood then: an ISO 8601 date (end of that day, UTC) or date-time; default now.',
    })
    asOf?: string | null,
  ): Promise<GraphExportResult> {
    const exported = await services.graphExports.export({
      format,
      profile,
      entityIds: entityIds ?? null,
      depth: depth ?? null,
      asOf: parseAsOf(asOf),
      maxEntityIds: MAX_ENTITIES,
    });
    return {
      files: exported.files.map((f, i) => ({
        name: f.name,
        sha256: exported.manifest.files[i]!.sha256,
        bytes: f.bytes.length,
        content: f.bytes.toString('utf8'),
      })),
      manifest: { ...exported.manifest },
      manifestSha256: exported.manifestSha256,
    };
  }
}
