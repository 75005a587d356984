import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { validate as lintDockerfile } from 'dockerfile-utils';
import YAML from 'yaml';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS } from '../../src/main/config';
import { REPO_ROOT } from '../support/ts-child';

/*
 * The container files, checked without a Docker engine: docker-compose.yml
 * against the Compose specification's JSON schema (vendored in
 * test/fixtures/compose-spec, see its README) and the rules this project keeps;
 * the Dockerfile through dockerfile-utils' linter and a checklist (no hadolint
 * here: it has no npm or Debian package).
 */

const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');

interface Service {
  build?: unknown;
  image?: string;
  restart?: string;
  profiles?: string[];
  ports?: (string | { host_ip?: string })[];
  volumes?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string | string[] };
  stop_grace_period?: string;
  command?: string[];
}

describe('docker-compose.yml', () => {
  const text = read('docker-compose.yml');
  const compose = YAML.parse(text) as { services: Record<string, Service>; volumes: Record<string, unknown> };
  const { neo4j, api, seed } = compose.services;

  it('is valid under the Compose specification schema', () => {
    const schema = JSON.parse(read('test/fixtures/compose-spec/compose-spec.json')) as object;
    // The schema names its draft by an https URL Ajv does not know; its formats are not checked.
    const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, validateFormats: false });
    const valid = ajv.compile(schema);
    expect(valid(compose) ? [] : valid.errors).toEqual([]);
    // And the schema does catch a mistake.
    expect(valid({ services: { api: { image: 'athar', healthcheck: { tset: ['CMD', 'true'] } } } })).toBe(false);
  });

  it('gives every long-running service a health check and a restart policy', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (service.profiles?.includes('tools')) continue;
      expect([name, service.healthcheck?.test]).toEqual([name, expect.anything()]);
      expect([name, service.restart]).toEqual([name, 'unless-stopped']);
    }
    expect(JSON.stringify(api!.healthcheck!.test)).toContain('/ready');
  });

  it('starts the API and the seed only once Neo4j is healthy', () => {
    expect(api!.depends_on).toEqual({ neo4j: { condition: 'service_healthy' } });
    expect(seed!.depends_on!.neo4j).toEqual({ condition: 'service_healthy' });
    expect(seed!.command).toEqual(['node', 'dist/src/main/cli.js', 'seed']);
  });

  it('keeps Neo4j on the Compose network and the API on the loopback interface unless told', () => {
    expect(neo4j!.ports).toBeUndefined();
    for (const service of Object.values(compose.services)) {
      for (const port of service.ports ?? []) {
        expect(typeof port === 'string' ? port : port.host_ip).toMatch(
          /^(127\.0\.0\.1|\$\{ATHAR_BIND:-127\.0\.0\.1\}):/,
        );
      }
    }
  });

  it('takes the Neo4j password from the environment or .env, with no default in the file', () => {
    expect(neo4j!.environment!.NEO4J_AUTH).toMatch(/^neo4j\/\$\{NEO4J_PASSWORD:\?[^}]+\}$/);
    expect(api!.environment!.NEO4J_PASSWORD).toMatch(/^\$\{NEO4J_PASSWORD:\?[^}]+\}$/);
    expect(text).not.toMatch(/NEO4J_PASSWORD:-/);
    expect(text).not.toMatch(/NEO4J_AUTH: *neo4j\/[^$]/);
  });

  it('keeps the data and the exports in volumes', () => {
    expect(neo4j!.volumes).toContain('neo4j-data:/data');
    expect(api!.volumes).toContain(`athar-exports:${api!.environment!.ATHAR_EXPORT_DIR}`);
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['neo4j-data', 'athar-exports']));
  });

  it('gives the API more time to stop than it gives requests in flight', () => {
    const grace = Number(/^(\d+)s$/.exec(api!.stop_grace_period ?? '')?.[1]) * 1000;
    const drain = Number(api!.environment!.ATHAR_SHUTDOWN_TIMEOUT_MS ?? DEFAULT_SHUTDOWN_TIMEOUT_MS);
    expect(grace).toBeGreaterThan(drain);
  });
});

/** The instructions of a Dockerfile, comments dropped and continuation lines joined. */
function instructions(text: string): { keyword: string; args: string }[] {
  const lines = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() !== '');
  return lines.map((line) => {
    const [, keyword, args] = /^\s*(\S+)\s*(.*)$/.exec(line)!;
    return { keyword: keyword!.toUpperCase(), args: args!.trim() };
  });
}

describe('Dockerfile', () => {
  const text = read('Dockerfile');
  const all = instructions(text);
  const stages: { keyword: string; args: string }[][] = [];
  for (const instruction of all) {
    if (instruction.keyword === 'FROM') stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  const runtime = stages.at(-1)!;
  const of = (stage: typeof runtime, keyword: string) => stage.filter((i) => i.keyword === keyword);

  it('passes the Dockerfile linter', () => {
    expect(lintDockerfile(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('builds in one stage and runs from another, from pinned base images', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage[0]!.args).toMatch(/^node:\d+\.\d+\.\d+-[a-z]+(-slim)? AS [a-z]+$/);
    expect(of(runtime, 'COPY').some((i) => i.args.startsWith('--from=build '))).toBe(true);
  });

  it('installs from the lock file: npm ci, production dependencies only at run time', () => {
    const runs = all.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(runs.some((run) => /\bnpm install\b/.test(run))).toBe(false);
    expect(of(stages[0]!, 'RUN').some((i) => /\bnpm ci\b/.test(i.args))).toBe(true);
    expect(of(runtime, 'RUN').some((i) => /\bnpm ci --omit=dev\b/.test(i.args))).toBe(true);
  });

  it('runs as an unprivileged user', () => {
    const users = of(runtime, 'USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    // Nothing after the last USER runs as root again.
    const lastUser = runtime.map((i) => i.keyword).lastIndexOf('USER');
    expect(runtime.slice(lastUser).filter((i) => i.keyword === 'RUN')).toEqual([]);
  });

  it('checks readiness on /ready and serves through the one CLI', () => {
    const health = of(runtime, 'HEALTHCHECK');
    expect(health).toHaveLength(1);
    expect(health[0]!.args).toContain('/ready');
    expect(of(runtime, 'CMD').at(-1)!.args).toBe('["node", "dist/src/main/cli.js", "serve"]');
  });

  it('fetches nothing with ADD', () => {
    expect(all.filter((i) => i.keyword === 'ADD' && /https?:\/\//.test(i.args))).toEqual([]);
  });

  it('has a .dockerignore that keeps host builds, data and secrets out of the image', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', 'dist', 'data', '.env', '.git']) expect(ignored).toContain(entry);
  });
});

describe('CI', () => {
  it('installs with npm ci, from the lock file', () => {
    const run = read('.ci/run');
    expect(run).toMatch(/^\s*npm ci\b/m);
    expect(run).not.toMatch(/^\s*npm install\b/m);
  });
});
