import fs from 'node:fs';
import path from 'node:path';
// The one import from src: the seed case, as `npm start` loads it. No helper in
// test/support loads it yet; when one does, take it from there instead.
import { seedBundle } from '../../src/main/seed/seed';
import { startTestApi, type GqlResult, type TestApi } from './graphql';
import { REPO_ROOT } from './neo4j-env';
import { openTestStore, type OpenedStore } from './stores';
import { VIEWERS } from './viewers';

/**
 * The GraphQL examples of the documentation (README.md and docs/**\/*.md),
 * read so that test/docs/examples.int.test.ts can run them against the seed
 * case. The convention they follow is described there and in
 * docs/architecture.md ("The docs are tested").
 */

export type ExampleRole = 'PUBLIC' | 'ANALYST' | 'LEGAL' | 'ADMIN';

export interface DocExample {
  /** Path from the repository root, with / separators. */
  file: string;
  /** 1-based line of the opening ```graphql fence. */
  line: number;
  query: string;
  as: ExampleRole;
  variables?: Record<string, unknown>;
  /** Examples of one file that name the same store share it, in document order; any other example gets a fresh one. */
  store?: string;
  /** Keys whose values differ from run to run (times, generated ids, hashes): present, but not compared. */
  vary: string[];
  /** The ```json block that follows, when it is a whole response ({"data": ...} or {"errors": ...}). */
  expected?: { value: unknown; line: number };
  /** Why the example is not run, when it is not. */
  skip?: string;
}

/** The markdown files whose examples are run: README.md and every page under docs/. */
export function docFiles(root: string = REPO_ROOT): string[] {
  const files = ['README.md'];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.md')) files.push(rel);
    }
  };
  if (fs.existsSync(path.join(root, 'docs'))) walk('docs');
  return files.sort();
}

interface Fence {
  info: string;
  body: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The non-blank lines between the previous fence (or the start) and this one. */
  before: string[];
}

function fences(text: string): Fence[] {
  const lines = text.split('\n');
  const out: Fence[] = [];
  let since: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*(`{3,})\s*([^`]*)$/.exec(lines[i]!);
    if (!open) {
      if (lines[i]!.trim() !== '') since.push(lines[i]!);
      continue;
    }
    const marker = open[1]!;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() !== marker) body.push(lines[j++]!);
    out.push({ info: open[2]!.trim(), body: body.join('\n'), line: i + 1, before: since });
    since = [];
    i = j;
  }
  return out;
}

const DIRECTIVE = /^<!--\s*example:\s*([\s\S]*?)\s*-->$/;

/** `as=LEGAL store=dispute vary=at,hash variables={"id":"..."}`, or `skip <reason>`. */
export function parseDirective(text: string, where: string): Partial<DocExample> {
  if (/^skip\b/.test(text)) {
    const reason = text.slice(4).trim();
    if (!reason) throw new Error(`${where}: "example: skip" needs a reason`);
    return { skip: reason };
  }
  const out: Partial<DocExample> = {};
  let rest = text;
  while (rest.length > 0) {
    const key = /^([a-z]+)=/.exec(rest);
    if (!key) throw new Error(`${where}: cannot read example directive at "${rest}"`);
    rest = rest.slice(key[0].length);
    let value: string;
    if (rest.startsWith('{')) {
      let depth = 0;
      let end = 0;
      let inString = false;
      for (; end < rest.length; end++) {
        const c = rest[end];
        if (inString) {
          if (c === '\\') end++;
          else if (c === '"') inString = false;
        } else if (c === '"') inString = true;
        else if (c === '{') depth++;
        else if (c === '}' && --depth === 0) break;
      }
      value = rest.slice(0, end + 1);
    } else {
      value = /^\S*/.exec(rest)![0];
    }
    rest = rest.slice(value.length).trimStart();
    switch (key[1]) {
      case 'as':
        if (!['PUBLIC', 'ANALYST', 'LEGAL', 'ADMIN'].includes(value))
          throw new Error(`${where}: unknown role ${value}`);
        out.as = value as ExampleRole;
        break;
      case 'variables':
        out.variables = JSON.parse(value) as Record<string, unknown>;
        break;
      case 'store':
        out.store = value;
        break;
      case 'vary':
        out.vary = value.split(',').filter(Boolean);
        break;
      default:
        throw new Error(`${where}: unknown example option "${key[1]}"`);
    }
  }
  return out;
}

/** The text of one page, by its path from the repository root. */
export function readDoc(file: string, root: string = REPO_ROOT): string {
  return fs.readFileSync(path.join(root, file), 'utf8');
}

