import { ConflictError } from './errors';
import { ClaimStatus, type ClaimRecord } from './model';

/*
 * What a claim's status and rank may become, given what they are. Stores
 * check these inside the write's transaction, against the claim as stored
 * then, so that two analysts acting at once cannot undo a retraction: whichever
 * write comes second is judged against what the first left. Messages name no
 * reason the claim was given (a viewer below the claim's text level may not
 * read it).
 */

/** The ConflictError that refuses moving `claim` to `status`, or null when it may move. */
export function statusChangeConflict(claim: ClaimRecord, status: ClaimStatus): ConflictError | null {
  if (claim.status === ClaimStatus.RETRACTED) {
    return new ConflictError(`Claim ${claim.id} is already retracted; a retraction is final.`);
  }
  if (claim.status === status) return new ConflictError(`Claim ${claim.id} is already ${status.toLowerCase()}.`);
  return null;
}

/** The ConflictError that refuses ranking `claim`, or null: a retracted claim no longer stands, so it cannot be ranked. */
export function rankConflict(claim: ClaimRecord): ConflictError | null {
  if (claim.status === ClaimStatus.RETRACTED) {
    return new ConflictError(`Claim ${claim.id} is retracted (a retraction is final); it cannot be ranked.`);
  }
  return null;
}
