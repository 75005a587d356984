import { entityKindOfRecordType, newId, recordTypeOf, recordTypeOfEntityKind } from '../../domain/ids';
import {
  AccessLevel,
  EntityKind,
  EntityRecord,
  EventType,
  FacilityType,
  PlaceType,
  newEntityRecord,
} from '../../domain/model';
import {
  creationLevel,
  newPseudonym,
  requireClearanceFor,
  requireEditable,
  requireWriter,
} from '../../policy/permissions';
import { canRead, type Viewer } from '../../policy/viewer';
import { BadUserInputError, NotFoundError } from '../../domain/errors';
import type { Loaders } from '../loaders';
import { type ResolvedEntity, resolveMerged } from '../resolution/resolved';
import { Connection, pageRequest, toConnection } from '../paging';
import { fuzzyDate, numberInRange, optionalText, requiredText, textList } from '../validate';
import type { EntityEditField, Store } from '../../store/store.port';
import { auditContextOf } from '../../domain/audit';

/** Fields a client may set on an entity; which apply depends on the kind. */
export interface EntityInput {
  name?: string | null;
  aliases?: string[] | null;
  description?: string | null;
  facilityType?: FacilityType | null;
  placeType?: PlaceType | null;
  latitude?: number | null;
  longitude?: number | null;
  eventType?: EventType | null;
  date?: string | null;
}

/** Only when creating: who may see the entity, and for a person, whether they are protected. */
export interface NewEntityInput extends EntityInput {
  access?: AccessLevel | null;
  protection?: AccessLevel | null;
}

export interface EntityListFilter {
  nameContains?: string | null;
  subtype?: string | null;
}

const KIND_ONLY_FIELDS: Record<string, EntityKind> = {
  facilityType: EntityKind.FACILITY,
  placeType: EntityKind.PLACE,
  latitude: EntityKind.PLACE,
  longitude: EntityKind.PLACE,
  eventType: EntityKind.EVENT,
  date: EntityKind.EVENT,
};

export class EntityService {
  constructor(
    private readonly store: Store,
    private readonly loaders: Loaders,
    private readonly viewer: Viewer,
    private readonly now: () => Date,
    private readonly maxPageSize: number,
  ) {}

  /** The entity; an id merged into another reads as the survivor (src/app/resolution/resolved.ts). */
  async find(id: string): Promise<ResolvedEntity | null> {
    return (await this.findMany([id]))[0] ?? null;
  }

  async findMany(ids: readonly string[]): Promise<(ResolvedEntity | null)[]> {
    // A missing id loads as null; an Error is the store failing (unavailable, say), which must not read as "not found".
    const load = async (keys: readonly string[]) =>
      (await this.loaders.entity.loadMany(keys)).map((r) => {
        if (r instanceof Error) throw r;
        return r;
      });
    return resolveMerged(await load(ids), load);
  }

  /** The entity, or NOT_FOUND; an id naming another kind is refused as such. */
  async get(id: string, kind?: EntityKind): Promise<EntityRecord> {
    const type = recordTypeOf(id);
    const idKind = type ? entityKindOfRecordType(type) : null;
    const what = kind ? kind.toLowerCase() : 'entity';
    if (idKind === null)
      throw new BadUserInputError(`"${id}" is not an entity id (ids look like fac_sednaya or per_...).`, 'id');
    if (kind && idKind !== kind) {
      throw new BadUserInputError(`"${id}" is the id of a ${idKind.toLowerCase()}, not of a ${what}.`, 'id');
    }
    const entity = await this.find(id);
    if (!entity) throw new NotFoundError(what, id);
    return entity;
  }

