import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../domain/project';
import { QuantityQualifier } from '../../domain/model';
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

  // The second reading (docs/seed-case.md): no claim says more than the words it cites.
  it('says "near" where the text says near, and never "located in"', () => {
    for (const { claim, citations } of bundle.claims) {
      if (claim.predicate !== 'LOCATED_IN') continue;
      for (const c of citations)
        expect([claim.id, c.excerpt]).not.toEqual([claim.id, expect.stringMatching(/\bnear\b/)]);
    }
    expect(bundle.claims.find((c) => c.claim.id === 'clm_sednaya_near_damascus')!.claim.predicate).toBe('NEAR');
  });

  it('gives no bound the text does not: "rarely more than" is USUALLY_UP_TO, not UP_TO', () => {
    for (const { claim, citations } of bundle.claims) {
      if (claim.value?.type !== 'QUANTITY' || claim.value.qualifier !== QuantityQualifier.UP_TO) continue;
      for (const c of citations) expect([claim.id, c.excerpt]).not.toEqual([claim.id, expect.stringMatching(/rarely/)]);
    }
  });

  it('ends the relations the text calls former', () => {
    const ending = ['OPERATED_BY', 'OFFICIAL_AT', 'MEMBER_OF', 'LEADER_OF'];
    const former = bundle.claims.filter(
      (c) =>
        ending.includes(c.claim.predicate) &&
        c.citations.some((x) => /\b(former(ly)?|defector|fallen)\b/i.test(x.excerpt!)),
    );
    expect(former.length).toBeGreaterThanOrEqual(5);
    for (const { claim } of former)
      expect([claim.id, claim.period?.latest ?? null]).toEqual([claim.id, expect.any(String)]);
  });

  it('reads one statement quoted by both articles as one source, cited via each article', () => {
    const composition = bundle.claims.find((c) => c.claim.id === 'clm_search_rescue_team_composition')!;
    expect(new Set(composition.citations.map((c) => c.sourceId)).size).toBe(1);
    expect(composition.citations.map((c) => c.viaSourceId).sort()).toEqual(['src_article_000', 'src_article_004']);
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
