import 'reflect-metadata';
import fs from 'node:fs';
import { buildAtharSchema, printAtharSchema, SCHEMA_FILE } from '../api/graphql/schema';

/** `npm run schema`: rewrites schema/schema.graphql from the code. */
buildAtharSchema()
  .then((schema) => {
    fs.writeFileSync(SCHEMA_FILE, printAtharSchema(schema));
    console.log(`Wrote ${SCHEMA_FILE}`);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
