#!/usr/bin/env node
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { verifyAuditTrail, type AuditVerificationResult } from '../app/audit/audit.service';
import { AccessLevel, Role, type Viewer } from '../policy/viewer';
import { ConfigError, loadConfig, type Config } from './config';
import { EXPORT_FORMATS, ExportFormat } from '../app/case-files/case-file';
import type { Progress } from '../app/case-files/case-file.builder';
import { EXPORT_PROFILES, parseProfile } from '../policy/export-profiles';
import { parseAsOf } from '../api/graphql/as-of';
import {
  buildAtharSchema,
  POSSIBLE_TYPES_FILE,
  printAtharSchema,
  printPossibleTypes,
  SCHEMA_FILE,
} from '../api/graphql/schema';
import { isAtharError } from '../domain/errors';
import { atharVersion } from '../domain/project';
import { createServices } from './compose';
import { addGraphExportCommand } from './export-graph.command';
import { addImportCommand } from './import.command';
import { addSourceCommand } from './source-attach.command';
import { serve } from './main';
import { SEED_FILE, seedBundle } from './seed/seed';
import { createStore } from '../store/create-store';
import type { Store } from '../store/store.port';

/*
 * `athar`, the one command line: every command, its options and its help.
 * `--help` on any command prints its usage and does nothing else: no store is
 * opened and no file is written.
 */

/** Exit statuses, the same for every command (and printed by --help). */
export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2 } as const;

const STORE_NOTE = `Runs against the store the environment (or a .env file here) configures: NEO4J_URI, or
ATHAR_DATA_DIR for the embedded store, which one process owns at a time (stop the server first).`;

const EXIT_NOTE = `Exit status: ${EXIT.OK} done; ${EXIT.FAILURE} failed (the message says what to fix); ${EXIT.USAGE} usage error
(unknown command or option, missing or invalid value).`;

const AFTER_STORE = `\n${STORE_NOTE}\n${EXIT_NOTE}`;

/** What `athar serve` returns instead of an exit status: the server runs until a signal stops it. */
export const SERVING = 'serving';

/** The configuration, read from the environment and an optional .env file (the environment wins). */
function configure(): Config {
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  return loadConfig();
}

