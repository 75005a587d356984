import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { ImportService } from '../app/interchange/import/import.service';
import {
  formatOfFileName,
  IMPORT_FORMATS,
  importFile,
  type ImportFormat,
  type ImportReport,
} from '../app/interchange/import/import.model';
import type { Viewer } from '../policy/viewer';
import type { Store } from '../store/store.port';
import type { Config } from './config';

/** What `athar import` needs from the command line around it. */
export interface ImportCommandContext {
  withStore<T>(work: (store: Store, config: Config) => Promise<T>): Promise<T>;
  operator(): Viewer;
  done(status: number): void;
  notes: string;
}

interface ImportOptions {
  format?: ImportFormat;
  mapping?: string;
  dryRun?: boolean;
  batchSize?: number;
  reason?: string;
}

/** Adds `athar import FILE...`: bundle JSON, CSV with a mapping, or FtM JSON lines, validated before anything is written. */
export function addImportCommand(program: Command, context: ImportCommandContext): Command {
  return program
    .command('import')
    .description(
      'import records from files: Athar bundle JSON, CSV with a column mapping, or FollowTheMoney JSON lines',
    )
    .argument('<files...>', 'the files to import, all of one format')
    .addOption(
      new Option(
        '--format <format>',
        'the files’ format (default: from the extension: .json bundle, .csv, .ftm.json/.jsonl ftm)',
      ).choices(IMPORT_FORMATS),
    )
    .option('--mapping <file>', 'CSV only: the column mapping, JSON or YAML (docs/import.md)')
    .option('--dry-run', 'validate and report; write nothing')
    .option(
      '--batch-size <n>',
      'rows per statement on the bulk write path (the store’s default if absent)',
      (value) => {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1 || n > 100_000)
          throw new InvalidArgumentError('Use a whole number from 1 to 100000.');
        return n;
      },
    )
    .option('--reason <text>', 'why, kept in the audit record with the files’ sha256')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  athar import --dry-run --mapping docs/examples/import/detainees.mapping.yaml docs/examples/import/detainees.csv\n' +
        '  athar import out/graph/bundle.json --reason "archive handed over by NGO X"\n' +
        '  athar import entities.ftm.json --format ftm\n\n' +
        'A file with any error writes nothing; each error names file:line:column and what to fix. Importing the same\n' +
        `file again changes nothing (docs/import.md).\n${context.notes}`,
    )
    .action(async (files: string[], opts: ImportOptions, command: Command) => {
      context.done(await runImport(files, opts, context, command));
    });
}

async function runImport(
  names: string[],
  opts: ImportOptions,
  context: ImportCommandContext,
  command: Command,
): Promise<number> {
  const formats = new Set(names.map((n) => opts.format ?? formatOfFileName(n)));
  if (formats.has(null)) {
    command.error('error: cannot tell the format from the file name; give --format bundle|csv|ftm.', {
      exitCode: 2,
      code: 'athar.usage',
    });
  }
  if (formats.size > 1) {
    command.error('error: the files are of different formats; import each format on its own.', {
      exitCode: 2,
      code: 'athar.usage',
    });
  }
  const format = [...formats][0]!;
  const read = (name: string) => {
    if (!fs.existsSync(name)) command.error(`error: no file ${name}.`, { exitCode: 2, code: 'athar.usage' });
    return importFile(path.basename(name), fs.readFileSync(name));
  };
  const files = names.map(read);
  const mapping = opts.mapping ? read(opts.mapping) : null;
  if (format === 'csv' && !mapping) {
    command.error('error: a CSV import needs --mapping <file> (docs/import.md).', { exitCode: 2, code: 'athar.usage' });
  }
  return context.withStore(async (store) => {
    const bar = process.stderr.isTTY
      ? new cliProgress.SingleBar(
          { format: 'importing [{bar}] {value}/{total} records  {eta_formatted} left', stream: process.stderr },
          cliProgress.Presets.shades_classic,
        )
      : null;
    let started = false;
    const service = new ImportService(store, context.operator(), () => new Date());
    const report = await service.import({
      format,
      files,
      mapping,
      dryRun: opts.dryRun ?? false,
      reason: opts.reason ?? null,
      batchSize: opts.batchSize,
      onProgress: (written, total) => {
        if (!bar) return;
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(written);
      },
    });
    if (started) bar?.stop();
    console.log(describeReport(report));
    return report.issues.length > 0 ? 1 : 0;
  });
}

/** The report as people read it: counts, then each issue as file:line:column: message. */
export function describeReport(report: ImportReport): string {
  const lines: string[] = [];
  const kinds = ['entities', 'sources', 'claims', 'citations'] as const;
  const counts = kinds
    .map((k) => `${k}: ${report[k].created} new, ${report[k].updated} updated, ${report[k].unchanged} unchanged`)
    .join('; ');
  const files = report.files.map((f) => `${f.name} (sha256 ${f.sha256})`).join(', ');
  lines.push(`${report.format} import of ${files}${report.mapping ? ` with mapping ${report.mapping.name}` : ''}`);
  lines.push(counts);
  for (const [reason, n] of Object.entries(report.skipped)) lines.push(`skipped ${n}: ${reason}`);
  if (report.issues.length > 0) {
    lines.push(`${report.issues.length} error${report.issues.length === 1 ? '' : 's'}; nothing was written:`);
    for (const i of report.issues) {
      const where = [i.file, i.line ?? '', i.column ?? ''].filter((x) => x !== '').join(':');
      lines.push(`  ${where}: ${i.message}`);
    }
  } else if (report.dryRun) lines.push('dry run: no errors; nothing was written.');
  else if (report.written) lines.push(`written as one operation, audit record ${report.auditSeq}.`);
  else lines.push('nothing to write: every record is already in the graph as the files state it.');
  return lines.join('\n');
}
