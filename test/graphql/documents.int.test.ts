import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listen } from '../../src/api/http';
import { parseApiKeys } from '../../src/api/auth/auth.config';
import { sha256Hex } from '../../src/domain/audit';
import { AccessLevel, EntityKind, FacilityType } from '../../src/domain/model';
import { createAtharServer, defaultExportDir } from '../../src/main/compose';
import type { AtharServer } from '../../src/api/server';
import type { Store } from '../../src/store/store.port';
import { Fixtures } from '../support/fixtures';
import { makePdf } from '../support/pdf-fixture';
import { openTestStore, type OpenedStore, STORE_KINDS } from '../support/stores';

/*
 * The evidence vault over HTTP, on both stores: documents attached as the
 * GraphQL multipart request spec sends them, excerpts checked on write, the
 * paragraph around an excerpt, search inside documents, and protection.
 */

const MAX_BYTES = 20_000;
const KEYS = {
  analyst: `ak_vaultan_${randomBytes(24).toString('base64url')}`,
  admin: `ak_vaultad_${randomBytes(24).toString('base64url')}`,
};
const AUTH = {
  jwt: null,
  apiKeys: parseApiKeys(
    JSON.stringify([
      { id: 'vaultan', name: 'vault analyst', role: 'ANALYST', sha256: sha256Hex(KEYS.analyst) },
      { id: 'vaultad', name: 'vault admin', role: 'ADMIN', sha256: sha256Hex(KEYS.admin) },
    ]),
  ),
};

type Who = keyof typeof KEYS | 'public';

function headersOf(who: Who): Record<string, string> {
  return who === 'public' ? {} : { 'x-api-key': KEYS[who] };
}

async function gql(url: string, who: Who, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headersOf(who) },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

const ATTACH = `
mutation Attach($sourceId: ID!, $file: Upload!, $reason: String) {
  attachDocument(sourceId: $sourceId, file: $file, reason: $reason) {
    source { id contentHash version }
    document { id sha256 fileName size mediaType format pages paragraphs addedByRole extractionMethod }
    checkedCitations
    failingCitations { reason citation { id locator } }
  }
}`;

async function upload(
  url: string,
  sourceId: string,
  bytes: Buffer,
  fileName: string,
  options: { who?: Who; type?: string; preflight?: boolean; reason?: string } = {},
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append(
    'operations',
    JSON.stringify({ query: ATTACH, variables: { sourceId, file: null, reason: options.reason ?? null } }),
  );
  form.append('map', JSON.stringify({ 0: ['variables.file'] }));
  form.append('0', new Blob([bytes], { type: options.type ?? 'application/octet-stream' }), fileName);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      ...headersOf(options.who ?? 'analyst'),
      ...(options.preflight === false ? {} : { 'apollo-require-preflight': 'true' }),
    },
    body: form,
  });
  return { status: response.status, body: await response.json() };
}

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

