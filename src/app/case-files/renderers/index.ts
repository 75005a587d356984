import { ExportFormat, type CaseFile } from '../case-file';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { renderPdf, type PdfOptions } from './pdf';

export { renderHtml } from './html';
export { renderJson } from './json';
export { renderMarkdown } from './markdown';
export { DEFAULT_PDF_TIMEOUT_MS, renderPdf, type PdfOptions } from './pdf';
export { InvalidCaseFileError } from './document';

/** What rendering may need; only PDF uses it today. */
export type RenderOptions = PdfOptions;

/** One case file, one format, bytes ready to write: the same file always gives the same bytes. */
export async function renderCaseFile(file: CaseFile, format: ExportFormat, options: RenderOptions): Promise<Buffer> {
  switch (format) {
    case ExportFormat.JSON:
      return renderJson(file);
    case ExportFormat.MARKDOWN:
      return renderMarkdown(file);
    case ExportFormat.HTML:
      return renderHtml(file);
    case ExportFormat.PDF:
      return renderPdf(file, options);
  }
}
