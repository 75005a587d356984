import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImportService, type ImportRequest } from '../../src/app/interchange/import/import.service';
import { ImportFormat, importFile, type ImportReport } from '../../src/app/interchange/import/import.model';
import { projectRoot } from '../../src/domain/project';
import { loadConfig } from '../../src/main/config';
import { AccessLevel, Role, type Viewer } from '../../src/policy/viewer';
import { EmbeddedStore } from '../../src/store/embedded/embedded.store';
import { createStore } from '../../src/store/create-store';
import type { Store } from '../../src/store/store.port';
import { Prng } from './prng';
import { table, thousands } from './report';

/*
 * `athar import` of a large detainee list, through the one import path
 * (parse, validate against the store, bulk write): the sample mapping of
 * docs/examples/import/detainees.mapping.yaml over a generated CSV, each row
 * a person, an arrest, and three cited claims. Embedded store in a fresh
 * temporary directory; also Neo4j when NEO4J_URI is set (a run-unique
 * namespace and ids; nothing is deleted).
 *
 *   npm run bench:csv-import -- [--rows 100000] [--batch 5000]
 */

const USAGE = `Usage: npm run bench:csv-import -- [--rows N] [--batch N]
  --rows N    detainee rows to generate and import (default 100000); each makes 3 claims
  --batch N   rows per statement on the bulk path (ImportOptions.batchSize; the store's default if absent)`;

const EXAMPLES = path.join(projectRoot(), 'docs', 'examples', 'import');
const FACILITIES = 40;
const SOURCES = 12;
const TOWNS = 150;

const BENCH: Viewer = Object.freeze({
  role: Role.ANALYST,
  clearance: AccessLevel.RESTRICTED,
  subject: 'bench-import',
  via: 'cli' as const,
});

function parseArgs(argv: readonly string[]): { rows: number; batch: number | undefined } {
  const args: { rows: number; batch: number | undefined } = { rows: 100_000, batch: undefined };
  for (let i = 0; i < argv.length; i += 2) {
    const value = Number((argv[i + 1] ?? '').replace(/[_,]/g, ''));
    if (!Number.isInteger(value) || value < 1 || (argv[i] !== '--rows' && argv[i] !== '--batch')) {
      console.error(USAGE);
      process.exit(2);
    }
    if (argv[i] === '--rows') args.rows = value;
    else args.batch = value;
  }
  return args;
}

