import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AtharContext } from '../graphql/context';
import { ImportFormat, importFile } from '../../app/interchange/import/import.model';
import { BadUserInputError } from '../../domain/errors';
import { ImportReportType } from './import.type';

/** Content importData takes in one request; larger files go through `athar import`. */
export const MAX_IMPORT_BYTES = 1024 * 1024;

@Resolver()
export class ImportResolver {
  @Mutation(() => ImportReportType, {
    description:
      'ANALYST and above: imports a small file (bundle JSON, CSV with a mapping, or FtM JSON lines) through the same ' +
      'path as `athar import`: validated first, nothing written if anything is wrong, one audit record naming its sha256. ' +
      'Bad rows come back as issues in the report (file, line, column, message), not as errors.',
  })
  async importData(
    @Arg('format', () => ImportFormat, { description: 'How to read `content`.' }) format: ImportFormat,
    @Arg('content', { description: `The file's text, at most ${MAX_IMPORT_BYTES} bytes (UTF-8).` }) content: string,
    @Ctx() { services }: AtharContext,
    @Arg('fileName', () => String, { nullable: true, description: 'The name issues use; default "content".' })
    fileName?: string | null,
    @Arg('mapping', () => String, { nullable: true, description: 'CSV only: the column mapping, JSON or YAML.' })
    mapping?: string | null,
    @Arg('dryRun', () => Boolean, { nullable: true, description: 'Validate and report; write nothing.' })
    dryRun?: boolean | null,
    @Arg('reason', () => String, { nullable: true, description: 'Why, kept in the audit record.' })
    reason?: string | null,
  ): Promise<ImportReportType> {
    for (const [field, text] of [
      ['content', content],
      ['mapping', mapping ?? ''],
    ] as const) {
      const bytes = Buffer.byteLength(text, 'utf8');
      if (bytes > MAX_IMPORT_BYTES) {
        throw new BadUserInputError(
          `${field} is ${bytes} bytes; importData takes at most ${MAX_IMPORT_BYTES}. Import larger files with \`athar import\`.`,
          field,
        );
      }
    }
    const name = fileName?.trim() || 'content';
    const report = await services.imports.import({
      format,
      files: [importFile(name, content)],
      mapping: mapping ? importFile('mapping', mapping) : null,
      dryRun: dryRun ?? false,
      reason: reason ?? null,
    });
    return { ...report };
  }
}
