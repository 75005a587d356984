import { ClaimSide } from '../claims/claim.service';
import { CustodyEntryKind, CustodyTransition } from '../custody/custody-timeline';
import { findQuantityConflicts } from '../evidence/conflicts';
import { ClaimStatus, EntityKind, type ClaimRecord, type EntityRecord, type SourceRecord } from '../../domain/model';
import type { DocumentService } from '../documents/document.service';
import type { ClaimService } from '../claims/claim.service';
import type { CustodyService } from '../custody/custody.service';
import type { EntityService } from '../entities/entity.service';
import type { EvidenceService } from '../evidence/evidence.service';
import type { SourceService } from '../sources/source.service';
import {
  CASE_FILE_SCHEMA_VERSION,
  type BibliographyEntry,
  type CaseFile,
  type CaseFileConflict,
  type CaseFileProfile,
  type CaseFileSection,
  type Footnote,
  type Statement,
} from './case-file';
import { claimSentence, describePeriod, rtlRuns } from './sentences';

export type CaseFileSubjectInput = { entityId: string } | { claimIds: string[] };

/** Called as the build goes, for a progress bar: `done` of `total` steps. */
export type Progress = (stage: string, done: number, total: number) => void;

interface SectionPlan {
  id: string;
  title: string;
  /** Claims where the subject entity is on the given side with one of these predicates. */
  predicates: readonly string[];
  side: ClaimSide;
}

const PERSON_SECTIONS: readonly SectionPlan[] = [
  {
    id: 'identity',
    title: 'Identity',
    predicates: ['AGE', 'OCCUPATION', 'ROLE', 'DESCRIBED_AS', 'BASED_IN'],
    side: ClaimSide.SUBJECT,
  },
  {
    id: 'events',
    title: 'Events',
    predicates: ['VICTIM_OF', 'PARTICIPANT_IN', 'PERPETRATOR_OF'],
    side: ClaimSide.SUBJECT,
  },
  {
    id: 'related',
    title: 'Related people and organisations',
    predicates: ['MEMBER_OF', 'LEADER_OF', 'RELATIVE_OF', 'SPOKE_TO', 'OFFICIAL_AT'],
    side: ClaimSide.ANY,
  },
];

const FACILITY_SECTIONS: readonly SectionPlan[] = [
  {
    id: 'location',
    title: 'Location and structure',
    predicates: ['LOCATED_IN', 'NEAR', 'PART_OF', 'DESCRIBED_AS', 'CONDITION', 'DEPTH', 'DISTANCE_FROM'],
    side: ClaimSide.ANY,
  },
  {
    id: 'officials',
    title: 'Operators and officials over time',
    predicates: ['OPERATED_BY', 'OFFICIAL_AT'],
    side: ClaimSide.ANY,
  },
  {
    id: 'detainees',
    title: 'Detainees',
    predicates: ['DETAINED_AT', 'RELEASED_FROM', 'DIED_AT'],
    side: ClaimSide.OBJECT,
  },
  {
    id: 'figures',
    title: 'Figures reported',
    predicates: [
      'DETAINEE_COUNT',
      'RELEASED_COUNT',
      'DEATH_COUNT',
      'EXECUTION_COUNT',
      'MISSING_COUNT',
      'CELL_OCCUPANCY',
    ],
    side: ClaimSide.SUBJECT,
  },
  {
    id: 'events',
    title: 'Events at the facility',
    predicates: ['OCCURRED_AT', 'TRANSFERRED_FROM', 'TRANSFERRED_TO'],
    side: ClaimSide.OBJECT,
  },
];

const EVENT_SECTIONS: readonly SectionPlan[] = [
  {
    id: 'what',
    title: 'What happened',
    predicates: ['DESCRIBED_AS', 'CONDITION', 'DURATION', 'ITEM_COUNT'],
    side: ClaimSide.SUBJECT,
  },
  { id: 'where', title: 'Where', predicates: ['OCCURRED_AT'], side: ClaimSide.SUBJECT },
  {
    id: 'who',
    title: 'Who',
    predicates: ['VICTIM_OF', 'PERPETRATOR_OF', 'PARTICIPANT_IN'],
    side: ClaimSide.OBJECT,
  },
  {
    id: 'figures',
    title: 'Figures reported',
    predicates: ['DETAINEE_COUNT', 'RELEASED_COUNT', 'DEATH_COUNT', 'EXECUTION_COUNT', 'MISSING_COUNT'],
    side: ClaimSide.SUBJECT,
  },
  { id: 'context', title: 'Part of', predicates: ['PART_OF_EVENT'], side: ClaimSide.ANY },
];

