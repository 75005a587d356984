#!/usr/bin/env node
// Makes a new API key. Prints the key once, for its holder, and the entry to
// add to the server's API key list, which holds only the key's SHA-256: the
// server can check a key but never reveal one.
//
//   npm run api-key -- --name "nightly import" --role ANALYST [--clearance PUBLIC] [--id ci]
const crypto = require('node:crypto');
const { parseArgs } = require('node:util');

const ROLES = ['PUBLIC', 'ANALYST', 'LEGAL', 'ADMIN'];
const LEVELS = ['PUBLIC', 'RESTRICTED', 'CONFIDENTIAL'];
const MAX_CLEARANCE = { PUBLIC: 'PUBLIC', ANALYST: 'RESTRICTED', LEGAL: 'CONFIDENTIAL', ADMIN: 'CONFIDENTIAL' };

function fail(message) {
  console.error(`api-key: ${message}`);
  console.error('usage: npm run api-key -- --name "who holds it" --role ANALYST [--clearance LEVEL] [--id id]');
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      name: { type: 'string' },
      role: { type: 'string' },
      clearance: { type: 'string' },
      id: { type: 'string' },
    },
  }));
} catch (error) {
  fail(error.message);
}

const name = (values.name || '').trim();
if (name === '' || name.length > 100) fail('--name must say who or what holds the key (at most 100 characters).');
const role = (values.role || '').toUpperCase();
if (!ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}.`);
let clearance;
if (values.clearance !== undefined) {
  clearance = values.clearance.toUpperCase();
  if (!LEVELS.includes(clearance)) fail(`--clearance must be one of ${LEVELS.join(', ')}.`);
  if (LEVELS.indexOf(clearance) > LEVELS.indexOf(MAX_CLEARANCE[role])) {
    fail(`a ${role} may hold at most ${MAX_CLEARANCE[role]} clearance.`);
  }
}
// The id is public (it finds the hash); lower-case letters and digits keep ak_<id>_<secret> unambiguous.
const id = values.id ?? crypto.randomBytes(6).toString('hex');
if (!/^[a-z0-9]{2,32}$/.test(id)) fail('--id must be 2-32 lower-case letters and digits.');

const key = `ak_${id}_${crypto.randomBytes(32).toString('base64url')}`;
const sha256 = crypto.createHash('sha256').update(key, 'utf8').digest('hex');
const entry = { id, name, role, ...(clearance ? { clearance } : {}), sha256 };

console.log('API key (shown only now; hand it to its holder and keep no other copy):');
console.log(`  ${key}`);
console.log('');
console.log('Add this entry to the JSON array in ATHAR_API_KEYS_FILE (or ATHAR_API_KEYS), then restart the server:');
console.log(`  ${JSON.stringify(entry)}`);
console.log('');
console.log(`Use it as "Authorization: Bearer ${key.slice(0, 12)}..." or "X-Api-Key: ${key.slice(0, 12)}...".`);
