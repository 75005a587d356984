// GraphiQL, bundled with the explorer (web/graphiql.html) and served at /graphql to browsers that
// ask for HTML when introspection is on (src/api/graphiql.ts): loaded in a real Chromium, it reads
// the schema and runs a query against the seed case under its own CSP.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { explorerDir } from '../../src/api/explorer';
import { GRAPHIQL_CSP } from '../../src/api/graphiql';
import { listen } from '../../src/api/http';
import { createAtharServer, defaultExportDir } from '../../src/main/compose';
import { DEFAULT_CHROMIUM_PATH } from '../../src/main/config';
import { seedBundle } from '../../src/main/seed/seed';
import { openTestStore, OpenedStore } from '../support/stores';

const ROOT = path.resolve(__dirname, '..', '..');

/** Builds web/dist with Vite when GraphiQL's page is missing or older than its sources (a few seconds). */
function ensureBuilt(): void {
  const built = path.join(explorerDir(), 'graphiql.html');
  const sources = ['web/graphiql.html', 'web/src/graphiql.ts', 'web/src/graphiql.css', 'web/vite.config.mts'];
  const newest = Math.max(...sources.map((file) => fs.statSync(path.join(ROOT, file)).mtimeMs));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newest) return;
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', path.join(ROOT, 'web', 'vite.config.mts'), '--logLevel', 'error'],
    { cwd: ROOT, encoding: 'utf8', timeout: 180_000 },
  );
  if (result.status !== 0) throw new Error(`Building web/ failed:\n${result.stdout}\n${result.stderr}`);
}

describe('GraphiQL at /graphql', () => {
  let opened: OpenedStore;

  beforeAll(async () => {
    ensureBuilt();
    opened = await openTestStore('embedded');
    await opened.store.init();
    await opened.store.importBundle(seedBundle());
  }, 180_000);

  afterAll(async () => {
    await opened.cleanup();
  });

  async function start(graphiql: boolean) {
    const server = await createAtharServer(opened.store, { development: false, maxPageSize: 100, introspection: true });
    const url = await listen(server, 0, { exportDir: defaultExportDir(), graphiql });
    return { url, stop: () => server.apollo.stop() };
  }

  it('serves the page to a browser, and the API to everyone else', async () => {
    const { url, stop } = await start(true);
    try {
      const page = await fetch(url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toBe(GRAPHIQL_CSP);
      expect(await page.text()).toContain('<div id="graphiql">');

      const api = await fetch(`${url}?query=${encodeURIComponent('{ entity(id: "fac_sednaya") { name } }')}`, {
        headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
      });
      expect(api.status).toBe(200);
      expect(((await api.json()) as any).data.entity.name).toBe('Sednaya Prison');
    } finally {
      await stop();
    }
  });

  it('is not served when off (introspection off)', async () => {
    const { url, stop } = await start(false);
    try {
      const response = await fetch(url, { headers: { accept: 'text/html' } });
      expect(await response.text()).not.toContain('<div id="graphiql">');
    } finally {
      await stop();
    }
  });

  it('runs a query in Chromium, with no errors under its CSP', async () => {
    const { url, stop } = await start(true);
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: process.env.ATHAR_CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH,
        headless: true,
        args: ['--no-sandbox'],
      });
      const page = await browser.newPage();
      page.setDefaultTimeout(20_000);
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      await page.goto(url);
      await page.locator('.graphiql-container').waitFor();
      await page.locator('.graphiql-execute-button').click();
      await page.locator('.result-window', { hasText: 'Sednaya Prison' }).waitFor();
      expect(problems).toEqual([]);
    } finally {
      await browser?.close();
      await stop();
    }
  });
});
