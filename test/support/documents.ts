import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/domain/project';
import { readSeedFile } from '../../src/main/seed/seed';

/**
 * The seed case's source documents, when this checkout has them (they live
 * outside the repository, in ../shared/sources, or where ATHAR_SOURCES_DIR
 * says). Null when absent: a fresh clone in CI has only the excerpts.
 */
export function seedDocumentLines(): Map<string, string[]> | null {
  const dir = [process.env.ATHAR_SOURCES_DIR, path.join(projectRoot(), '..', 'shared', 'sources')].find(
    (d): d is string => d !== undefined && fs.existsSync(d),
  );
  if (!dir) return null;
  const lines = new Map<string, string[]>();
  for (const [sourceId, file] of Object.entries(readSeedFile().documents)) {
    lines.set(sourceId, fs.readFileSync(path.join(dir, file), 'utf8').split('\n'));
  }
  return lines;
}