describe.each(STORE_KINDS)('Evidence vault over HTTP (%s)', (kind) => {
  let opened: OpenedStore;
  let store: Store;
  let server: AtharServer;
  let url: string;
  let blobDir: string;
  let f: Fixtures;
  let personId: string;
  let facilityId: string;
  /** A protected person's unique name (letters only: it is not a common word anywhere). */
  let hiddenName: string;

  beforeAll(async () => {
    opened = await openTestStore(kind);
    store = opened.store;
    await store.init();
    blobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-vault-blobs-'));
    server = await createAtharServer(store, {
      development: false,
      maxPageSize: 100,
      auth: AUTH,
      blobDir,
      maxDocumentBytes: MAX_BYTES,
    });
    url = await listen(server, 0, { exportDir: defaultExportDir(), maxDocumentBytes: MAX_BYTES });
    f = new Fixtures();
    const letters = f.run.replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]!);
    hiddenName = `Zorvathi${letters} Quellinor${letters}`;
    const person = f.entity({ kind: EntityKind.PERSON, name: `Witness ${letters}` });
    const hidden = f.entity({
      kind: EntityKind.PERSON,
      name: hiddenName,
      protection: AccessLevel.CONFIDENTIAL,
      pseudonym: `Witness W-${letters.slice(0, 6).toUpperCase()}`,
    });
    const facility = f.entity({
      kind: EntityKind.FACILITY,
      name: `Branch ${letters}`,
      facilityType: FacilityType.BRANCH,
    });
    for (const e of [person, hidden, facility]) await store.createEntity(e);
    personId = person.id;
    facilityId = facility.id;
  });

  afterAll(async () => {
    await server.apollo.stop();
    await opened.cleanup();
    fs.rmSync(blobDir, { recursive: true, force: true });
  });

  /**
   * What a refused write must leave as it was: the audit trail of these records, the claims about the test's
   * person, and on the embedded store (which nothing else writes to) the head of the whole chain. The Neo4j
   * database is shared with tests running beside this one, so there the chain's head may move.
   */
  async function written(ids: string[]): Promise<unknown> {
    return {
      trails: (await store.getAuditOf(ids)).map((records) => records.map((r) => r.seq)),
      claims: (await store.listClaims({ subjectId: personId }, { first: 1, after: null })).totalCount,
      head: kind === 'embedded' ? await store.auditHead() : null,
    };
  }

  async function newSource(contentHash: string | null = null, access = AccessLevel.PUBLIC): Promise<string> {
    const source = f.source({ contentHash, access });
    await store.createSource(source);
    return source.id;
  }

  const ASSERT = `
  mutation Assert($input: AssertClaimInput!) {
    assertClaim(input: $input) { id citations { id verified verifiedAgainst context locator excerpt } }
  }`;

  function claimInput(sourceId: string, locator: string, excerpt: string): Record<string, unknown> {
    return {
      subjectId: personId,
      predicate: 'DETAINED_AT',
      objectId: facilityId,
      citations: [{ sourceId, locator, excerpt, reliability: 'B', credibility: 2 }],
    };
  }

  it('attaches a text document over multipart: content hash set, original kept by sha256, custody audited', async () => {
    const sourceId = await newSource();
    const text = `Statement ${f.run}\n\nThe detainee was held in the “red” building.\nHe was moved at night.\n`;
    const bytes = Buffer.from(text, 'utf8');
    const { status, body } = await upload(url, sourceId, bytes, 'statement.txt', { reason: 'given by the family' });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const payload = body.data.attachDocument;
    expect(payload.source).toEqual({ id: sourceId, contentHash: sha(bytes), version: 2 });
    expect(payload.document).toMatchObject({
      sha256: sha(bytes),
      fileName: 'statement.txt',
      size: bytes.length,
      mediaType: 'text/plain',
      format: 'TEXT',
      paragraphs: 3,
      pages: 0,
      addedByRole: 'ANALYST',
    });
    expect(payload.checkedCitations).toBe(0);
    // The original, byte for byte, under its hash.
    expect(fs.readFileSync(path.join(blobDir, 'sha256', sha(bytes).slice(0, 2), sha(bytes)))).toEqual(bytes);
    const [history] = await store.getAuditOf([sourceId]);
    const record = history!.at(-1)!;
    expect(record.operation).toBe('attachDocument');
    expect(record.reason).toBe('given by the family');
    expect(record.actor).toEqual({ subject: 'vault analyst', role: 'ANALYST' });
    expect(record.after.documents?.[0]).toMatchObject({
      sha256: sha(bytes),
      fileName: 'statement.txt',
      size: bytes.length,
    });

    const read = await gql(
      url,
      'public',
      `query($id: ID!) { source(id: $id) { contentHash documents { sha256 verifiedCitations failingCitations } } }`,
      { id: sourceId },
    );
    expect(read.data.source.documents).toEqual([{ sha256: sha(bytes), verifiedCitations: 0, failingCitations: 0 }]);

    // The source is its document now: its content hash cannot be edited away from it.
    const edit = await gql(
      url,
      'analyst',
      `mutation($id: ID!) { updateSource(id: $id, input: { contentHash: "${'0'.repeat(64)}" }) { id } }`,
      { id: sourceId },
    );
    expect(edit.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(edit.errors[0].message).toContain(sha(bytes));
    // Before it was attached, the source held nothing.
    const before = new Date(Date.parse(record.at) - 1).toISOString();
    const past = await gql(
      url,
      'public',
      `query($id: ID!, $at: String) { source(id: $id, asOf: $at) { documents { sha256 } } }`,
      { id: sourceId, at: before },
    );
    expect(past.errors).toBeUndefined();
    expect(past.data.source.documents).toEqual([]);
  });

  it('refuses a multipart request without a preflight header, one over the size limit, and a public viewer; writes nothing', async () => {
    const sourceId = await newSource();
    const head = await written([sourceId]);
    const noHeader = await upload(url, sourceId, Buffer.from('some words'), 'a.txt', { preflight: false });
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(noHeader.body.errors[0].message).toMatch(/Apollo-Require-Preflight/);

    const big = await upload(url, sourceId, Buffer.alloc(MAX_BYTES + 1, 'a'), 'big.txt');
    expect(big.status).toBe(413);
    expect(big.body.errors[0].message).toContain(String(MAX_BYTES));

    const anonymous = await upload(url, sourceId, Buffer.from('some words'), 'a.txt', { who: 'public' });
    expect(anonymous.body.errors[0].extensions.code).toBe('FORBIDDEN');

    expect(await written([sourceId])).toEqual(head);
    expect(await store.getDocumentsOfSources([sourceId])).toEqual([[]]);
    expect((await store.getSources([sourceId]))[0]!.contentHash).toBeNull();
  });

  it("refuses a document whose sha256 is not the source's content hash, naming both, and writes nothing", async () => {
    const recorded = sha(`the real document ${f.run}`);
    const sourceId = await newSource(recorded);
    const head = await written([sourceId]);
    const bytes = Buffer.from(`another document ${f.run}`);
    const { body } = await upload(url, sourceId, bytes, 'other.txt');
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toContain(recorded);
    expect(body.errors[0].message).toContain(sha(bytes));
    expect(await written([sourceId])).toEqual(head);
    expect(await store.getDocumentsOfSources([sourceId])).toEqual([[]]);
    expect(fs.existsSync(path.join(blobDir, 'sha256', sha(bytes).slice(0, 2), sha(bytes)))).toBe(false);
  });

  it('verifies excerpts on write: a wrong paragraph, a wrong excerpt and a wrong locator are refused with where it is', async () => {
    const sourceId = await newSource();
    const paragraphs = [
      `Report ${f.run} on the branch.`,
      'The prisoners were kept in the basement for 40 days.',
      'Guards beat them every night — so said the neighbour.',
    ];
    const bytes = Buffer.from(paragraphs.join('\n'));
    expect((await upload(url, sourceId, bytes, 'report.txt')).status).toBe(200);

    const head = await written([sourceId, personId, facilityId]);
    const wrongPlace = await gql(url, 'analyst', ASSERT, {
      input: claimInput(sourceId, 'para. 3', 'kept in the basement for 40 days'),
    });
    expect(wrongPlace.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(wrongPlace.errors[0].message).toContain('the excerpt is in paragraph 2, not paragraph 3');
    const wrongWords = await gql(url, 'analyst', ASSERT, {
      input: claimInput(sourceId, 'para. 2', 'kept in the attic for 40 days'),
    });
    expect(wrongWords.errors[0].message).toContain(`is not in the document ${sha(bytes).slice(0, 12)}`);
    const wrongLocator = await gql(url, 'analyst', ASSERT, {
      input: claimInput(sourceId, 'p. 2', 'kept in the basement for 40 days'),
    });
    expect(wrongLocator.errors[0].message).toMatch(/cited by paragraph.*the excerpt is in paragraph 2/);
    const pastTheEnd = await gql(url, 'analyst', ASSERT, {
      input: claimInput(sourceId, 'para. 9', 'kept in the basement for 40 days'),
    });
    expect(pastTheEnd.errors[0].message).toContain('has 3 paragraphs, not 9');
    expect(await written([sourceId, personId, facilityId])).toEqual(head);

    // Typographic dashes and spacing are normalised; the words themselves are not.
    const right = await gql(url, 'analyst', ASSERT, {
      input: claimInput(sourceId, 'para. 3', 'Guards beat them every night -  so said'),
    });
    expect(right.errors).toBeUndefined();
    const [citation] = right.data.assertClaim.citations;
    expect(citation.verified).toBe(true);
    expect(citation.verifiedAgainst).toBe(sha(bytes));
    expect(citation.context).toBe(paragraphs[2]);

    // addCitation goes through the same check.
    const add = await gql(
      url,
      'analyst',
      `mutation($id: ID!, $c: CitationInput!) { addCitation(claimId: $id, citation: $c) { id } }`,
      {
        id: right.data.assertClaim.id,
        c: { sourceId, locator: 'para. 1', excerpt: 'basement for 40 days', reliability: 'B', credibility: 2 },
      },
    );
    expect(add.errors[0].message).toContain('the excerpt is in paragraph 2, not paragraph 1');

    // The case file says which excerpt was verified, against which document.
    const file = await gql(
      url,
      'admin',
      `query($s: String!) { caseFile(subject: { entityId: $s }, profile: PUBLIC) }`,
      { s: personId },
    );
    expect(file.errors).toBeUndefined();
    const cited = file.data.caseFile.footnotes
      .flatMap((n: { citations: { citationId: string; verifiedAgainst: string | null }[] }) => n.citations)
      .find((c: { citationId: string }) => c.citationId === citation.id);
    expect(cited.verifiedAgainst).toBe(sha(bytes));
  });

  it('marks citations of sources without a document unverified, re-checks them on attach and lists those that fail', async () => {
    const sourceId = await newSource();
    const good = await gql(url, 'analyst', ASSERT, { input: claimInput(sourceId, 'para. 1', 'held for a month') });
    const bad = await gql(url, 'analyst', ASSERT, { input: claimInput(sourceId, 'para. 1', 'released the next day') });
    expect(good.data.assertClaim.citations[0]).toMatchObject({ verified: false, verifiedAgainst: null, context: null });
    const badId = bad.data.assertClaim.citations[0].id;

    const bytes = Buffer.from(`He was held for a month ${f.run}.\nNobody was released the next day.`);
    const { body } = await upload(url, sourceId, bytes, 'later.txt');
    expect(body.data.attachDocument.checkedCitations).toBe(2);
    expect(body.data.attachDocument.failingCitations).toEqual([
      { reason: 'the excerpt is in paragraph 2, not paragraph 1', citation: { id: badId, locator: 'para. 1' } },
    ]);
    const read = await gql(
      url,
      'analyst',
      `query($id: ID!) { source(id: $id) { documents { verifiedCitations failingCitations } citations { id verified } } }`,
      { id: sourceId },
    );
    expect(read.data.source.documents).toEqual([{ verifiedCitations: 1, failingCitations: 1 }]);
    expect(read.data.source.citations.find((c: any) => c.id === badId).verified).toBe(false);
  });

  it('reads HTML by block element and a PDF page by page', async () => {
    const htmlSource = await newSource();
    const html = `<!doctype html><html><head><title>Not text</title><style>p{}</style></head><body>
      <h1>Branch ${f.run}</h1><p>First <b>paragraph</b> &amp; more.</p><script>var x = 1;</script>
      <ul><li>A list item</li></ul><div>Tail text</div></body></html>`;
    const h = await upload(url, htmlSource, Buffer.from(html), 'page.html', { type: 'text/html' });
    expect(h.body.data.attachDocument.document).toMatchObject({ format: 'HTML', paragraphs: 4 });
    const htmlClaim = await gql(url, 'analyst', ASSERT, {
      input: claimInput(htmlSource, 'para. 2', 'paragraph & more'),
    });
    expect(htmlClaim.data.assertClaim.citations[0]).toMatchObject({
      verified: true,
      context: 'First paragraph & more.',
    });

    const pdfSource = await newSource();
    const pdf = makePdf([
      [[`Report ${f.run} page one.`], ['The second paragraph spans', 'two lines of text.']],
      [['Page two holds the count of 120 detainees.']],
    ]);
    const p = await upload(url, pdfSource, pdf, 'report.pdf');
    expect(p.body.errors).toBeUndefined();
    expect(p.body.data.attachDocument.document).toMatchObject({
      format: 'PDF',
      mediaType: 'application/pdf',
      pages: 2,
      paragraphs: 3,
    });
    const onPage = await gql(url, 'analyst', ASSERT, {
      input: claimInput(pdfSource, 'p. 1, para. 2', 'spans two lines'),
    });
    expect(onPage.data.assertClaim.citations[0]).toMatchObject({
      verified: true,
      context: 'The second paragraph spans two lines of text.',
    });
    const wholePage = await gql(url, 'analyst', ASSERT, {
      input: claimInput(pdfSource, 'p. 2', 'count of 120 detainees'),
    });
    expect(wholePage.data.assertClaim.citations[0].verified).toBe(true);
    const wrongPage = await gql(url, 'analyst', ASSERT, {
      input: claimInput(pdfSource, 'p. 1', 'count of 120 detainees'),
    });
    expect(wrongPage.errors[0].message).toContain('the excerpt is in page 2, paragraph 1, not page 1');

    // A photo is kept as bytes: no text, and citations of it (by timestamp or anything else) stay unverified.
    const photoSource = await newSource();
    const photo = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)]);
    const ph = await upload(url, photoSource, photo, 'cell.png');
    expect(ph.body.data.attachDocument.document).toMatchObject({
      format: 'OPAQUE',
      mediaType: 'image/png',
      paragraphs: 0,
      extractionMethod: null,
    });
    const ofPhoto = await gql(url, 'analyst', ASSERT, { input: claimInput(photoSource, '00:01:02', 'a cell door') });
    expect(ofPhoto.data.assertClaim.citations[0]).toMatchObject({
      verified: false,
      verifiedAgainst: null,
      context: null,
    });
  });

  it('gives context and search results with protected names withheld, and finds nothing by a withheld name', async () => {
    const sourceId = await newSource();
    const marker = `vaultmark${f.run.replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]!)}`;
    const bytes = Buffer.from(`${marker} opening.\nThe guard ${hiddenName} questioned him in the ${marker} cell.\n`);
    expect((await upload(url, sourceId, bytes, 'testimony.txt', { who: 'admin' })).status).toBe(200);
    const claim = await gql(url, 'admin', ASSERT, {
      input: claimInput(sourceId, 'para. 2', `questioned him in the ${marker} cell`),
    });
    expect(claim.errors).toBeUndefined();
    const citationId = claim.data.assertClaim.citations[0].id;
    expect(claim.data.assertClaim.citations[0].context).toContain(hiddenName);

    const CONTEXT = `query($id: ID!) { node(id: $id) { ... on Citation { excerpt context verified } } }`;
    for (const who of ['public', 'analyst'] as const) {
      const seen = await gql(url, who, CONTEXT, { id: citationId });
      expect(seen.data.node.verified).toBe(true);
      expect(seen.data.node.context).toContain('[name withheld]');
      expect(JSON.stringify(seen)).not.toContain(hiddenName.split(' ')[1]);
    }

    const SEARCH = `query($q: String!) { documentSearch(query: $q, first: 10) { totalCount edges { node { locator text snippet source { id } } } } }`;
    const byMarker = await gql(url, 'analyst', SEARCH, { q: marker });
    expect(byMarker.data.documentSearch.totalCount).toBe(2);
    const hit = byMarker.data.documentSearch.edges[1].node;
    expect(hit).toMatchObject({ locator: 'para. 2', source: { id: sourceId } });
    expect(hit.text).toContain('[name withheld]');
    expect(JSON.stringify(byMarker)).not.toContain(hiddenName.split(' ')[0]);
    for (const q of [hiddenName, hiddenName.split(' ')[1]!, hiddenName.split(' ')[0]!.slice(0, 9)]) {
      const byName = await gql(url, 'analyst', SEARCH, { q });
      expect(byName.data.documentSearch).toEqual({ totalCount: 0, edges: [] });
    }
    const admin = await gql(url, 'admin', SEARCH, { q: hiddenName });
    expect(admin.data.documentSearch.totalCount).toBe(1);
    expect(admin.data.documentSearch.edges[0].node.text).toContain(hiddenName);

    // A confidential source's document is not found by those below it.
    const closed = await newSource(null, AccessLevel.CONFIDENTIAL);
    expect(
      (await upload(url, closed, Buffer.from(`${marker} in the closed file`), 'closed.txt', { who: 'admin' })).status,
    ).toBe(200);
    expect((await gql(url, 'analyst', SEARCH, { q: marker })).data.documentSearch.totalCount).toBe(2);
    expect((await gql(url, 'admin', SEARCH, { q: marker })).data.documentSearch.totalCount).toBe(3);
  });

  it('turns a passage found by search into a verified citation with the locator and text it gives', async () => {
    const sourceId = await newSource();
    const word = `passagex${f.run.replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]!)}`;
    const bytes = Buffer.from(`Intro.\nSecond.\nThe ${word} convoy left Saydnaya at dawn with 30 prisoners.`);
    expect((await upload(url, sourceId, bytes, 'convoy.txt')).status).toBe(200);
    const found = await gql(
      url,
      'analyst',
      `query($q: String!) { documentSearch(query: $q) { edges { node { locator text snippet } } } }`,
      { q: `${word} Sednaya` },
    );
    const node = found.data.documentSearch.edges[0].node;
    expect(node.locator).toBe('para. 3');
    expect(node.snippet).toContain(word);
    const excerpt = node.text.slice(node.text.indexOf('convoy'), node.text.indexOf(' at dawn'));
    const cited = await gql(url, 'analyst', ASSERT, { input: claimInput(sourceId, node.locator, excerpt) });
    expect(cited.data.assertClaim.citations[0].verified).toBe(true);
  });

  it('never lets a claim written while its document is attached escape the check (5 races)', async () => {
    for (let trial = 0; trial < 5; trial += 1) {
      const sourceId = await newSource();
      const bytes = Buffer.from(`Race ${f.run} ${trial}: the transfer happened in March.`);
      const [attached, claimed] = await Promise.all([
        upload(url, sourceId, bytes, 'race.txt'),
        gql(url, 'analyst', ASSERT, { input: claimInput(sourceId, 'para. 1', 'the transfer happened in June') }),
      ]);
      expect(attached.status).toBe(200);
      if (claimed.errors) {
        // Checked against the document: refused, saying it is not there.
        expect(claimed.errors[0].message).toContain('is not in the document');
      } else {
        // Written before the document: the attach checked it again and listed it as failing.
        const id = claimed.data.assertClaim.citations[0].id;
        expect(attached.body.data.attachDocument.failingCitations.map((c: any) => c.citation.id)).toEqual([id]);
      }
    }
  });

  (kind === 'neo4j' ? it : it.skip)(
    'serves the same documents from a second API process sharing the blob directory',
    async () => {
      const second = await createAtharServer(store, { development: false, maxPageSize: 100, auth: AUTH, blobDir });
      const secondUrl = await listen(second, 0, { exportDir: defaultExportDir(), maxDocumentBytes: MAX_BYTES });
      try {
        const sourceId = await newSource();
        const bytes = Buffer.from(`Replica ${f.run} paragraph one.\nThe second replica paragraph.`);
        expect((await upload(url, sourceId, bytes, 'shared.txt')).status).toBe(200);
        const claim = await gql(secondUrl, 'analyst', ASSERT, {
          input: claimInput(sourceId, 'para. 2', 'second replica'),
        });
        expect(claim.data.assertClaim.citations[0]).toMatchObject({
          verified: true,
          verifiedAgainst: sha(bytes),
          context: 'The second replica paragraph.',
        });
        const docs = await gql(
          secondUrl,
          'public',
          `query($id: ID!) { source(id: $id) { documents { sha256 size } } }`,
          { id: sourceId },
        );
        expect(docs.data.source.documents).toEqual([{ sha256: sha(bytes), size: bytes.length }]);
        // The blob the first process kept is the one the second reads by hash.
        const kept = fs.readFileSync(path.join(blobDir, 'sha256', sha(bytes).slice(0, 2), sha(bytes)));
        expect(sha(kept)).toBe(sha(bytes));
        // Attaching the same bytes through the second process is refused: the source already holds them.
        const again = await upload(secondUrl, sourceId, bytes, 'shared.txt');
        expect(again.body.errors[0].extensions.code).toBe('CONFLICT');
      } finally {
        await second.apollo.stop();
      }
    },
  );
});
