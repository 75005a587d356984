import type { GraphSnapshot } from './graph-snapshot';
import { citationsByClaim } from './graph-snapshot';
import { utf8File, type RenderedFile } from './rendered-file';

/** What a bundle file says it is: checked by the importer (src/app/interchange/import/bundle.parser.ts). */
export const BUNDLE_FORMAT = 'athar-bundle';
export const BUNDLE_SCHEMA_VERSION = 1;
export const BUNDLE_FILE_NAME = 'bundle.json';

/**
 * Athar's own format: the records as the store holds them (as the profile
 * sees them), in the shape of the store port's Bundle, so that `athar import`
 * reads back exactly what was exported. One record a line, so that an
 * importer's issue can name the line, and a diff of two exports reads well.
 */
export function renderBundle(snapshot: GraphSnapshot): RenderedFile[] {
  const citations = citationsByClaim(snapshot);
  const list = (items: readonly unknown[]): string =>
    items.length === 0 ? '[]' : `[\n${items.map((i) => JSON.stringify(i)).join(',\n')}\n]`;
  const header = {
    format: BUNDLE_FORMAT,
    schemaVersion: BUNDLE_SCHEMA_VERSION,
    atharVersion: snapshot.atharVersion,
    asOf: snapshot.asOf,
    profile: snapshot.profile,
  };
  const head = JSON.stringify(header).slice(1, -1);
  const claims = snapshot.claims.map((claim) => ({ claim, citations: citations.get(claim.id) ?? [] }));
  const text =
    `{${head},\n"entities": ${list(snapshot.entities)},\n"sources": ${list(snapshot.sources)},\n` +
    `"claims": ${list(claims)}\n}\n`;
  return [utf8File(BUNDLE_FILE_NAME, text)];
}
