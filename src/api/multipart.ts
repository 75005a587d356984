import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import type http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { UploadedFile } from './documents/upload';

/*
 * The GraphQL multipart request spec
 * (https://github.com/jaydenseric/graphql-multipart-request-spec): a
 * multipart/form-data body whose `operations` field is the JSON operation
 * with null where files go, whose `map` field says which file part goes at
 * which path of it, then the file parts. Parsed with busboy; each file is
 * spooled to a temporary file (removed once the request is answered) so that
 * no document is held in memory.
 */

/** Files in one request: attachDocument takes one; a few allow aliases. */
const MAX_FILES = 10;
/** The operations and map fields, like any other GraphQL request body. */
const MAX_FIELD_BYTES = 1024 * 1024;

export type MultipartResult =
  { ok: true; body: unknown; cleanup: () => Promise<void> } | { ok: false; status: number; message: string };

/** Whether a request is a multipart upload. */
export function isMultipart(req: http.IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

/**
 * A browser sends multipart/form-data cross-site without a preflight: such a
 * request must carry a header no simple form can set, as Apollo's CSRF
 * prevention asks of every request with a simple content type.
 */
export function hasPreflightHeader(req: http.IncomingMessage): boolean {
  const value = (name: string): string => {
    const raw = req.headers[name];
    return (Array.isArray(raw) ? raw.join(',') : (raw ?? '')).trim();
  };
  return value('apollo-require-preflight') !== '' || value('x-apollo-operation-name') !== '';
}

/** Reads a multipart request into the operation with its files in place, or says why it cannot. */
export function readMultipart(req: http.IncomingMessage, maxFileBytes: number): Promise<MultipartResult> {
  return new Promise((resolve) => {
    const files: string[] = [];
    const cleanup = async (): Promise<void> => {
      await Promise.all(files.map((f) => fs.promises.rm(f, { force: true })));
    };
    let settled = false;
    const fail = (status: number, message: string): void => {
      if (settled) return;
      settled = true;
      req.unpipe();
      req.resume();
      void cleanup();
      resolve({ ok: false, status, message });
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: MAX_FILES, fileSize: maxFileBytes, fieldSize: MAX_FIELD_BYTES, fields: 2 },
      });
    } catch {
      fail(400, 'The multipart/form-data request has no boundary; send operations, map and the files as its parts.');
      return;
    }
    let operations: unknown = undefined;
    let map: Record<string, string[]> | null = null;
    const uploads = new Map<string, UploadedFile>();
    const writes: Promise<void>[] = [];

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return fail(413, `The "${name}" field is over ${MAX_FIELD_BYTES} bytes.`);
      try {
        if (name === 'operations') operations = JSON.parse(value);
        else if (name === 'map') map = parseMap(JSON.parse(value));
        else fail(400, `Unexpected field "${name}": a multipart request has "operations", "map" and files.`);
      } catch (error) {
        fail(400, error instanceof MapError ? error.message : `The "${name}" field is not valid JSON.`);
      }
    });
    parser.on('file', (name, stream, info) => {
      if (operations === undefined || map === null) {
        stream.resume();
        return fail(400, 'The "operations" and "map" fields must come before the files.');
      }
      if (!(name in map)) {
        stream.resume();
        return fail(400, `The file part "${name}" is not in the map.`);
      }
      const tmp = path.join(os.tmpdir(), `athar-upload-${randomUUID()}`);
      files.push(tmp);
      let over = false;
      stream.on('limit', () => {
        over = true;
      });
      writes.push(
        pipeline(stream, fs.createWriteStream(tmp)).then(() => {
          if (over) {
            fail(
              413,
              `The file "${info.filename}" is over the limit of ${maxFileBytes} bytes (ATHAR_MAX_DOCUMENT_BYTES); ` +
                'nothing was written.',
            );
            return;
          }
          const mediaType = info.mimeType && info.mimeType !== 'application/octet-stream' ? info.mimeType : null;
          uploads.set(name, new UploadedFile(info.filename ?? name, mediaType, () => fs.createReadStream(tmp)));
        }),
      );
    });
    parser.on('filesLimit', () => fail(413, `At most ${MAX_FILES} files per request.`));
    parser.on('error', () => fail(400, 'The multipart/form-data body could not be read.'));
    parser.on('close', () => {
      void Promise.all(writes)
        .then(() => {
          if (settled) return;
          if (operations === undefined || map === null) {
            return fail(
              400,
              'A multipart request needs an "operations" and a "map" field (GraphQL multipart request spec).',
            );
          }
          if (typeof operations !== 'object' || operations === null || Array.isArray(operations)) {
            return fail(400, '"operations" must be one operation object; batches are not accepted.');
          }
          for (const [name, paths] of Object.entries(map)) {
            const upload = uploads.get(name);
            if (upload === undefined) return fail(400, `The map names the file part "${name}", which was not sent.`);
            for (const p of paths) {
              if (!setAt(operations as Record<string, unknown>, p, upload)) {
                return fail(400, `The map path "${p}" is not a null in operations (e.g. "variables.file").`);
              }
            }
          }
          settled = true;
          resolve({ ok: true, body: operations, cleanup });
        })
        .catch(() => fail(400, 'A file part could not be read.'));
    });
    req.pipe(parser);
  });
}

class MapError extends Error {}

function parseMap(value: unknown): Record<string, string[]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MapError('"map" must be an object from file part names to lists of paths in operations.');
  }
  const out: Record<string, string[]> = {};
  for (const [name, paths] of Object.entries(value as Record<string, unknown>)) {
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string')) {
      throw new MapError(`"map"."${name}" must be a list of paths such as ["variables.file"].`);
    }
    out[name] = paths as string[];
  }
  return out;
}

/** Puts `value` at a dotted path ("variables.file", "variables.files.0") where operations holds null. */
function setAt(target: Record<string, unknown>, dotted: string, value: unknown): boolean {
  const keys = dotted.split('.');
  if (
    keys[0] !== 'variables' ||
    keys.some((k) => k === '' || k === '__proto__' || k === 'constructor' || k === 'prototype')
  ) {
    return false;
  }
  let node: unknown = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return false;
    node = (node as Record<string, unknown>)[key];
  }
  const last = keys[keys.length - 1]!;
  if (typeof node !== 'object' || node === null) return false;
  const holder = node as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(holder, last) || holder[last] !== null) return false;
  holder[last] = value;
  return true;
}
