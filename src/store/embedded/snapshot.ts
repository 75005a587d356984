import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CitationRecord, ClaimRecord, EntityRecord, SourceRecord } from '../../domain/model';
import type { StoreCounts } from '../store.port';
import { type AuditRecord, auditRecordFromJson } from '../../domain/audit';
import { fsyncDirectory, readLines, writeAll } from './files';
import type { EntitySearchData } from './state';

const FORMAT = 'athar-embedded-snapshot';
/** Version 2 adds the audit section; version 1 snapshots (before the audit trail) are still read. */
const VERSION = 2;
const READABLE_VERSIONS: ReadonlySet<number> = new Set([1, 2]);
const SECTIONS = ['search', 'entities', 'sources', 'claims', 'citations', 'audit'] as const;
type Section = (typeof SECTIONS)[number];
const V1_SECTIONS: readonly Section[] = SECTIONS.slice(0, -1);
const RECORD_SECTIONS = ['entities', 'sources', 'claims', 'citations'] as const;

export interface SnapshotContents {
  /** Seq of the last journal entry the snapshot includes. */
  seq: number;
  counts: StoreCounts;
  /**
   * What the store derived from the entities' names, saved so that a reopen
   * need not derive it again, as long as the code that derives it is the same
   * (the fingerprint).
   */
  search: { fingerprint: string; entries: Iterable<[string, EntitySearchData]> };
  entities: Iterable<EntityRecord>;
  sources: Iterable<SourceRecord>;
  claims: Iterable<ClaimRecord>;
  citations: Iterable<CitationRecord>;
  /** The audit trail, in the order written, kept as written (never re-hashed). */
  audit: Iterable<AuditRecord>;
  auditCount: number;
}

export interface SnapshotLoader {
  /** Told the fingerprint of the saved search data: returns where to load it, or null to skip it. */
  search(fingerprint: string): ((entityId: string, data: EntitySearchData) => void) | null;
  entity(record: EntityRecord): void;
  source(record: SourceRecord): void;
  claim(record: ClaimRecord): void;
  citation(record: CitationRecord): void;
  audit(record: AuditRecord): void;
}

/*
 * The snapshot is one JSON document laid out one record per line:
 *
 *   {"format":"athar-embedded-snapshot","version":1,"seq":42,"counts":{…},"search":{…},
 *   "search":[
 *   ["ent_id","normalized name",["search","key","words"]],
 *   …
 *   ],
 *   "entities":[
 *   {…},
 *   {…}
 *   ],
 *   "sources":[
 *   ],
 *   …
 *   "audit":[
 *   {"seq":1,…,"hash":"…"},
 *   …
 *   ],
 *   "sha256":"…"}
 *
 * so that it can be written and read a line at a time (no single string holds
 * the whole store) while staying plain JSON for anyone inspecting it. The
 * sha256 covers every byte before its line; with the counts it proves the file
 * complete.
 */

/** Writes the snapshot atomically: temporary file, fsync, rename, fsync of the directory. */
export function writeSnapshot(file: string, contents: SnapshotContents): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  const hash = createHash('sha256');
  let parts: string[] = [];
  let pending = 0;
  const flush = (): void => {
    if (parts.length === 0) return;
    const bytes = Buffer.from(parts.join(''), 'utf8');
    hash.update(bytes);
    writeAll(fd, bytes);
    parts = [];
    pending = 0;
  };
  const put = (text: string): void => {
    parts.push(text);
    pending += text.length;
    if (pending >= 1 << 20) flush();
  };
  try {
    const header = JSON.stringify({
      format: FORMAT,
      version: VERSION,
      seq: contents.seq,
      counts: contents.counts,
      search: { fingerprint: contents.search.fingerprint, count: contents.counts.entities },
      audit: { count: contents.auditCount },
    });
    put(`${header.slice(0, -1)},\n`);
    const searchLines = mapIterable(contents.search.entries, ([id, d]) => [id, d.normalizedName, d.words]);
    for (const section of SECTIONS) {
      put(`"${section}":[\n`);
      let first = true;
      for (const record of section === 'search' ? searchLines : contents[section]) {
        put(first ? JSON.stringify(record) : `,\n${JSON.stringify(record)}`);
        first = false;
      }
      put(first ? '],\n' : '\n],\n');
    }
    flush();
    writeAll(fd, Buffer.from(`"sha256":"${hash.digest('hex')}"}\n`, 'utf8'));
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  fsyncDirectory(path.dirname(file));
}

