import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import path from 'node:path';

/*
 * Runs a TypeScript entry point of the product (src/main/cli.ts, ...) in a
 * child Node process, as `node dist/...` would run its build, without building:
 * a require hook compiles each .ts file with swc as it is loaded, and the
 * entry is then run as the main module (so that `require.main === module`).
 */

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(REPO_ROOT, 'src', 'main', 'cli.ts');

const REGISTER = `
const fs = require('fs');
const swc = require(${JSON.stringify(require.resolve('@swc/core'))});
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
`;

/** The arguments to `node` that run `entry` with `args`, as `node entry args...` would. */
export function tsNodeArgs(entry: string, args: readonly string[]): string[] {
  const run = `${REGISTER}\nprocess.argv.splice(1, 0, ${JSON.stringify(entry)});\nrequire('module').runMain();`;
  return ['-e', run, '--', ...args];
}

export function spawnTs(entry: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  return spawn(process.execPath, tsNodeArgs(entry, args), options);
}

export interface Finished {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs an entry to its end (killed after `timeoutMs`), collecting what it printed. */
export function runTs(
  entry: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawnTs(entry, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

/** The environment of a child that must not see this test run's store settings. */
export function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(NEO4J_|ATHAR_|PORT$|NODE_ENV$)/.test(name)) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}
