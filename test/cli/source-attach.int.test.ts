import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/domain/project';
import { readSeedFile } from '../../src/main/seed/seed';
import { CLI, cleanEnv, runTs } from '../support/ts-child';

/*
 * `athar source attach`, run as a person runs it, on a seeded embedded store:
 * the document is kept by its sha256 in the data directory, custody goes to
 * the audit trail (which still verifies), a wrong hash or a second attach of
 * the same document is refused with exit 1, and every seed excerpt read in a
 * seed document verifies when that document is attached (where this checkout has them).
 */

let work: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-cli-attach-'));
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

function athar(args: readonly string[]) {
  return runTs(CLI, args, {
    cwd: work,
    env: cleanEnv({ ATHAR_DATA_DIR: path.join(work, 'data'), ATHAR_EXPORT_DIR: path.join(work, 'exports'), PORT: '0' }),
  });
}

const sha256 = (bytes: Buffer): string => crypto.createHash('sha256').update(bytes).digest('hex');

describe('athar source attach', () => {
  beforeAll(async () => {
    expect((await athar(['seed'])).status).toBe(0);
  });

  it('attaches a document, keeps it by sha256 in the data directory, and the audit trail still verifies', async () => {
    const file = path.join(work, 'amnesty-extract.txt');
    const bytes = Buffer.from('Amnesty International extract.\n\nThousands were hanged in secret.\n');
    fs.writeFileSync(file, bytes);
    const result = await athar([
      'source',
      'attach',
      'src_amnesty_2017_report',
      file,
      '--reason',
      'copy held by the team',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Attached amnesty-extract.txt to src_amnesty_2017_report: sha256 ${sha256(bytes)}`);
    expect(result.stdout).toContain('text/plain (TEXT, 2 paragraphs)');
    expect(result.stdout).toContain('Checked 0 citations read in it');
    const kept = path.join(work, 'data', 'blobs', 'sha256', sha256(bytes).slice(0, 2), sha256(bytes));
    expect(fs.readFileSync(kept)).toEqual(bytes);

    const again = await athar(['source', 'attach', 'src_amnesty_2017_report', file]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already holds the document');

    const verify = await athar(['audit', 'verify']);
    expect(verify.status).toBe(0);
  });

  it("refuses a file whose sha256 is not the source's content hash, naming both (exit 1), and a missing file (exit 2)", async () => {
    const file = path.join(work, 'not-the-article.txt');
    const bytes = Buffer.from('Not the article.\n');
    fs.writeFileSync(file, bytes);
    const seed = readSeedFile();
    const recorded = seed.sources.find((s) => s.id === 'src_article_000')!.contentHash!;
    const wrong = await athar(['source', 'attach', 'src_article_000', file]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain(sha256(bytes));
    expect(wrong.stderr).toContain(recorded);
    expect((await athar(['source', 'attach', 'src_article_000', path.join(work, 'nope.txt')])).status).toBe(2);
  });

  const sources = path.join(projectRoot(), '..', 'shared', 'sources');
  (fs.existsSync(sources) ? it : it.skip)(
    'verifies every seed excerpt read in the seed documents when they are attached',
    async () => {
      for (const [sourceId, name] of Object.entries(readSeedFile().documents)) {
        const result = await athar([
          'source',
          'attach',
          sourceId,
          path.join(sources, name),
          '--reason',
          'seed document',
        ]);
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(/Checked \d+ citations read in it: \d+ verified, 0 failing\./);
      }
    },
  );
});
