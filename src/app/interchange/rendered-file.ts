/** One file of an export: its name inside the export and its bytes. */
export interface RenderedFile {
  name: string;
  bytes: Buffer;
}

export function utf8File(name: string, text: string): RenderedFile {
  return { name, bytes: Buffer.from(text, 'utf8') };
}
