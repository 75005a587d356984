import { ExportProfile, mayExport } from './export-profiles';
import { ErrorCode, ForbiddenError } from '../domain/errors';
import {
  AccessLevel,
  ANONYMOUS,
  canAdminister,
  canRead,
  canWrite,
  capClearance,
  defaultClearance,
  maxClearance,
  requireRole,
  Role,
  ROLES,
  type Viewer,
} from './viewer';

const as = (role: Role): Viewer => ({ role, clearance: defaultClearance(role), subject: 'x', via: 'jwt' });

describe('viewer', () => {
  it('gives each role its default clearance, never above its maximum', () => {
    expect(ROLES.map((role) => [role, defaultClearance(role)])).toEqual([
      [Role.PUBLIC, AccessLevel.PUBLIC],
      [Role.ANALYST, AccessLevel.RESTRICTED],
      [Role.LEGAL, AccessLevel.CONFIDENTIAL],
      [Role.ADMIN, AccessLevel.CONFIDENTIAL],
    ]);
    for (const role of ROLES) expect(capClearance(role, defaultClearance(role))).toBe(defaultClearance(role));
  });

  it('caps a requested clearance at the role maximum and keeps a lower one', () => {
    expect(capClearance(Role.ANALYST, AccessLevel.CONFIDENTIAL)).toBe(AccessLevel.RESTRICTED);
    expect(capClearance(Role.PUBLIC, AccessLevel.RESTRICTED)).toBe(AccessLevel.PUBLIC);
    expect(capClearance(Role.LEGAL, AccessLevel.PUBLIC)).toBe(AccessLevel.PUBLIC);
    expect(maxClearance(Role.ADMIN)).toBe(AccessLevel.CONFIDENTIAL);
  });

  it('orders what each role may do', () => {
    const table = ROLES.map((role) => [
      role,
      canWrite(as(role)),
      mayExport(as(role), ExportProfile.PUBLIC),
      canAdminister(as(role)),
    ]);
    expect(table).toEqual([
      [Role.PUBLIC, false, false, false],
      [Role.ANALYST, true, false, false],
      [Role.LEGAL, true, true, false],
      [Role.ADMIN, true, true, true],
    ]);
  });

  it('reads records at or below the clearance', () => {
    const analyst = as(Role.ANALYST);
    expect(canRead(analyst, AccessLevel.PUBLIC)).toBe(true);
    expect(canRead(analyst, AccessLevel.RESTRICTED)).toBe(true);
    expect(canRead(analyst, AccessLevel.CONFIDENTIAL)).toBe(false);
    expect(canRead(ANONYMOUS, AccessLevel.RESTRICTED)).toBe(false);
    // Clearance, not role, decides: a LEGAL token narrowed to PUBLIC reads public records only.
    expect(canRead({ ...as(Role.LEGAL), clearance: AccessLevel.PUBLIC }, AccessLevel.RESTRICTED)).toBe(false);
  });

  it('refuses with FORBIDDEN, naming the role needed', () => {
    expect(() => requireRole(as(Role.ANALYST), Role.ANALYST, 'record a claim')).not.toThrow();
    let caught: unknown;
    try {
      requireRole(ANONYMOUS, Role.ANALYST, 'record a claim');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ForbiddenError);
    const error = caught as ForbiddenError;
    expect([error.code, error.details]).toEqual([ErrorCode.FORBIDDEN, { requiredRole: 'ANALYST' }]);
    expect(error.message).toMatch(
      /To record a claim you need the ANALYST role or higher; this request has the PUBLIC role/,
    );
  });

  it('keeps the anonymous viewer frozen', () => {
    expect(ANONYMOUS).toEqual({ role: Role.PUBLIC, clearance: AccessLevel.PUBLIC, subject: null, via: 'anonymous' });
    expect(() => {
      (ANONYMOUS as { role: Role }).role = Role.ADMIN;
    }).toThrow(TypeError);
  });
});
