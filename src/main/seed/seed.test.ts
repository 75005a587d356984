import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../domain/project';
import { readSeedFile, seedBundle } from './seed';

/**
 * The source documents live outside the repository (../shared/sources); the
 * seed holds only short excerpts and each document's sha256. Where the
 * documents are present, every excerpt is checked against the cited line.
 */
function sourcesDir(): string | null {
  const candidates = [process.env.ATHAR_SOURCES_DIR, path.join(projectRoot(), '..', 'shared', 'sources')];
  return candidates.find((dir): dir is string => !!dir && fs.existsSync(path.join(dir, 'README.md'))) ?? null;
}

describe('the seed case', () => {
  const seed = readSeedFile();
  const bundle = seedBundle(seed);

  it('passes the rules the API enforces, and every claim has a citation', () => {
    expect(bundle.claims.length).toBeGreaterThan(100);
    for (const { claim, citations } of bundle.claims) {
      expect(citations.length).toBeGreaterThan(0);
      for (const c of citations) expect(c.claimId).toBe(claim.id);
    }
  });

  it('keeps conflicting death tolls for Sednaya as separate claims from different sources', () => {
    const deaths = bundle.claims.filter(
      (c) => c.claim.subjectId === 'fac_sednaya' && c.claim.predicate === 'DEATH_COUNT',
    );
    const sources = new Set(deaths.map((c) => c.citations[0]!.sourceId));
    expect(deaths.length).toBeGreaterThanOrEqual(3);
    expect(sources.size).toBeGreaterThanOrEqual(2);
  });

  it('uses short excerpts, each cited by paragraph', () => {
    for (const { citations } of bundle.claims) {
      for (const c of citations) {
        expect(c.excerpt!.length).toBeLessThanOrEqual(300);
        expect(c.locator).toMatch(/^para\. \d+$/);
      }
    }
  });

  const dir = sourcesDir();
  (dir ? it : it.skip)('quotes every excerpt exactly from the cited paragraph, and records each document hash', () => {
    const lines = new Map<string, string[]>();
    for (const [sourceId, file] of Object.entries(seed.documents)) {
      const bytes = fs.readFileSync(path.join(dir!, file));
      const source = bundle.sources.find((s) => s.id === sourceId);
      expect(source?.contentHash).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
      lines.set(sourceId, bytes.toString('utf8').split('\n'));
    }
    let checked = 0;
    for (const { citations } of bundle.claims) {
      for (const c of citations) {
        const document = c.viaSourceId ?? c.sourceId;
        const text = lines.get(document);
        expect(text).toBeDefined();
        const paragraph = Number(/\d+/.exec(c.locator)![0]);
        expect(text![paragraph - 1]).toContain(c.excerpt);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
