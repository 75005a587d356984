import * as fs from 'node:fs';

export interface Line {
  /** 1-based line number. */
  number: number;
  /** The line's text without its newline. */
  text: string;
  /** Byte offset of the line's first byte. */
  start: number;
  /** Byte offset just past the line (past its newline when it has one). */
  end: number;
  /** False for a last line with no newline after it. */
  terminated: boolean;
}

const CHUNK = 1 << 20;
const NEWLINE = 0x0a;

/**
 * The lines of a file, read in chunks so that neither the file nor any string
 * built from it has to fit in one V8 string.
 */
export function* readLines(file: string): Generator<Line> {
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(CHUNK);
    let carry: Buffer[] = [];
    let carryLength = 0;
    let offset = 0;
    let lineStart = 0;
    let number = 0;
    for (;;) {
      const read = fs.readSync(fd, chunk, 0, CHUNK, offset);
      if (read === 0) break;
      let from = 0;
      for (;;) {
        const nl = chunk.indexOf(NEWLINE, from);
        if (nl === -1 || nl >= read) break;
        const piece = chunk.subarray(from, nl);
        const text = carryLength > 0 ? Buffer.concat([...carry, piece]).toString('utf8') : piece.toString('utf8');
        carry = [];
        carryLength = 0;
        const end = offset + nl + 1;
        number += 1;
        yield { number, text, start: lineStart, end, terminated: true };
        lineStart = end;
        from = nl + 1;
      }
      if (from < read) {
        carry.push(Buffer.from(chunk.subarray(from, read)));
        carryLength += read - from;
      }
      offset += read;
    }
    if (carryLength > 0) {
      number += 1;
      yield { number, text: Buffer.concat(carry).toString('utf8'), start: lineStart, end: offset, terminated: false };
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes all of `data` at the fd's position (loops over short writes). */
export function writeAll(fd: number, data: Buffer): void {
  let done = 0;
  while (done < data.length) done += fs.writeSync(fd, data, done, data.length - done);
}

/** Makes a rename or a file creation in `dir` durable. */
export function fsyncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch (error) {
    if (process.platform === 'win32') return; // Directories cannot be opened (or synced) there.
    throw error;
  }
  try {
    fs.fsyncSync(fd);
  } catch (error) {
    if (process.platform !== 'win32') throw error;
  } finally {
    fs.closeSync(fd);
  }
}

export function fileExists(file: string): boolean {
  return fs.existsSync(file);
}
