import { EntityKind } from './model';

const { PERSON, ORGANIZATION, FACILITY, PLACE, EVENT } = EntityKind;

/** What the object side of a claim holds. */
export enum ObjectType {
  ENTITY = 'ENTITY',
  QUANTITY = 'QUANTITY',
  TEXT = 'TEXT',
}

export interface PredicateDefinition {
  name: string;
  description: string;
  subjectKinds: readonly EntityKind[];
  objectType: ObjectType;
  /** ENTITY predicates only: the kinds the object may have. */
  objectKinds: readonly EntityKind[];
}

function relation(
  name: string,
  subjectKinds: EntityKind[],
  objectKinds: EntityKind[],
  description: string,
): PredicateDefinition {
  return { name, description, subjectKinds, objectType: ObjectType.ENTITY, objectKinds };
}

function quantity(name: string, subjectKinds: EntityKind[], description: string): PredicateDefinition {
  return { name, description, subjectKinds, objectType: ObjectType.QUANTITY, objectKinds: [] };
}

function text(name: string, subjectKinds: EntityKind[], description: string): PredicateDefinition {
  return { name, description, subjectKinds, objectType: ObjectType.TEXT, objectKinds: [] };
}

const ALL = [PERSON, ORGANIZATION, FACILITY, PLACE, EVENT];

/**
 * The controlled vocabulary of claims. A claim whose predicate is not listed
 * here, or whose subject or object has a kind the predicate does not allow, is
 * refused: a shared vocabulary is what lets two sources be compared.
 */
export const PREDICATES: readonly PredicateDefinition[] = [
  // Custody and facilities
  relation('DETAINED_AT', [PERSON], [FACILITY], 'The person was held at the facility.'),
  relation('RELEASED_FROM', [PERSON], [FACILITY], 'The person was released from the facility.'),
  relation('DIED_AT', [PERSON], [FACILITY, PLACE], 'The person died at the facility or place.'),
  relation('PART_OF', [FACILITY], [FACILITY], 'The facility is a part (building, wing, section) of another.'),
  relation('LOCATED_IN', [FACILITY, PLACE, ORGANIZATION], [PLACE], 'Located in the place.'),
  relation(
    'NEAR',
    [FACILITY, PLACE, ORGANIZATION],
    [PLACE],
    'Near the place: the source says "near", not that it is in the place.',
  ),
  relation('OPERATED_BY', [FACILITY], [ORGANIZATION, PERSON], 'The facility was run by the organisation or person.'),
  relation(
    'OFFICIAL_AT',
    [PERSON],
    [FACILITY],
    'The person held a post (director, guard, interrogator) at the facility.',
  ),
  // People and organisations
  relation('MEMBER_OF', [PERSON], [ORGANIZATION], 'The person belonged to, worked for or served in the organisation.'),
  relation('LEADER_OF', [PERSON], [ORGANIZATION, PLACE], 'The person led the organisation or ruled the country.'),
  relation('RELATIVE_OF', [PERSON], [PERSON], 'Family relation; the kind goes in the note.'),
  relation(
    'BASED_IN',
    [PERSON, ORGANIZATION],
    [PLACE],
    'The person lives, or the organisation is based, in the place.',
  ),
  relation('SPOKE_TO', [PERSON, ORGANIZATION], [ORGANIZATION, PERSON], 'Gave testimony or an interview to.'),
  // Events
  relation('OCCURRED_AT', [EVENT], [FACILITY, PLACE], 'Where the event took place.'),
  relation(
    'VICTIM_OF',
    [PERSON, ORGANIZATION],
    [EVENT],
    'Suffered the event (arrested, tortured, executed, released).',
  ),
  relation('PERPETRATOR_OF', [PERSON, ORGANIZATION], [EVENT], 'Carried out or ordered the event.'),
  relation(
    'PARTICIPANT_IN',
    [PERSON, ORGANIZATION],
    [EVENT],
    'Took part in the event otherwise (rescuer, witness, documenter).',
  ),
  relation('PART_OF_EVENT', [EVENT], [EVENT], 'The event is a part of a larger one.'),
  relation(
    'TRANSFERRED_FROM',
    [EVENT],
    [FACILITY],
    'A transfer: the facility the people it concerns (VICTIM_OF it) were moved out of.',
  ),
  relation(
    'TRANSFERRED_TO',
    [EVENT],
    [FACILITY],
    'A transfer: the facility the people it concerns (VICTIM_OF it) were moved into.',
  ),
  // Figures
  quantity('DETAINEE_COUNT', [FACILITY, PLACE, EVENT], 'How many people were held (at a time, or at peak).'),
  quantity('RELEASED_COUNT', [FACILITY, PLACE, EVENT], 'How many people were released.'),
  quantity('DEATH_COUNT', [FACILITY, PLACE, EVENT], 'How many people died.'),
  quantity('EXECUTION_COUNT', [FACILITY, PLACE, EVENT], 'How many people were executed.'),
  quantity('MISSING_COUNT', [FACILITY, PLACE, EVENT], 'How many people are missing or unaccounted for.'),
  quantity('CELL_OCCUPANCY', [FACILITY], 'How many people were held in one cell.'),
  quantity('DEPTH', [FACILITY], 'How far below ground the facility reaches.'),
  quantity(
    'DISTANCE_FROM',
    [FACILITY, PLACE],
    'Distance to a reference place named in the unit (e.g. "miles from Damascus").',
  ),
  quantity(
    'ITEM_COUNT',
    [EVENT, ORGANIZATION, PERSON],
    'How many items (photographs, documents, teams) an event or actor produced.',
  ),
  quantity('AGE', [PERSON], 'Age in years at the time of the period.'),
  quantity('DETENTION_DURATION', [PERSON], 'How long the person was held.'),
  quantity('DURATION', [EVENT], 'How long the event lasted.'),
  // Descriptions
  text('DESCRIBED_AS', ALL, 'A characterisation by a source ("the human slaughterhouse").'),
  text('OCCUPATION', [PERSON], 'What the person did for a living.'),
  text('ROLE', [PERSON, ORGANIZATION], 'A role or status ("human rights advocate", "defector").'),
  text('CONDITION', [FACILITY, EVENT], 'Conditions or practices reported (mass hangings, starvation).'),
];

const BY_NAME = new Map(PREDICATES.map((p) => [p.name, p]));

export function findPredicate(name: string): PredicateDefinition | undefined {
  return BY_NAME.get(name);
}
