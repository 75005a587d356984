// The investigator's explorer (web/) end to end, in headless Chromium: the built page is
// served by serveExplorer, and everything else is passed to a real Athar (createAtharServer
// + listen over a seeded embedded store), so the page talks to /graphql on its own origin
// exactly as in production.
//
// The app is built first when web/dist is missing or older than its sources. Screenshots go
// to a temporary folder, or to docs/images when ATHAR_EXPLORER_SCREENSHOTS=1
// (`npm run docs:explorer-images`).
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { explorerDir, serveExplorer } from '../../src/api/explorer';
import { listen } from '../../src/api/http';
import type { AtharServer } from '../../src/api/server';
import { createAtharServer } from '../../src/main/compose';
import { loadConfig } from '../../src/main/config';
import { seedBundle } from '../../src/main/seed/seed';
import { openTestStore, type OpenedStore } from '../support/stores';

const ROOT = path.resolve(__dirname, '..', '..');
const WEB = path.join(ROOT, 'web');
const SECRET = crypto.randomBytes(32).toString('base64url');
const VIEWPORT = { width: 1200, height: 820 };
const PILOT = 'per_0a71bf49fb93';
const SAFI = 'per_f0a6cbc33a5e';
const PILOT_DETAINED = 'clm_pilot_detained_at_sednaya';

/** The seed's protected witness: the real name and aliases the public must never see, and the pseudonym it must. */
function protectedWitness(): { id: string; realNames: string[]; pseudonym: string } {
  const seed = JSON.parse(fs.readFileSync(path.join(ROOT, 'seeds', 'sednaya-2024.json'), 'utf8')) as {
    entities: {
      id: string;
      kind: string;
      name: string;
      aliases?: string[];
      protection?: string | null;
      pseudonym?: string;
    }[];
  };
  const person = seed.entities.find((e) => e.kind === 'PERSON' && e.protection);
  if (!person) throw new Error('The seed has no protected person.');
  return {
    id: person.id,
    realNames: [person.name, ...(person.aliases ?? [])],
    pseudonym: person.pseudonym ?? 'Witness W-7K3Q9M',
  };
}

function newestSource(): number {
  let newest = 0;
  const walk = (file: string) => {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) for (const entry of fs.readdirSync(file)) walk(path.join(file, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const entry of ['src', 'index.html', 'vite.config.mts', 'tsconfig.json']) walk(path.join(WEB, entry));
  return newest;
}

/** Builds web/dist with Vite when it is missing or older than its sources (a few seconds). */
function ensureBuilt(): void {
  const index = path.join(explorerDir(), 'index.html');
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= newestSource()) return;
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', path.join(WEB, 'vite.config.mts'), '--logLevel', 'warn'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 180_000,
      env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    },
  );
  if (result.status !== 0) {
    throw new Error(
      `Building the explorer failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}\n${result.stderr}`,
    );
  }
}

/** The page's origin: the explorer's files, and anything else proxied to Athar as it is. */
function frontServer(apiUrl: string): http.Server {
  const api = new URL(apiUrl);
  return http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    serveExplorer(req, res, pathname).then(
      (served) => {
        if (served) return;
        const upstream = http.request(
          { hostname: api.hostname, port: api.port, path: req.url, method: req.method, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', () => {
          if (!res.headersSent) res.writeHead(502);
          res.end();
        });
        req.pipe(upstream);
      },
      () => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      },
    );
  });
}

