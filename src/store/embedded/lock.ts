import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const LOCK_FILE = 'LOCK';

/**
 * Who holds a lock: enough to tell, on the same machine, whether that process
 * still runs. A pid alone is not: after a container restart the new server is
 * pid 1 again, as its dead predecessor was, and pids are reused. The start
 * time (clock ticks since boot, from /proc/<pid>/stat) and the boot id tell
 * "the same pid, another process" apart; they are null where /proc has no
 * answer (not Linux), and then the pid alone decides.
 */
export interface LockOwner {
  pid: number;
  hostname: string | null;
  bootId: string | null;
  startTime: string | null;
}

/** What a lock is checked against: this machine, and its processes. */
export interface LockProbe {
  hostname: string;
  bootId: string | null;
  isAlive(pid: number): boolean;
  startTimeOf(pid: number): string | null;
}

/** Whether a lock's owner still runs (`self`: it is this process), and why it was judged so, for the log and the refusal. */
export type Liveness = { alive: true; self: boolean; why: string } | { alive: false; why: string };

/**
 * An exclusive lock on a data directory: a file named LOCK holding one JSON
 * line that names its owner (see LockOwner). The file is created complete
 * (written under a private name, then hard-linked into place, which fails if
 * LOCK exists), so nobody ever reads a half-written one. A lock whose process
 * is gone is stale: it is taken over, with a warning that says whose it was.
 *
 * It guards against the common mistakes (two servers, or a seed script next to
 * a running server, on one directory), not against a hostile process: two
 * processes taking over the same stale lock at the same instant could race.
 * A lock written on another host (a shared volume) is never taken over: its
 * process cannot be checked from here.
 */
export class DirectoryLock {
  private held = true;

  private constructor(
    readonly file: string,
    private readonly token: string,
  ) {}

  static acquire(dir: string, probe: LockProbe = localProbe()): DirectoryLock {
    const file = path.join(dir, LOCK_FILE);
    const token = `${JSON.stringify(ownerRecord(probe))}\n`;
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
      const text = readLock(file);
      if (text === null) continue; // released meanwhile: try again
      const owner = parseOwner(text);
      if (owner === null) {
        throw new Error(
          `The embedded store directory ${dir} has a lock file ${file} that names no process ("${text.trim().slice(0, 80)}"). ` +
            'If no Athar process uses this directory, delete the lock file.',
        );
      }
      const liveness = livenessOf(owner, probe);
      if (liveness.alive) {
        const who = liveness.self
          ? 'another store in this process'
          : `process ${owner.pid}${owner.hostname === null ? '' : ` on host ${owner.hostname}`}`;
        throw new Error(
          `The embedded store directory ${dir} is in use by ${who} (${liveness.why}; lock file ${file}). ` +
            'Stop that process or use another data directory; if no such process exists, delete the lock file.',
        );
      }
      // Stale: its owner is gone. Remove it (unless it changed hands meanwhile) and try again.
      if (readLock(file) !== text) continue;
      try {
        fs.unlinkSync(file);
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') throw error;
      }
      process.emitWarning(
        `Took over the stale lock ${file} of process ${owner.pid}` +
          `${owner.hostname === null ? '' : ` on host ${owner.hostname}`}: ${liveness.why}.`,
        { code: 'ATHAR_STALE_LOCK' },
      );
    }
    throw new Error(`Could not take the lock ${file}: it keeps changing hands.`);
  }

  /** Who holds the lock of a directory now, if anyone (for tests and diagnostics). */
  static ownerOf(dir: string): LockOwner | null {
    const text = readLock(path.join(dir, LOCK_FILE));
    return text === null ? null : parseOwner(text);
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

/** This process, as a lock records it. */
function ownerRecord(probe: LockProbe): LockOwner & { acquiredAt: string } {
  return {
    pid: process.pid,
    hostname: probe.hostname,
    bootId: probe.bootId,
    startTime: probe.startTimeOf(process.pid),
    acquiredAt: new Date().toISOString(),
  };
}

/**
 * Decides whether a lock's owner still runs. Only a lock from this host can be
 * judged; on it, a lock from before the last boot is stale, and so is one whose
 * pid is gone or now belongs to a process that started at another time.
 */
export function livenessOf(owner: LockOwner, probe: LockProbe): Liveness {
  if (owner.hostname !== null && owner.hostname !== probe.hostname) {
    return {
      alive: true,
      self: false,
      why: `it was taken on host ${owner.hostname}, whose processes cannot be checked from here`,
    };
  }
  if (owner.bootId !== null && probe.bootId !== null && owner.bootId !== probe.bootId) {
    return { alive: false, why: 'it was taken before this machine last started' };
  }
  if (!probe.isAlive(owner.pid)) return { alive: false, why: `no process ${owner.pid} exists any more` };
  const startTime = owner.startTime === null ? null : probe.startTimeOf(owner.pid);
  if (owner.startTime !== null && startTime !== null && startTime !== owner.startTime) {
    return {
      alive: false,
      why: `pid ${owner.pid} now belongs to another process (started at tick ${startTime}, not ${owner.startTime})`,
    };
  }
  if (owner.pid === process.pid) return { alive: true, self: true, why: 'this process' };
  return { alive: true, self: false, why: `process ${owner.pid} is running` };
}

/** The lock's text, or null when there is no lock. */
function readLock(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
}

/** A JSON owner record, or the bare pid that locks written before it held. */
export function parseOwner(text: string): LockOwner | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const pid = Number(trimmed);
    return Number.isSafeInteger(pid) && pid > 0 ? { pid, hostname: null, bootId: null, startTime: null } : null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const record = parsed as Record<string, unknown>;
  const pid = record.pid;
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return null;
  const named = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
  return { pid, hostname: named(record.hostname), bootId: named(record.bootId), startTime: named(record.startTime) };
}

/** This machine, read from the OS and /proc (Linux); elsewhere the boot id and start times are unknown. */
export function localProbe(): LockProbe {
  return { hostname: os.hostname(), bootId: bootId(), isAlive, startTimeOf: processStartTime };
}

function bootId(): string | null {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/**
 * When a process started, in clock ticks since boot: field 22 of /proc/<pid>/stat. The second field
 * (the command name, in parentheses) may itself hold spaces and parentheses, so fields are counted from
 * the last ")".
 */
export function processStartTime(pid: number): string | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const fields = stat
    .slice(stat.lastIndexOf(')') + 1)
    .trim()
    .split(/\s+/);
  // fields[0] is field 3 (state); field 22 is fields[19].
  const start = fields[19];
  return start !== undefined && /^\d+$/.test(start) ? start : null;
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
