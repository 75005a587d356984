import 'reflect-metadata';
import path from 'node:path';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AccessResolver } from '../access/access.resolver';
import { MentionReviewResolver } from '../access/mention-review.resolver';
import { ExportResolver } from '../case-files/export.resolver';
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
import { projectRoot } from '../../domain/project';
import { NodeResolver } from './node.resolver';

export const SCHEMA_FILE = path.join(projectRoot(), 'schema', 'schema.graphql');

const RESOLVERS = [
  ExportResolver,
  AccessResolver,
  MentionReviewResolver,
  AuditResolver,
  NodeResolver,
  EntityResolver,
  FacilityResolver,
  EntityRelationResolver,
  SourceResolver,
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
  return buildSchema({
    resolvers: RESOLVERS,
    validate: { forbidUnknownValues: false },
  });
}

/** The SDL committed in schema/schema.graphql: sorted, so it changes only when the API does. */
export function printAtharSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
