import { AsOfArg } from '../graphql/as-of';
import { EXPECTED_VERSION_DESCRIPTION } from '../graphql/common.types';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { childFields, selects } from '../graphql/selection';
import { getArgumentValues, getNamedType, isInterfaceType, isObjectType } from 'graphql';
import type { ClaimInclude } from '../../store/store.port';
import { ClaimSide } from '../../app/claims/claim.service';
import { ClaimConnection, EntityRelation, PeriodOverlap, RelationDirection } from '../claims/claim.type';
import { edtfBoundsOverlap } from '../../domain/edtf';
import { fuzzyDate } from '../../app/validate';
import { entityKindOfRecordType, recordTypeOf } from '../../domain/ids';
import {
  ClaimRecord,
  ClaimStatus,
  EntityKind,
  EntityRecord,
  EventType,
  FacilityType,
  FuzzyDate,
  PlaceType,
} from '../../domain/model';
import { AfterArg, FirstArg, NameContainsArg } from '../graphql/args';
import type { AtharContext } from '../graphql/context';
import type { Connection } from '../../app/paging';
import { CreateEntityInput, UpdateEntityInput } from './entity.input';
import {
  EntityConnection,
  EntityInterface,
  EventConnection,
  Facility,
  FacilityConnection,
  OrganizationConnection,
  PersonConnection,
  PlaceConnection,
} from './entity.type';

export interface RelationRecord {
  claim: ClaimRecord;
  predicate: string;
  direction: RelationDirection;
  otherId: string;
  overlap: PeriodOverlap | null;
}

/** What makes a detainee of a facility: the field and its prefetch read the same page (one loader key). */
const DETAINEE_PREDICATES = ['DETAINED_AT'] as const;

/** Fields every entity has, resolved once for all five kinds. */
@Resolver(() => EntityInterface)
export class EntityResolver {
  @Query(() => EntityInterface, {
    nullable: true,
    description: 'One entity of any kind by its id; ask for kind-specific fields with `... on Facility { ... }`.',
  })
  entity(
    @Arg('id', () => ID, { description: "The entity's id, e.g. fac_sednaya." }) id: string,
    @Ctx() { services }: AtharContext,
    @AsOfArg() _asOf?: string | null,
    @Info() info?: GraphQLResolveInfo,
  ): Promise<EntityRecord> {
    const page = info === undefined ? null : prefetchPage(services, id, info);
    // The page brings the entity along (ClaimPage.owner, primed in the loader): one statement, not two.
    if (page === null) return services.entities.get(id);
    return page.then(() => services.entities.get(id));
  }

  @Query(() => EntityConnection, { description: 'Entities of every kind, or of one.' })
  entities(
    @Ctx() { services }: AtharContext,
    @AsOfArg() _asOf?: string | null,
    @Arg('kind', () => EntityKind, { nullable: true, description: 'Only entities of this kind; omitted: every kind.' })
    kind?: EntityKind | null,
    @NameContainsArg()
    nameContains?: string | null,
    @FirstArg()
    first?: number | null,
    @AfterArg()
    after?: string | null,
  ): Promise<Connection<EntityRecord>> {
    return services.entities.list(kind ?? null, { nameContains }, first, after);
  }

  @Query(() => PersonConnection, { description: 'People, by name.' })
  people(
    @Ctx() { services }: AtharContext,
    @NameContainsArg()
    nameContains?: string | null,
    @FirstArg()
    first?: number | null,
    @AfterArg()
    after?: string | null,
  ): Promise<Connection<EntityRecord>> {
    return services.entities.list(EntityKind.PERSON, { nameContains }, first, after);
  }

  @Query(() => OrganizationConnection, { description: 'Organisations, by name.' })
  organizations(
    @Ctx() { services }: AtharContext,
    @NameContainsArg()
    nameContains?: string | null,
    @FirstArg()
    first?: number | null,
    @AfterArg()
    after?: string | null,
  ): Promise<Connection<EntityRecord>> {
    return services.entities.list(EntityKind.ORGANIZATION, { nameContains }, first, after);
  }

