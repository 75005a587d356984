import { createHash } from 'node:crypto';
import { BadUserInputError } from '../../../domain/errors';
import type { ClaimWithCitations, EntityRecord, SourceRecord } from '../../../domain/model';

/** The formats `athar import` and `importData` read (docs/import.md). */
export enum ImportFormat {
  /** Athar's own bundle JSON: what `athar export graph --format bundle` writes. */
  BUNDLE = 'bundle',
  /** CSV with a column mapping file (JSON or YAML). */
  CSV = 'csv',
  /** FollowTheMoney entities, one JSON object a line. */
  FTM = 'ftm',
}

export const IMPORT_FORMATS: readonly ImportFormat[] = Object.values(ImportFormat);

export function parseImportFormat(value: string, field: string): ImportFormat {
  const found = IMPORT_FORMATS.find((f) => f === value.trim().toLowerCase());
  if (!found)
    throw new BadUserInputError(`Unknown format "${value}"; use one of: ${IMPORT_FORMATS.join(', ')}.`, field);
  return found;
}

/** The format a file's name implies, or null when it implies none. */
export function formatOfFileName(name: string): ImportFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.tsv')) return ImportFormat.CSV;
  if (lower.endsWith('.ftm.json') || lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || lower.endsWith('.ftm'))
    return ImportFormat.FTM;
  if (lower.endsWith('.json')) return ImportFormat.BUNDLE;
  return null;
}

/** One file handed to an import: its name (as reported in issues) and its text. */
export interface ImportFile {
  name: string;
  text: string;
  /** sha256 of the file's bytes, lowercase hex. */
  sha256: string;
}

export function importFile(name: string, bytes: Buffer | string): ImportFile {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return { name, text: buffer.toString('utf8'), sha256: createHash('sha256').update(buffer).digest('hex') };
}

/**
 * What is wrong with one place of a file, and what to fix: `line` is 1-based
 * (the header of a CSV is line 1), `column` a CSV column, a JSON path or an
 * FtM property; null when the issue is about the whole file.
 */
export interface ImportIssue {
  file: string;
  line: number | null;
  column: string | null;
  message: string;
}

/** Where a parsed record came from, for the issues about it. */
export interface Origin {
  file: string;
  line: number | null;
  /** The column (or property) the record's id or main value was read from. */
  column?: string | null;
  /** The column (or property) each field of the record was read from, for issues about one field. */
  columns?: Readonly<Record<string, string>>;
}

/**
 * A record as a file states it. `unstated` lists the fields the file does
 * not give: a new record keeps the defaults the parser put there, an existing
 * one keeps what the store holds (a CSV without an access column does not
 * make a confidential record public again).
 */
export interface Draft<T> {
  record: T;
  origin: Origin;
  unstated: readonly string[];
  /**
   * The record's own timestamps come from the file (a bundle): kept on a new
   * record, so that a round trip gives the records back as they were.
   */
  timestampsFromFile?: boolean;
}

/** What a parser makes of its files: records, each with where it came from, and the issues found. */
export interface ParsedImport {
  entities: Draft<EntityRecord>[];
  sources: Draft<SourceRecord>[];
  claims: Draft<ClaimWithCitations>[];
  issues: ImportIssue[];
  /** What was read but is not imported (an FtM schema Athar has no record for), counted by reason. */
  skipped: Record<string, number>;
}

export function emptyParse(): ParsedImport {
  return { entities: [], sources: [], claims: [], issues: [], skipped: {} };
}

export interface KindCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** What an import did, or (dry run, or with issues) would do. */
export interface ImportReport {
  format: ImportFormat;
  files: { name: string; sha256: string }[];
  /** The mapping file of a CSV import. */
  mapping: { name: string; sha256: string } | null;
  dryRun: boolean;
  /** True when records were written: not on a dry run, with issues, or when nothing changed. */
  written: boolean;
  entities: KindCounts;
  sources: KindCounts;
  claims: KindCounts;
  citations: KindCounts;
  issues: ImportIssue[];
  skipped: Record<string, number>;
  /** The audit record of the import, when it wrote. */
  auditSeq: number | null;
}

/** A stable, opaque id: the type's prefix and the first 24 hex digits of the sha256 of the parts. */
export function hashedId(prefix: string, parts: readonly string[]): string {
  const hash = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  return `${prefix}_${hash.slice(0, 24)}`;
}

/** Collects issues instead of stopping at the first: runs `work`, turning a BadUserInputError into an issue. */
export function collecting<T>(
  issues: ImportIssue[],
  where: Omit<ImportIssue, 'message'>,
  work: () => T,
  columnOfField?: (field: string | null) => string | null,
): T | undefined {
  try {
    return work();
  } catch (error) {
    if (error instanceof BadUserInputError) {
      issues.push({ ...where, column: columnOfField?.(error.field) ?? where.column, message: error.message });
      return undefined;
    }
    throw error;
  }
}