function plansFor(kind: EntityKind): readonly SectionPlan[] {
  switch (kind) {
    case EntityKind.PERSON:
      return PERSON_SECTIONS;
    case EntityKind.FACILITY:
      return FACILITY_SECTIONS;
    case EntityKind.EVENT:
      return EVENT_SECTIONS;
    case EntityKind.ORGANIZATION:
    case EntityKind.PLACE:
      return [];
  }
}

/**
 * Builds a case file from the graph, reading only through the services of the
 * profile's viewer: the file shows exactly what the API shows that viewer, by
 * the same access policy, never a second implementation of it.
 */
/** What a case file is read through: one viewer's services, over the graph at one moment. */
export interface CaseFileReaders {
  entities: EntityService;
  sources: SourceService;
  claims: ClaimService;
  custody: CustodyService;
  evidence: EvidenceService;
  /** Whether each excerpt is verified against its source's document. */
  documents: Pick<DocumentService, 'verification'>;
}

export class CaseFileBuilder {
  private readonly footnoteOf = new Map<string, number>();
  private readonly claims = new Map<string, ClaimRecord>();
  private readonly names = new Map<string, string>();

  constructor(
    private readonly services: CaseFileReaders,
    private readonly meta: { atharVersion: string; asOf: string; profile: CaseFileProfile },
    private readonly progress: Progress = () => undefined,
  ) {}

  async build(subject: CaseFileSubjectInput): Promise<CaseFile> {
    this.progress('reading the subject', 0, 5);
    const sections: CaseFileSection[] = [];
    let conflicts: CaseFileConflict[] = [];
    let entity: EntityRecord | null = null;
    if ('entityId' in subject) {
      entity = await this.services.entities.get(subject.entityId);
      this.names.set(entity.id, entity.name);
      const every = await this.services.claims.allOfEntity(entity.id, { side: ClaimSide.ANY });
      await this.loadNames(every);
      // Retracted claims stand apart, stated as retracted: they are kept, never relied on.
      const retracted = every.filter((c) => c.status === ClaimStatus.RETRACTED);
      const all = every.filter((c) => c.status !== ClaimStatus.RETRACTED);
      sections.push(this.identitySection(entity));
      for (const plan of plansFor(entity.kind)) {
        sections.push(this.section(plan, entity.id, all));
        // A person's file reads: who they are, then where they were held, then the rest.
        if (plan.id === 'identity') sections.push(await this.custodySection(entity.id));
      }
      const rest = all.filter((c) => !this.footnoteOf.has(c.id));
      if (rest.length > 0) {
        sections.push({ id: 'other', title: 'Other claims', statements: this.statements(rest) });
      }
      if (retracted.length > 0) {
        sections.push({ id: 'retracted', title: 'Retracted claims', statements: this.statements(retracted) });
      }
      conflicts = this.conflictsAmong(all.filter((c) => c.subjectId === entity!.id));
    } else {
      const claims = await this.claimsByIds(subject.claimIds);
      await this.loadNames(claims);
      sections.push({ id: 'claims', title: 'Claims', statements: this.statements(claims) });
      conflicts = this.conflictsAmong(claims);
    }

    this.progress('reading citations and sources', 1, 5);
    const footnotes = await this.footnotes();
    this.progress('tracing evidence', 2, 5);
    const { bibliography, traces } = await this.bibliographyAndTraces(footnotes);
    this.progress('assembling', 3, 5);
    const subjectName = entity?.name ?? `${'claimIds' in subject ? subject.claimIds.length : 0} selected claims`;
    return {
      schemaVersion: CASE_FILE_SCHEMA_VERSION,
      atharVersion: this.meta.atharVersion,
      title: entity ? `Case file: ${entity.name}` : 'Case file: selected claims',
      subject: {
        id: entity?.id ?? null,
        kind: entity?.kind ?? null,
        name: subjectName,
        claimIds: 'claimIds' in subject ? [...subject.claimIds].sort() : [],
      },
      asOf: this.meta.asOf,
      profile: this.meta.profile,
      sections,
      conflicts,
      footnotes,
      bibliography,
      traces,
    };
  }

  // ---------------------------------------------------------------- sections

  private identitySection(entity: EntityRecord): CaseFileSection {
    const statements: Statement[] = [];
    const kind = entity.kind.toLowerCase();
    statements.push(statement(`${entity.name} is recorded as a ${kind}.`, []));
    if (entity.aliases.length > 0) {
      statements.push(statement(`Also recorded as: ${entity.aliases.join('; ')}.`, []));
    }
    if (entity.description) statements.push(statement(`Analysts' description: ${entity.description}`, []));
    if (entity.date)
      statements.push(statement(`Date recorded for the event: ${describePeriod(entity.date.edtf)}.`, []));
    return { id: 'subject', title: 'Subject', statements };
  }

