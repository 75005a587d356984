#!/usr/bin/env node
// Waits until a Neo4j server answers over Bolt: a real handshake
// (driver.verifyConnectivity) and a real query (RETURN 1), not just an open
// TCP port. Used by scripts/neo4j-server.sh.
//
//   node scripts/neo4j-wait.js --uri bolt://127.0.0.1:7688 [--timeout 120] [--pid N]
//                              [--user neo4j --password secret]
//
// Exit 0 when it answers, 1 on timeout or bad usage, 2 when --pid is given and
// that process died first. Progress goes to stderr.
'use strict';

const path = require('path');

const repoRoot = path.resolve(__dirname, '..');

function loadDriver() {
  try {
    return require(require.resolve('neo4j-driver', { paths: [repoRoot] }));
  } catch (err) {
    console.error(`neo4j-wait: cannot load neo4j-driver from ${repoRoot}/node_modules (run npm ci): ${err.message}`);
    process.exit(1);
  }
}

function parseArgs(argv) {
  const opts = { uri: process.env.NEO4J_URI, timeout: 120, pid: undefined, user: undefined, password: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--uri':
        opts.uri = value();
        break;
      case '--timeout':
        opts.timeout = Number(value());
        break;
      case '--pid':
        opts.pid = Number(value());
        break;
      case '--user':
        opts.user = value();
        break;
      case '--password':
        opts.password = value();
        break;
      default:
        console.error(`neo4j-wait: unknown argument ${argv[i]}`);
        process.exit(1);
    }
  }
  if (!opts.uri) {
    console.error('neo4j-wait: --uri is required');
    process.exit(1);
  }
  if (!(opts.timeout > 0)) {
    console.error('neo4j-wait: --timeout must be a positive number of seconds');
    process.exit(1);
  }
  if (opts.pid !== undefined && !(Number.isInteger(opts.pid) && opts.pid > 0)) {
    console.error('neo4j-wait: --pid must be a process id');
    process.exit(1);
  }
  return opts;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function attempt(neo4j, opts) {
  const auth = opts.password ? neo4j.auth.basic(opts.user || 'neo4j', opts.password) : neo4j.auth.none();
  const driver = neo4j.driver(opts.uri, auth, {
    connectionTimeout: 5000,
    connectionAcquisitionTimeout: 10000,
    maxConnectionPoolSize: 1,
    maxTransactionRetryTime: 0,
  });
  try {
    await driver.verifyConnectivity();
    const { records, summary } = await driver.executeQuery('RETURN 1 AS one');
    const one = records[0] && records[0].get('one');
    if (Number(one) !== 1) throw new Error(`RETURN 1 gave ${one}`);
    return summary.server.agent;
  } finally {
    await driver.close();
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const neo4j = loadDriver();
  const started = Date.now();
  const deadline = started + opts.timeout * 1000;
  let lastError = 'no attempt made';
  let lastReport = started;
  for (;;) {
    if (opts.pid !== undefined && !alive(opts.pid)) {
      console.error(`neo4j-wait: process ${opts.pid} exited before ${opts.uri} answered (last error: ${lastError})`);
      process.exit(2);
    }
    try {
      const agent = await attempt(neo4j, opts);
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      console.error(`neo4j-wait: ${agent} answered on ${opts.uri} after ${secs}s`);
      return;
    } catch (err) {
      lastError = (err && (err.code ? `${err.code}: ` : '') + err.message) || String(err);
    }
    const now = Date.now();
    if (now >= deadline) {
      console.error(`neo4j-wait: ${opts.uri} did not answer within ${opts.timeout}s (last error: ${lastError})`);
      process.exit(1);
    }
    if (now - lastReport >= 10000) {
      console.error(`neo4j-wait: still waiting for ${opts.uri} (${Math.round((now - started) / 1000)}s)...`);
      lastReport = now;
    }
    await sleep(Math.min(500, deadline - now));
  }
}

main().catch((err) => {
  console.error(`neo4j-wait: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
