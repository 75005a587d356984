import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MultiDirectedGraph } from 'graphology';
import { parse } from 'graphology-graphml';
import { CLI, cleanEnv, runTs } from '../support/ts-child';

/* `athar export graph`, run as a person runs it: help changes nothing, usage errors exit 2, exports write a folder. */

let work: string;

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-cli-graph-'));
});

afterEach(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

function athar(args: readonly string[]) {
  return runTs(CLI, args, {
    cwd: work,
    env: cleanEnv({ ATHAR_DATA_DIR: path.join(work, 'data'), ATHAR_EXPORT_DIR: path.join(work, 'exports') }),
  });
}

describe('athar export graph', () => {
  it('--help prints usage, exits 0 and writes nothing', async () => {
    const result = await athar(['export', 'graph', '--format', 'csv', '--out', 'out', '--help']);
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Usage: athar export graph \[options\]/);
    for (const format of ['graphml', 'gexf', 'csv', 'ftm', 'jsonld']) expect(result.stdout).toContain(`"${format}"`);
    expect(fs.readdirSync(work)).toEqual([]);
  });

  it.each([
    [['export', 'graph'], /required option '--out <path>' not specified/],
    [['export', 'graph', '--format', 'dot', '--out', 'o'], /Allowed choices are graphml, gexf, csv, ftm, jsonld/],
    [['export', 'graph', '--depth', '9', '--entities', 'a', '--out', 'o'], /Use a whole number from 0 to 3/],
    [['export', 'graph', '--depth', '1', '--out', 'o'], /--depth needs --entities/],
  ])('athar %j exits 2 and writes nothing', async (args, message) => {
    const result = await athar(args);
    expect(result.stderr).toMatch(message);
    expect(result.status).toBe(2);
    expect(fs.readdirSync(work)).toEqual([]);
  });

  it('writes the files and their manifest into a folder, as the public profile', async () => {
    expect((await athar(['seed'])).status).toBe(0);
    const out = path.join(work, 'out');
    const csv = await athar(['export', 'graph', '--format', 'csv', '--as', 'public', '--out', out]);
    expect(csv.stderr).toBe('');
    expect(csv.status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual([
      'citations.csv',
      'claims.csv',
      'entities.csv',
      'manifest.json',
      'sources.csv',
    ]);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ kind: 'graph', profile: 'public', format: 'csv' });
    for (const name of fs.readdirSync(out))
      expect(fs.readFileSync(path.join(out, name), 'utf8')).not.toContain('Sameer');

    const sub = path.join(work, 'sub');
    const graphml = await athar(['export', 'graph', '--entities', 'fac_sednaya', '--depth', '1', '--out', sub]);
    expect(graphml.status).toBe(0);
    const graph = parse(MultiDirectedGraph, fs.readFileSync(path.join(sub, 'graph.graphml'), 'utf8'));
    expect(graph.hasNode('fac_sednaya')).toBe(true);
    expect(graph.size).toBeGreaterThan(0);
  });
});