  private async custodySection(personId: string): Promise<CaseFileSection> {
    const timeline = await this.services.custody.timeline(personId);
    const facilityIds = timeline.entries.flatMap((e) => (e.facilityId === null ? [] : [e.facilityId]));
    await this.loadEntityNames(facilityIds);
    const statements = timeline.entries.map((entry): Statement => {
      const when = entry.period ? describePeriod(entry.period.edtf) : 'at a time no source gives';
      switch (entry.kind) {
        case CustodyEntryKind.CUSTODY: {
          const how = [
            entry.began === CustodyTransition.UNKNOWN ? null : `began with ${entry.began.toLowerCase()}`,
            entry.ended === CustodyTransition.UNKNOWN ? null : `ended with ${entry.ended.toLowerCase()}`,
          ].filter((x): x is string => x !== null);
          for (const claim of entry.claims) this.claims.set(claim.id, claim);
          const text = `Held at ${this.nameOf(entry.facilityId!)}, ${when}${how.length ? ` (${how.join(', ')})` : ''}.`;
          return statement(
            text,
            entry.claims.map((c) => this.footnote(c)),
          );
        }
        case CustodyEntryKind.WHEREABOUTS_UNKNOWN:
          return statement(`Whereabouts unknown: no source places the person anywhere, ${when}.`, []);
      }
    });
    if (timeline.lastSeen) {
      const seen = timeline.lastSeen;
      this.claims.set(seen.claim.id, seen.claim);
      await this.loadEntityNames([seen.entityId]);
      statements.push(
        statement(`Last known sighting: ${describePeriod(seen.date.edtf)}, at ${this.nameOf(seen.entityId)}.`, [
          this.footnote(seen.claim),
        ]),
      );
    }
    return { id: 'custody', title: 'Custody timeline', statements };
  }

  private section(plan: SectionPlan, entityId: string, all: readonly ClaimRecord[]): CaseFileSection {
    const predicates = new Set(plan.predicates);
    const claims = all.filter((c) => {
      if (!predicates.has(c.predicate) || this.footnoteOf.has(c.id)) return false;
      switch (plan.side) {
        case ClaimSide.SUBJECT:
          return c.subjectId === entityId;
        case ClaimSide.OBJECT:
          return c.objectId === entityId;
        case ClaimSide.ANY:
          return true;
      }
    });
    return { id: plan.id, title: plan.title, statements: this.statements(claims) };
  }

  /** One sentence per claim, dated claims first in time order, then by id. */
  private statements(claims: readonly ClaimRecord[]): Statement[] {
    return [...claims].sort(byPeriodThenId).map((claim) => {
      this.claims.set(claim.id, claim);
      return statement(
        claimSentence(claim, (id) => this.nameOf(id)),
        [this.footnote(claim)],
      );
    });
  }

  private conflictsAmong(claims: readonly ClaimRecord[]): CaseFileConflict[] {
    return findQuantityConflicts([...claims]).map((conflict) => {
      for (const c of [conflict.left, conflict.right]) this.claims.set(c.id, c);
      return {
        text: `The sources disagree: ${claimSentence(conflict.left, (id) => this.nameOf(id))} But: ${claimSentence(
          conflict.right,
          (id) => this.nameOf(id),
        )} (${conflict.reason})`,
        predicate: conflict.predicate,
        periodOverlap: conflict.periodOverlap,
        footnotes: [this.footnote(conflict.left), this.footnote(conflict.right)],
      };
    });
  }

  // ---------------------------------------------------------------- footnotes

  private footnote(claim: ClaimRecord): number {
    const existing = this.footnoteOf.get(claim.id);
    if (existing !== undefined) return existing;
    const number = this.footnoteOf.size + 1;
    this.footnoteOf.set(claim.id, number);
    this.claims.set(claim.id, claim);
    return number;
  }

