import fs from 'node:fs';
import { buildAtharSchema, printAtharSchema, SCHEMA_FILE } from './schema';

describe('schema/schema.graphql', () => {
  it('is the SDL the code emits (run `npm run schema` after changing the API)', async () => {
    const emitted = printAtharSchema(await buildAtharSchema());
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(emitted);
  });
});
