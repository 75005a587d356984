#!/usr/bin/env node
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyAuditTrail, type AuditVerificationResult } from '../app/audit/audit.service';
import { AccessLevel, Role, type Viewer } from '../policy/viewer';
import { ConfigError, loadConfig } from './config';
import { EXPORT_FORMATS, ExportFormat } from '../app/case-files/case-file';
import type { Progress } from '../app/case-files/case-file.builder';
import { parseProfile } from '../policy/export-profiles';
import { parseAsOf } from '../api/graphql/as-of';
import { isAtharError } from '../domain/errors';
import { createServices } from './compose';
import { createStore } from '../store/create-store';
import type { Store } from '../store/store.port';

const USAGE = `Usage:
  athar export case-file --subject <entity id> [--format pdf|html|md|json] [--as public|analyst|legal]
                         [--as-of <date>] --out <path>
  athar export case-file --claims <claim id,claim id,...> ...   (a file from an explicit list of claims)
  athar audit verify

Runs against the store the environment configures (NEO4J_URI, or ATHAR_DATA_DIR for the
embedded store, which one process owns at a time: stop the server first).`;

class UsageError extends Error {}

/** `--name value` pairs after the command words. */
function options(args: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]!;
    const value = args[i + 1];
    if (!name.startsWith('--') || value === undefined || value.startsWith('--')) {
      throw new UsageError(`Expected "--option value", got "${args.slice(i).join(' ')}".`);
    }
    found.set(name.slice(2), value);
  }
  return found;
}

async function withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  // Opened, never seeded: a command must not write what it was not asked to.
  const store = createStore(config.store);
  await store.init();
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** The person at the terminal: they hold the store itself, so they export as the legal team would. */
function operator(): Viewer {
  return {
    role: Role.LEGAL,
    clearance: AccessLevel.CONFIDENTIAL,
    subject: `cli:${os.userInfo().username}`,
    via: 'cli',
  };
}

async function exportCaseFile(args: readonly string[]): Promise<number> {
  const opts = options(args);
  const known = new Set(['subject', 'claims', 'format', 'as', 'as-of', 'out']);
  for (const name of opts.keys()) if (!known.has(name)) throw new UsageError(`Unknown option --${name}.`);
  const out = opts.get('out');
  if (!out) throw new UsageError('--out <path> is required: where to write the case file.');
  const subjectId = opts.get('subject');
  const claims = opts.get('claims');
  if ((subjectId === undefined) === (claims === undefined)) {
    throw new UsageError('Give exactly one of --subject <entity id> and --claims <ids>.');
  }
  const format = (opts.get('format') ?? 'pdf') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) {
    throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}; got "${format}".`);
  }
  const profile = parseProfile(opts.get('as') ?? 'public', '--as');
  const asOf = parseAsOf(opts.get('as-of'), '--as-of');
  const config = loadConfig();

  return withStore(async (store) => {
    const services = createServices(store, {
      maxPageSize: config.maxPageSize,
      viewer: operator(),
      exports: { chromiumPath: config.chromiumPath, exportDir: config.exportDir },
    });
    const subject =
      subjectId !== undefined ? { entityId: subjectId } : { claimIds: claims!.split(',').map((s) => s.trim()) };
    const exported = await services.exports.export({ subject, profile, asOf }, format, progressBar());
    const target = path.resolve(out);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, exported.bytes);
    fs.writeFileSync(`${target}.manifest.json`, exported.manifestBytes);
    process.stderr.write('\n');
    console.log(`${target}  (${exported.bytes.length} bytes, sha256 ${exported.manifest.files[0]!.sha256})`);
    console.log(`${target}.manifest.json  (sha256 ${exported.manifestSha256}, recorded in the audit trail)`);
    console.log(
      `${exported.manifest.claimCount} claims, profile ${exported.manifest.profile}, as of ${exported.manifest.asOf}`,
    );
    return 0;
  });
}

/** A one-line bar on a terminal; one line per stage otherwise (logs, CI). */
function progressBar(): Progress {
  const tty = process.stderr.isTTY === true;
  return (stage, done, total) => {
    const width = 24;
    const filled = Math.round((done / total) * width);
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${stage}`;
    process.stderr.write(tty ? `\r${line.padEnd(70)}` : `${line}\n`);
  };
}

async function auditVerify(args: readonly string[]): Promise<number> {
  if (args.length > 0) throw new UsageError('audit verify takes no options.');
  return withStore(async (store) => {
    const result = await verifyAuditTrail(store);
    console.log(describeVerification(result));
    return result.ok ? 0 : 1;
  });
}

export function describeVerification(result: AuditVerificationResult): string {
  if (result.ok) {
    return result.count === 0
      ? 'audit chain OK: no records yet'
      : `audit chain OK: ${result.count} records, head ${result.headSeq} ${result.headHash}`;
  }
  return `audit chain BROKEN at record ${String(result.firstBadSeq)}: ${String(result.reason)} (${result.count} records verified before it, head ${result.headSeq})`;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  try {
    if (group === 'export' && command === 'case-file') return await exportCaseFile(rest);
    if (group === 'audit' && command === 'verify') return await auditVerify(rest);
    throw new UsageError(argv.length === 0 ? 'No command given.' : `Unknown command "${argv.join(' ')}".`);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    // Typed errors say what to fix; anything else is reported without a stack.
    if (error instanceof ConfigError || isAtharError(error)) {
      console.error(error.message);
      return 1;
    }
    console.error(`athar failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
