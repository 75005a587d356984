import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { type Command } from 'commander';
import { shortHash } from '../domain/documents';
import type { Viewer } from '../policy/viewer';
import type { Store } from '../store/store.port';
import { createServices, documentOptionsOf } from './compose';
import type { Config } from './config';

/** What `athar source attach` needs from the command line around it. */
export interface SourceCommandContext {
  withStore<T>(work: (store: Store, config: Config) => Promise<T>): Promise<T>;
  operator(): Viewer;
  done(status: number): void;
  notes: string;
}

interface AttachOptions {
  mediaType?: string;
  reason?: string;
}

/** Files smaller than this are read without a progress bar: it would only flicker. */
const PROGRESS_FROM_BYTES = 4 * 1024 * 1024;

/** Adds `athar source attach <sourceId> <file>`: a source receives its document (docs/evidence-vault.md). */
export function addSourceCommand(program: Command, context: SourceCommandContext): Command {
  const group = program.command('source').description("work with sources' documents");
  group
    .command('attach')
    .description('attach a document to a source: keep the original by its sha256, read its text, record custody')
    .argument('<sourceId>', 'the source the document is of (src_...)')
    .argument('<file>', 'the document: text, HTML, PDF, or any other file (kept as bytes)')
    .option('--media-type <type>', 'its media type, when the extension does not say (e.g. text/html)')
    .option('--reason <text>', 'where it came from, or why: kept in the audit record')
    .addHelpText(
      'after',
      '\nExample:\n  athar source attach src_article_000 ../shared/sources/000_cb05f7d6ab1c5487.txt --reason "as received"\n\n' +
        "Refused, with nothing written, if the file's sha256 is not the source's recorded contentHash; sets it\n" +
        'when the source has none. Then checks every citation read in the source against the document and lists\n' +
        `those that fail (exit 0: they are kept; fix or dispute them).\n${context.notes}`,
    )
    .action(async (sourceId: string, file: string, opts: AttachOptions, command: Command) => {
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
        command.error(`error: no file ${file}.`, { exitCode: 2, code: 'athar.usage' });
      }
      context.done(await attach(sourceId, file, opts, context));
    });
  return group;
}

async function attach(
  sourceId: string,
  file: string,
  opts: AttachOptions,
  context: SourceCommandContext,
): Promise<number> {
  return context.withStore(async (store, config) => {
    const services = createServices(store, {
      maxPageSize: config.maxPageSize,
      viewer: context.operator(),
      // The operator holds the store: the file size limit of uploads does not apply here.
      documents: { ...documentOptionsOf(store, config), maxDocumentBytes: Number.MAX_SAFE_INTEGER },
    });
    const size = fs.statSync(file).size;
    const bar =
      process.stderr.isTTY && size >= PROGRESS_FROM_BYTES
        ? new cliProgress.SingleBar(
            { stream: process.stderr, format: 'reading {bar} {percentage}% | {value}/{total} bytes' },
            cliProgress.Presets.shades_classic,
          )
        : null;
    bar?.start(size, 0);
    let result;
    try {
      result = await services.documents.attach({
        sourceId,
        fileName: path.basename(file),
        mediaType: opts.mediaType ?? null,
        reason: opts.reason ?? null,
        content: fs.createReadStream(file),
        onBytes: bar ? (bytes) => bar.update(bytes) : undefined,
      });
    } finally {
      bar?.stop();
    }
    const d = result.document;
    console.log(
      `Attached ${d.fileName} to ${result.source.id}: sha256 ${d.sha256}, ${d.size} bytes, ${d.mediaType} (${d.format}` +
        `${d.extraction ? `, ${d.extraction.paragraphs} paragraphs${d.extraction.pages ? ` on ${d.extraction.pages} pages` : ''}` : ''}).`,
    );
    console.log(
      `Checked ${result.checked} citation${result.checked === 1 ? '' : 's'} read in it: ` +
        `${result.checked - result.failing.length} verified, ${result.failing.length} failing.`,
    );
    for (const f of result.failing) {
      console.log(`  ${f.citation.id} (${f.citation.locator}): ${f.reason}`);
    }
    if (result.failing.length > 0) {
      console.log(
        `Failing citations are kept: add a corrected citation or dispute the claim (document ${shortHash(d.sha256)}).`,
      );
    }
    return 0;
  });
}
