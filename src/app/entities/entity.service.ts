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
import { creationLevel, newPseudonym, requireEditable, requireWriter } from '../../policy/permissions';
import type { Viewer } from '../../policy/viewer';
import { BadUserInputError, NotFoundError } from '../../domain/errors';
import type { Loaders } from '../loaders';
import { Connection, pageRequest, toConnection } from '../paging';
import { fuzzyDate, numberInRange, optionalText, requiredText, textList } from '../validate';
import type { Store } from '../../store/store.port';
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

  async find(id: string): Promise<EntityRecord | null> {
    return this.loaders.entity.load(id);
  }

  async findMany(ids: readonly string[]): Promise<(EntityRecord | null)[]> {
    const results = await this.loaders.entity.loadMany(ids);
    return results.map((r) => (r instanceof Error ? null : r));
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
    const at = this.now().toISOString();
    const record = this.build(
      kind,
      { ...input, name: requiredText(input.name, 'name') },
      newEntityRecord({
        id: newId(recordTypeOfEntityKind(kind)),
        kind,
        name: '',
        access,
        protection,
        pseudonym: protection === null ? null : newPseudonym(),
        createdAt: at,
      }),
    );
    await this.store.createEntity(record, auditContextOf(this.viewer, null, at));
    this.loaders.entity.clear(record.id).prime(record.id, record);
    return record;
  }

  async update(id: string, input: EntityInput): Promise<EntityRecord> {
    requireWriter(this.viewer, 'update an entity');
    const current = await this.get(id);
    requireEditable(this.viewer, current, `update protected person ${id}`);
    const record = this.build(current.kind, input, { ...current, updatedAt: this.now().toISOString() });
    await this.store.updateEntity(record, auditContextOf(this.viewer, null, record.updatedAt));
    this.loaders.entity.clear(id).prime(id, record);
    return record;
  }

  /** Applies the fields present in `input` to `base`, refusing fields that do not fit the kind. */
  private build(kind: EntityKind, input: EntityInput, base: EntityRecord): EntityRecord {
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
    const next: EntityRecord = { ...base };
    if (has('name')) next.name = requiredText(input.name, 'name');
    if (has('aliases')) next.aliases = textList(input.aliases, 'aliases');
    if (has('description')) next.description = optionalText(input.description, 'description');
    if (has('facilityType')) next.facilityType = input.facilityType ?? null;
    if (has('placeType')) next.placeType = input.placeType ?? null;
    if (has('latitude')) next.latitude = numberInRange(input.latitude, 'latitude', -90, 90);
    if (has('longitude')) next.longitude = numberInRange(input.longitude, 'longitude', -180, 180);
    if (has('eventType')) next.eventType = input.eventType ?? null;
    if (has('date')) next.date = fuzzyDate(input.date, 'date');
    if ((next.latitude === null) !== (next.longitude === null)) {
      throw new BadUserInputError('latitude and longitude go together: give both or neither.', 'latitude');
    }
    return next;
  }
}
