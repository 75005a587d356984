import { AccessLevel, EntityKind, newEntityRecord, SourceKind, type SourceRecord } from '../../../domain/model';
import { auditReason, partsOf } from './import.service';
import { ImportFormat, importFile } from './import.model';

const AT = '2026-01-01T00:00:00.000Z';
const source = (id: string, derivedFromIds: string[] = []): SourceRecord => ({
  id,
  title: id,
  kind: SourceKind.REPORT,
  publisher: null,
  author: null,
  date: null,
  url: null,
  language: null,
  contentHash: null,
  derivedFromIds,
  access: AccessLevel.PUBLIC,
  createdAt: AT,
  updatedAt: AT,
  version: 1,
});

describe('partsOf', () => {
  it('keeps a bundle up to the part size whole', () => {
    const bundle = { entities: [], sources: [source('src_a')], claims: [] };
    expect(partsOf(bundle, 1)).toEqual([bundle]);
  });

  it('cuts a larger one in order: sources (each after those it derives from), entities, claims', () => {
    const entities = ['per_1', 'per_2', 'per_3'].map((id) =>
      newEntityRecord({ id, kind: EntityKind.PERSON, name: id, createdAt: AT }),
    );
    const bundle = { entities, sources: [source('src_b', ['src_a']), source('src_a')], claims: [] };
    const parts = partsOf(bundle, 2);
    expect(parts.map((p) => [...p.sources.map((s) => s.id), ...p.entities.map((e) => e.id)])).toEqual([
      ['src_a', 'src_b'],
      ['per_1', 'per_2'],
      ['per_3'],
    ]);
  });
});

describe('auditReason', () => {
  it('names the format, each file and the mapping with its sha256, and the importer’s reason', () => {
    const file = importFile('list.csv', 'a\n1\n');
    const mapping = importFile('m.yaml', 'namespace: x\n');
    expect(auditReason({ format: ImportFormat.CSV, files: [file], mapping, reason: ' NGO X ' })).toBe(
      `Imported csv (list.csv sha256 ${file.sha256}; mapping m.yaml sha256 ${mapping.sha256}): NGO X`,
    );
    // sha256 of the bytes "a\n1\n", as sha256sum prints it.
    expect(file.sha256).toBe('309b0e45a73d3fc5325e2b6ed0a01ef8b9cde6b05a5633c1f893f970d52bfddc');
  });
});