describe('the explorer, in a browser', () => {
  const witness = protectedWitness();
  const realName = new RegExp(
    witness.realNames.map((n) => `\\b${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).join('|'),
  );
  const shots = process.env.ATHAR_EXPLORER_SCREENSHOTS
    ? path.join(ROOT, 'docs', 'images')
    : fs.mkdtempSync(path.join(os.tmpdir(), 'athar-shots-'));
  let opened: OpenedStore;
  let server: AtharServer;
  let front: http.Server;
  let origin: string;
  let exportDir: string;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    opened = await openTestStore('embedded');
    await opened.store.init();
    await opened.store.importBundle(seedBundle());
    exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-explorer-exports-'));
    const config = loadConfig(
      { NODE_ENV: 'production', ATHAR_JWT_SECRET: SECRET, ATHAR_EXPORT_DIR: exportDir },
      { ATHAR_CHROMIUM_PATH: process.env.ATHAR_CHROMIUM_PATH },
    );
    server = await createAtharServer(opened.store, config, { error: () => undefined });
    const apiUrl = await listen(server, 0, { exportDir });
    front = frontServer(apiUrl);
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(front.address() as { port: number }).port}`;
    browser = await chromium.launch({ executablePath: config.chromiumPath, headless: true, args: ['--no-sandbox'] });
    fs.mkdirSync(shots, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    if (!process.env.ATHAR_EXPLORER_SCREENSHOTS) fs.rmSync(shots, { recursive: true, force: true });
    await browser?.close();
    await new Promise<void>((resolve) => (front ? front.close(() => resolve()) : resolve()));
    await server?.apollo.stop();
    await opened?.cleanup();
    if (exportDir) fs.rmSync(exportDir, { recursive: true, force: true });
  });

  async function newPage(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true, locale: 'en-GB' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    return { context, page, problems };
  }

  async function shot(page: Page, name: string, fullPage = false): Promise<void> {
    await page.screenshot({ path: path.join(shots, `explorer-${name}.png`), fullPage });
  }

  it('serves the page and its assets with types, caching and a CSP, and nothing outside them', async () => {
    const index = await fetch(`${origin}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await index.text();
    const script = /src="\.?(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${origin}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    for (const probe of [
      '/assets/..%2F..%2Fpackage.json',
      '/assets/.%2e/package.json',
      '/assets/nothing.js',
      '/web/dist/index.html',
    ]) {
      const refused = await fetch(`${origin}${probe}`);
      expect(refused.status).toBe(404);
      expect(await refused.text()).not.toContain('"name": "athar"');
    }
    // No web/dist: nothing is served and nothing is written.
    const wrote = (): never => {
      throw new Error('serveExplorer wrote a response');
    };
    const untouched = { headersSent: false, writeHead: wrote, setHeader: wrote, end: wrote };
    await expect(
      serveExplorer(
        { method: 'GET', headers: {} } as http.IncomingMessage,
        untouched as unknown as http.ServerResponse,
        '/',
        path.join(os.tmpdir(), 'no-such-explorer'),
      ),
    ).resolves.toBe(false);
  });

  it('as the public: search, a facility, a detainee, the graph, a claim’s evidence, its trace, custody, paths, the dashboard, the past; never the witness’s name', async () => {
    const { context, page, problems } = await newPage();
    const answers: Promise<string>[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/graphql')) answers.push(response.text().catch(() => ''));
    });
    const neverTheName = async (where: string) => {
      const text = (await page.evaluate('document.documentElement.innerText')) as string;
      const html = await page.content();
      if (realName.test(text) || realName.test(html)) throw new Error(`${where}: the page names the protected witness`);
    };
    try {
      // Search, across scripts and spellings.
      await page.goto(`${origin}/#/search`);
      await page.fill('#search-text', 'صيدنايا');
      await page.press('#search-text', 'Enter');
      await page.locator('.result-list a[data-entity-id="fac_sednaya"]').waitFor();
      await expect(page.locator('#results-heading bdi[dir="auto"]').textContent()).resolves.toBe('صيدنايا');
      await shot(page, 'search');
      await page.fill('#search-text', 'Saydnaya');
      await page.press('#search-text', 'Enter');
      await page.locator('#results-heading', { hasText: 'Saydnaya' }).waitFor();
      expect(await page.locator('.result-list a.entity-link').allTextContents()).toEqual(
        expect.arrayContaining(['Saydnaya', 'Sednaya Prison']),
      );
      await neverTheName('search');

      // The facility: aliases in both scripts, conflicts flagged, the witness under a pseudonym.
      await page.click('.result-list a[data-entity-id="fac_sednaya"]');
      await page.locator('h1', { hasText: 'Sednaya Prison' }).waitFor();
      await expect(page.locator('.aliases bdi[dir="auto"]', { hasText: 'صيدنايا' }).count()).resolves.toBeGreaterThan(
        0,
      );
      await expect(page.locator('.conflicts li.conflict').count()).resolves.toBe(1);
      await expect(page.locator('.claim.in-conflict').count()).resolves.toBe(2);
      await expect(page.locator('.claim.in-conflict .conflict-flag').first().textContent()).resolves.toContain(
        'cannot both hold',
      );
      await expect(page.locator('.detainees').textContent()).resolves.toContain(witness.pseudonym);
      await expect(
        page.locator('.claim-group[data-predicate="DEATH_COUNT"] .citation').count(),
      ).resolves.toBeGreaterThan(1);
      await expect(page.locator('.citation .withheld').count()).resolves.toBeGreaterThan(0);
      await expect(page.locator('.export').count()).resolves.toBe(0);
      await shot(page, 'entity');
      await neverTheName('facility');

      // A detainee, then the graph around them: expand Sednaya, click a line for its evidence.
      await page.click(`.detainees a[data-entity-id="${PILOT}"]`);
      await page.locator('h1', { hasText: 'Unnamed pilot jailed in 1981' }).waitFor();
      await page.click('.actions a:has-text("Graph")');
      const canvas = page.locator('#graph-canvas[data-state="ready"]');
      await canvas.waitFor();
      const before = Number(await canvas.getAttribute('data-nodes'));
      await page.click('button[data-node-id="fac_sednaya"]');
      await page.click('#graph-panel button.expand');
      await page.locator('#graph-canvas[data-expanded="1"]').waitFor();
      const after = Number(await canvas.getAttribute('data-nodes'));
      expect(after).toBeGreaterThan(before);
      await expect(page.locator('.node-list').textContent()).resolves.toContain(witness.pseudonym);
      const point = (await page.evaluate(`(() => {
        const cy = window.atharExplorer.graph;
        const mid = cy.getElementById(${JSON.stringify(PILOT_DETAINED)}).renderedMidpoint();
        const box = cy.container().getBoundingClientRect();
        return { x: box.left + mid.x, y: box.top + mid.y };
      })()`)) as { x: number; y: number };
      await page.mouse.click(point.x, point.y);
      await page.locator(`#graph-panel[data-claim-id="${PILOT_DETAINED}"]`).waitFor();
      const evidence = (await page.locator('#graph-panel').textContent()) ?? '';
      expect(evidence).toContain('para. 20');
      expect(evidence).toContain('Those liberated included a pilot jailed in 1981');
      // The predicate filter hides that kind of line from the lists (and the drawing).
      await page.uncheck('#pred-VICTIM_OF');
      await expect(page.locator('.edge-list li[data-predicate="VICTIM_OF"]').first().isHidden()).resolves.toBe(true);
      await page.check('#pred-VICTIM_OF');
      // The period filter: the pilot's detention (up to December 2024) cannot hold in 2025, an undated claim may.
      const pilotLine = page.locator(`.edge-list li[data-claim="${PILOT_DETAINED}"]`);
      await expect(pilotLine.isHidden()).resolves.toBe(false);
      await page.fill('#graph-from', '2025');
      await expect(pilotLine.isHidden()).resolves.toBe(true);
      const hiddenEdge = await page.evaluate(
        `window.atharExplorer.graph.getElementById(${JSON.stringify(PILOT_DETAINED)}).hasClass('hidden')`,
      );
      expect(hiddenEdge).toBe(true);
      await page.fill('#graph-from', '1990');
      await expect(pilotLine.isHidden()).resolves.toBe(false);
      await page.fill('#graph-from', '');
      await shot(page, 'graph');
      await neverTheName('graph');

      // The claim's evidence trace, down to the sources and their hashes.
      await page.click('#graph-panel a.trace-link');
      await page.locator('h1', { hasText: 'Evidence trace' }).waitFor();
      await expect(page.locator('.sources-table code.hash').first().textContent()).resolves.toMatch(/^[0-9a-f]{64}$/);
      await expect(page.locator('.traced-citation').count()).resolves.toBe(1);
      await shot(page, 'trace');

      // The custody timeline: the stay's start is unknown (1981 is his arrest, not his arrival at Sednaya), so the
      // bar fades out to the left, nothing is drawn as certain, and it is not said to have begun with the arrest.
      await page.click(`.trace .statement a[data-entity-id="${PILOT}"]`);
      await page.click('.actions a:has-text("Custody timeline")');
      await page.locator('svg.custody-chart').waitFor();
      await expect(page.locator('svg.custody-chart rect.certain').count()).resolves.toBe(0);
      await expect(page.locator('svg.custody-chart rect.possible.open-start').count()).resolves.toBe(1);
      const chart = (await page.locator('svg.custody-chart').textContent()) ?? '';
      expect(chart).not.toContain('arrest');
      expect(chart).toContain('release');
      await expect(page.locator('.custody-table td.order').textContent()).resolves.toBe('By date');
      expect(chart).toContain('last seen 2024-12-08');
      await expect(page.locator('.custody-table tbody tr').count()).resolves.toBe(1);
      await shot(page, 'custody');

      // The witness's own page: the pseudonym, the words withheld.
      await page.goto(`${origin}/#/entity/${witness.id}`);
      await page.locator('h1', { hasText: witness.pseudonym }).waitFor();
      await expect(page.locator('.protected').count()).resolves.toBe(1);
      await expect(page.locator('.citation .withheld').count()).resolves.toBeGreaterThan(0);
      await neverTheName('witness');

      // Connections, with a name picked by type-ahead.
      await page.goto(`${origin}/#/connect?from=${PILOT}`);
      await page.fill('#pick-to', 'Safi');
      await page.click(`.pick-options button[data-entity-id="${SAFI}"]`);
      await page.click('.connect-form button[type="submit"]');
      await page.locator('.path').first().waitFor();
      await expect(page.locator('.path').count()).resolves.toBeGreaterThan(0);
      await expect(page.locator('.path').first().locator('.hop').count()).resolves.toBe(2);
      await expect(page.locator('.path').first().textContent()).resolves.toContain('para. 22');
      await shot(page, 'connect');
      await neverTheName('connections');

      // The dashboard.
      await page.click('nav.views a[data-route="dashboard"]');
      await page.locator('#chart-facilities svg').waitFor();
      await expect(page.locator('#chart-facilities').textContent()).resolves.toContain('Sednaya Prison');
      await expect(page.locator('#chart-kinds rect').count()).resolves.toBe(5);
      await shot(page, 'dashboard', true);

      // The past: before the seed was recorded there was no Sednaya; the page says it is a past view.
      const asked: string[] = [];
      page.on('request', (request) => {
        if (request.url().endsWith('/graphql')) asked.push(request.postData() ?? '');
      });
      await page.goto(`${origin}/#/entity/fac_sednaya`);
      await page.locator('h1', { hasText: 'Sednaya Prison' }).waitFor();
      await page.fill('#as-of-input', '2026-11-22');
      await page.click('#as-of-form button[type="submit"]');
      await page.locator('h1', { hasText: 'Entity not found' }).waitFor();
      await expect(page.locator('.error .code').first().textContent()).resolves.toBe('NOT_FOUND');
      await expect(page.locator('#past-banner').isVisible()).resolves.toBe(true);
      await expect(page.locator('#past-banner').textContent()).resolves.toContain('Past view');
      expect(asked.some((body) => body.includes('"asOf":"2026-11-22"'))).toBe(true);
      // Today (its end has not come yet, but it is allowed): the entity, marked as a past view.
      await page.fill('#as-of-input', new Date().toISOString().slice(0, 10));
      await page.click('#as-of-form button[type="submit"]');
      await page.locator('h1', { hasText: 'Sednaya Prison' }).waitFor();
      await expect(page.locator('body.past-view').count()).resolves.toBe(1);
      await shot(page, 'past');
      await page.click('#as-of-clear');
      await page.locator('#past-banner').waitFor({ state: 'hidden' });
      await expect(page.locator('#past-banner').isHidden()).resolves.toBe(true);

      // Errors come with their codes.
      await page.goto(`${origin}/#/claim/clm_no_such_claim`);
      await page.locator('.error .code', { hasText: 'NOT_FOUND' }).waitFor();

      expect(problems).toEqual([]);
      for (const body of await Promise.all(answers)) expect(body).not.toMatch(realName);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('as the legal team: signs in with a bearer token, exports a case file and downloads it', async () => {
    const { context, page, problems } = await newPage();
    try {
      const token = await new SignJWT({ sub: 'explorer-legal', athar_role: 'LEGAL' })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode(SECRET));
      await page.goto(`${origin}/#/login`);
      await page.check('#kind-bearer');
      await page.fill('#credential-value', token);
      await page.click('.login-form button[type="submit"]');
      await page.locator('.login-result .ok').waitFor();
      await expect(page.locator('#who .role').textContent()).resolves.toContain('LEGAL');

      await page.goto(`${origin}/#/entity/fac_sednaya`);
      await page.locator('section.export').waitFor();
      await page.selectOption('#export-format', 'HTML');
      await page.selectOption('#export-profile', 'LEGAL');
      await page.click('.export-form button[type="submit"]');
      await page.locator('.export-made').waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('.export-links button.download').first().click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^case-file_fac_sednaya_legal_\w+\.html$/);
      const saved = await download.path();
      expect(fs.readFileSync(saved, 'utf8')).toContain('Case file: Sednaya Prison');
      await page.locator('.download-status', { hasText: 'Downloaded' }).waitFor();
      await page.locator('section.export').scrollIntoViewIfNeeded();
      await shot(page, 'export');

      // A wrong token is answered 401, shown with its code.
      await page.goto(`${origin}/#/login`);
      await page.fill('#credential-value', `${token}x`);
      await page.click('.login-form button[type="submit"]');
      await page.locator('.login-result .error .code', { hasText: 'UNAUTHENTICATED' }).waitFor();
      expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
