import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI, cleanEnv, REPO_ROOT, runTs } from '../support/ts-child';

/* `athar import`, run as a person runs it: usage errors exit 2, bad rows exit 1 naming file:line:column, re-import writes nothing. */

const EXAMPLES = path.join(REPO_ROOT, 'docs', 'examples', 'import');
let work: string;

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-cli-import-'));
});

afterEach(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

function athar(args: readonly string[]) {
  return runTs(CLI, args, { cwd: EXAMPLES, env: cleanEnv({ ATHAR_DATA_DIR: path.join(work, 'data') }) });
}

describe('athar import', () => {
  it('--help prints usage, exits 0 and writes nothing', async () => {
    const result = await athar(['import', 'detainees.csv', '--help']);
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Usage: athar import \[options\] <files\.\.\.>/);
    expect(result.stdout).toContain('--dry-run');
    expect(fs.readdirSync(work)).toEqual([]);
  });

  it.each([
    [['import', 'detainees.csv'], /needs --mapping/],
    [['import', 'notes.txt'], /cannot tell the format/],
    [['import', '--format', 'xml', 'a.json'], /Allowed choices are bundle, csv, ftm/],
    [['import', 'sample.bundle.json', '--batch-size', '0'], /Use a whole number from 1 to 100000/],
  ])('athar %j exits 2 and writes nothing', async (args, message) => {
    const result = await athar(args);
    expect(result.stderr).toMatch(message);
    expect(result.status).toBe(2);
    expect(fs.readdirSync(work)).toEqual([]);
  });

  it('reports bad rows and exits 1; imports the samples in order; a second import writes nothing', async () => {
    const early = await athar(['import', '--dry-run', '--mapping', 'detainees.mapping.yaml', 'detainees.csv']);
    expect(early.status).toBe(1);
    expect(early.stdout).toContain(
      'detainees.csv:2:facility_id: The object fac_ex_branch1 is neither in this import nor in the graph.',
    );
    expect(early.stdout).toContain('nothing was written');

    for (const list of ['sources', 'facilities', 'detainees']) {
      const done = await athar(['import', '--mapping', `${list}.mapping.yaml`, `${list}.csv`, '--reason', 'sample']);
      expect(done.stderr).toBe('');
      expect(done.stdout).toMatch(/written as one operation, audit record \d+/);
      expect(done.status).toBe(0);
    }
    const again = await athar(['import', '--mapping', 'detainees.mapping.yaml', 'detainees.csv']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('entities: 0 new, 0 updated, 6 unchanged');
    expect(again.stdout).toContain('nothing to write');

    const ftm = await athar(['import', 'sample.ftm.json']);
    expect(ftm.status).toBe(0);
    expect(ftm.stdout).toContain('skipped 1: schema Sanction: Athar has no record for it');
    const audit = await athar(['audit', 'verify']);
    expect(audit.stdout).toMatch(/audit chain OK: 4 records/);
  });
});