  @Query(() => FacilityConnection, { description: 'Facilities (prisons, branches, sections, buildings), by name.' })
  facilities(
    @Ctx() { services }: AtharContext,
    @NameContainsArg()
    nameContains?: string | null,
    @Arg('facilityType', () => FacilityType, { nullable: true, description: 'Only facilities of this type.' })
    facilityType?: FacilityType | null,
    @FirstArg()
    first?: number | null,
    @AfterArg()
    after?: string | null,
  ): Promise<Connection<EntityRecord>> {
    return services.entities.list(EntityKind.FACILITY, { nameContains, subtype: facilityType }, first, after);
  }

  @Query(() => PlaceConnection, { description: 'Places, by name.' })
  places(
    @Ctx() { services }: AtharContext,
    @NameContainsArg()
    nameContains?: string | null,
    @Arg('placeType', () => PlaceType, { nullable: true, description: 'Only places of this type.' })
    placeType?: PlaceType | null,
    @FirstArg()
    first?: number | null,
    @AfterArg()
    after?: string | null,
  ): Promise<Connection<EntityRecord>> {
    return services.entities.list(EntityKind.PLACE, { nameContains, subtype: placeType }, first, after);
  }

  @Query(() => EventConnection, { description: 'Events, by name.' })
  events(
    @Ctx() { services }: AtharContext,
    @NameContainsArg()
    nameContains?: string | null,
    @Arg('eventType', () => EventType, { nullable: true, description: 'Only events of this type.' })
    eventType?: EventType | null,
    @FirstArg()
    first?: number | null,
    @AfterArg()
    after?: string | null,
  ): Promise<Connection<EntityRecord>> {
    return services.entities.list(EntityKind.EVENT, { nameContains, subtype: eventType }, first, after);
  }

  @FieldResolver(() => ClaimConnection, { description: 'Claims about this entity, as subject, object or either.' })
  claims(
    @Root() entity: EntityRecord,
    @Ctx() { services }: AtharContext,
    @Arg('side', () => ClaimSide, {
      defaultValue: ClaimSide.ANY,
      description: 'Claims with this entity as their subject, their object, or either.',
    })
    side: ClaimSide,
    @Arg('predicates', () => [String], {
      nullable: true,
      description: 'Only claims with these predicates (names from the predicates query); omitted: every predicate.',
    })
    predicates?: string[] | null,
    @Arg('statuses', () => [ClaimStatus], {
      nullable: true,
      description: 'Only claims with these statuses; omitted: every status.',
    })
    statuses?: ClaimStatus[] | null,
    @FirstArg()
    first?: number | null,
    @AfterArg()
    after?: string | null,
    @Info() info?: GraphQLResolveInfo,
  ): Promise<Connection<ClaimRecord>> {
    const include = info === undefined ? undefined : claimIncludes(info, ['edges', 'node']);
    return services.claims.ofEntity(entity.id, { side, predicates, statuses }, first, after, include);
  }

  @FieldResolver(() => [EntityRelation], {
    description: 'The entities this one is linked to, each through the claim (and its citations) that links them.',
  })
  relations(
    @Root() entity: EntityRecord,
    @Ctx() ctx: AtharContext,
    @Arg('predicates', () => [String], {
      nullable: true,
      description: 'Only claims with these predicates (names from the predicates query); omitted: every predicate.',
    })
    predicates?: string[] | null,
    @Arg('direction', () => RelationDirection, {
      nullable: true,
      description: 'OUTGOING: claims with this entity as subject; INCOMING: as object; omitted: both.',
    })
    direction?: RelationDirection | null,
  ): Promise<RelationRecord[]> {
    return relationsOf(ctx, entity.id, predicates ?? null, direction ?? null);
  }

