import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { AccessLevel, Role } from '../../../policy/viewer';
import { ClaimRank, ClaimStatus, EntityKind, Reliability, SourceKind } from '../../../domain/model';
import { CASE_FILE_SCHEMA_VERSION, type CaseFile } from '../case-file';
import { EXPORT_PROFILES } from '../../../policy/export-profiles';
import { InvalidCaseFileError } from './document';
import { canonicalCaseFile, renderJson } from './json';
import { sampleCaseFile } from '../../../../test/support/case-file.fixture';
import { projectRoot } from '../../../domain/project';

const SCHEMA_PATH = path.join(projectRoot(), 'schema', 'case-file.schema.json');
const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8'));

function validator() {
  // Strict: a typo in the schema (an unknown keyword) fails here rather than silently validating nothing.
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  // The pattern beside each `format` already checks the value; the format is there for other validators.
  ajv.addFormat('date-time', true);
  return ajv.compile(schema);
}

function parsed(file: CaseFile): any {
  return JSON.parse(renderJson(file).toString('utf8'));
}

describe('renderJson', () => {
  it('validates against the published JSON Schema', () => {
    const validate = validator();
    const ok = validate(parsed(sampleCaseFile()));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('validates a file built from a list of claims, with no subject entity', () => {
    const file = sampleCaseFile();
    file.subject = { id: null, kind: null, name: '2 selected claims', claimIds: ['clm_a', 'clm_b'] };
    const validate = validator();
    expect(validate(parsed(file))).toBe(true);
  });

  it.each([
    ['a footnote without its citations array', (f: any) => delete f.footnotes[0].citations, 'citations'],
    ['a field the schema does not declare', (f: any) => (f.footnotes[0].confidence = 0.9), 'confidence'],
    ['a credibility off the Admiralty scale', (f: any) => (f.footnotes[0].citations[0].credibility = 7), 'credibility'],
    ['a conflict with one side only', (f: any) => (f.conflicts[0].footnotes = [3]), 'footnotes'],
    ['an unknown claim status', (f: any) => (f.footnotes[1].status = 'TRUE'), 'status'],
    ['a content hash that is not sha256 hex', (f: any) => (f.bibliography[3].contentHash = 'abc'), 'contentHash'],
    ['an asOf that is not ISO 8601', (f: any) => (f.asOf = '15 January 2025'), 'asOf'],
    ['a missing schemaVersion', (f: any) => delete f.schemaVersion, 'schemaVersion'],
  ])('rejects %s', (_what, breakIt, where) => {
    const file = parsed(sampleCaseFile());
    breakIt(file);
    const validate = validator();
    expect(validate(file)).toBe(false);
    expect(JSON.stringify(validate.errors)).toContain(where);
  });

  it('is canonical: two-space indent, trailing newline, keys in declaration order whatever the input order', () => {
    const file = sampleCaseFile();
    const shuffled = JSON.parse(JSON.stringify(file), function (this: unknown, _key, value) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      return Object.fromEntries(Object.entries(value).reverse());
    }) as CaseFile;
    expect(Object.keys(shuffled)[0]).toBe('traces');
    const bytes = renderJson(file);
    expect(renderJson(shuffled).equals(bytes)).toBe(true);
    const text = bytes.toString('utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
    expect(text.split('\n')[1]).toBe('  "schemaVersion": "1.0",');
  });

  it('orders keys exactly as the schema lists its properties', () => {
    const file = parsed(sampleCaseFile());
    expect(Object.keys(file)).toEqual(Object.keys(schema.properties));
    const defs = schema.$defs;
    expect(Object.keys(file.subject)).toEqual(Object.keys(defs.subject.properties));
    expect(Object.keys(file.profile)).toEqual(Object.keys(defs.profile.properties));
    expect(Object.keys(file.sections[0])).toEqual(Object.keys(defs.section.properties));
    expect(Object.keys(file.sections[0].statements[0])).toEqual(Object.keys(defs.statement.properties));
    expect(Object.keys(file.conflicts[0])).toEqual(Object.keys(defs.conflict.properties));
    expect(Object.keys(file.footnotes[0])).toEqual(Object.keys(defs.footnote.properties));
    expect(Object.keys(file.footnotes[0].citations[0])).toEqual(Object.keys(defs.citation.properties));
    expect(Object.keys(file.bibliography[0])).toEqual(Object.keys(defs.bibliographyEntry.properties));
    expect(Object.keys(file.traces[0])).toEqual(Object.keys(defs.trace.properties));
    expect(Object.keys(file.traces[0].citations[0])).toEqual(
      Object.keys(defs.trace.properties.citations.items.properties),
    );
  });

  it('every declared property is required', () => {
    const check = (node: any): void => {
      if (node && typeof node === 'object') {
        if (node.properties) expect([...node.required].sort()).toEqual(Object.keys(node.properties).sort());
        for (const value of Object.values(node)) check(value);
      }
    };
    check(schema);
  });

  it("keeps the schema's enums in step with the domain's", () => {
    const defs = schema.$defs;
    expect(schema.properties.schemaVersion.const).toBe(CASE_FILE_SCHEMA_VERSION);
    expect(defs.sourceKind.enum).toEqual(Object.values(SourceKind));
    expect(defs.subject.properties.kind.enum).toEqual([...Object.values(EntityKind), null]);
    expect(defs.profile.properties.name.enum).toEqual([...EXPORT_PROFILES]);
    expect(defs.profile.properties.role.enum).toEqual(Object.values(Role));
    expect(defs.profile.properties.clearance.enum).toEqual(Object.values(AccessLevel));
    expect(defs.footnote.properties.status.enum).toEqual(Object.values(ClaimStatus));
    expect(defs.footnote.properties.rank.enum).toEqual(Object.values(ClaimRank));
    expect(defs.citation.properties.reliability.enum).toEqual(Object.values(Reliability));
  });

  it('drops fields the type does not declare and round-trips everything it does', () => {
    const file = sampleCaseFile();
    const withExtra = { ...file, internalNote: 'not for export' } as CaseFile;
    expect(parsed(withExtra)).toEqual(JSON.parse(JSON.stringify(file)));
    expect(canonicalCaseFile(file)).toEqual(file);
  });

  it('keeps Arabic script and special characters as they are', () => {
    const text = renderJson(sampleCaseFile()).toString('utf8');
    expect(text).toContain('سجن صيدنايا');
    expect(text).toContain('<script>alert(\\"x\\")</script>');
  });

  it('is deterministic', () => {
    expect(renderJson(sampleCaseFile()).equals(renderJson(sampleCaseFile()))).toBe(true);
  });

  it('refuses a file whose footnote references dangle', () => {
    const file = sampleCaseFile();
    file.sections[1]!.statements[0]!.footnotes = [9];
    expect(() => renderJson(file)).toThrow(InvalidCaseFileError);
  });
});