async function withStore<T>(work: (store: Store, config: Config) => Promise<T>): Promise<T> {
  const config = configure();
  // Opened, never seeded: a command must not write what it was not asked to.
  const store = createStore(config.store);
  await store.init();
  try {
    return await work(store, config);
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

interface CaseFileOptions {
  subject?: string;
  claims?: string[];
  format: ExportFormat;
  as: string;
  asOf?: Date;
  out: string;
}

async function exportCaseFile(opts: CaseFileOptions, command: Command): Promise<number> {
  if ((opts.subject === undefined) === (opts.claims === undefined)) {
    command.error('error: give exactly one of --subject <entity id> and --claims <ids>.', {
      exitCode: EXIT.USAGE,
      code: 'athar.usage',
    });
  }
  const profile = parseProfile(opts.as, '--as');
  const { format, asOf = null, out } = opts;

  return withStore(async (store, config) => {
    const services = createServices(store, {
      maxPageSize: config.maxPageSize,
      viewer: operator(),
      exports: {
        chromiumPath: config.chromiumPath,
        exportDir: config.exportDir,
        exportTtlHours: config.exportTtlHours,
      },
    });
    const subject = opts.subject !== undefined ? { entityId: opts.subject } : { claimIds: opts.claims! };
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

async function auditVerify(): Promise<number> {
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

/** Loads the seed case into the configured store; running it again changes nothing. */
async function seed(): Promise<number> {
  const bundle = seedBundle();
  return withStore(async (store) => {
    await store.importBundle(bundle);
    const counts = await store.counts();
    console.log(
      `Seed case loaded from ${SEED_FILE}: ${bundle.entities.length} entities, ${bundle.sources.length} sources, ${bundle.claims.length} claims. ` +
        `Store now holds ${counts.entities} entities, ${counts.sources} sources, ${counts.claims} claims, ${counts.citations} citations.`,
    );
    return EXIT.OK;
  });
}

/**
 * Prints the schema from the code to files (schema/schema.graphql, and Apollo Client's possibleTypes in
 * schema/possible-types.json), or checks that both are up to date.
 */
async function schema(opts: { out: string; possibleTypes: string; check?: boolean }): Promise<number> {
  const built = await buildAtharSchema();
  const files: [string, string][] = [
    [path.resolve(opts.out), printAtharSchema(built)],
    [path.resolve(opts.possibleTypes), printPossibleTypes(built)],
  ];
  if (opts.check) {
    let ok = true;
    for (const [target, printed] of files) {
      const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
      if (current === printed) {
        console.log(`${target} is up to date.`);
        continue;
      }
      console.error(`${target} is ${current === null ? 'missing' : 'out of date'}: run npm run schema and commit it.`);
      ok = false;
    }
    return ok ? EXIT.OK : EXIT.FAILURE;
  }
  for (const [target, printed] of files) {
    fs.writeFileSync(target, printed);
    console.log(`Wrote ${target}`);
  }
  return EXIT.OK;
}

/** An option value that must parse: a bad one is a usage error, with the parser's own message. */
function parsed<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  };
}

/**
 * The command tree. `done` receives each command's exit status. Nothing here
 * touches a store or a file: the actions do, and only once a command has parsed.
 */
export function buildProgram(done: (status: number | typeof SERVING) => void): Command {
  const program = new Command('athar')
    .description('Athar: a sourced knowledge graph for transitional justice, served over GraphQL.')
    .version(atharVersion(), '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'print this usage and exit; does nothing else')
    // Settings set before .command() are inherited by every command below.
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .allowExcessArguments(false)
    .addHelpText('after', AFTER_STORE);

  program
    .command('serve')
    .description('serve the GraphQL API on the configured store until SIGTERM or SIGINT (what npm start runs)')
    .addHelpText(
      'after',
      '\nPORT, the store and everything else come from the environment (docs/configuration.md). On SIGTERM or\n' +
        'SIGINT it stops taking connections, lets requests in flight finish (ATHAR_SHUTDOWN_TIMEOUT_MS),\n' +
        `closes the store and exits 0.\n${EXIT_NOTE}`,
    )
    .action(async () => {
      await serve();
      done(SERVING);
    });

  program
    .command('seed')
    .description('load the seed case (seeds/) into the configured store; running it again changes nothing')
    .addHelpText('after', AFTER_STORE)
    .action(async () => done(await seed()));

  program
    .command('schema')
    .description(
      'write the GraphQL schema from the code to schema/schema.graphql, and the possibleTypes of Apollo Client ' +
        'to schema/possible-types.json (or check both)',
    )
    .addOption(new Option('--out <file>', 'where to write the SDL').default(SCHEMA_FILE, 'schema/schema.graphql'))
    .addOption(
      new Option('--possible-types <file>', 'where to write the possibleTypes JSON').default(
        POSSIBLE_TYPES_FILE,
        'schema/possible-types.json',
      ),
    )
    .option('--check', 'write nothing; exit 1 if either file differs from the code')
    .addHelpText('after', `\n${EXIT_NOTE}`)
    .action(async (opts: { out: string; possibleTypes: string; check?: boolean }) => done(await schema(opts)));

  const exportGroup = program
    .command('export')
    .description('export what a legal team hands over')
    .addHelpText('after', AFTER_STORE);
  exportGroup
    .command('case-file')
    .description('export a case file about one entity, or from a list of claims, with its manifest')
    .option('--subject <entity id>', 'the entity the file is about')
    .option('--claims <ids>', 'instead of --subject: a comma-separated list of claim ids', (value: string) =>
      value
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== ''),
    )
    .addOption(new Option('--format <format>', 'file format').choices(EXPORT_FORMATS).default(ExportFormat.PDF))
    .addOption(
      new Option('--as <profile>', 'whose view of the graph (what is withheld)')
        .choices(EXPORT_PROFILES)
        .default('public'),
    )
    .option(
      '--as-of <date>',
      'the graph as it stood then: an ISO 8601 date or date-time',
      parsed((value) => parseAsOf(value, '--as-of')!),
    )
    .requiredOption('--out <path>', 'where to write the file; its manifest goes to <path>.manifest.json')
    .addHelpText(
      'after',
      '\nExample:\n  athar export case-file --subject fac_sednaya --format pdf --as legal --out out/sednaya.pdf\n\n' +
        `Made as the legal team would make it, and recorded in the audit trail.\n${STORE_NOTE}\n${EXIT_NOTE}`,
    )
    .action(async (opts: CaseFileOptions, command: Command) => done(await exportCaseFile(opts, command)));
  addGraphExportCommand(exportGroup, { withStore, operator, done, notes: `${STORE_NOTE}\n${EXIT_NOTE}` });
  addImportCommand(program, { withStore, operator, done, notes: `${STORE_NOTE}\n${EXIT_NOTE}` });
  addSourceCommand(program, { withStore, operator, done, notes: `${STORE_NOTE}\n${EXIT_NOTE}` });

  const auditGroup = program.command('audit').description('check the audit trail').addHelpText('after', AFTER_STORE);
  auditGroup
    .command('verify')
    .description('walk the audit chain from its first record and say whether it holds (exit 1 if broken)')
    .addHelpText('after', AFTER_STORE)
    .action(async () => done(await auditVerify()));

  return program;
}

/**
 * Runs one command line (the arguments after `athar`); resolves with its exit status, or SERVING
 * once `athar serve` listens. Errors are printed here, without a stack: what failed and what to fix.
 */
export async function main(argv: readonly string[]): Promise<number | typeof SERVING> {
  let status: number | typeof SERVING = EXIT.OK;
  const program = buildProgram((result) => (status = result));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (error) {
    // Commander has printed its message (or the help, or the version) already.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    // Typed errors say what to fix; anything else is reported without a stack.
    if (error instanceof ConfigError || isAtharError(error)) {
      console.error(error.message);
      return EXIT.FAILURE;
    }
    console.error(`athar failed: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.FAILURE;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((status) => {
    if (status !== SERVING) process.exit(status);
  });
}
