// The operations the explorer sends, and the shapes of their answers. Every
// root read takes $asOf (null: the present); reads whose root field has no asOf
// of its own pin the operation to it with `asOfPin: node(id: $pin, asOf: $asOf)`.

import type { Period, Quantity } from './format';

export type EntityKind = 'PERSON' | 'ORGANIZATION' | 'FACILITY' | 'PLACE' | 'EVENT';

export interface EntityRef {
  id: string;
  name: string;
  kind: EntityKind;
}

export interface SourceRef {
  id: string;
  title: string;
}

export interface Citation {
  id: string;
  locator: string;
  excerpt: string | null;
  grading: string;
  reliability: string;
  credibility: number;
  source: SourceRef;
  via: SourceRef | null;
}

export interface Claim {
  id: string;
  predicate: string;
  status: 'ASSERTED' | 'DISPUTED' | 'RETRACTED';
  statusReason: string | null;
  rank: 'PREFERRED' | 'NORMAL' | 'DEPRECATED';
  rankReason: string | null;
  visibility: string;
  note: string | null;
  text: string | null;
  quantity: Quantity | null;
  period: Period | null;
  subject: EntityRef;
  object: EntityRef | null;
  corroboration: {
    citationCount: number;
    independentOrigins: number;
    singleOrigin: boolean;
    origins: SourceRef[];
  };
  citations: Citation[];
}

const ENTITY_REF = 'id name kind';

export const CLAIM_FIELDS = `fragment ClaimFields on Claim {
  id predicate status statusReason rank rankReason visibility note text
  quantity { amount amountMax qualifier unit }
  period { edtf earliest latest }
  subject { ${ENTITY_REF} } object { ${ENTITY_REF} }
  corroboration { citationCount independentOrigins singleOrigin origins { id title } }
  citations { id locator excerpt grading reliability credibility source { id title } via { id title } }
}`;

export interface SearchData {
  search: { matched: string; score: number; entity: EntityRef & { description: string | null } }[];
}

export const SEARCH = `query Search($text: String!, $kinds: [EntityKind!], $asOf: String, $pin: ID!) {
  asOfPin: node(id: $pin, asOf: $asOf) { id }
  search(text: $text, kinds: $kinds, limit: 30) { matched score entity { ${ENTITY_REF} description } }
}`;

export interface Conflict {
  predicate: string;
  reason: string;
  periodOverlap: 'CERTAIN' | 'POSSIBLE';
  left: { id: string };
  right: { id: string };
}

export interface EntityDetail extends EntityRef {
  __typename: string;
  aliases: string[];
  description: string | null;
  access: string;
  protection: string | null;
  facilityType?: string | null;
  placeType?: string | null;
  eventType?: string | null;
  date?: Period | null;
  detainees?: { entity: EntityRef; claim: { id: string; period: Period | null } }[];
  conflicts: Conflict[];
  claims: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: Claim }[];
  };
}

export interface EntityData {
  entity: EntityDetail | null;
}

export const ENTITY = `query Entity($id: ID!, $asOf: String, $after: String) {
  entity(id: $id, asOf: $asOf) {
    __typename ${ENTITY_REF} aliases description access protection
    ... on Facility { facilityType detainees { entity { ${ENTITY_REF} } claim { id period { edtf earliest latest } } } }
    ... on Place { placeType }
    ... on Event { eventType date { edtf earliest latest } }
    conflicts { predicate reason periodOverlap left { id } right { id } }
    claims(first: 100, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { ...ClaimFields } }
    }
  }
}
${CLAIM_FIELDS}`;

export interface EntityNameData {
  entity: EntityRef | null;
}

export const ENTITY_NAME = `query EntityName($id: ID!, $asOf: String) { entity(id: $id, asOf: $asOf) { ${ENTITY_REF} } }`;

export const ENTITY_CLAIMS_PAGE = `query EntityClaims($id: ID!, $asOf: String, $after: String) {
  entity(id: $id, asOf: $asOf) {
    id
    claims(first: 100, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { ...ClaimFields } }
    }
  }
}
${CLAIM_FIELDS}`;

export interface ClaimData {
  claim: Claim | null;
}

export const CLAIM = `query Claim($id: ID!, $asOf: String) { claim(id: $id, asOf: $asOf) { ...ClaimFields } }
${CLAIM_FIELDS}`;

export interface NeighbourhoodData {
  entity:
    | (EntityRef & {
        neighbourhood: {
          truncated: boolean;
          nodes: { distance: number; entity: EntityRef }[];
          edges: {
            from: string;
            to: string;
            predicate: string;
            citationCount: number;
            claim: {
              id: string;
              status: string;
              period: { edtf: string; earliest: string | null; latest: string | null } | null;
            };
          }[];
        };
      })
    | null;
}

export const NEIGHBOURHOOD = `query Neighbourhood($id: ID!, $depth: Int!, $limit: Int!, $asOf: String) {
  entity(id: $id, asOf: $asOf) {
    ${ENTITY_REF}
    neighbourhood(depth: $depth, limit: $limit) {
      truncated
      nodes { distance entity { ${ENTITY_REF} } }
      edges { from to predicate citationCount claim { id status period { edtf earliest latest } } }
    }
  }
}`;