  async list(
    kind: EntityKind | null,
    filter: EntityListFilter,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Connection<EntityRecord>> {
    const request = pageRequest(first, after, this.maxPageSize);
    const page = await this.store.listEntities(
      {
        ...(kind ? { kind } : {}),
        ...(filter.subtype ? { subtype: filter.subtype } : {}),
        ...(filter.nameContains ? { nameContains: requiredText(filter.nameContains, 'nameContains') } : {}),
      },
      request,
    );
    page.items.forEach((e) => this.loaders.entity.prime(e.id, e));
    return toConnection(page, request);
  }

  async create(kind: EntityKind, input: NewEntityInput): Promise<EntityRecord> {
    requireWriter(this.viewer, 'create an entity');
    const access = creationLevel(this.viewer, input.access, 'access');
    const protection = input.protection ?? null;
    if (protection !== null && kind !== EntityKind.PERSON) {
      throw new BadUserInputError('Only people can be protected; give protection only for a PERSON.', 'protection');
    }
    if (protection !== null) requireClearanceFor(this.viewer, protection, 'protection');
    const at = this.now().toISOString();
    const record: EntityRecord = {
      ...newEntityRecord({
        id: newId(recordTypeOfEntityKind(kind)),
        kind,
        name: '',
        access,
        protection,
        pseudonym: protection === null ? null : newPseudonym(),
        createdAt: at,
      }),
      ...this.patch(kind, { ...input, name: requiredText(input.name, 'name') }),
    };
    checkCoordinates(record);
    await this.store.createEntity(record, auditContextOf(this.viewer, null, at));
    // The answer is what this viewer reads a moment later (names withheld, a pseudonym), never the raw record.
    this.loaders.entity.clear(record.id);
    return this.get(record.id);
  }

  /**
   * Changes the fields given, and only those, in one store transaction: an
   * edit made at the same time to other fields, or to access and protection,
   * is kept. With `expectedVersion`, refused (CONFLICT) unless the entity is
   * still at that version. Returns the entity as this viewer now sees it.
   */
  async update(id: string, input: EntityInput, expectedVersion?: number | null): Promise<EntityRecord> {
    requireWriter(this.viewer, 'update an entity');
    const current = await this.get(id);
    const action = `update protected person ${id}`;
    requireEditable(this.viewer, current, action);
    const patch = this.patch(current.kind, input);
    const updatedAt = this.now().toISOString();
    await this.store.updateEntity(
      {
        // An id merged into another edits the entity it resolves to.
        id: current.id,
        ...patch,
        updatedAt,
        expectedVersion,
        // Judged again on the entity as stored when the store's transaction reads it: access or
        // protection raised above this viewer's clearance since the read above refuses the edit.
        check: (stored, next) => {
          if (!canRead(this.viewer, stored.access)) throw new NotFoundError('entity', id);
          requireEditable(this.viewer, stored, action);
          checkCoordinates(next);
        },
      },
      auditContextOf(this.viewer, null, updatedAt),
    );
    this.loaders.entity.clear(current.id);
    return this.get(current.id);
  }

  /** The fields present in `input`, validated, refusing fields that do not fit the kind. */
  private patch(kind: EntityKind, input: EntityInput): Partial<Pick<EntityRecord, EntityEditField>> {
    for (const [field, only] of Object.entries(KIND_ONLY_FIELDS)) {
      const value = input[field as keyof EntityInput];
      if (value !== undefined && value !== null && only !== kind) {
        throw new BadUserInputError(
          `${field} applies only to a ${only.toLowerCase()}, not to a ${kind.toLowerCase()}.`,
          field,
        );
      }
    }
    const has = (field: keyof EntityInput) => input[field] !== undefined;
    const next: Partial<Pick<EntityRecord, EntityEditField>> = {};
    if (has('name')) next.name = requiredText(input.name, 'name');
    if (has('aliases')) next.aliases = textList(input.aliases, 'aliases');
    if (has('description')) next.description = optionalText(input.description, 'description');
    if (has('facilityType')) next.facilityType = input.facilityType ?? null;
    if (has('placeType')) next.placeType = input.placeType ?? null;
    if (has('latitude')) next.latitude = numberInRange(input.latitude, 'latitude', -90, 90);
    if (has('longitude')) next.longitude = numberInRange(input.longitude, 'longitude', -180, 180);
    if (has('eventType')) next.eventType = input.eventType ?? null;
    if (has('date')) next.date = fuzzyDate(input.date, 'date');
    return next;
  }
}

/** A place's coordinates go together: both or neither. */
function checkCoordinates(entity: EntityRecord): void {
  if ((entity.latitude === null) !== (entity.longitude === null)) {
    throw new BadUserInputError('latitude and longitude go together: give both or neither.', 'latitude');
  }
}
