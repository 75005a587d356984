import fs from 'node:fs';
import { buildAtharSchema, POSSIBLE_TYPES_FILE, printAtharSchema, printPossibleTypes, SCHEMA_FILE } from './schema';

describe('schema/schema.graphql', () => {
  it('is the SDL the code emits (run `npm run schema` after changing the API)', async () => {
    const emitted = printAtharSchema(await buildAtharSchema());
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(emitted);
  });
});

describe('schema/possible-types.json', () => {
  it('is the possibleTypes the code emits (run `npm run schema` after changing the API)', async () => {
    const emitted = printPossibleTypes(await buildAtharSchema());
    expect(fs.readFileSync(POSSIBLE_TYPES_FILE, 'utf8')).toBe(emitted);
  });

  it('names every entity type under Entity, and every record type under Node', async () => {
    const possible = JSON.parse(printPossibleTypes(await buildAtharSchema())) as Record<string, string[]>;
    expect(possible.Entity).toEqual(['Event', 'Facility', 'Organization', 'Person', 'Place']);
    expect(possible.Node).toEqual(expect.arrayContaining(['Citation', 'Claim', 'Person', 'Source']));
  });
});
