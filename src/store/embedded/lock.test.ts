import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DirectoryLock, livenessOf, localProbe, parseOwner, processStartTime, type LockOwner } from './lock';

/*
 * The data directory lock: a lock whose process is gone, or whose pid now
 * belongs to another process (a container restarted: pid 1 again), is taken
 * over with a warning; one held by a running process is refused, naming it.
 */

const onLinux = fs.existsSync('/proc/self/stat');
const linuxOnly = onLinux ? it : it.skip;

let dirs: string[] = [];
let children: ChildProcess[] = [];
let warnings: jest.SpyInstance;

beforeEach(() => {
  warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
});

afterEach(async () => {
  warnings.mockRestore();
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  }
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  dirs = [];
  children = [];
});

function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-lock-'));
  dirs.push(dir);
  return dir;
}

function writeLock(dir: string, owner: Partial<LockOwner> & { pid: number }): void {
  const probe = localProbe();
  const record = { hostname: probe.hostname, bootId: probe.bootId, startTime: null, ...owner };
  fs.writeFileSync(path.join(dir, 'LOCK'), `${JSON.stringify(record)}\n`);
}

/** The pid of a process that has just exited. */
function deadPid(): number {
  const dead = spawnSync(process.execPath, ['-e', '']);
  expect(dead.status).toBe(0);
  return dead.pid;
}

/** A process that runs until the test ends. */
async function livePid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000); console.log("up")'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  children.push(child);
  await new Promise((resolve) => child.stdout!.once('data', resolve));
  return child.pid!;
}

function warned(): string {
  return warnings.mock.calls.map((call) => String(call[0])).join('\n');
}

describe('DirectoryLock', () => {
  it('records who holds it: pid, host, boot id and start time', () => {
    const dir = tmpDir();
    const lock = DirectoryLock.acquire(dir);
    const owner = DirectoryLock.ownerOf(dir);
    expect(owner).toMatchObject({ pid: process.pid, hostname: os.hostname() });
    if (onLinux) {
      expect(owner!.bootId).toMatch(/^[0-9a-f-]{36}$/);
      expect(owner!.startTime).toBe(processStartTime(process.pid));
    }
    lock.release();
    expect(fs.existsSync(path.join(dir, 'LOCK'))).toBe(false);
  });

  it('refuses a second lock in the same process', () => {
    const dir = tmpDir();
    const lock = DirectoryLock.acquire(dir);
    expect(() => DirectoryLock.acquire(dir)).toThrow(`${dir} is in use by another store in this process`);
    lock.release();
  });

  it('takes over the lock of a process that no longer exists (kill -9), and says so', () => {
    const dir = tmpDir();
    const pid = deadPid();
    writeLock(dir, { pid, startTime: '12345' });
    const lock = DirectoryLock.acquire(dir);
    expect(DirectoryLock.ownerOf(dir)!.pid).toBe(process.pid);
    expect(warned()).toContain(`Took over the stale lock ${path.join(dir, 'LOCK')} of process ${pid}`);
    expect(warned()).toContain(`no process ${pid} exists any more`);
    lock.release();
  });

  it('takes over a lock in the old format (a bare pid) whose process is gone', () => {
    const dir = tmpDir();
    const pid = deadPid();
    fs.writeFileSync(path.join(dir, 'LOCK'), `${pid}\n`);
    DirectoryLock.acquire(dir).release();
    expect(warned()).toContain(`of process ${pid}`);
  });

  it('refuses a lock held by a running process, naming the pid and the data directory', async () => {
    const dir = tmpDir();
    const pid = await livePid();
    writeLock(dir, { pid, startTime: processStartTime(pid) });
    expect(() => DirectoryLock.acquire(dir)).toThrow(
      new RegExp(`directory ${escape(dir)} is in use by process ${pid} on host ${escape(os.hostname())}`),
    );
    expect(DirectoryLock.ownerOf(dir)!.pid).toBe(pid);
    expect(warnings).not.toHaveBeenCalled();
  });

  linuxOnly('takes over a lock whose pid now belongs to another process (same pid, other start time)', async () => {
    const dir = tmpDir();
    const pid = await livePid();
    const started = processStartTime(pid)!;
    writeLock(dir, { pid, startTime: String(Number(started) + 1) });
    DirectoryLock.acquire(dir).release();
    expect(warned()).toContain(`pid ${pid} now belongs to another process`);
  });

  linuxOnly('takes over a lock left by pid 1 of a previous life of the container', () => {
    const dir = tmpDir();
    // The new pid 1 is running, but it is not the process that took the lock.
    writeLock(dir, { pid: 1, startTime: String(Number(processStartTime(1) ?? '0') + 1) });
    DirectoryLock.acquire(dir).release();
    expect(warned()).toContain('pid 1 now belongs to another process');
  });

  it('takes over a lock taken before the machine last started', async () => {
    const dir = tmpDir();
    const pid = await livePid();
    writeLock(dir, { pid, bootId: '00000000-0000-0000-0000-000000000000', startTime: processStartTime(pid) });
    const probe = { ...localProbe(), bootId: '11111111-1111-1111-1111-111111111111' };
    DirectoryLock.acquire(dir, probe).release();
    expect(warned()).toContain('before this machine last started');
  });

  it('never takes over a lock from another host, whose process it cannot check', () => {
    const dir = tmpDir();
    writeLock(dir, { pid: deadPid(), hostname: 'elsewhere' });
    expect(() => DirectoryLock.acquire(dir)).toThrow(/in use by process \d+ on host elsewhere \(it was taken on host/);
  });

  it('refuses a lock file that names no process, saying what to do', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'LOCK'), 'garbage');
    expect(() => DirectoryLock.acquire(dir)).toThrow(/names no process .*delete the lock file/);
  });

  it('releases only its own lock', () => {
    const dir = tmpDir();
    const lock = DirectoryLock.acquire(dir);
    fs.writeFileSync(path.join(dir, 'LOCK'), '1\n'); // someone else's now
    lock.release();
    expect(fs.readFileSync(path.join(dir, 'LOCK'), 'utf8')).toBe('1\n');
  });
});

