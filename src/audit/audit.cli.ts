import 'reflect-metadata';
import fs from 'node:fs';
import { ConfigError, loadConfig } from '../config';
import { createStore } from '../store/create-store';
import { type AuditVerificationResult, verifyAuditTrail } from './audit.service';

/**
 * `npm run audit:verify`: verifies the configured store's audit chain and
 * says whether it holds, or which record is the first that does not.
 * Exit code 0 when it holds, 1 when it does not or the store cannot be read.
 * The embedded store's directory is owned by one process at a time: stop the
 * server first, or ask it (`auditVerification`, ADMIN).
 */
async function run(args: readonly string[]): Promise<number> {
  if (args.length !== 1 || args[0] !== 'verify') {
    console.error('Usage: node dist/src/audit/audit.cli.js verify');
    return 1;
  }
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  // Opened, not seeded: verification must not write records of its own.
  const store = createStore(config.store);
  await store.init();
  try {
    const result = await verifyAuditTrail(store);
    console.log(describe(result));
    return result.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

function describe(result: AuditVerificationResult): string {
  if (result.ok) {
    return result.count === 0
      ? 'audit chain OK: no records yet'
      : `audit chain OK: ${result.count} records, head ${result.headSeq} ${result.headHash}`;
  }
  return `audit chain BROKEN at record ${String(result.firstBadSeq)}: ${String(result.reason)} (${result.count} records verified before it, head ${result.headSeq})`;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A store that refuses to open (a damaged journal or snapshot) is a failed verification too.
    const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    console.error(`audit chain could not be verified: ${message}`);
    process.exit(1);
  },
);
