import * as fs from 'node:fs';
import * as path from 'node:path';

const LOCK_FILE = 'LOCK';

/**
 * An exclusive lock on a data directory: a file named LOCK holding the owner's
 * pid. The file is created complete (written under a private name, then
 * hard-linked into place, which fails if LOCK exists), so nobody ever reads a
 * half-written pid. A lock whose process is gone is stale and taken over.
 *
 * It guards against the common mistakes (two servers, or a seed script next to
 * a running server, on one directory), not against a hostile process: two
 * processes taking over the same stale lock at the same instant could race.
 */
export class DirectoryLock {
  private held = true;

  private constructor(
    readonly file: string,
    private readonly token: string,
  ) {}

  static acquire(dir: string): DirectoryLock {
    const file = path.join(dir, LOCK_FILE);
    const token = `${process.pid}\n`;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const tmp = path.join(dir, `${LOCK_FILE}.${process.pid}.${Date.now()}.${attempt}`);
      fs.writeFileSync(tmp, token);
      try {
        fs.linkSync(tmp, file);
        return new DirectoryLock(file, token);
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw error;
      } finally {
        fs.rmSync(tmp, { force: true });
      }
      const owner = readOwner(file);
      if (owner !== null && isAlive(owner)) {
        const who = owner === process.pid ? 'another store in this process' : `process ${owner}`;
        throw new Error(
          `The embedded store directory ${dir} is in use by ${who} (lock file ${file}). ` +
            'Stop that process or use another data directory; if no such process exists, delete the lock file.',
        );
      }
      // Stale: its owner is gone. Remove it and try again.
      try {
        fs.unlinkSync(file);
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') throw error;
      }
    }
    throw new Error(`Could not take the lock ${file}: it keeps changing hands.`);
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    try {
      if (fs.readFileSync(this.file, 'utf8') === this.token) fs.unlinkSync(this.file);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
  }
}

function readOwner(file: string): number | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return errorCode(error) === 'EPERM';
  }
}

/** The errno code of a Node system error (duck-typed: such errors may come from another realm, as under jest). */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}
