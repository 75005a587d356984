import { AccessLevel, canRead, hasRole, requireRole, Role, type Viewer } from './viewer';
import { BadUserInputError, InsufficientClearanceError } from '../domain/errors';

/**
 * Redaction profiles: a case file is produced as one role would see it,
 * through the same scoped store as the API. The profile is printed on the
 * cover, so a reader knows what may have been withheld.
 */
export enum ExportProfile {
  PUBLIC = 'public',
  ANALYST = 'analyst',
  LEGAL = 'legal',
}

export const EXPORT_PROFILES: readonly ExportProfile[] = Object.values(ExportProfile);

export function profileViewer(profile: ExportProfile): Viewer {
  switch (profile) {
    case ExportProfile.PUBLIC:
      return { role: Role.PUBLIC, clearance: AccessLevel.PUBLIC, subject: 'export:public', via: 'anonymous' };
    case ExportProfile.ANALYST:
      return { role: Role.ANALYST, clearance: AccessLevel.RESTRICTED, subject: 'export:analyst', via: 'anonymous' };
    case ExportProfile.LEGAL:
      return { role: Role.LEGAL, clearance: AccessLevel.CONFIDENTIAL, subject: 'export:legal', via: 'anonymous' };
  }
}

export function parseProfile(value: string, field: string): ExportProfile {
  const found = EXPORT_PROFILES.find((p) => p === value.trim().toLowerCase());
  if (!found) {
    throw new BadUserInputError(`Unknown profile "${value}"; use one of: ${EXPORT_PROFILES.join(', ')}.`, field);
  }
  return found;
}

/** The role that makes and downloads case files. */
export const EXPORT_ROLE = Role.LEGAL;

/**
 * Whether a viewer may make, or download, a case file of this profile: the
 * export role, and clearance for everything the profile shows. The one
 * rule for exports, used by the export service and the download route alike.
 */
export function mayExport(viewer: Viewer, profile: ExportProfile): boolean {
  return hasRole(viewer, EXPORT_ROLE) && canRead(viewer, profileViewer(profile).clearance);
}

/** As mayExport, refusing with FORBIDDEN and what is missing: the role, or the clearance. */
export function requireExport(viewer: Viewer, profile: ExportProfile): void {
  requireRole(viewer, EXPORT_ROLE, 'export a case file');
  const needed = profileViewer(profile).clearance;
  if (!canRead(viewer, needed)) {
    throw new InsufficientClearanceError(`export with the ${profile} profile`, needed, viewer.clearance);
  }
}
