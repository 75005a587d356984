import { randomInt } from 'node:crypto';
import { canRead, requireRole, Role, type Viewer } from './viewer';
import { AccessLevel, type EntityRecord } from '../domain/model';
import { InsufficientClearanceError } from '../domain/errors';

/** Writes entities, sources and claims: ANALYST and above. */
export function requireWriter(viewer: Viewer, action: string): void {
  requireRole(viewer, Role.ANALYST, action);
}

/** Changes who may see what: ADMIN only. */
export function requireAdmin(viewer: Viewer, action: string): void {
  requireRole(viewer, Role.ADMIN, action);
}

/**
 * Nobody sets an access level or a protection above their own clearance, on
 * a new record or an existing one: a record above it would be one they can
 * neither see nor correct. Refused as FORBIDDEN (InsufficientClearanceError),
 * before anything is written. `field` names what is set ("access", "protection").
 */
export function requireClearanceFor(viewer: Viewer, level: AccessLevel, field: string): void {
  if (!canRead(viewer, level)) {
    throw new InsufficientClearanceError(`set ${field} to ${level}`, level, viewer.clearance);
  }
}

/** The level of a record being created (PUBLIC unless given), at most the writer's clearance (requireClearanceFor). */
export function creationLevel(viewer: Viewer, level: AccessLevel | null | undefined, field: string): AccessLevel {
  const chosen = level ?? AccessLevel.PUBLIC;
  requireClearanceFor(viewer, chosen, field);
  return chosen;
}

/**
 * A writer may change a protected person only with clearance for the
 * protection: below it they hold the pseudonymous view, and writing that back
 * would overwrite the real record.
 */
export function requireEditable(viewer: Viewer, entity: EntityRecord, action: string): void {
  if (entity.protection !== null && !canRead(viewer, entity.protection)) {
    throw new InsufficientClearanceError(action, entity.protection, viewer.clearance);
  }
}

// No 0/O or 1/I: pseudonyms get read aloud and copied by hand.
const PSEUDONYM_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * A new pseudonym. Random rather than derived from the id or a counter, so it
 * says nothing about the person or about when they were recorded; it is
 * stored, so it stays the same for as long as the person is protected.
 */
export function newPseudonym(): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += PSEUDONYM_ALPHABET[randomInt(PSEUDONYM_ALPHABET.length)];
  return `Witness W-${code}`;
}