export type CustodyTransition = 'ARREST' | 'DEATH' | 'ESCAPE' | 'RELEASE' | 'TRANSFER' | 'UNKNOWN';

export interface CustodyEntry {
  kind: 'CUSTODY' | 'WHEREABOUTS_UNKNOWN';
  /** How its place in the list is known: by dates, by a stated transfer, or not at all. */
  order: 'DATED' | 'STATED' | 'UNKNOWN';
  orderReason: string;
  began: CustodyTransition;
  ended: CustodyTransition;
  period: Period | null;
  facility: EntityRef | null;
  claims: Claim[];
}

export interface CustodyData {
  entity:
    | (EntityRef & {
        custody?: {
          entries: CustodyEntry[];
          lastSeen: { date: Period; predicate: string; at: EntityRef; claim: { id: string } } | null;
        };
      })
    | null;
}

export const CUSTODY = `query Custody($id: ID!, $asOf: String) {
  entity(id: $id, asOf: $asOf) {
    ${ENTITY_REF}
    ... on Person {
      custody {
        entries {
          kind order orderReason began ended period { edtf earliest latest } facility { ${ENTITY_REF} }
          claims { ...ClaimFields }
        }
        lastSeen { date { edtf earliest latest } predicate at { ${ENTITY_REF} } claim { id } }
      }
    }
  }
}
${CLAIM_FIELDS}`;

export interface TraceSource {
  id: string;
  title: string;
  kind: string;
  author: string | null;
  publisher: string | null;
  language: string | null;
  date: { edtf: string } | null;
  url: string | null;
  contentHash: string | null;
  access: string;
  derivedFrom: SourceRef[];
}

export interface TraceData {
  trace: {
    claim: Claim;
    citations: { citation: Citation; origins: (SourceRef & { publisher: string | null })[] }[];
    sources: TraceSource[];
  } | null;
}

export const TRACE = `query Trace($id: ID!, $asOf: String) {
  trace(claimId: $id, asOf: $asOf) {
    claim { ...ClaimFields }
    citations { citation { id locator excerpt grading reliability credibility source { id title } via { id title } } origins { id title publisher } }
    sources { id title kind author publisher language date { edtf } url contentHash access derivedFrom { id title } }
  }
}
${CLAIM_FIELDS}`;

export interface PathHop {
  direction: 'OUTGOING' | 'INCOMING';
  predicate: string;
  from: EntityRef;
  to: EntityRef;
  claim: Claim;
}

export interface ConnectionsData {
  connections: { length: number; entities: EntityRef[]; hops: PathHop[] }[];
}

export const CONNECTIONS = `query Connections($from: ID!, $to: ID!, $maxHops: Int, $first: Int, $asOf: String, $pin: ID!) {
  asOfPin: node(id: $pin, asOf: $asOf) { id }
  connections(from: $from, to: $to, maxHops: $maxHops, first: $first) {
    length
    entities { ${ENTITY_REF} }
    hops { direction predicate from { ${ENTITY_REF} } to { ${ENTITY_REF} } claim { ...ClaimFields } }
  }
}
${CLAIM_FIELDS}`;

export interface YearSeries {
  years: { year: number; certain: number; possible: number }[];
  undated: number;
  total: number;
}

export interface DashboardData {
  dashboard: {
    fromYear: number;
    toYear: number;
    openEndYear: number;
    entitiesByKind: { kind: EntityKind; count: number }[];
    eventsByType: { eventType: string | null; count: number }[];
    claimsByStatus: { status: string; count: number }[];
    claimsByPredicate: { predicate: string; count: number }[];
    facilities: { facility: EntityRef; detainees: number; officials: number; claims: number }[];
    claimsByYear: YearSeries;
    eventsByYear: YearSeries;
  };
}

const SERIES = 'years { year certain possible } undated total';

export const DASHBOARD = `query Dashboard($fromYear: Int, $toYear: Int, $yearPredicates: [String!]) {
  dashboard(fromYear: $fromYear, toYear: $toYear, facilityLimit: 10, yearPredicates: $yearPredicates) {
    fromYear toYear openEndYear
    entitiesByKind { kind count }
    eventsByType { eventType count }
    claimsByStatus { status count }
    claimsByPredicate { predicate count }
    facilities { facility { ${ENTITY_REF} } detainees officials claims }
    claimsByYear { ${SERIES} }
    eventsByYear { ${SERIES} }
  }
}`;

export interface ExportData {
  exportCaseFile: {
    url: string;
    fileName: string;
    size: number;
    manifestUrl: string;
    manifestSha256: string;
  };
}

export const EXPORT = `mutation Export($entityId: String!, $format: ExportFormat!, $profile: ExportProfile!, $asOf: String) {
  exportCaseFile(subject: { entityId: $entityId }, format: $format, profile: $profile, asOf: $asOf) {
    url fileName size manifestUrl manifestSha256
  }
}`;

export const PING = `query Ping { __typename }`;
