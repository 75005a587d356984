import { AccessLevel } from './model';

/** What a viewer may do. Each role can do everything the ones before it can. */
export enum Role {
  /** Anonymous: reads public material only. */
  PUBLIC = 'PUBLIC',
  /** Reads restricted material; writes entities, sources and claims. */
  ANALYST = 'ANALYST',
  /** Also reads confidential material and exports case files. */
  LEGAL = 'LEGAL',
  /** Also manages access levels. */
  ADMIN = 'ADMIN',
}

export const ROLES: readonly Role[] = Object.values(Role);
export const ACCESS_LEVELS: readonly AccessLevel[] = Object.values(AccessLevel);

export function roleRank(role: Role): number {
  switch (role) {
    case Role.PUBLIC:
      return 0;
    case Role.ANALYST:
      return 1;
    case Role.LEGAL:
      return 2;
    case Role.ADMIN:
      return 3;
  }
}

export function accessLevelRank(level: AccessLevel): number {
  switch (level) {
    case AccessLevel.PUBLIC:
      return 0;
    case AccessLevel.RESTRICTED:
      return 1;
    case AccessLevel.CONFIDENTIAL:
      return 2;
  }
}
