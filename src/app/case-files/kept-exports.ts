import fs from 'node:fs';
import path from 'node:path';
import { EXPORT_PROFILES, type ExportProfile } from '../../policy/export-profiles';

/**
 * Exported files kept for download: one folder per manifest hash, holding the
 * file and its manifest, each kept for a limited time. The folder's time is
 * when it was written; after `ttlMs` the folder is refused and removed.
 */
export interface KeptExports {
  exportDir: string;
  ttlMs: number;
}

export interface KeptFile {
  path: string;
  size: number;
  /** The profile the file was made for, from its manifest: who may download it depends on it. */
  profile: ExportProfile;
}

/** The kept file, or null when there is none, it has expired (and is then removed) or its manifest is unreadable. */
export async function findKeptExport(
  kept: KeptExports,
  sha: string,
  name: string,
  now: number = Date.now(),
): Promise<KeptFile | null> {
  const dir = path.join(kept.exportDir, sha);
  try {
    if (now - (await fs.promises.stat(dir)).mtimeMs > kept.ttlMs) {
      await fs.promises.rm(dir, { recursive: true, force: true });
      return null;
    }
    const manifests = (await fs.promises.readdir(dir)).filter((f) => f.endsWith('.manifest.json'));
    if (manifests.length !== 1) return null;
    const manifest = JSON.parse(await fs.promises.readFile(path.join(dir, manifests[0]!), 'utf8')) as {
      profile?: unknown;
    };
    const profile = EXPORT_PROFILES.find((p) => p === manifest.profile);
    if (profile === undefined) return null;
    const file = path.join(dir, name);
    const stat = await fs.promises.stat(file);
    return stat.isFile() ? { path: file, size: stat.size, profile } : null;
  } catch {
    return null;
  }
}

/** Removes the folders of expired exports; returns how many. Run whenever a new export is kept. */
export async function removeExpiredExports(kept: KeptExports, now: number = Date.now()): Promise<number> {
  let removed = 0;
  const names = await fs.promises.readdir(kept.exportDir).catch(() => [] as string[]);
  for (const name of names) {
    if (!/^[0-9a-f]{64}$/.test(name)) continue;
    const dir = path.join(kept.exportDir, name);
    const stat = await fs.promises.stat(dir).catch(() => null);
    if (stat?.isDirectory() && now - stat.mtimeMs > kept.ttlMs) {
      await fs.promises.rm(dir, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}

/** A week: long enough to hand a file on, short enough that old links stop working. */
export const DEFAULT_EXPORT_TTL_HOURS = 168;

export function ttlMsOfHours(hours: number): number {
  return hours * 60 * 60 * 1000;
}
