import type { CitationRecord, ClaimRecord, EntityRecord, SourceRecord } from '../../domain/model';
import { BadUserInputError } from '../../domain/errors';
import type { Operation } from './journal';

/*
 * The services validate records in full. The store checks only the fields its
 * indexes use, before anything is journaled: a record that got past the
 * services with, say, a missing name must be refused here, not fail while
 * being applied after it is already in the journal (and then on every replay).
 */

export function checkShape(operation: Operation): void {
  const { op, data } = operation;
  switch (op) {
    case 'createEntity':
    case 'updateEntity':
      return entity(data, 'entity');
    case 'createSource':
    case 'updateSource':
      return source(data, 'source');
    case 'assertClaim':
      claim(data.claim, 'claim');
      return list(data.citations, 'citations', citation);
    case 'addCitations':
      text(data.claimId, 'claimId');
      return list(data.citations, 'citations', citation);
    case 'setClaimStatus':
      text(data.claimId, 'claimId');
      return text(data.status, 'status');
    case 'setClaimRank':
      text(data.claimId, 'claimId');
      return text(data.rank, 'rank');
    case 'applyAccessChange':
      list(data.entities, 'entities', (e: { id: string; access?: string }, field) => {
        id(e.id, `${field}.id`);
        if (e.access !== undefined) text(e.access, `${field}.access`);
      });
      list(data.sources, 'sources', (s: { id: string; access: string }, field) => {
        id(s.id, `${field}.id`);
        text(s.access, `${field}.access`);
      });
      list(data.claims, 'claims', (c: { id: string; visibility: string }, field) => {
        id(c.id, `${field}.id`);
        text(c.visibility, `${field}.visibility`);
      });
      return list(data.citations, 'citations', (c: { id: string; visibility: string }, field) => {
        id(c.id, `${field}.id`);
        text(c.visibility, `${field}.visibility`);
      });
    case 'attachDocument':
      if (typeof data.document !== 'object' || data.document === null) {
        throw new BadUserInputError('A document is required.', 'document');
      }
      id(data.document.id, 'document.id');
      id(data.document.sourceId, 'document.sourceId');
      text(data.document.sha256, 'document.sha256');
      return list(data.segments, 'segments', (s: { text: string }, field) => text(s.text, `${field}.text`));
    case 'recordExport':
      list(data.entityIds, 'entityIds', id);
      return list(data.claimIds, 'claimIds', id);
    case 'mergeEntities':
    case 'splitEntity':
    case 'judgeSameOrigin':
    case 'undoSameOrigin':
      if (typeof data.judgement !== 'object' || data.judgement === null) {
        throw new BadUserInputError('A judgement is required.', 'judgement');
      }
      id(data.judgement.id, 'judgement.id');
      list(data.judgement.recordIds, 'judgement.recordIds', id);
      list(data.entities, 'entities', entity);
      return list(data.claims, 'claims', claim);
    case 'importBundle':
      list(data.entities, 'entities', entity);
      list(data.sources, 'sources', source);
      return list(data.claims, 'claims', (c: { claim: ClaimRecord; citations: CitationRecord[] }, field) => {
        claim(c.claim, `${field}.claim`);
        list(c.citations, `${field}.citations`, citation);
      });
  }
}

function entity(e: EntityRecord, field: string): void {
  id(e.id, `${field}.id`);
  text(e.kind, `${field}.kind`);
  text(e.name, `${field}.name`);
  list(e.aliases, `${field}.aliases`, text);
}

function source(s: SourceRecord, field: string): void {
  id(s.id, `${field}.id`);
  text(s.kind, `${field}.kind`);
  list(s.derivedFromIds, `${field}.derivedFromIds`, id);
}

function claim(c: ClaimRecord, field: string): void {
  if (typeof c !== 'object' || c === null) throw new BadUserInputError('A claim is required.', field);
  id(c.id, `${field}.id`);
  id(c.subjectId, `${field}.subjectId`);
  text(c.predicate, `${field}.predicate`);
  text(c.status, `${field}.status`);
  if (c.objectId !== null) id(c.objectId, `${field}.objectId`);
}

function citation(c: CitationRecord, field: string): void {
  id(c.id, `${field}.id`);
  id(c.claimId, `${field}.claimId`);
  id(c.sourceId, `${field}.sourceId`);
  if (c.viaSourceId !== null) id(c.viaSourceId, `${field}.viaSourceId`);
}

function list<T>(values: readonly T[], field: string, each: (value: T, field: string) => void): void {
  if (!Array.isArray(values)) throw new BadUserInputError(`${field} must be a list.`, field);
  values.forEach((value, i) => each(value, `${field}[${i}]`));
}

function text(value: unknown, field: string): void {
  if (typeof value !== 'string') throw new BadUserInputError(`${field} must be a string.`, field);
}

function id(value: unknown, field: string): void {
  if (typeof value !== 'string' || value === '') throw new BadUserInputError(`${field} must be a non-empty id.`, field);
}
