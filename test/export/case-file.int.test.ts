import { execFileSync } from 'node:child_process';
import crypto, { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { SignJWT } from 'jose';
import type { Viewer } from '../../src/policy/viewer';
import { loadConfig } from '../../src/main/config';
import { projectRoot } from '../../src/domain/project';
import { seedBundle } from '../../src/main/seed/seed';
import { listen } from '../../src/api/http';
import { createAtharServer } from '../../src/main/compose';
import { seedDocumentLines } from '../support/documents';
import { startTestApi, TestApi } from '../support/graphql';
import { openTestStore, OpenedStore, STORE_KINDS } from '../support/stores';
import { VIEWERS } from '../support/viewers';

const FORMATS = ['JSON', 'MARKDOWN', 'HTML', 'PDF'] as const;
const PROFILES = { PUBLIC: VIEWERS.public, LEGAL: VIEWERS.legal } as const;
const WITNESS = 'per_w7k3q9';
const SEED_CITATIONS = new Set(seedBundle().claims.flatMap((c) => c.citations.map((x) => x.id)));
const SUBJECTS = ['fac_sednaya', WITNESS];
const schema = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'schema', 'case-file.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

/** The issue's "done when" for case files, on both stores. */
describe.each(STORE_KINDS)('case-file export on the %s store', (kind) => {
  const run = randomUUID().slice(0, 8);
  const CONFIDENTIAL_TITLE = `Confidential insider testimony ${run}`;
  const CONFIDENTIAL_EXCERPT = `insider ${run} saw the hangings`;
  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-export-test-'));
  let opened: OpenedStore;
  let api: TestApi;
  // A fixed past time after the seed and this run's writes, so that exports repeat exactly.
  let asOf: string;

  beforeAll(async () => {
    opened = await openTestStore(kind);
    await opened.store.init();
    await opened.store.importBundle(seedBundle());
    api = await startTestApi(opened.store, { config: { exportDir } });
    const source = await ok(
      `mutation($t: String!) { createSource(input: { title: $t, kind: TESTIMONY, access: CONFIDENTIAL }) { id } }`,
      { t: CONFIDENTIAL_TITLE },
      VIEWERS.admin,
    );
    await ok(
      `mutation($s: ID!, $e: String!) { assertClaim(input: { subjectId: "fac_sednaya", predicate: "CONDITION", text: "night-time hangings", citations: [{ sourceId: $s, locator: "p. 2", excerpt: $e, reliability: B, credibility: 2 }] }) { id } }`,
      { s: source.createSource.id, e: CONFIDENTIAL_EXCERPT },
      VIEWERS.admin,
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    asOf = new Date().toISOString();
  });

  afterAll(async () => {
    await api.stop();
    await opened.cleanup();
    fs.rmSync(exportDir, { recursive: true, force: true });
  });

  async function ok(query: string, variables: Record<string, unknown> = {}, viewer: Viewer = VIEWERS.legal) {
    const result = await api.run(query, variables, { viewer });
    expect(result.errors).toBeUndefined();
    return result.data as Record<string, any>;
  }

  async function caseFile(subject: string, profile: keyof typeof PROFILES, at = asOf) {
    const data = await ok(
      `query($s: String!, $p: ExportProfile!, $a: String) { caseFile(subject: { entityId: $s }, profile: $p, asOf: $a) }`,
      { s: subject, p: profile, a: at },
    );
    return data.caseFile as any;
  }

  async function exportFile(subject: string, format: string, profile: keyof typeof PROFILES) {
    const data = await ok(
      `mutation($s: String!, $f: ExportFormat!, $p: ExportProfile!, $a: String) {
        exportCaseFile(subject: { entityId: $s }, format: $f, profile: $p, asOf: $a) { fileName url manifestSha256 manifest size } }`,
      { s: subject, f: format, p: profile, a: asOf },
    );
    const result = data.exportCaseFile;
    const file = path.join(exportDir, result.manifestSha256, result.fileName);
    return { ...result, file, bytes: fs.readFileSync(file) };
  }

  it('builds Sednaya and a person as JSON that follows the published schema, for each profile', async () => {
    for (const subject of SUBJECTS) {
      for (const profile of Object.keys(PROFILES) as (keyof typeof PROFILES)[]) {
        const file = await caseFile(subject, profile);
        const valid = validate(file);
        expect({ subject, profile, errors: validate.errors ?? null, valid }).toMatchObject({ valid: true });
        expect(file.profile.name).toBe(profile.toLowerCase());
        expect(file.footnotes.length).toBeGreaterThan(0);
      }
    }
  });

  it('resolves every footnote to a claim and citations the profile can see, with the exact excerpts', async () => {
    const documents = seedDocumentLines();
    let checkedAgainstDocuments = 0;
    for (const subject of SUBJECTS) {
      for (const [profile, viewer] of Object.entries(PROFILES) as [keyof typeof PROFILES, Viewer][]) {
        const file = await caseFile(subject, profile);
        const numbers = file.footnotes.map((f: any) => f.number);
        expect(numbers).toEqual(numbers.map((_: number, i: number) => i + 1));
        const referenced = new Set<number>([
          ...file.sections.flatMap((s: any) => s.statements.flatMap((st: any) => st.footnotes)),
          ...file.conflicts.flatMap((c: any) => c.footnotes),
        ]);
        for (const n of referenced) expect(numbers).toContain(n);
        const bibliography = new Set(file.bibliography.map((b: any) => b.sourceId));
        for (const footnote of file.footnotes) {
          const seen = await api.run(
            `query($id: ID!) { claim(id: $id) { id status citations { id excerpt locator source { id } } } }`,
            { id: footnote.claimId },
            { viewer },
          );
          expect(seen.errors).toBeUndefined();
          const claim = (seen.data as any).claim;
          expect(claim.status).toBe(footnote.status);
          const visible = new Map<string, any>(claim.citations.map((c: any) => [c.id, c]));
          expect(footnote.citations.length).toBeGreaterThan(0);
          for (const citation of footnote.citations) {
            const api = visible.get(citation.citationId);
            expect(api).toBeDefined();
            expect(citation.excerpt).toBe(api.excerpt);
            expect(citation.locator).toBe(api.locator);
            expect(bibliography.has(citation.sourceId)).toBe(true);
            const document = documents?.get(citation.viaSourceId ?? citation.sourceId);
            // The seed's citations quote these documents; other test files add citations of their own.
            if (document && citation.excerpt !== null && SEED_CITATIONS.has(citation.citationId)) {
              const paragraph = Number(/\d+/.exec(citation.locator)![0]);
              expect(document[paragraph - 1]).toContain(citation.excerpt);
              checkedAgainstDocuments += 1;
            }
          }
        }
      }
    }
    if (documents) expect(checkedAgainstDocuments).toBeGreaterThan(10);
  });

  it('keeps protected names and confidential sources out of the public file, in every format', async () => {
    for (const format of FORMATS) {
      const pub = await exportFile('fac_sednaya', format, 'PUBLIC');
      const legal = await exportFile('fac_sednaya', format, 'LEGAL');
      const [pubText, legalText] =
        format === 'PDF'
          ? [pdfText(pub.file), pdfText(legal.file)]
          : [pub.bytes.toString('utf8'), legal.bytes.toString('utf8')];
      for (const secret of ['Sameer', CONFIDENTIAL_TITLE, CONFIDENTIAL_EXCERPT]) {
        expect({ format, leak: pubText.includes(secret) }).toEqual({ format, leak: false });
      }
      expect(pubText).toContain('Witness W-7K3Q9M');
      expect(pubText).toContain('public');
      for (const secret of ['Sameer', CONFIDENTIAL_TITLE, CONFIDENTIAL_EXCERPT]) {
        expect({ format, found: legalText.includes(secret) }).toEqual({ format, found: true });
      }
    }
  });

  it('gives byte-identical files and manifests for the same subject, time and profile', async () => {
    for (const format of FORMATS) {
      const first = await exportFile(WITNESS, format, 'PUBLIC');
      const second = await exportFile(WITNESS, format, 'PUBLIC');
      expect(second.manifestSha256).toBe(first.manifestSha256);
      expect(Buffer.compare(first.bytes, second.bytes)).toBe(0);
      const manifest = first.manifest;
      expect(manifest.files).toEqual([
        {
          name: first.fileName,
          sha256: crypto.createHash('sha256').update(first.bytes).digest('hex'),
          bytes: first.size,
        },
      ]);
      expect(manifest).toMatchObject({
        asOf,
        profile: 'public',
        format: format === 'MARKDOWN' ? 'md' : format.toLowerCase(),
      });
      const manifestBytes = fs.readFileSync(
        path.join(exportDir, first.manifestSha256, `${first.fileName}.manifest.json`),
      );
      expect(crypto.createHash('sha256').update(manifestBytes).digest('hex')).toBe(first.manifestSha256);
    }
  });

  it("puts the footnotes in the PDF's text: locators, excerpts and sources", async () => {
    const pdf = await exportFile('fac_sednaya', 'PDF', 'PUBLIC');
    const text = pdfText(pdf.file).replace(/\s+/g, ' ');
    expect(text).toContain('Case file: Sednaya Prison');
    expect(text).toContain('para. 3');
    expect(text).toContain('human slaughterhouse');
    expect(text).toContain('Bibliography');
    expect(text).toMatch(/Amnesty International/);
  });

  it('records every export in the audit trail with its manifest hash', async () => {
    const exported = await exportFile('fac_sednaya', 'MARKDOWN', 'LEGAL');
    const history = await ok(`{ history(id: "fac_sednaya") { operation reason actorRole } }`, {}, VIEWERS.admin);
    const record = (history.history as any[]).find(
      (r) => r.operation === 'recordExport' && r.reason.includes(exported.manifestSha256),
    );
    expect(record).toMatchObject({ actorRole: 'LEGAL' });
  });

  it('refuses exports to those without the role, and profiles above the requester, writing nothing', async () => {
    const head = await opened.store.auditHead();
    for (const viewer of [VIEWERS.public, VIEWERS.analyst]) {
      const r = await api.run(
        `mutation { exportCaseFile(subject: { entityId: "fac_sednaya" }, format: JSON, profile: PUBLIC) { url } }`,
        {},
        { viewer },
      );
      expect(r.errors![0]!.extensions!.code).toBe('FORBIDDEN');
      expect(r.errors![0]!.message).toMatch(/LEGAL/);
    }
    const bad = await api.run(
      `{ caseFile(subject: { entityId: "fac_sednaya", claimIds: ["clm_x"] }, profile: PUBLIC) }`,
      {},
      {
        viewer: VIEWERS.legal,
      },
    );
    expect(bad.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(await opened.store.auditHead()).toEqual(head);
  });

  it('shows the graph as it stood: what was written after asOf is not in the file', async () => {
    const before = await caseFile('fac_sednaya', 'LEGAL', '2026-11-23T00:00:01Z');
    const now = await caseFile('fac_sednaya', 'LEGAL');
    const text = (f: unknown) => JSON.stringify(f);
    expect(text(now)).toContain(CONFIDENTIAL_EXCERPT);
    expect(text(before)).not.toContain(CONFIDENTIAL_EXCERPT);
    expect(before.footnotes.length).toBeGreaterThan(5);
    expect(before.asOf).toBe('2026-11-23T00:00:01.000Z');
  });

  it('serves the file for download to the legal team only, over HTTP', async () => {
    const secret = crypto.randomBytes(32).toString('base64url');
    const config = loadConfig({ NODE_ENV: 'production', ATHAR_JWT_SECRET: secret, ATHAR_EXPORT_DIR: exportDir }, {});
    const server = await createAtharServer(opened.store, config, { error: () => undefined });
    const url = await listen(server, 0, { exportDir });
    try {
      const bearer = async (role: string) =>
        `Bearer ${await new SignJWT({ sub: `http-${role}`, athar_role: role })
          .setProtectedHeader({ alg: 'HS256' })
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(secret))}`;
      const legal = await bearer('LEGAL');
      const made = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: legal },
        body: JSON.stringify({
          query: `mutation { exportCaseFile(subject: { entityId: "fac_sednaya" }, format: HTML, profile: PUBLIC) { url manifestUrl manifestSha256 } }`,
        }),
      });
      const body = (await made.json()) as any;
      expect(body.errors).toBeUndefined();
      const base = new URL(url);
      const download = await fetch(new URL(body.data.exportCaseFile.url, base), { headers: { authorization: legal } });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toMatch(/text\/html/);
      expect(await download.text()).toContain('Case file: Sednaya Prison');
      const manifest = await fetch(new URL(body.data.exportCaseFile.manifestUrl, base), {
        headers: { authorization: legal },
      });
      const manifestText = await manifest.text();
      expect(crypto.createHash('sha256').update(manifestText).digest('hex')).toBe(
        body.data.exportCaseFile.manifestSha256,
      );
      for (const headers of [{} as Record<string, string>, { authorization: await bearer('ANALYST') }]) {
        const refused = await fetch(new URL(body.data.exportCaseFile.url, base), { headers });
        expect(refused.status).toBe(404);
      }
      const traversal = await fetch(new URL('/exports/..%2F..%2Fetc/passwd', base), {
        headers: { authorization: legal },
      });
      expect(traversal.status).toBe(404);
    } finally {
      await server.apollo.stop();
    }
  });

  it('gives a file, and its name in history, only to who may download it, and not after it expires', async () => {
    const secret = crypto.randomBytes(32).toString('base64url');
    const config = loadConfig({ NODE_ENV: 'production', ATHAR_JWT_SECRET: secret, ATHAR_EXPORT_DIR: exportDir }, {});
    const server = await createAtharServer(opened.store, config, { error: () => undefined });
    const url = await listen(server, 0, { exportDir, exportTtlHours: 1 });
    const base = new URL(url);
    const bearer = async (role: string, clearance?: string) =>
      `Bearer ${await new SignJWT({
        sub: `dl-${role}-${clearance ?? 'default'}`,
        athar_role: role,
        ...(clearance ? { athar_clearance: clearance } : {}),
      })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(secret))}`;
    const post = async (authorization: string, query: string, variables: Record<string, unknown> = {}) =>
      (await (
        await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify({ query, variables }),
        })
      ).json()) as any;
    try {
      const legal = await bearer('LEGAL');
      const made = await post(
        legal,
        `mutation { exportCaseFile(subject: { entityId: "fac_sednaya" }, format: JSON, profile: LEGAL) { url fileName manifestSha256 } }`,
      );
      expect(made.errors).toBeUndefined();
      const { url: fileUrl, fileName, manifestSha256 } = made.data.exportCaseFile;
      expect((await fetch(new URL(fileUrl, base), { headers: { authorization: legal } })).status).toBe(200);
      // The role alone is not enough: a legal or admin token narrowed below the profile's clearance gets nothing.
      for (const narrowed of [await bearer('LEGAL', 'RESTRICTED'), await bearer('ADMIN', 'PUBLIC')]) {
        const refused = await fetch(new URL(fileUrl, base), { headers: { authorization: narrowed } });
        expect(refused.status).toBe(404);
        expect(await refused.text()).not.toContain(CONFIDENTIAL_EXCERPT);
      }
      // History names the file only to who may download it.
      const history = `{ history(id: "fac_sednaya") { operation reason } }`;
      const exportsIn = (body: any) =>
        (body.data.history as { operation: string; reason: string }[]).filter((r) => r.operation === 'recordExport');
      const forLegal = exportsIn(await post(legal, history));
      expect(forLegal.some((r) => r.reason.includes(manifestSha256))).toBe(true);
      for (const reader of [await bearer('ANALYST'), await bearer('ADMIN', 'RESTRICTED')]) {
        const body = await post(reader, history);
        expect(body.errors).toBeUndefined();
        const seen = JSON.stringify(exportsIn(body));
        expect(seen).not.toContain(manifestSha256);
        expect(seen).not.toContain(fileName);
        expect(exportsIn(body).length).toBeGreaterThan(0);
      }
      // After the time to live, the link is dead and the folder gone.
      const dir = path.join(exportDir, manifestSha256);
      const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
      fs.utimesSync(dir, old, old);
      expect((await fetch(new URL(fileUrl, base), { headers: { authorization: legal } })).status).toBe(404);
      expect(fs.existsSync(dir)).toBe(false);
    } finally {
      await server.apollo.stop();
    }
  });
});
