import { ExportProfile, profileViewer } from '../../policy/export-profiles';
import type { CaseFileProfile } from './case-file';

/** The profile as printed on a case file's cover, so a reader knows what may have been withheld. */
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
