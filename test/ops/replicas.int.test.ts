import { type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { neo4jTestConfig } from '../support/neo4j-env';
import { CLI, cleanEnv, spawnTs } from '../support/ts-child';

/*
 * Two API processes (`athar serve`, child processes) on one Neo4j, sharing an
 * export directory, as two replicas behind a load balancer would: a write
 * through one is read through the other at once when the client sends back
 * the bookmark the write returned (Athar-Bookmark), and a case file exported
 * through one downloads from the other. Neither keeps state the other needs.
 */

const keyOf = (role: string) => `ak_${role.toLowerCase()}_${crypto.randomBytes(24).toString('base64url')}`;
const ANALYST = keyOf('ANALYST');
const LEGAL = keyOf('LEGAL');
const API_KEYS = JSON.stringify(
  [
    ['analyst', 'ANALYST', ANALYST],
    ['legal', 'LEGAL', LEGAL],
  ].map(([id, role, key]) => ({
    id,
    name: `${id} (replica test)`,
    role,
    sha256: crypto.createHash('sha256').update(key!).digest('hex'),
  })),
);

interface Replica {
  child: ChildProcess;
  base: string;
  output: () => string;
}

let work: string;
const replicas: Replica[] = [];

async function startReplica(name: string): Promise<Replica> {
  const neo = neo4jTestConfig();
  const child = spawnTs(CLI, ['serve'], {
    cwd: work,
    env: cleanEnv({
      NEO4J_URI: neo.uri,
      ...(neo.password ? { NEO4J_USER: neo.user, NEO4J_PASSWORD: neo.password } : {}),
      NEO4J_DATABASE: neo.database,
      PORT: '0',
      ATHAR_API_KEYS: API_KEYS,
      ATHAR_EXPORT_DIR: path.join(work, 'shared-exports'),
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica ${name} did not start:\n${output}`)), 60_000);
    const look = () => {
      const found = /GraphQL endpoint: http:\/\/localhost:(\d+)\/graphql/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(Number(found[1]));
      }
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.once('exit', () => reject(new Error(`replica ${name} exited:\n${output}`)));
  });
  return { child, base: `http://127.0.0.1:${port}`, output: () => output };
}

async function graphql(
  replica: Replica,
  key: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; bookmark: string | null; body: { data?: Record<string, unknown>; errors?: unknown[] } }> {
  const response = await fetch(`${replica.base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return {
    status: response.status,
    bookmark: response.headers.get('athar-bookmark'),
    body: JSON.parse(text) as { data?: Record<string, unknown>; errors?: unknown[] },
  };
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-replicas-'));
  replicas.push(...(await Promise.all([startReplica('A'), startReplica('B')])));
}, 120_000);

afterAll(async () => {
  await Promise.all(
    replicas.map(
      (r) =>
        new Promise<void>((resolve) => {
          if (r.child.exitCode !== null || r.child.signalCode !== null) return resolve();
          r.child.once('exit', () => resolve());
          r.child.kill('SIGTERM');
        }),
    ),
  );
  fs.rmSync(work, { recursive: true, force: true });
});

const CREATE = `mutation ($input: CreateEntityInput!) { createEntity(input: $input) { id name version } }`;
const READ = `query ($id: ID!) { entity(id: $id) { id name version } }`;

describe('two API processes on one Neo4j', () => {
  it('reads through one, at once, what was written through the other, given the bookmark', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const name = `Replica Test Organisation ${crypto.randomBytes(4).toString('hex')}`;
    const created = await graphql(a, ANALYST, CREATE, { input: { kind: 'ORGANIZATION', name } });
    expect(created.body.errors).toBeUndefined();
    const entity = created.body.data!.createEntity as { id: string; name: string; version: number };
    // The write's bookmark comes back in a header; a read sends none back.
    expect(created.bookmark).toMatch(/\S/);

    const read = await graphql(b, ANALYST, READ, { id: entity.id }, { 'athar-bookmark': created.bookmark! });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ data: { entity: { id: entity.id, name, version: 1 } } });
    expect(read.bookmark).toBeNull();

    // An edit through B, read back through A with B's bookmark.
    const edited = await graphql(
      b,
      ANALYST,
      `
        mutation ($id: ID!, $input: UpdateEntityInput!) {
          updateEntity(id: $id, expectedVersion: 1, input: $input) {
            version
          }
        }
      `,
      { id: entity.id, input: { description: 'edited through replica B' } },
      { 'athar-bookmark': created.bookmark! },
    );
    expect(edited.body.errors).toBeUndefined();
    const again = await graphql(
      a,
      ANALYST,
      `
        query ($id: ID!) {
          entity(id: $id) {
            description
            version
          }
        }
      `,
      { id: entity.id },
      { 'athar-bookmark': edited.bookmark! },
    );
    expect(again.body).toEqual({ data: { entity: { description: 'edited through replica B', version: 2 } } });
  });

  it('refuses a bookmark header that is not one, with a 400 that says what to send', async () => {
    const [a] = replicas as [Replica];
    const malformed = await graphql(a, ANALYST, READ, { id: 'org_none' }, { 'athar-bookmark': 'not a bookmark!' });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).toContain('Athar-Bookmark'.toLowerCase());
    // Well-formed but not this database's: whatever Neo4j makes of it, never a 500 or a database message.
    const unknown = await graphql(a, ANALYST, READ, { id: 'org_none' }, { 'athar-bookmark': 'FB:notfromthisdatabase' });
    // (A fresh server refuses it, one that has seen many transactions may wait it out: either is fine.)
    expect(unknown.status).toBeLessThan(500);
    expect(JSON.stringify(unknown.body)).not.toMatch(/Neo4j|Neo\.[A-Z]/);
    const refusals = (unknown.body as { errors?: { extensions: { code: string } }[] }).errors ?? [];
    for (const e of refusals) expect(e.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('downloads through one a case file exported through the other (a shared export directory)', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const name = `Replica Export Organisation ${crypto.randomBytes(4).toString('hex')}`;
    const created = await graphql(a, ANALYST, CREATE, { input: { kind: 'ORGANIZATION', name } });
    const id = (created.body.data!.createEntity as { id: string }).id;
    const exported = await graphql(
      a,
      LEGAL,
      `
        mutation ($id: String!) {
          exportCaseFile(subject: { entityId: $id }, format: JSON, profile: LEGAL) {
            url
            size
          }
        }
      `,
      { id },
      { 'athar-bookmark': created.bookmark! },
    );
    expect(exported.body.errors).toBeUndefined();
    const file = exported.body.data!.exportCaseFile as { url: string; size: number };
    const url = new URL(file.url, a.base);

    const download = await fetch(`${b.base}${url.pathname}`, { headers: { 'x-api-key': LEGAL } });
    expect(download.status).toBe(200);
    const text = await download.text();
    expect(Buffer.byteLength(text)).toBe(file.size);
    expect(text).toContain(name);
    // And the other replica holds no copy of its own: the file is in the one shared directory.
    expect(fs.readdirSync(path.join(work, 'shared-exports')).some((d) => url.pathname.includes(d))).toBe(true);
  });
});
