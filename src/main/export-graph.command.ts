import { atharVersion } from '../domain/project';
import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { GRAPH_FORMATS, GraphFormat, parseGraphFormat } from '../app/interchange/graph-formats';
import { MAX_GRAPH_EXPORT_DEPTH } from '../app/interchange/graph-snapshot';
import { EXPORT_PROFILES, parseProfile } from '../policy/export-profiles';
import type { Viewer } from '../policy/viewer';
import { parseAsOf } from '../api/graphql/as-of';
import type { Store } from '../store/store.port';
import { createServices } from './compose';
import type { Config } from './config';
import { createGraphExports } from './graph-exports';

/** What `athar export graph` needs from the command line around it. */
export interface GraphCommandContext {
  withStore<T>(work: (store: Store, config: Config) => Promise<T>): Promise<T>;
  operator(): Viewer;
  done(status: number): void;
  /** Printed after the usage: the store and exit-status notes of the other commands. */
  notes: string;
}

interface GraphOptions {
  format: string;
  as: string;
  entities?: string[];
  depth?: number;
  asOf?: Date;
  out: string;
}

/** Adds `graph` under `athar export`: the graph, or a subgraph, in GraphML, GEXF, CSV, FtM or JSON-LD. */
export function addGraphExportCommand(exportGroup: Command, context: GraphCommandContext): Command {
  return exportGroup
    .command('graph')
    .description('export the graph, or the subgraph around entities, for Gephi, Cytoscape, spreadsheets, Aleph or PROV')
    .addOption(new Option('--format <format>', 'file format').choices(GRAPH_FORMATS).default(GraphFormat.GRAPHML))
    .addOption(
      new Option('--as <profile>', 'whose view of the graph (what is withheld)')
        .choices(EXPORT_PROFILES)
        .default('public'),
    )
    .option('--entities <ids>', 'only the subgraph around these entities: a comma-separated list of ids', (value) =>
      value
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== ''),
    )
    .option(
      `--depth <n>`,
      `with --entities: how many claims away to go, 0 to ${MAX_GRAPH_EXPORT_DEPTH} (default 1)`,
      depthOf,
    )
    .option('--as-of <date>', 'the graph as it stood then: an ISO 8601 date or date-time', (value) => {
      try {
        return parseAsOf(value, '--as-of')!;
      } catch (error) {
        throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
      }
    })
    .requiredOption('--out <path>', 'a folder to write the files and manifest.json into (made if missing)')
    .addHelpText(
      'after',
      '\nExamples:\n  athar export graph --format graphml --as public --out out/graph\n' +
        '  athar export graph --format csv --as legal --entities fac_sednaya --depth 2 --out out/sednaya-csv\n\n' +
        `Made as the legal team would make it, and recorded in the audit trail (docs/interchange.md).\n${context.notes}`,
    )
    .action(async (opts: GraphOptions, command: Command) => {
      if (opts.depth !== undefined && opts.entities === undefined) {
        command.error('error: --depth needs --entities <ids>.', { exitCode: 2, code: 'athar.usage' });
      }
      context.done(await exportGraph(opts, context));
    });
}

function depthOf(value: string): number {
  const depth = Number(value);
  if (!Number.isInteger(depth) || depth < 0 || depth > MAX_GRAPH_EXPORT_DEPTH)
    throw new InvalidArgumentError(`Use a whole number from 0 to ${MAX_GRAPH_EXPORT_DEPTH}.`);
  return depth;
}

async function exportGraph(opts: GraphOptions, context: GraphCommandContext): Promise<number> {
  const profile = parseProfile(opts.as, '--as');
  const format = parseGraphFormat(opts.format, '--format');
  return context.withStore(async (store, config) => {
    const service = createGraphExports(
      store,
      context.operator(),
      () => new Date(),
      (viewer, asOf) => createServices(store, { maxPageSize: config.maxPageSize, viewer, asOf }),
      config.maxPageSize,
      atharVersion(),
    );
    const exported = await service.export({
      profile,
      format,
      entityIds: opts.entities ?? null,
      depth: opts.depth ?? null,
      asOf: opts.asOf ?? null,
    });
    const dir = path.resolve(opts.out);
    fs.mkdirSync(dir, { recursive: true });
    for (const file of exported.files) {
      fs.writeFileSync(path.join(dir, file.name), file.bytes);
      const entry = exported.manifest.files.find((f) => f.name === file.name)!;
      console.log(`${path.join(dir, file.name)}  (${entry.bytes} bytes, sha256 ${entry.sha256})`);
    }
    fs.writeFileSync(path.join(dir, exported.manifestFileName), exported.manifestBytes);
    const { counts, profile: shown, asOf } = exported.manifest;
    console.log(
      `${path.join(dir, exported.manifestFileName)}  (sha256 ${exported.manifestSha256}, recorded in the audit trail)`,
    );
    console.log(
      `${counts.entities} entities, ${counts.claims} claims, ${counts.citations} citations, ${counts.sources} sources; profile ${shown}, as of ${asOf}`,
    );
    return 0;
  });
}
