import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { isSha256 } from '../../domain/documents';
import { BadUserInputError } from '../../domain/errors';

/**
 * Original documents, content-addressed by sha256: `<dir>/sha256/ab/abcd…`.
 * A blob is written to a temporary file in the same directory tree, fsynced,
 * then renamed into place (and the directory fsynced), so a blob either is
 * whole under its name or is not there; once there it is never changed or
 * removed (a second write of the same bytes keeps the first). Several API
 * processes may share one directory (a network file system): names are
 * content, temporary names are unique, and rename is atomic.
 */
export class BlobStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
  }

  /** Where the blob with this hash lives (whether or not it is there). */
  pathOf(sha256: string): string {
    if (!isSha256(sha256)) throw new BadUserInputError(`"${sha256}" is not a sha256.`, 'sha256');
    return path.join(this.dir, 'sha256', sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    return fs.existsSync(this.pathOf(sha256));
  }

  /** The blob's bytes; null when the store does not hold it. */
  async read(sha256: string): Promise<Buffer | null> {
    try {
      return await fs.promises.readFile(this.pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /**
   * Reads a stream into a temporary file of the store, hashing it on the way,
   * at most `maxBytes` (refused beyond, with the file removed). The result is
   * not yet a blob: `keep()` puts it in place, `discard()` removes it.
   */
  async stage(
    input: Readable,
    options: { maxBytes?: number; onBytes?: (bytes: number) => void } = {},
  ): Promise<StagedBlob> {
    const tmpDir = path.join(this.dir, 'tmp');
    await fs.promises.mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const max = options.maxBytes ?? Number.POSITIVE_INFINITY;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > max) {
          done(new DocumentTooLargeError(max));
          return;
        }
        hash.update(chunk);
        options.onBytes?.(size);
        done(null, chunk);
      },
    });
    try {
      await pipeline(input, meter, fs.createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
      // Durable before it is renamed into place: the rename must never name a file whose bytes are not on disk.
      const file = await fs.promises.open(tmp, 'r');
      try {
        await file.sync();
      } finally {
        await file.close();
      }
    } catch (error) {
      await fs.promises.rm(tmp, { force: true });
      throw error;
    }
    return new StagedBlob(this, tmp, hash.digest('hex'), size);
  }

  /** Stages a file on this machine (the CLI's). */
  stageFile(file: string, options: { maxBytes?: number; onBytes?: (bytes: number) => void } = {}): Promise<StagedBlob> {
    return this.stage(fs.createReadStream(file), options);
  }

  /** Moves a staged file into place under its hash (kept as it is if the blob is already there). */
  async commit(staged: StagedBlob): Promise<string> {
    const target = this.pathOf(staged.sha256);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    if (fs.existsSync(target)) {
      await fs.promises.rm(staged.tmpPath, { force: true });
      return target;
    }
    await fs.promises.chmod(staged.tmpPath, 0o444);
    await fs.promises.rename(staged.tmpPath, target);
    await fsyncDir(path.dirname(target));
    return target;
  }
}

/** A stream read into the blob store's temporary area, hashed, not yet in place. */
export class StagedBlob {
  constructor(
    private readonly store: BlobStore,
    readonly tmpPath: string,
    readonly sha256: string,
    readonly size: number,
  ) {}

  /** Its first bytes, to recognise the format. */
  async head(bytes = 8192): Promise<Buffer> {
    const file = await fs.promises.open(this.tmpPath, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(bytes, this.size));
      await file.read(buffer, 0, buffer.length, 0);
      return buffer;
    } finally {
      await file.close();
    }
  }

  async text(): Promise<string> {
    return fs.promises.readFile(this.tmpPath, 'utf8');
  }

  keep(): Promise<string> {
    return this.store.commit(this);
  }

  async discard(): Promise<void> {
    await fs.promises.rm(this.tmpPath, { force: true });
  }
}

/** A document over the configured size limit (ATHAR_MAX_DOCUMENT_BYTES). */
export class DocumentTooLargeError extends BadUserInputError {
  readonly maxBytes: number;
  constructor(maxBytes: number) {
    super(
      `The document is over the limit of ${maxBytes} bytes (ATHAR_MAX_DOCUMENT_BYTES); nothing was written. ` +
        'Ask an operator to raise the limit, or attach it through the CLI.',
      'file',
    );
    this.maxBytes = maxBytes;
  }
}

async function fsyncDir(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle | null = null;
  try {
    handle = await fs.promises.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some file systems cannot fsync a directory; the rename is still atomic.
  } finally {
    await handle?.close();
  }
}