/** Every ```graphql block of one markdown file, with its directive and the output shown after it. */
export function examplesOf(file: string, root: string = REPO_ROOT): DocExample[] {
  const all = fences(readDoc(file, root));
  const out: DocExample[] = [];
  all.forEach((fence, i) => {
    const where = `${file}:${fence.line}`;
    const directiveAt = fence.before.findIndex((l) => DIRECTIVE.test(l.trim()));
    if (directiveAt !== -1 && (fence.info !== 'graphql' || directiveAt !== fence.before.length - 1))
      throw new Error(`${where}: an example directive must come right before the \`\`\`graphql block it is for`);
    const previous = all[i - 1];
    if (fence.info === 'json' && isResponse(fence.body) && !(previous?.info === 'graphql' && fence.before.length === 0))
      throw new Error(
        `${where}: a response shown in \`\`\`json must come right after the \`\`\`graphql block it answers`,
      );
    if (fence.info !== 'graphql') return;

    const directive = directiveAt === -1 ? null : DIRECTIVE.exec(fence.before[directiveAt]!.trim());
    const options = directive ? parseDirective(directive[1]!, where) : {};
    const next = all[i + 1];
    let expected: DocExample['expected'];
    if (next && next.info === 'json' && next.before.length === 0 && isResponse(next.body)) {
      try {
        expected = { value: JSON.parse(next.body), line: next.line };
      } catch (error) {
        throw new Error(
          `${file}:${next.line}: the response after the example is not JSON: ${(error as Error).message}`,
        );
      }
    }
    out.push({
      file,
      line: fence.line,
      query: fence.body,
      as: options.as ?? 'PUBLIC',
      vary: options.vary ?? [],
      ...(options.variables ? { variables: options.variables } : {}),
      ...(options.store ? { store: options.store } : {}),
      ...(options.skip ? { skip: options.skip } : {}),
      ...(expected ? { expected } : {}),
    });
  });
  return out;
}

function isResponse(body: string): boolean {
  return /^\{\s*"(data|errors)"/.test(body.trim());
}

const ANY = '...';

/**
 * Where `actual` differs from the output a doc shows, or null when it does
 * not. The doc's output is exact, except that:
 * - `"...": "..."` as a key of an object allows keys not shown;
 * - `"..."` as an element of an array stands for any number of elements;
 * - `"..."` as any other value matches any value;
 * - a key named in `vary` must be present, with any value.
 */
export function outputMismatch(actual: unknown, shown: unknown, vary: readonly string[], at = '$'): string | null {
  if (shown === ANY) return null;
  if (Array.isArray(shown)) {
    if (!Array.isArray(actual)) return `${at}: expected an array, got ${preview(actual)}`;
    return arrayMismatch(actual, shown, vary, at);
  }
  if (shown !== null && typeof shown === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual))
      return `${at}: expected an object, got ${preview(actual)}`;
    const a = actual as Record<string, unknown>;
    const s = shown as Record<string, unknown>;
    for (const key of Object.keys(s)) {
      if (key === ANY) continue;
      if (!(key in a)) return `${at}.${key}: missing from the actual output`;
      if (vary.includes(key)) continue;
      const inner = outputMismatch(a[key], s[key], vary, `${at}.${key}`);
      if (inner) return inner;
    }
    if (!(ANY in s)) {
      const extra = Object.keys(a).filter((k) => !(k in s));
      if (extra.length > 0) return `${at}: the actual output also has ${extra.join(', ')}`;
    }
    return null;
  }
  return Object.is(actual, shown) ? null : `${at}: expected ${preview(shown)}, got ${preview(actual)}`;
}

function arrayMismatch(actual: unknown[], shown: unknown[], vary: readonly string[], at: string): string | null {
  // Match shown elements in order; "..." may swallow any run of actual ones.
  let firstProblem: string | null = null;
  const go = (i: number, j: number): boolean => {
    if (j === shown.length) return i === actual.length;
    if (shown[j] === ANY) {
      for (let k = i; k <= actual.length; k++) if (go(k, j + 1)) return true;
      return false;
    }
    if (i === actual.length) return false;
    const problem = outputMismatch(actual[i], shown[j], vary, `${at}[${i}]`);
    if (problem) {
      firstProblem ??= problem;
      return false;
    }
    return go(i + 1, j + 1);
  };
  if (go(0, 0)) return null;
  if (!shown.includes(ANY) && actual.length !== shown.length)
    return `${at}: expected ${shown.length} elements, got ${actual.length}`;
  return firstProblem ?? `${at}: the elements shown are not all there, in that order`;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'nothing' : text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** The names and aliases of the seed's protected people, which no public example may show. */
export function protectedSeedNames(root: string = REPO_ROOT): string[] {
  const seed = JSON.parse(fs.readFileSync(path.join(root, 'seeds', 'sednaya-2024.json'), 'utf8')) as {
    entities: { name: string; aliases: string[]; protection?: string | null }[];
  };
  return seed.entities.filter((e) => e.protection).flatMap((e) => [e.name, ...e.aliases]);
}

/** An embedded store holding the seed case, as `npm start` loads it on first start, and an API over it. */
export async function seededApi(): Promise<{ api: TestApi; close(): Promise<void> }> {
  const opened: OpenedStore = await openTestStore('embedded');
  await opened.store.init();
  await opened.store.importBundle(seedBundle());
  const api = await startTestApi(opened.store);
  return {
    api,
    close: async () => {
      await api.stop();
      await opened.cleanup();
    },
  };
}

/**
 * The viewers examples run as: PUBLIC is the anonymous request, exactly as
 * without a credential; the others are the test viewers of each role, under
 * the subjects the docs use (a token's `sub`).
 */
const EXAMPLE_VIEWERS = {
  ANALYST: Object.freeze({ ...VIEWERS.analyst, subject: 'analyst@example.org' }),
  LEGAL: Object.freeze({ ...VIEWERS.legal, subject: 'legal@example.org' }),
  ADMIN: Object.freeze({ ...VIEWERS.admin, subject: 'admin@example.org' }),
};

/** Runs one example as its role. */
export function runExample(api: TestApi, example: DocExample): Promise<GqlResult> {
  return api.run(
    example.query,
    example.variables,
    example.as === 'PUBLIC' ? {} : { viewer: EXAMPLE_VIEWERS[example.as] },
  );
}