  private async footnotes(): Promise<Footnote[]> {
    const ids = [...this.footnoteOf.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
    const [citationLists, corroborations] = await Promise.all([
      Promise.all(ids.map((id) => this.services.claims.citationsOf(id))),
      Promise.all(ids.map((id) => this.services.evidence.corroboration(id))),
    ]);
    const sourceIds = [
      ...new Set(citationLists.flat().flatMap((c) => (c.viaSourceId ? [c.sourceId, c.viaSourceId] : [c.sourceId]))),
    ];
    const sources = await this.sources(sourceIds);
    // Which excerpts are at their locator in their source's document, and which document (docs/evidence-vault.md).
    const verified = new Map(
      await Promise.all(
        citationLists.flat().map(async (c) => {
          const v = await this.services.documents.verification(c.id);
          return [c.id, v.verified ? (v.document?.sha256 ?? null) : null] as const;
        }),
      ),
    );
    return ids.map((id, i) => {
      const claim = this.claims.get(id)!;
      const corroboration = corroborations[i]!;
      return {
        number: this.footnoteOf.get(id)!,
        claimId: id,
        predicate: claim.predicate,
        text: claimSentence(claim, (entityId) => this.nameOf(entityId)),
        period: claim.period?.edtf ?? null,
        status: claim.status,
        statusReason: claim.statusReason,
        rank: claim.rank,
        rankReason: claim.rankReason,
        independentOrigins: corroboration.independentOrigins,
        singleOrigin: corroboration.singleOrigin,
        citations: citationLists[i]!.map((c) => {
          const source = sources.get(c.sourceId);
          const via = c.viaSourceId ? sources.get(c.viaSourceId) : undefined;
          return {
            citationId: c.id,
            sourceId: c.sourceId,
            sourceTitle: source?.title ?? c.sourceId,
            sourceKind: source?.kind ?? 'DOCUMENT',
            publisher: source?.publisher ?? null,
            date: source?.date?.edtf ?? null,
            viaSourceId: c.viaSourceId,
            viaSourceTitle: via?.title ?? null,
            locator: c.locator,
            excerpt: c.excerpt,
            verifiedAgainst: verified.get(c.id) ?? null,
            reliability: c.reliability,
            credibility: c.credibility,
          };
        }),
      };
    });
  }

  private async bibliographyAndTraces(
    footnotes: readonly Footnote[],
  ): Promise<{ bibliography: BibliographyEntry[]; traces: CaseFile['traces'] }> {
    const traces = await Promise.all(footnotes.map((f) => this.services.evidence.trace(f.claimId)));
    const sources = new Map<string, SourceRecord>();
    for (const trace of traces) for (const source of trace.sources) sources.set(source.id, source);
    const bibliography = [...sources.values()]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((s) => ({
        sourceId: s.id,
        title: s.title,
        kind: s.kind,
        publisher: s.publisher,
        author: s.author,
        date: s.date?.edtf ?? null,
        url: s.url,
        language: s.language,
        contentHash: s.contentHash,
        // Only what this profile may see: a hidden parent is not named.
        derivedFromIds: s.derivedFromIds.filter((id) => sources.has(id)),
      }));
    return {
      bibliography,
      traces: footnotes.map((f, i) => ({
        footnote: f.number,
        claimId: f.claimId,
        citations: traces[i]!.citations.map((t) => ({
          citationId: t.citation.id,
          sourceId: t.citation.sourceId,
          viaSourceId: t.citation.viaSourceId,
          originIds: t.origins.map((o) => o.id),
        })),
      })),
    };
  }

  // ---------------------------------------------------------------- loading

  private async claimsByIds(ids: readonly string[]): Promise<ClaimRecord[]> {
    const claims = await Promise.all([...new Set(ids)].sort().map((id) => this.services.claims.get(id, 'claimIds')));
    return claims;
  }

  private async loadNames(claims: readonly ClaimRecord[]): Promise<void> {
    await this.loadEntityNames(claims.flatMap((c) => (c.objectId ? [c.subjectId, c.objectId] : [c.subjectId])));
  }

  private async loadEntityNames(ids: readonly string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.names.has(id));
    const entities = await this.services.entities.findMany(missing);
    for (const e of entities) if (e) this.names.set(e.id, e.name);
  }

  private async sources(ids: readonly string[]): Promise<Map<string, SourceRecord>> {
    const found = await this.services.sources.findMany(ids);
    return new Map(found.flatMap((s) => (s === null ? [] : [[s.id, s] as const])));
  }

  private nameOf(id: string): string {
    return this.names.get(id) ?? id;
  }
}

function statement(text: string, footnotes: number[]): Statement {
  return { text, footnotes: [...new Set(footnotes)].sort((a, b) => a - b), rtl: rtlRuns(text) };
}

function byPeriodThenId(a: ClaimRecord, b: ClaimRecord): number {
  const ka = a.period?.earliest ?? '9999';
  const kb = b.period?.earliest ?? '9999';
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
