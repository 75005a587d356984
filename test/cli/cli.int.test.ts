import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { POSSIBLE_TYPES_FILE, SCHEMA_FILE } from '../../src/api/graphql/schema';
import { atharVersion } from '../../src/domain/project';
import { CLI, cleanEnv, runTs } from '../support/ts-child';

/*
 * The `athar` command line, run as a child process the way a person runs it:
 * --help on every command prints its usage, exits 0 and changes nothing (no
 * data directory, no lock, no file written, the schema file untouched); usage
 * errors exit 2 and say what is wrong; failures exit 1 and say what to fix.
 */

let work: string;

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-cli-'));
});

afterEach(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

function athar(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return runTs(CLI, args, {
    cwd: work,
    env: cleanEnv({
      ATHAR_DATA_DIR: path.join(work, 'data'),
      ATHAR_EXPORT_DIR: path.join(work, 'exports'),
      PORT: '0',
      ...env,
    }),
  });
}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Every file under a folder, with its size and modification time. */
function listing(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      const stat = fs.statSync(file);
      return `${path.relative(dir, file)} ${stat.size} ${stat.mtimeMs}`;
    })
    .sort();
}

const HELP: [string[], RegExp][] = [
  [['--help'], /^Usage: athar \[options\] \[command\]/],
  [['-h'], /^Usage: athar \[options\] \[command\]/],
  [['help'], /^Usage: athar \[options\] \[command\]/],
  [['serve', '--help'], /^Usage: athar serve \[options\]/],
  [['seed', '--help'], /^Usage: athar seed \[options\]/],
  [['schema', '--help'], /^Usage: athar schema \[options\]/],
  [['export', '--help'], /^Usage: athar export \[options\] \[command\]/],
  [['export', 'case-file', '--help'], /^Usage: athar export case-file \[options\]/],
  [['help', 'export'], /^Usage: athar export \[options\] \[command\]/],
  [['audit', '--help'], /^Usage: athar audit \[options\] \[command\]/],
  [['audit', 'verify', '--help'], /^Usage: athar audit verify \[options\]/],
  // Help wins over everything else on the line, even a complete command.
  [
    ['export', 'case-file', '--subject', 'fac_sednaya', '--format', 'md', '--out', 'file.md', '--help'],
    /^Usage: athar export case-file/,
  ],
  [['schema', '--out', 'schema.graphql', '--help'], /^Usage: athar schema/],
];

describe('athar --help', () => {
  it.each(HELP)('athar %j prints usage, exits 0 and changes nothing', async (args, usage) => {
    const schemaBefore = sha256(SCHEMA_FILE);
    const result = await athar(args);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(usage);
    expect(result.status).toBe(0);
    expect(listing(work)).toEqual([]);
    expect(sha256(SCHEMA_FILE)).toBe(schemaBefore);
  });

  it('describes every command and the exit statuses', async () => {
    const { stdout } = await athar(['--help']);
    for (const command of ['serve', 'seed', 'schema', 'export', 'audit']) expect(stdout).toMatch(`\n  ${command}`);
    expect(stdout).toContain('Exit status: 0 done; 1 failed (the message says what to fix); 2 usage error');
    const caseFile = await athar(['export', 'case-file', '--help']);
    for (const option of ['--subject', '--claims', '--format', '--as ', '--as-of', '--out']) {
      expect(caseFile.stdout).toContain(option);
    }
    expect(caseFile.stdout).toContain('choices: "json", "md", "html", "pdf"');
  });

  it('prints the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const result = await athar([flag]);
      expect(result).toMatchObject({ status: 0, stdout: `${atharVersion()}\n`, stderr: '' });
    }
    expect(listing(work)).toEqual([]);
  });
});

