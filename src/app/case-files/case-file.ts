/**
 * The case file: what a legal team hands to a prosecutor, a court or a
 * commission of inquiry. One plain, serialisable structure, built once from
 * the graph (case-file.builder.ts) as one viewer profile sees it, and then
 * rendered to JSON, Markdown, HTML and PDF (renderers/), so that every format
 * says exactly the same thing.
 *
 * Every statement carries footnote numbers; every footnote is one claim with
 * its citations; every citation names a source in the bibliography. Nothing
 * in the file is free text the graph does not hold, apart from the fixed
 * wording that joins a claim's parts into a sentence.
 */

export const CASE_FILE_SCHEMA_VERSION = '1.0';

export enum ExportFormat {
  JSON = 'json',
  MARKDOWN = 'md',
  HTML = 'html',
  PDF = 'pdf',
}

export const EXPORT_FORMATS: readonly ExportFormat[] = Object.values(ExportFormat);

export interface CaseFile {
  schemaVersion: typeof CASE_FILE_SCHEMA_VERSION;
  /** Version of Athar that produced the file (package.json). */
  atharVersion: string;
  title: string;
  subject: CaseFileSubject;
  /** The graph as it stood at this time (ISO 8601). */
  asOf: string;
  /** Whose view of the graph the file shows; printed on the cover. */
  profile: CaseFileProfile;
  sections: CaseFileSection[];
  /** Disagreements between sources, stated as such, both sides footnoted. */
  conflicts: CaseFileConflict[];
  /** Numbered from 1, in order of first use. */
  footnotes: Footnote[];
  /** Every source any footnote cites, ordered by id. */
  bibliography: BibliographyEntry[];
  /** For each footnote's claim, the derivation of each of its sources down to the origins. */
  traces: EvidenceTraceEntry[];
}

export interface CaseFileSubject {
  /** The entity the file is about, or null for a file built from a list of claims. */
  id: string | null;
  kind: string | null;
  /** As the profile sees it: a protected person appears under their pseudonym. */
  name: string;
  /** For a file built from an explicit list of claims. */
  claimIds: string[];
}

export interface CaseFileProfile {
  /** e.g. "public" or "legal" */
  name: string;
  role: string;
  clearance: string;
  description: string;
}

export interface CaseFileSection {
  /** Stable identifier, e.g. "identity", "custody", "officials". */
  id: string;
  title: string;
  statements: Statement[];
}

export interface Statement {
  /** One sentence, with names as the profile sees them. */
  text: string;
  /** Footnote numbers supporting the sentence. */
  footnotes: number[];
  /** Right-to-left fragments (Arabic names) inside `text`, so renderers can isolate them. */
  rtl: string[];
}

export interface CaseFileConflict {
  /** What the sources disagree about, in one sentence. */
  text: string;
  predicate: string;
  /** CERTAIN or POSSIBLE: whether the periods certainly overlap. */
  periodOverlap: string;
  footnotes: [number, number];
}

export interface Footnote {
  number: number;
  claimId: string;
  predicate: string;
  /** The sentence the claim makes, as in the statements. */
  text: string;
  period: string | null;
  status: string;
  statusReason: string | null;
  rank: string;
  rankReason: string | null;
  independentOrigins: number;
  singleOrigin: boolean;
  citations: FootnoteCitation[];
}

export interface FootnoteCitation {
  citationId: string;
  sourceId: string;
  sourceTitle: string;
  sourceKind: string;
  publisher: string | null;
  date: string | null;
  /** The document the excerpt was read in, when it is not the source itself. */
  viaSourceId: string | null;
  viaSourceTitle: string | null;
  locator: string;
  /** The exact words; null when withheld from this profile (they may identify a protected person). */
  excerpt: string | null;
  /**
   * The sha256 of the document the excerpt was verified against (docs/evidence-vault.md): it is at its locator
   * in the text document of the source it is read in. Null when not verified (no document to check against).
   */
  verifiedAgainst: string | null;
  reliability: string;
  credibility: number;
}

export interface BibliographyEntry {
  sourceId: string;
  title: string;
  kind: string;
  publisher: string | null;
  author: string | null;
  date: string | null;
  url: string | null;
  language: string | null;
  contentHash: string | null;
  derivedFromIds: string[];
}

export interface EvidenceTraceEntry {
  footnote: number;
  claimId: string;
  citations: { citationId: string; sourceId: string; viaSourceId: string | null; originIds: string[] }[];
}

/** Written beside every export: what the file is, provably. */
export interface ExportManifest {
  schemaVersion: typeof CASE_FILE_SCHEMA_VERSION;
  atharVersion: string;
  subject: CaseFileSubject;
  asOf: string;
  profile: string;
  format: ExportFormat;
  files: { name: string; sha256: string; bytes: number }[];
  /** sha256 of the sorted claim ids (one per line) the file rests on. */
  claimSetSha256: string;
  claimCount: number;
}
