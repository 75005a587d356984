import {
  AccessLevel,
  ClaimStatus,
  EntityKind,
  type ClaimWithCitations,
  type EntityRecord,
} from '../../src/domain/model';

/** What the timed operations are asked about, chosen from the generated graph itself. */
export interface BenchSubjects {
  /** The public, unprotected person with the most public claims: the worst case a profile page meets. */
  person: { id: string; name: string; claims: number };
  /** The facility with the most detainee claims: the hub every path and neighbourhood runs into. */
  facility: { id: string; name: string; detainees: number };
  /** A public claim with the most citations, one of them read in another source, so a trace has derivations to follow. */
  traceClaimId: string;
  /** Two people whose shortest public link is 4 claims, or 3 when no pair is that far apart. */
  connection: { fromId: string; toId: string; distance: number } | null;
}

/**
 * Watches the claims go by while they are loaded (a million of them are never
 * held at once) and keeps just enough to choose the subjects: counts per
 * entity and the public entity-to-entity links, for a breadth-first search.
 */
export class SubjectFinder {
  private readonly entities: Map<string, EntityRecord>;
  private readonly personClaims = new Map<string, number>();
  private readonly detainees = new Map<string, number>();
  private readonly links = new Map<string, string[]>();
  private trace: { id: string; score: number } | null = null;

  constructor(entities: readonly EntityRecord[]) {
    this.entities = new Map(entities.map((e) => [e.id, e]));
  }

  observe({ claim, citations }: ClaimWithCitations): void {
    // What the public viewer can see, so that both viewers time the same work on the same subjects.
    if (claim.visibility !== AccessLevel.PUBLIC || claim.status === ClaimStatus.RETRACTED) return;
    for (const id of claim.objectId === null ? [claim.subjectId] : [claim.subjectId, claim.objectId]) {
      if (this.isPublicPerson(id)) this.personClaims.set(id, (this.personClaims.get(id) ?? 0) + 1);
    }
    if (claim.predicate === 'DETAINED_AT' && claim.objectId !== null) {
      this.detainees.set(claim.objectId, (this.detainees.get(claim.objectId) ?? 0) + 1);
    }
    if (claim.objectId !== null && this.isPublic(claim.subjectId) && this.isPublic(claim.objectId)) {
      this.link(claim.subjectId, claim.objectId);
      this.link(claim.objectId, claim.subjectId);
    }
    const publicCitations = citations.filter((c) => c.visibility === AccessLevel.PUBLIC);
    const score = publicCitations.length * 2 + (publicCitations.some((c) => c.viaSourceId !== null) ? 1 : 0);
    if (claim.status === ClaimStatus.ASSERTED && (this.trace === null || score > this.trace.score)) {
      this.trace = { id: claim.id, score };
    }
  }

  subjects(): BenchSubjects {
    const person = best(this.personClaims);
    const facility = best(this.detainees);
    if (!person || !facility || !this.trace) {
      throw new Error('The generated graph is too small to choose subjects from; give more claims.');
    }
    return {
      person: { id: person[0], name: this.entities.get(person[0])!.name, claims: person[1] },
      facility: { id: facility[0], name: this.entities.get(facility[0])!.name, detainees: facility[1] },
      traceClaimId: this.trace.id,
      connection: this.farPerson(person[0]),
    };
  }

  private isPublic(id: string): boolean {
    return this.entities.get(id)?.access === AccessLevel.PUBLIC;
  }

  private isPublicPerson(id: string): boolean {
    const e = this.entities.get(id);
    return e !== undefined && e.kind === EntityKind.PERSON && e.access === AccessLevel.PUBLIC && e.protection === null;
  }

  private link(from: string, to: string): void {
    const list = this.links.get(from);
    if (list) list.push(to);
    else this.links.set(from, [to]);
  }

  /** The first person found at distance 4 from `fromId`, else at distance 3. */
  private farPerson(fromId: string): BenchSubjects['connection'] {
    const distance = new Map<string, number>([[fromId, 0]]);
    let frontier = [fromId];
    const found = new Map<number, string>();
    for (let level = 1; level <= 4 && frontier.length > 0; level++) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const other of this.links.get(id) ?? []) {
          if (distance.has(other)) continue;
          distance.set(other, level);
          next.push(other);
          if (level >= 3 && !found.has(level) && this.entities.get(other)?.kind === EntityKind.PERSON) {
            found.set(level, other);
          }
        }
      }
      frontier = next;
    }
    for (const level of [4, 3]) {
      const toId = found.get(level);
      if (toId !== undefined) return { fromId, toId, distance: level };
    }
    return null;
  }
}

/** The entry with the highest count; the first seen wins a tie, so the choice is deterministic. */
function best(counts: Map<string, number>): [string, number] | null {
  let top: [string, number] | null = null;
  for (const entry of counts) if (top === null || entry[1] > top[1]) top = entry;
  return top;
}
