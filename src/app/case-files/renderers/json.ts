import type { BibliographyEntry, CaseFile, EvidenceTraceEntry, Footnote, FootnoteCitation } from '../case-file';
import { checkCaseFile } from './document';

/**
 * The case file as canonical JSON, described by schema/case-file.schema.json:
 * keys in the order case-file.ts declares them, whatever order the builder
 * happened to set them in, two-space indent, one trailing newline. The same
 * case file therefore always gives the same bytes and the same hash, and a
 * field the type does not declare never leaks into an export.
 */
export function renderJson(file: CaseFile): Buffer {
  checkCaseFile(file);
  return Buffer.from(`${JSON.stringify(canonicalCaseFile(file), null, 2)}\n`, 'utf8');
}

/** A copy of `file` holding exactly the declared fields, in declaration order. */
export function canonicalCaseFile(file: CaseFile): CaseFile {
  return {
    schemaVersion: file.schemaVersion,
    atharVersion: file.atharVersion,
    title: file.title,
    subject: {
      id: file.subject.id,
      kind: file.subject.kind,
      name: file.subject.name,
      claimIds: [...file.subject.claimIds],
    },
    asOf: file.asOf,
    profile: {
      name: file.profile.name,
      role: file.profile.role,
      clearance: file.profile.clearance,
      description: file.profile.description,
    },
    sections: file.sections.map((section) => ({
      id: section.id,
      title: section.title,
      statements: section.statements.map((s) => ({ text: s.text, footnotes: [...s.footnotes], rtl: [...s.rtl] })),
    })),
    conflicts: file.conflicts.map((c) => ({
      text: c.text,
      predicate: c.predicate,
      periodOverlap: c.periodOverlap,
      footnotes: [c.footnotes[0], c.footnotes[1]],
    })),
    footnotes: file.footnotes.map(footnote),
    bibliography: file.bibliography.map(entry),
    traces: file.traces.map(trace),
  };
}

function footnote(f: Footnote): Footnote {
  return {
    number: f.number,
    claimId: f.claimId,
    predicate: f.predicate,
    text: f.text,
    period: f.period,
    status: f.status,
    statusReason: f.statusReason,
    rank: f.rank,
    rankReason: f.rankReason,
    independentOrigins: f.independentOrigins,
    singleOrigin: f.singleOrigin,
    citations: f.citations.map(citation),
  };
}

function citation(c: FootnoteCitation): FootnoteCitation {
  return {
    citationId: c.citationId,
    sourceId: c.sourceId,
    sourceTitle: c.sourceTitle,
    sourceKind: c.sourceKind,
    publisher: c.publisher,
    date: c.date,
    viaSourceId: c.viaSourceId,
    viaSourceTitle: c.viaSourceTitle,
    locator: c.locator,
    excerpt: c.excerpt,
    verifiedAgainst: c.verifiedAgainst,
    reliability: c.reliability,
    credibility: c.credibility,
  };
}

function entry(e: BibliographyEntry): BibliographyEntry {
  return {
    sourceId: e.sourceId,
    title: e.title,
    kind: e.kind,
    publisher: e.publisher,
    author: e.author,
    date: e.date,
    url: e.url,
    language: e.language,
    contentHash: e.contentHash,
    derivedFromIds: [...e.derivedFromIds],
  };
}

function trace(t: EvidenceTraceEntry): EvidenceTraceEntry {
  return {
    footnote: t.footnote,
    claimId: t.claimId,
    citations: t.citations.map((c) => ({
      citationId: c.citationId,
      sourceId: c.sourceId,
      viaSourceId: c.viaSourceId,
      originIds: [...c.originIds],
    })),
  };
}
