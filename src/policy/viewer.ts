import { ACCESS_LEVELS, accessLevelRank, Role, ROLES, roleRank } from '../domain/access';
import { AccessLevel } from '../domain/model';
import { ForbiddenError } from '../domain/errors';

export { AccessLevel, ACCESS_LEVELS, accessLevelRank, Role, ROLES, roleRank };

/** Who is asking: decided once per request, from its credential, and never changed after. */
export interface Viewer {
  readonly role: Role;
  /** The highest access level of the records this viewer may read. */
  readonly clearance: AccessLevel;
  /** The token's `sub` or the API key's name; null for the anonymous viewer (or a token without `sub`). */
  readonly subject: string | null;
  readonly via: 'anonymous' | 'jwt' | 'api-key' | 'cli';
}

export const ANONYMOUS: Viewer = Object.freeze({
  role: Role.PUBLIC,
  clearance: AccessLevel.PUBLIC,
  subject: null,
  via: 'anonymous',
});

/** The most a credential may grant a role. */
export function maxClearance(role: Role): AccessLevel {
  switch (role) {
    case Role.PUBLIC:
      return AccessLevel.PUBLIC;
    case Role.ANALYST:
      return AccessLevel.RESTRICTED;
    case Role.LEGAL:
    case Role.ADMIN:
      return AccessLevel.CONFIDENTIAL;
  }
}

/** The clearance a role gets when its credential names none: all its role allows. */
export function defaultClearance(role: Role): AccessLevel {
  return maxClearance(role);
}

/** Whether a credential for this role may hold this clearance. */
export function withinCeiling(role: Role, level: AccessLevel): boolean {
  return accessLevelRank(level) <= accessLevelRank(maxClearance(role));
}

/** The lower of the requested clearance and the role's ceiling. */
export function capClearance(role: Role, requested: AccessLevel): AccessLevel {
  const ceiling = maxClearance(role);
  return accessLevelRank(requested) <= accessLevelRank(ceiling) ? requested : ceiling;
}

export function hasRole(viewer: Viewer, atLeast: Role): boolean {
  return roleRank(viewer.role) >= roleRank(atLeast);
}

/** Writes entities, sources and claims. */
export function canWrite(viewer: Viewer): boolean {
  return hasRole(viewer, Role.ANALYST);
}

/** Manages access levels. */
export function canAdminister(viewer: Viewer): boolean {
  return hasRole(viewer, Role.ADMIN);
}

/** Whether a record at `level` may be shown to this viewer. */
export function canRead(viewer: Viewer, level: AccessLevel): boolean {
  return accessLevelRank(level) <= accessLevelRank(viewer.clearance);
}

/**
 * Throws a FORBIDDEN error naming the role needed unless the viewer has it.
 * `action` completes "To ...", e.g. `requireRole(viewer, Role.ANALYST, 'record a claim')`.
 */
export function requireRole(viewer: Viewer, atLeast: Role, action: string): void {
  if (!hasRole(viewer, atLeast)) throw new ForbiddenError(action, atLeast, viewer.role);
}

export function parseRole(value: string): Role | null {
  const upper = value.trim().toUpperCase();
  return ROLES.find((role) => role === upper) ?? null;
}

export function parseAccessLevel(value: string): AccessLevel | null {
  const upper = value.trim().toUpperCase();
  return ACCESS_LEVELS.find((level) => level === upper) ?? null;
}