  @Mutation(() => EntityInterface, {
    description: 'ANALYST and up: creates an entity of the kind given, at the access level given (PUBLIC by default).',
  })
  createEntity(
    @Arg('input', () => CreateEntityInput, { description: 'The new entity.' }) input: CreateEntityInput,
    @Ctx() { services }: AtharContext,
  ): Promise<EntityRecord> {
    return services.entities.create(input.kind, input);
  }

  @Mutation(() => EntityInterface, {
    description:
      'Changes the fields given, and only those; access and protection change only through setAccessLevel and protectPerson.',
  })
  updateEntity(
    @Arg('id', () => ID, { description: "The entity's id." }) id: string,
    @Arg('input', () => UpdateEntityInput, { description: 'The fields to change; those left out stay as they are.' })
    input: UpdateEntityInput,
    @Ctx() { services }: AtharContext,
    @Arg('expectedVersion', () => Int, { nullable: true, description: EXPECTED_VERSION_DESCRIPTION })
    expectedVersion?: number | null,
  ): Promise<EntityRecord> {
    return services.entities.update(id, input, expectedVersion);
  }
}

/** Shortcuts investigators ask for most; each is a relation, so each carries its claim. */
@Resolver(() => Facility)
export class FacilityResolver {
  @FieldResolver(() => [EntityRelation], { description: 'The facility this one is part of (PART_OF).' })
  partOf(@Root() facility: EntityRecord, @Ctx() ctx: AtharContext): Promise<RelationRecord[]> {
    return relationsOf(ctx, facility.id, ['PART_OF'], RelationDirection.OUTGOING);
  }

  @FieldResolver(() => [EntityRelation], { description: 'Buildings, wings and sections of this facility.' })
  parts(@Root() facility: EntityRecord, @Ctx() ctx: AtharContext): Promise<RelationRecord[]> {
    return relationsOf(ctx, facility.id, ['PART_OF'], RelationDirection.INCOMING);
  }

  @FieldResolver(() => [EntityRelation], {
    description:
      'People claimed to have been held here (DETAINED_AT); with `during` (EDTF), those whose detention may overlap it.',
  })
  detainees(
    @Root() facility: EntityRecord,
    @Ctx() ctx: AtharContext,
    @Arg('during', () => String, {
      nullable: true,
      description: 'An EDTF date or period (e.g. 2012/2014): only claims whose period may overlap it.',
    })
    during?: string | null,
    @Info() info?: GraphQLResolveInfo,
  ): Promise<RelationRecord[]> {
    return relationsOf(
      ctx,
      facility.id,
      [...DETAINEE_PREDICATES],
      RelationDirection.INCOMING,
      fuzzyDate(during, 'during'),
      info === undefined ? undefined : relationIncludes(info),
    );
  }

  @FieldResolver(() => [EntityRelation], {
    description:
      'People claimed to have held a post here (OFFICIAL_AT); with `during` (EDTF), those whose tenure may overlap it.',
  })
  officials(
    @Root() facility: EntityRecord,
    @Ctx() ctx: AtharContext,
    @Arg('during', () => String, {
      nullable: true,
      description: 'An EDTF date or period (e.g. 2012/2014): only claims whose period may overlap it.',
    })
    during?: string | null,
  ): Promise<RelationRecord[]> {
    return relationsOf(ctx, facility.id, ['OFFICIAL_AT'], RelationDirection.INCOMING, fuzzyDate(during, 'during'));
  }
}

/**
 * Starts reading the page the query asks of the entity (its claims, or a
 * facility's detainees) with the loader and arguments the field will use:
 * the field then finds it in the request's loader, already on its way, and
 * the entity itself comes along with it. Null when the query asks for
 * neither. Whatever goes wrong here is left for the field to report: the
 * promise never fails.
 */
function prefetchPage(
  services: AtharContext['services'],
  entityId: string,
  info: GraphQLResolveInfo,
): Promise<unknown> | null {
  return prefetchClaims(services, entityId, info) ?? prefetchDetainees(services, entityId, info);
}