/** Loads the snapshot into `loader` and returns its seq, or null when there is none. */
export function readSnapshot(file: string, loader: SnapshotLoader): number | null {
  if (!fs.existsSync(file)) return null;
  const damaged = (line: number, why: string): Error =>
    new Error(`The snapshot ${file} is damaged at line ${line}: ${why}. Restore the data directory from a backup.`);
  const hash = createHash('sha256');
  const counts: Record<Section, number> = { search: 0, entities: 0, sources: 0, claims: 0, citations: 0, audit: 0 };
  let header: Header | null = null;
  let sections: readonly Section[] = SECTIONS;
  let loadSearch: ((entityId: string, data: EntitySearchData) => void) | null = null;
  let section = -1; // index in SECTIONS of the open section; -1 before the first
  let inSection = false;
  let done = false;
  let last = 0;
  for (const line of readLines(file)) {
    last = line.number;
    if (done) throw damaged(line.number, 'text after the end');
    const text = line.text;
    if (header === null) {
      header = parseHeader(text);
      if (!header) throw damaged(line.number, `not an ${FORMAT} v1 or v${VERSION} header`);
      if (header.version === 1) sections = V1_SECTIONS;
      loadSearch = loader.search(header.searchFingerprint);
    } else if (inSection) {
      if (text === '],') {
        inSection = false;
      } else {
        const name = sections[section]!;
        counts[name] += 1;
        if (name !== 'search' || loadSearch !== null) {
          const record = parseJson(text.endsWith(',') ? text.slice(0, -1) : text);
          if (typeof record !== 'object' || record === null) throw damaged(line.number, 'not a record');
          if (name === 'audit') {
            const audit = auditRecordFromJson(record);
            if (typeof audit === 'string') throw damaged(line.number, `not an audit record (${audit})`);
            loader.audit(audit);
          } else if (name !== 'search') load(loader, name, record);
          else if (isSearchLine(record)) loadSearch!(record[0], { normalizedName: record[1], words: record[2] });
          else throw damaged(line.number, 'not a search entry');
        }
      }
    } else if (section === sections.length - 1) {
      const trailer = parseJson(`{${text}`) as { sha256?: unknown } | undefined;
      if (typeof trailer?.sha256 !== 'string') throw damaged(line.number, 'expected the sha256 trailer');
      if (trailer.sha256 !== hash.digest('hex')) throw damaged(line.number, 'hash mismatch');
      done = true;
      continue;
    } else if (text === `"${sections[section + 1]}":[`) {
      section += 1;
      inSection = true;
    } else {
      throw damaged(line.number, `expected the "${sections[section + 1]}" section`);
    }
    hash.update(`${text}\n`, 'utf8');
  }
  if (!header || !done) throw damaged(last, 'the file ends early');
  for (const name of sections) {
    const expected =
      name === 'search' ? header.searchCount : name === 'audit' ? header.auditCount : header.counts[name];
    if (counts[name] !== expected) throw damaged(last, `${counts[name]} ${name} where the header says ${expected}`);
  }
  return header.seq;
}

interface Header {
  version: number;
  seq: number;
  counts: StoreCounts;
  searchFingerprint: string;
  searchCount: number;
  auditCount: number;
}

function isSearchLine(value: object): value is [string, string, string[]] {
  return (
    Array.isArray(value) &&
    value.length === 3 &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'string' &&
    Array.isArray(value[2]) &&
    value[2].every((w) => typeof w === 'string')
  );
}

function* mapIterable<T, U>(items: Iterable<T>, f: (item: T) => U): Iterable<U> {
  for (const item of items) yield f(item);
}

function parseHeader(text: string): Header | null {
  if (!text.endsWith(',')) return null;
  const value = parseJson(`${text.slice(0, -1)}}`) as
    | {
        format?: unknown;
        version?: unknown;
        seq?: unknown;
        counts?: Record<string, unknown>;
        search?: { fingerprint?: unknown; count?: unknown };
        audit?: { count?: unknown };
      }
    | undefined;
  if (!value || value.format !== FORMAT || typeof value.version !== 'number') return null;
  if (!READABLE_VERSIONS.has(value.version)) return null;
  if (typeof value.seq !== 'number' || !Number.isSafeInteger(value.seq) || value.seq < 0) return null;
  const c = value.counts;
  if (!c || !RECORD_SECTIONS.every((s) => typeof c[s] === 'number')) return null;
  const search = value.search;
  if (typeof search?.fingerprint !== 'string' || typeof search.count !== 'number') return null;
  const auditCount = value.version === 1 ? 0 : value.audit?.count;
  if (typeof auditCount !== 'number') return null;
  return {
    version: value.version,
    seq: value.seq,
    counts: c as unknown as StoreCounts,
    searchFingerprint: search.fingerprint,
    searchCount: search.count,
    auditCount,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function load(loader: SnapshotLoader, section: (typeof RECORD_SECTIONS)[number], record: object): void {
  switch (section) {
    case 'entities':
      return loader.entity(record as EntityRecord);
    case 'sources':
      return loader.source(record as SourceRecord);
    case 'claims':
      return loader.claim(record as ClaimRecord);
    case 'citations':
      return loader.citation(record as CitationRecord);
  }
}
