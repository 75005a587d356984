import { type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedStore, JOURNAL_FILE, SNAPSHOT_FILE } from '../../src/store/embedded/embedded.store';
import { CLI, cleanEnv, spawnTs } from '../support/ts-child';

/*
 * Stopping the server (`athar serve`, a child process on an embedded store):
 * on SIGTERM it takes no new connections, lets the requests in flight finish
 * (a PDF export, a request whose body is still arriving), closes the store
 * (a final snapshot, the lock released) and exits 0; past its deadline it cuts
 * off what is still running and still closes the store cleanly.
 */

const KEY = `ak_legal_${crypto.randomBytes(32).toString('base64url')}`;
const API_KEYS = JSON.stringify([
  { id: 'legal', name: 'legal team', role: 'LEGAL', sha256: crypto.createHash('sha256').update(KEY).digest('hex') },
]);

let work: string;
let server: Running | null = null;

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-stop-'));
});

afterEach(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  server = null;
  fs.rmSync(work, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `athar serve` and resolves once it prints its endpoint. */
async function serve(env: NodeJS.ProcessEnv): Promise<Running> {
  const child = spawnTs(CLI, ['serve'], {
    cwd: work,
    env: cleanEnv({
      ATHAR_DATA_DIR: path.join(work, 'data'),
      PORT: '0',
      ATHAR_API_KEYS: API_KEYS,
      ...(process.env.ATHAR_CHROMIUM_PATH ? { ATHAR_CHROMIUM_PATH: process.env.ATHAR_CHROMIUM_PATH } : {}),
      ...env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', () => {
      const found = /GraphQL endpoint: http:\/\/localhost:(\d+)\/graphql/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(Number(found[1]));
      }
    });
    void exited.then(() => reject(new Error(`the server exited:\n${output}`)));
  });
  return { child, port, output: () => output, exited };
}

interface Answer {
  status: number;
  body: string;
}

/**
 * A POST /graphql whose body arrives in two parts: the request is in flight from its first byte,
 * and ends only once `finish` is called.
 */
function trickled(port: number, query: string, headers: Record<string, string> = {}) {
  const body = Buffer.from(JSON.stringify({ query }));
  const half = Math.floor(body.length / 2);
  let answer: (value: Answer) => void;
  let fail: (error: Error) => void;
  const answered = new Promise<Answer>((resolve, reject) => {
    answer = resolve;
    fail = reject;
  });
  const req = http.request(
    {
      host: '127.0.0.1',
      port,
      path: '/graphql',
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': body.length, ...headers },
    },
    (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => answer({ status: res.statusCode!, body: text }));
      res.on('error', fail);
    },
  );
  req.on('error', (error) => fail(error));
  req.write(body.subarray(0, half));
  return { answered, finish: () => req.end(body.subarray(half)) };
}

function post(port: number, query: string, headers: Record<string, string> = {}): Promise<Answer> {
  const request = trickled(port, query, headers);
  request.finish();
  return request.answered;
}

/** Resolves once a new connection to the port is refused. */
async function refusedSoon(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const refused = await post(port, '{ __typename }').then(
      () => false,
      (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED',
    );
    if (refused) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`port ${port} still accepts connections`);
}

const SEDNAYA = '{ entity(id: "fac_sednaya") { name } }';
const EXPORT_PDF =
  'mutation { exportCaseFile(subject: { entityId: "fac_sednaya" }, format: PDF, profile: LEGAL) { fileName size } }';

describe('athar serve stops gracefully', () => {
  it('on SIGTERM lets requests in flight finish, closes the store and exits 0', async () => {
    server = await serve({ ATHAR_SHUTDOWN_TIMEOUT_MS: '30000' });
    const { port } = server;
    const dataDir = path.join(work, 'data');
    expect(fs.existsSync(path.join(dataDir, 'LOCK'))).toBe(true);
    // A new store: the seed case was written to the journal, not yet to a snapshot.
    expect(fs.statSync(path.join(dataDir, JOURNAL_FILE)).size).toBeGreaterThan(0);

    // Two requests in flight: a PDF export (Chromium takes a while), and one whose body is half sent.
    const pdf = post(port, EXPORT_PDF, { 'x-api-key': KEY });
    const slow = trickled(port, SEDNAYA);
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.child.kill('SIGTERM');

    await refusedSoon(port);
    expect(server.output()).toMatch(/SIGTERM: stopping\. No new connections; 2 request\(s\) in flight/);
    slow.finish();

    const exportAnswer = await pdf;
    expect(exportAnswer.status).toBe(200);
    expect(JSON.parse(exportAnswer.body)).toMatchObject({
      data: { exportCaseFile: { fileName: expect.stringMatching(/\.pdf$/), size: expect.any(Number) } },
    });
    const slowAnswer = await slow.answered;
    expect(slowAnswer.status).toBe(200);
    expect(JSON.parse(slowAnswer.body)).toEqual({ data: { entity: { name: 'Sednaya Prison' } } });

    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain(`Stopped: embedded store in ${dataDir} closed.`);
    expect(server.output()).not.toContain('Cut off');

    // Closed cleanly: no lock left, everything in the snapshot, nothing in the journal to replay.
    expect(fs.existsSync(path.join(dataDir, 'LOCK'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, SNAPSHOT_FILE))).toBe(true);
    expect(fs.statSync(path.join(dataDir, JOURNAL_FILE)).size).toBe(0);
    const reopened = new EmbeddedStore({ dataDir });
    await reopened.init();
    try {
      expect(fs.statSync(path.join(dataDir, JOURNAL_FILE)).size).toBe(0);
      expect((await reopened.counts()).entities).toBeGreaterThan(0);
      // The export finished before the store closed: it is in the audit trail.
      const trail = await reopened.getAudit(0, 10_000);
      expect(trail.some((record) => record.operation === 'recordExport')).toBe(true);
    } finally {
      await reopened.close();
    }
  });

  it('past ATHAR_SHUTDOWN_TIMEOUT_MS cuts off what is still running, and still closes the store (SIGINT)', async () => {
    server = await serve({ ATHAR_SHUTDOWN_TIMEOUT_MS: '500' });
    const dataDir = path.join(work, 'data');
    const stuck = trickled(server.port, SEDNAYA); // never finished
    await new Promise((resolve) => setTimeout(resolve, 200));
    const signalled = Date.now();
    server.child.kill('SIGINT');

    await expect(stuck.answered).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(450);
    expect(server.output()).toContain('Cut off 1 request(s) still running after 500 ms.');
    expect(fs.existsSync(path.join(dataDir, 'LOCK'))).toBe(false);
    expect(fs.statSync(path.join(dataDir, JOURNAL_FILE)).size).toBe(0);
  });

  it('starts again on a directory whose server was killed with SIGKILL, taking over its lock', async () => {
    server = await serve({});
    const dataDir = path.join(work, 'data');
    server.child.kill('SIGKILL');
    expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(fs.existsSync(path.join(dataDir, 'LOCK'))).toBe(true);

    server = await serve({});
    expect(server.output()).toMatch(/Took over the stale lock .*LOCK of process \d+ on host .*: no process \d+ exists/);
    expect(JSON.parse((await post(server.port, SEDNAYA)).body)).toEqual({
      data: { entity: { name: 'Sednaya Prison' } },
    });
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });
});
