import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Viewer } from '../../policy/viewer';
import { CaseFileBuilder, type CaseFileReaders, type CaseFileSubjectInput, type Progress } from './case-file.builder';
import { CASE_FILE_SCHEMA_VERSION, ExportFormat, type CaseFile, type ExportManifest } from './case-file';
import { EXPORT_PROFILES, ExportProfile, profileViewer, requireExport } from '../../policy/export-profiles';
import { describeProfile } from './profile-description';
import { removeExpiredExports, ttlMsOfHours } from './kept-exports';
import { renderCaseFile } from './renderers';

export interface ExportRequest {
  subject: CaseFileSubjectInput;
  profile: ExportProfile;
  /** The graph as it stood then; default now. */
  asOf?: Date | null;
}

export interface ExportedFile {
  fileName: string;
  bytes: Buffer;
  manifest: ExportManifest;
  manifestFileName: string;
  manifestBytes: Buffer;
  /** sha256 of the manifest's bytes: the one value that identifies this export. */
  manifestSha256: string;
}

export interface KeptExport extends ExportedFile {
  /** Download paths, relative to the server: /exports/<manifestSha256>/<file>. */
  url: string;
  manifestUrl: string;
}

export interface ExportOptions {
  atharVersion: string;
  chromiumPath: string;
  /** Where exports are kept for download, one folder per manifest hash. */
  exportDir: string;
  /** Hours a kept export stays downloadable; expired ones are removed when the next is kept. */
  exportTtlHours: number;
  now: () => Date;
  /**
   * Services for a viewer over the graph as it stood at a time: the profile's
   * view, through the same scoped store as the API.
   */
  servicesFor(viewer: Viewer, asOf: Date): CaseFileReaders;
  /** Appends the export to the audit trail (who, what, the manifest's hash). */
  recordExport(exported: ExportedFile, requester: Viewer): Promise<void>;
}

/**
 * Case files for legal teams: LEGAL and ADMIN only, for a profile that sees no
 * more than the requester. The builder reads through the profile's services,
 * so the file holds exactly what the API would show that profile.
 */
export class ExportService {
  constructor(
    private readonly viewer: Viewer,
    private readonly options: ExportOptions,
  ) {}

  async caseFile(request: ExportRequest, progress?: Progress): Promise<CaseFile> {
    this.authorise(request.profile);
    const asOf = request.asOf ?? this.options.now();
    const services = this.options.servicesFor(profileViewer(request.profile), asOf);
    const builder = new CaseFileBuilder(
      services,
      { atharVersion: this.options.atharVersion, asOf: asOf.toISOString(), profile: describeProfile(request.profile) },
      progress,
    );
    return builder.build(request.subject);
  }

  async export(request: ExportRequest, format: ExportFormat, progress?: Progress): Promise<ExportedFile> {
    const file = await this.caseFile(request, progress);
    progress?.('rendering', 4, 5);
    const bytes = await renderCaseFile(file, format, { chromiumPath: this.options.chromiumPath });
    const fileName = exportFileName(file, format);
    const manifest = manifestOf(file, format, [{ name: fileName, bytes }]);
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
    const exported: ExportedFile = {
      fileName,
      bytes,
      manifest,
      manifestFileName: `${fileName}.manifest.json`,
      manifestBytes,
      manifestSha256: sha256(manifestBytes),
    };
    await this.options.recordExport(exported, this.viewer);
    progress?.('done', 5, 5);
    return exported;
  }

  /** Exports and keeps the file and its manifest for download. */
  async exportAndKeep(request: ExportRequest, format: ExportFormat): Promise<KeptExport> {
    const exported = await this.export(request, format);
    await removeExpiredExports({ exportDir: this.options.exportDir, ttlMs: ttlMsOfHours(this.options.exportTtlHours) });
    const dir = path.join(this.options.exportDir, exported.manifestSha256);
    await fs.promises.mkdir(dir, { recursive: true });
    await fs.promises.writeFile(path.join(dir, exported.fileName), exported.bytes);
    await fs.promises.writeFile(path.join(dir, exported.manifestFileName), exported.manifestBytes);
    return {
      ...exported,
      url: `/exports/${exported.manifestSha256}/${exported.fileName}`,
      manifestUrl: `/exports/${exported.manifestSha256}/${exported.manifestFileName}`,
    };
  }

  private authorise(profile: ExportProfile): void {
    requireExport(this.viewer, profile);
  }
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** sha256 of the sorted claim ids, one per line: the same claims give the same hash in every format. */
export function claimSetSha256(file: CaseFile): string {
  return sha256(
    file.footnotes
      .map((f) => f.claimId)
      .sort()
      .join('\n'),
  );
}

export function manifestOf(
  file: CaseFile,
  format: ExportFormat,
  files: { name: string; bytes: Buffer }[],
): ExportManifest {
  return {
    schemaVersion: CASE_FILE_SCHEMA_VERSION,
    atharVersion: file.atharVersion,
    subject: file.subject,
    asOf: file.asOf,
    profile: file.profile.name,
    format,
    files: files.map((f) => ({ name: f.name, sha256: sha256(f.bytes), bytes: f.bytes.length })),
    claimSetSha256: claimSetSha256(file),
    claimCount: file.footnotes.length,
  };
}

/** A name that says what the file is, and stays the same for the same subject, profile and time. */
/** The audit reason of an export: what was made, for whom, and the manifest that identifies it. */
export function exportAuditReason(exported: ExportedFile): string {
  const { format, profile, asOf } = exported.manifest;
  return `Exported ${exported.fileName} (${format}, ${profile} profile, as of ${asOf}); manifest sha256 ${exported.manifestSha256}`;
}

/** The profile named in an export's audit reason; null when the reason is not one exportAuditReason wrote. */
export function exportProfileInReason(reason: string | null): ExportProfile | null {
  const named = /^Exported \S+ \(\w+, (\w+) profile, /.exec(reason ?? '');
  return EXPORT_PROFILES.find((p) => p === named?.[1]) ?? null;
}

export function exportFileName(file: CaseFile, format: ExportFormat): string {
  const subject = file.subject.id ?? `claims-${claimSetSha256(file).slice(0, 12)}`;
  const at = file.asOf.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `case-file_${subject}_${file.profile.name}_${at}.${format}`;
}