describe('athar usage errors', () => {
  it.each([
    [[], /Usage: athar/],
    [['bogus'], /error: unknown command 'bogus'/],
    [['export'], /Usage: athar export/],
    [['audit', 'verify', 'now'], /error: too many arguments for 'verify'/],
    [['audit', 'verify', '--fast'], /error: unknown option '--fast'/],
    [['export', 'case-file', '--subject', 'fac_sednaya'], /error: required option '--out <path>' not specified/],
    [['export', 'case-file', '--out', 'f.pdf'], /give exactly one of --subject <entity id> and --claims <ids>/],
    [
      ['export', 'case-file', '--subject', 'a', '--claims', 'b', '--out', 'f.pdf'],
      /give exactly one of --subject <entity id> and --claims <ids>/,
    ],
    [
      ['export', 'case-file', '--subject', 'a', '--format', 'docx', '--out', 'f'],
      /argument 'docx' is invalid\. Allowed choices are json, md, html, pdf/,
    ],
    [['export', 'case-file', '--subject', 'a', '--as', 'court', '--out', 'f'], /Allowed choices are public, analyst/],
    [
      ['export', 'case-file', '--subject', 'a', '--as-of', 'last week', '--out', 'f'],
      /is not a date; give an ISO 8601/,
    ],
  ])('athar %j exits 2, saying what is wrong, and changes nothing', async (args, message) => {
    const result = await athar(args);
    expect(result.stderr).toMatch(message);
    expect(result.status).toBe(2);
    expect(listing(work)).toEqual([]);
  });
});

describe('athar commands', () => {
  it('fails with exit 1 and names the variable to fix on a bad configuration, opening no store', async () => {
    const result = await athar(['audit', 'verify'], { ATHAR_MAX_PAGE_SIZE: 'lots' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Invalid configuration ATHAR_MAX_PAGE_SIZE: "lots" is not a whole number; use e.g. 100.',
    );
    expect(listing(work)).toEqual([]);
  });

  it('seeds the embedded store, verifies its audit trail and exports a case file', async () => {
    const seeded = await athar(['seed']);
    expect(seeded.stderr).toBe('');
    expect(seeded.stdout).toMatch(/^Seed case loaded from .*sednaya-2024\.json: \d+ entities/);
    expect(seeded.status).toBe(0);
    const data = path.join(work, 'data');
    expect(fs.existsSync(path.join(data, 'LOCK'))).toBe(false);

    const again = await athar(['seed']);
    expect(again.status).toBe(0);
    expect(again.stdout.split('Store now holds')[1]).toBe(seeded.stdout.split('Store now holds')[1]);

    const verified = await athar(['audit', 'verify']);
    expect(verified).toMatchObject({ status: 0, stderr: '' });
    expect(verified.stdout).toMatch(/^audit chain OK/);

    const out = path.join(work, 'out', 'sednaya.md');
    const exported = await athar(['export', 'case-file', '--subject', 'fac_sednaya', '--format', 'md', '--out', out]);
    expect(exported.status).toBe(0);
    expect(exported.stdout).toContain(`${out}  (`);
    expect(fs.readFileSync(out, 'utf8')).toContain('Sednaya Prison');
    expect(fs.existsSync(`${out}.manifest.json`)).toBe(true);
  });

  it('refuses a data directory another process holds, naming it, with exit 1', async () => {
    const data = path.join(work, 'data');
    fs.mkdirSync(data);
    // This jest worker is alive: its lock is not stale.
    fs.writeFileSync(path.join(data, 'LOCK'), `${process.pid}\n`);
    const result = await athar(['audit', 'verify']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`The embedded store directory ${data} is in use by process ${process.pid}`);
  });

  it('checks and writes the schema file and the possibleTypes', async () => {
    const checked = await athar(['schema', '--check']);
    expect(checked).toMatchObject({
      status: 0,
      stdout: `${SCHEMA_FILE} is up to date.\n${POSSIBLE_TYPES_FILE} is up to date.\n`,
    });

    const out = path.join(work, 'schema.graphql');
    const types = path.join(work, 'possible-types.json');
    const written = await athar(['schema', '--out', out, '--possible-types', types]);
    expect(written).toMatchObject({ status: 0, stdout: `Wrote ${out}\nWrote ${types}\n` });
    expect(sha256(out)).toBe(sha256(SCHEMA_FILE));
    expect(sha256(types)).toBe(sha256(POSSIBLE_TYPES_FILE));

    fs.appendFileSync(out, '\n# changed by hand\n');
    const stale = await athar(['schema', '--check', '--out', out, '--possible-types', types]);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain(`${out} is out of date: run npm run schema`);
  });
});
