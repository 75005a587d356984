import { AccessLevel, Role, type Viewer } from '../../src/policy/viewer';

function viewer(role: Role, clearance: AccessLevel, subject: string): Viewer {
  return Object.freeze({ role, clearance, subject, via: 'jwt' as const });
}

/** One viewer per role, with the clearance the role gets by default. */
export const VIEWERS = {
  public: viewer(Role.PUBLIC, AccessLevel.PUBLIC, 'test-public'),
  analyst: viewer(Role.ANALYST, AccessLevel.RESTRICTED, 'test-analyst'),
  legal: viewer(Role.LEGAL, AccessLevel.CONFIDENTIAL, 'test-legal'),
  admin: viewer(Role.ADMIN, AccessLevel.CONFIDENTIAL, 'test-admin'),
} as const;