describe('livenessOf', () => {
  const probe = {
    hostname: 'here',
    bootId: 'boot-a',
    isAlive: (pid: number) => pid === 1 || pid === 42,
    startTimeOf: (pid: number) => (pid === 1 ? '100' : pid === 42 ? '4200' : null),
  };
  const owner = (o: Partial<LockOwner>): LockOwner => ({
    pid: 42,
    hostname: 'here',
    bootId: 'boot-a',
    startTime: '4200',
    ...o,
  });

  it.each([
    ['the same process', owner({}), true],
    ['a dead pid', owner({ pid: 7 }), false],
    ['the same pid, started at another time', owner({ pid: 1, startTime: '99' }), false],
    ['an earlier boot', owner({ bootId: 'boot-z' }), false],
    ['another host', owner({ pid: 7, hostname: 'there' }), true],
    ['an old lock: a live pid alone', { pid: 42, hostname: null, bootId: null, startTime: null }, true],
    ['an old lock: a dead pid alone', { pid: 7, hostname: null, bootId: null, startTime: null }, false],
    ['a live pid with another start time', owner({ pid: 42, startTime: '1' }), false],
  ])('%s', (_, lockOwner, alive) => {
    expect(livenessOf(lockOwner, probe).alive).toBe(alive);
  });

  it('judges by the pid alone where start times are unknown (not Linux)', () => {
    expect(livenessOf(owner({ startTime: '1' }), { ...probe, startTimeOf: () => null }).alive).toBe(true);
  });
});

describe('parseOwner', () => {
  it('reads the JSON record and the bare pid of older locks; nothing else', () => {
    expect(parseOwner('{"pid":12,"hostname":"h","bootId":"b","startTime":"3","acquiredAt":"x"}\n')).toEqual({
      pid: 12,
      hostname: 'h',
      bootId: 'b',
      startTime: '3',
    });
    expect(parseOwner('12\n')).toEqual({ pid: 12, hostname: null, bootId: null, startTime: null });
    expect(parseOwner('')).toBeNull();
    expect(parseOwner('{"pid":-1}')).toBeNull();
    expect(parseOwner('[1]')).toBeNull();
  });
});

describe('processStartTime', () => {
  linuxOnly('reads field 22 of /proc/<pid>/stat, and null for a pid that does not exist', async () => {
    expect(processStartTime(process.pid)).toMatch(/^\d+$/);
    // A command name with spaces and parentheses does not shift the fields.
    const oddName = path.join(tmpDir(), 'a) (b');
    fs.symlinkSync(fs.realpathSync('/bin/sleep'), oddName);
    const child = spawn(oddName, ['30'], { stdio: 'ignore' });
    children.push(child);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const start = processStartTime(child.pid!);
    expect(start).toMatch(/^\d+$/);
    expect(Number(start)).toBeGreaterThanOrEqual(Number(processStartTime(process.pid)));
    expect(processStartTime(deadPid())).toBeNull();
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
