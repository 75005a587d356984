import 'reflect-metadata';
import path from 'node:path';
import { GraphQLSchema, isAbstractType, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AccessResolver } from '../access/access.resolver';
import { MentionReviewResolver } from '../access/mention-review.resolver';
import { ExportResolver } from '../case-files/export.resolver';
import { GraphExportResolver } from '../interchange/graph-export.resolver';
import { ImportResolver } from '../interchange/import.resolver';
import { AuditResolver } from '../audit/audit.resolver';
import { CitationResolver, ClaimResolver } from '../claims/claim.resolver';
import { ConnectionResolver, PathHopResolver } from '../connections/connection.resolver';
import { DashboardResolver, FacilityCountResolver } from '../dashboard/dashboard.resolver';
import { CustodyEntryResolver, PersonCustodyResolver, SightingResolver } from '../custody/custody.resolver';
import { EntityRelationResolver, EntityResolver, FacilityResolver } from '../entities/entity.resolver';
import {
  ClaimEvidenceResolver,
  EntityConflictsResolver,
  FacilityFiguresResolver,
  SourceDependentsResolver,
} from '../evidence/evidence.resolver';
import { EntityNeighbourhoodResolver } from '../neighbourhood/neighbourhood.resolver';
import { SourceResolver } from '../sources/source.resolver';
import {
  CitationVerificationResolver,
  DocumentResolver,
  DocumentSearchHitResolver,
  SourceDocumentsResolver,
} from '../documents/document.resolver';
import {
  EntityResolutionResolver,
  ResolutionResolver,
  SourceJudgementsResolver,
} from '../resolution/resolution.resolver';
import { projectRoot } from '../../domain/project';
import { NodeAsOfResolver, NodeResolver } from './node.resolver';

export const SCHEMA_FILE = path.join(projectRoot(), 'schema', 'schema.graphql');

/** Apollo Client's `possibleTypes` (and urql's), committed beside the SDL: see docs/client-kit.md. */
export const POSSIBLE_TYPES_FILE = path.join(projectRoot(), 'schema', 'possible-types.json');

const RESOLVERS = [
  ExportResolver,
  GraphExportResolver,
  ImportResolver,
  AccessResolver,
  MentionReviewResolver,
  AuditResolver,
  NodeResolver,
  NodeAsOfResolver,
  EntityResolver,
  FacilityResolver,
  EntityRelationResolver,
  SourceResolver,
  DocumentResolver,
  DocumentSearchHitResolver,
  SourceDocumentsResolver,
  CitationVerificationResolver,
  ResolutionResolver,
  EntityResolutionResolver,
  SourceJudgementsResolver,
  ClaimResolver,
  CitationResolver,
  ClaimEvidenceResolver,
  FacilityFiguresResolver,
  EntityConflictsResolver,
  SourceDependentsResolver,
  ConnectionResolver,
  PathHopResolver,
  DashboardResolver,
  FacilityCountResolver,
  PersonCustodyResolver,
  CustodyEntryResolver,
  SightingResolver,
  EntityNeighbourhoodResolver,
] as const;

/** Builds the executable schema from the code-first types. */
export async function buildAtharSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: RESOLVERS,
    validate: { forbidUnknownValues: false },
  });
  // The root types have no decorator to carry a description: set here, for the reader in GraphiQL.
  const query = schema.getQueryType();
  if (query) {
    query.description =
      'Reads: entities, sources and claims (each with its citations), paths between entities, evidence traces, ' +
      'dashboards and case files. Pass `asOf` to a root field to read the graph as it stood at that date.';
  }
  const mutation = schema.getMutationType();
  if (mutation) {
    mutation.description =
      'Writes: every change is checked against your role, recorded in the audit log, and versioned; ' +
      'nothing is ever deleted (claims are disputed or retracted, with a reason).';
  }
  return schema;
}

/** The SDL committed in schema/schema.graphql: sorted, so it changes only when the API does. */
export function printAtharSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}

/**
 * For each interface and union, the object types that can stand for it, sorted: what a normalised
 * client cache needs to match fragments on `Entity` or `Node` (Apollo Client's `possibleTypes`).
 */
export function possibleTypesOf(schema: GraphQLSchema): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  const abstract = Object.values(schema.getTypeMap())
    .filter(isAbstractType)
    .filter((type) => !type.name.startsWith('__'))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const type of abstract) {
    result[type.name] = schema
      .getPossibleTypes(type)
      .map((object) => object.name)
      .sort();
  }
  return result;
}

/** schema/possible-types.json as committed: sorted JSON, two-space indent, a final newline. */
export function printPossibleTypes(schema: GraphQLSchema): string {
  return JSON.stringify(possibleTypesOf(schema), null, 2) + '\n';
}