/** Made-up names (syllables no test or seed uses), so that a run left in a shared database matches no one's search. */
function name(prng: Prng): string {
  const syllables = ['vor', 'quel', 'tam', 'zir', 'osk', 'bru', 'nel', 'dax', 'mip', 'fal', 'jor', 'ket'];
  const word = () =>
    Array.from({ length: 3 }, () => syllables[prng.int(0, syllables.length - 1)]!)
      .join('')
      .replace(/^./, (c) => c.toUpperCase());
  return `Bx${word().toLowerCase()} Bx${word().toLowerCase()}`;
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

interface Files {
  sources: ImportRequest;
  facilities: ImportRequest;
  detainees: ImportRequest;
  bytes: number;
}

/** The three lists of docs/examples/import, as large as asked, with ids and namespaces unique to `run`. */
function generate(rows: number, run: string, dir: string): Files {
  const prng = new Prng(7);
  const mapping = (file: string) =>
    importFile(
      file,
      fs.readFileSync(path.join(EXAMPLES, file), 'utf8').replace(/example-([a-z0-9-]+)/g, `bench-${run}-$1`),
    );
  const sources = ['id,title,kind,publisher,author,date,url,language'];
  for (let i = 0; i < SOURCES; i++) {
    sources.push(`src_b${run}_${i},Detainee list ${i},DATASET,Bench NGO ${i},,2024,https://example.org/bench/${i},en`);
  }
  const facilities = ['id,name,aliases,type,city,source_id,locator,excerpt'];
  for (let i = 0; i < FACILITIES; i++) {
    facilities.push(
      `fac_b${run}_${i},Bxfacility ${i},,BRANCH,Bxtown ${i % TOWNS},src_b${run}_${i % SOURCES},p. ${i},Bxfacility ${i} lies in Bxtown ${i % TOWNS}.`,
    );
  }
  const detainees = [
    'record_no,name,aliases,arrest_date,arrest_place,facility_id,detention_period,source_id,locator,excerpt,reliability,credibility',
  ];
  for (let i = 0; i < rows; i++) {
    const person = name(prng);
    const year = prng.int(2011, 2019);
    const month = String(prng.int(1, 12)).padStart(2, '0');
    const town = `Bxtown ${prng.int(0, TOWNS - 1)}`;
    detainees.push(
      [
        String(i + 1),
        person,
        '',
        `${year}-${month}`,
        town,
        `fac_b${run}_${prng.int(0, FACILITIES - 1)}`,
        `${year}/${year + prng.int(0, 3)}`,
        `src_b${run}_${prng.int(0, SOURCES - 1)}`,
        `row ${i + 1}`,
        `${person} was arrested in ${town} in ${year} and held for months.`,
        'BCD'[prng.int(0, 2)]!,
        String(prng.int(2, 4)),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  const write = (file: string, lines: string[]) => {
    const text = `${lines.join('\n')}\n`;
    fs.writeFileSync(path.join(dir, file), text);
    return importFile(file, text);
  };
  const detaineesFile = write('detainees.csv', detainees);
  return {
    sources: {
      format: ImportFormat.CSV,
      files: [write('sources.csv', sources)],
      mapping: mapping('sources.mapping.yaml'),
    },
    facilities: {
      format: ImportFormat.CSV,
      files: [write('facilities.csv', facilities)],
      mapping: mapping('facilities.mapping.yaml'),
    },
    detainees: { format: ImportFormat.CSV, files: [detaineesFile], mapping: mapping('detainees.mapping.yaml') },
    bytes: Buffer.byteLength(detaineesFile.text),
  };
}

interface Result {
  store: string;
  dryRunSeconds: number;
  importSeconds: number;
  againSeconds: number;
  report: ImportReport;
}

async function benchStore(label: string, store: Store, files: Files, batch: number | undefined): Promise<Result> {
  await store.init();
  const importer = new ImportService(store, BENCH, () => new Date());
  for (const list of [files.sources, files.facilities]) {
    const report = await importer.import(list);
    if (report.issues.length > 0) throw new Error(JSON.stringify(report.issues.slice(0, 5)));
  }
  const timed = async (request: ImportRequest, what: string) => {
    const started = process.hrtime.bigint();
    const report = await importer.import(request);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.error(`${label}: ${what} in ${seconds.toFixed(1)} s`);
    if (report.issues.length > 0) throw new Error(JSON.stringify(report.issues.slice(0, 5)));
    return { report, seconds };
  };
  console.error(`${label}: sources and facilities imported`);
  const dry = await timed({ ...files.detainees, dryRun: true }, 'dry run');
  let last = 0;
  const done = await timed(
    {
      ...files.detainees,
      batchSize: batch,
      onProgress: (written, total) => {
        if (process.stderr.isTTY && written - last >= total / 20) {
          last = written;
          process.stderr.write(`\r${label}: ${thousands(written)}/${thousands(total)} records written`);
        }
      },
    },
    'import',
  );
  if (process.stderr.isTTY) process.stderr.write('\n');
  const again = await timed(files.detainees, 're-import');
  if (again.report.written) throw new Error('a second import of the same file wrote something');
  return {
    store: label,
    dryRunSeconds: dry.seconds,
    importSeconds: done.seconds,
    againSeconds: again.seconds,
    report: done.report,
  };
}

async function main(): Promise<void> {
  const { rows, batch } = parseArgs(process.argv.slice(2));
  const run = randomBytes(4).toString('hex');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-csv-bench-'));
  const files = generate(rows, run, dir);
  console.log(`Generated ${thousands(rows)} detainee rows (${(files.bytes / 1e6).toFixed(1)} MB) in ${dir}`);
  const results: Result[] = [];
  const embeddedDir = path.join(dir, 'store');
  const embedded = new EmbeddedStore({ dataDir: embeddedDir });
  try {
    results.push(await benchStore('embedded', embedded, files, batch));
  } finally {
    await embedded.close();
  }
  if (process.env['NEO4J_URI']) {
    const neo4j = createStore(loadConfig().store);
    try {
      results.push(await benchStore('neo4j', neo4j, files, batch));
    } finally {
      await neo4j.close();
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const rate = (n: number, s: number) => thousands(Math.round(n / s));
  console.log(
    table(
      ['store', 'rows', 'claims', 'records', 'dry run s', 'import s', 'rows/s', 'claims/s', 're-import s'],
      results.map((r) => {
        const claims = r.report.claims.created;
        const records = r.report.entities.created + r.report.claims.created + r.report.citations.created;
        return [
          r.store,
          thousands(rows),
          thousands(claims),
          thousands(records),
          r.dryRunSeconds.toFixed(1),
          r.importSeconds.toFixed(1),
          rate(rows, r.importSeconds),
          rate(claims, r.importSeconds),
          r.againSeconds.toFixed(1),
        ];
      }),
      [false, true, true, true, true, true, true, true, true],
    ),
  );
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
