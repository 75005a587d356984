import { AccessLevel, accessLevelRank, Role, type Viewer } from './viewer';
import { BadUserInputError, InsufficientClearanceError } from '../domain/errors';
import type { CaseFileProfile } from '../app/case-files/case-file';

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

export function describeProfile(profile: ExportProfile): CaseFileProfile {
  const viewer = profileViewer(profile);
  const description = ((): string => {
    switch (profile) {
      case ExportProfile.PUBLIC:
        return 'For publication: public material only. Protected people appear under pseudonyms and the excerpts about them are withheld; restricted and confidential sources are left out.';
      case ExportProfile.ANALYST:
        return 'For analysts: public and restricted material. Confidential sources are left out; people protected at the confidential level appear under pseudonyms.';
      case ExportProfile.LEGAL:
        return 'For the legal team: everything up to confidential, with the real names of protected people. Not for publication.';
    }
  })();
  return { name: profile, role: viewer.role, clearance: viewer.clearance, description };
}

export function parseProfile(value: string, field: string): ExportProfile {
  const found = EXPORT_PROFILES.find((p) => p === value.trim().toLowerCase());
  if (!found) {
    throw new BadUserInputError(`Unknown profile "${value}"; use one of: ${EXPORT_PROFILES.join(', ')}.`, field);
  }
  return found;
}

/** A requester may produce a file for a profile that sees no more than they do. */
export function requireProfileWithin(viewer: Viewer, profile: ExportProfile): void {
  const needed = profileViewer(profile).clearance;
  if (accessLevelRank(needed) > accessLevelRank(viewer.clearance)) {
    throw new InsufficientClearanceError(`export with the ${profile} profile`, needed, viewer.clearance);
  }
}
