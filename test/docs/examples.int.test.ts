// Every GraphQL example of the documentation runs, as a test, against the seed
// case on the embedded store, so that an example that no longer works (a field
// renamed, an answer changed) fails the build instead of misleading a reader.
//
// The convention (also in docs/architecture.md, "The docs are tested"):
//
// - Every ```graphql block of README.md and docs/**/*.md is run. A block that
//   is not an operation (schema SDL, a fragment of a query) uses another info
//   string, e.g. ```graphql-schema, and is not run.
// - It must answer without `errors`, unless the response shown after it has
//   them.
// - A ```json block right after it (nothing but blank lines between) that
//   starts with `{ "data"` or `{ "errors"` is the response, and must equal the
//   actual one, except where it says `...`:
//     `"...": "..."` in an object: it has more keys than shown;
//     `"..."` as an element of an array: any number of elements left out here;
//     `"..."` as any other value: any value.
//   A response block anywhere else is an error, so none goes unchecked.
// - An HTML comment on the line before the block (blank lines allowed) sets
//   options, as `key=value` pairs:
//     <!-- example: as=ANALYST store=dispute vary=at,hash variables={"id": "fac_sednaya"} -->
//     as         PUBLIC (default: anonymous, no credential), ANALYST, LEGAL or ADMIN;
//     variables  the operation's variables, as JSON (last, since it may hold spaces);
//     store      examples of one page naming the same store share one, in page
//                order (a mutation, then a query that reads what it wrote); every
//                other example gets a freshly seeded store of its own;
//     vary       keys whose values differ from run to run (times, generated ids,
//                hashes): they must be present, and are not compared.
//   `<!-- example: skip <reason> -->` leaves one out; use it only where an
//   example cannot run here at all.
// - The protected witness of the seed may never appear under a real name: not
//   in any page, and not in any answer given to the public.
import {
  docFiles,
  examplesOf,
  outputMismatch,
  protectedSeedNames,
  readDoc,
  runExample,
  seededApi,
  type DocExample,
} from '../support/docs';

type Seeded = Awaited<ReturnType<typeof seededApi>>;

const files = docFiles();
const protectedNames = protectedSeedNames().map(
  (name) => new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`),
);
// A page whose examples cannot be read (a bad directive, a response block in
// the wrong place) fails its own test below rather than the whole file.
const unreadable = new Map<string, Error>();
const byFile = new Map(
  files.map((file) => {
    try {
      return [file, examplesOf(file)];
    } catch (error) {
      unreadable.set(file, error as Error);
      return [file, []];
    }
  }),
);

function title(example: DocExample): string {
  const first =
    example.query
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '' && l !== '{' && !/^(query|mutation)\b[^(]*\{$/.test(l)) ?? '';
  const head = example.query.trimStart().startsWith('mutation') ? 'mutation ' : '';
  return `line ${example.line}: ${head}${first.length > 80 ? `${first.slice(0, 80)}…` : first}`;
}

function pretty(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  return text.length > 20000 ? `${text.slice(0, 20000)}\n… (${text.length} characters in all)` : text;
}

describe('the documentation', () => {
  it('has examples to run: the tour in the README and those of the pages', () => {
    expect(byFile.get('README.md')!.length).toBeGreaterThanOrEqual(3);
    expect([...byFile.values()].flat().length).toBeGreaterThan(20);
  });

  it.each(files)('%s has examples that can be read', (file) => {
    const error = unreadable.get(file);
    if (error) throw error;
  });

  it.each(files)('%s never names a protected person of the seed', (file) => {
    const text = readDoc(file);
    for (const name of protectedNames) expect(text).not.toMatch(name);
  });
});

describe.each(files.filter((file) => byFile.get(file)!.length > 0))('the examples of %s', (file) => {
  const shared = new Map<string, Seeded>();

  afterAll(async () => {
    for (const seeded of shared.values()) await seeded.close();
  });

  for (const example of byFile.get(file)!) {
    if (example.skip) {
      it.skip(`${title(example)} (not run: ${example.skip})`, () => undefined);
      continue;
    }
    it(title(example), async () => {
      let seeded: Seeded;
      if (example.store) {
        if (!shared.has(example.store)) shared.set(example.store, await seededApi());
        seeded = shared.get(example.store)!;
      } else {
        seeded = await seededApi();
      }
      try {
        const result = await runExample(seeded.api, example);
        const where = `${file}:${example.line}`;
        const shown = example.expected?.value as Record<string, unknown> | undefined;

        if (example.as === 'PUBLIC') {
          const text = JSON.stringify(result);
          for (const name of protectedNames) {
            if (name.test(text)) throw new Error(`${where}: the public answer names a protected person`);
          }
        }
        if (result.errors && !(shown && 'errors' in shown)) {
          throw new Error(`${where}: the example fails:\n${pretty(result.errors)}`);
        }
        if (shown) {
          const actual = 'errors' in shown ? { errors: result.errors, data: result.data } : { data: result.data };
          const mismatch = outputMismatch(actual, shown, example.vary);
          if (mismatch) {
            throw new Error(
              `${file}:${example.expected!.line}: the response shown differs from the real one at ${mismatch}\n` +
                `The real response:\n${pretty(actual)}`,
            );
          }
        }
      } finally {
        if (!example.store) await seeded.close();
      }
    });
  }
});