function prefetchClaims(
  services: AtharContext['services'],
  entityId: string,
  info: GraphQLResolveInfo,
): Promise<unknown> | null {
  const nodes = childFields(info, 'claims');
  const field = getNamedType(info.returnType);
  if (nodes.length !== 1 || !(isInterfaceType(field) || isObjectType(field))) return null;
  const definition = field.getFields().claims;
  if (definition === undefined) return null;
  try {
    const args = getArgumentValues(definition, nodes[0]!, info.variableValues) as {
      side: ClaimSide;
      predicates?: string[] | null;
      statuses?: ClaimStatus[] | null;
      first?: number | null;
      after?: string | null;
    };
    const include = claimIncludes({ ...info, fieldNodes: nodes }, ['edges', 'node']);
    return services.claims
      .ofEntity(
        entityId,
        { side: args.side, predicates: args.predicates, statuses: args.statuses },
        args.first,
        args.after,
        include,
      )
      .catch(() => undefined);
  } catch {
    // Arguments the field itself will refuse, with the error it gives.
    return null;
  }
}

/** As FacilityResolver.detainees reads them, for an id that names a facility. */
function prefetchDetainees(
  services: AtharContext['services'],
  entityId: string,
  info: GraphQLResolveInfo,
): Promise<unknown> | null {
  const type = recordTypeOf(entityId);
  if (type === null || entityKindOfRecordType(type) !== EntityKind.FACILITY) return null;
  const nodes = childFields(info, 'detainees');
  if (nodes.length !== 1) return null;
  return services.claims
    .allOfEntity(
      entityId,
      { side: ClaimSide.OBJECT, predicates: [...DETAINEE_PREDICATES] },
      relationIncludes({ ...info, fieldNodes: nodes }),
    )
    .catch(() => undefined);
}

/** What a claim's page should read along, from what the query asks of each claim at `path`. */
function claimIncludes(info: GraphQLResolveInfo, path: readonly string[]): ClaimInclude {
  const citations = [...path, 'citations'];
  return {
    citations: selects(info, citations),
    sources: selects(info, [...citations, 'source']) || selects(info, [...citations, 'via']),
    entities: selects(info, [...path, 'subject']) || selects(info, [...path, 'object']),
  };
}

/** The same for a list of relations: their claims, and the entity at each relation's other end. */
function relationIncludes(info: GraphQLResolveInfo): ClaimInclude {
  const include = claimIncludes(info, ['claim']);
  return { ...include, entities: include.entities === true || selects(info, ['entity']) };
}

async function relationsOf(
  { services }: AtharContext,
  entityId: string,
  predicates: string[] | null,
  direction: RelationDirection | null,
  during: FuzzyDate | null = null,
  include?: ClaimInclude,
): Promise<RelationRecord[]> {
  const side =
    direction === RelationDirection.OUTGOING
      ? ClaimSide.SUBJECT
      : direction === RelationDirection.INCOMING
        ? ClaimSide.OBJECT
        : ClaimSide.ANY;
  const claims = await services.claims.allOfEntity(entityId, { side, predicates }, include);
  return claims.flatMap((claim): RelationRecord[] => {
    if (claim.objectId === null) return [];
    const overlap = during === null ? null : claim.period ? edtfBoundsOverlap(claim.period, during) : 'POSSIBLE';
    if (overlap === 'NONE') return [];
    const outgoing = claim.subjectId === entityId;
    return [
      {
        claim,
        predicate: claim.predicate,
        direction: outgoing ? RelationDirection.OUTGOING : RelationDirection.INCOMING,
        otherId: outgoing ? claim.objectId : claim.subjectId,
        overlap: overlap === null ? null : overlap === 'CERTAIN' ? PeriodOverlap.CERTAIN : PeriodOverlap.POSSIBLE,
      },
    ];
  });
}

@Resolver(() => EntityRelation)
export class EntityRelationResolver {
  @FieldResolver(() => EntityInterface, { description: 'The entity at the other end.' })
  entity(@Root() relation: RelationRecord, @Ctx() { services }: AtharContext): Promise<EntityRecord> {
    return services.entities.get(relation.otherId);
  }
}
