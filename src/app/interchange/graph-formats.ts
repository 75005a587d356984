import { BadUserInputError } from '../../domain/errors';
import { renderBundle } from './bundle';
import { renderCsv } from './csv';
import { renderFtm } from './ftm';
import { renderGexf } from './gexf';
import type { GraphSnapshot } from './graph-snapshot';
import { renderGraphml } from './graphml';
import { renderJsonLd } from './jsonld';
import type { RenderedFile } from './rendered-file';

export enum GraphFormat {
  GRAPHML = 'graphml',
  GEXF = 'gexf',
  CSV = 'csv',
  FTM = 'ftm',
  JSONLD = 'jsonld',
  /** Athar's own bundle JSON, which `athar import` reads back (docs/import.md). */
  BUNDLE = 'bundle',
}

export const GRAPH_FORMATS: readonly GraphFormat[] = Object.values(GraphFormat);

const RENDERERS: Record<GraphFormat, (snapshot: GraphSnapshot) => RenderedFile[]> = {
  [GraphFormat.GRAPHML]: renderGraphml,
  [GraphFormat.GEXF]: renderGexf,
  [GraphFormat.CSV]: renderCsv,
  [GraphFormat.FTM]: renderFtm,
  [GraphFormat.JSONLD]: renderJsonLd,
  [GraphFormat.BUNDLE]: renderBundle,
};

/** The files of one format; every format but CSV is one file. */
export function renderGraph(snapshot: GraphSnapshot, format: GraphFormat): RenderedFile[] {
  return RENDERERS[format](snapshot);
}

export function parseGraphFormat(value: string, field: string): GraphFormat {
  const found = GRAPH_FORMATS.find((f) => f === value.trim().toLowerCase());
  if (!found) throw new BadUserInputError(`Unknown format "${value}"; use one of: ${GRAPH_FORMATS.join(', ')}.`, field);
  return found;
}
