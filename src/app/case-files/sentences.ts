import { ARABIC_RUN } from '../../domain/names';
import { ClaimRank, ClaimStatus, QuantityQualifier, type ClaimRecord } from '../../domain/model';

/**
 * Claims written as plain sentences for a case file. The wording is fixed per
 * predicate and adds nothing the claim does not hold, so a sentence can be
 * defended by its footnote alone.
 */

/** "{subject} {phrase} {object}" for claims between two entities. */
const RELATION_PHRASES: Readonly<Record<string, string>> = {
  DETAINED_AT: 'was held at',
  RELEASED_FROM: 'was released from',
  DIED_AT: 'died at',
  PART_OF: 'is part of',
  LOCATED_IN: 'is located in',
  NEAR: 'is near',
  OPERATED_BY: 'was run by',
  OFFICIAL_AT: 'held a post at',
  MEMBER_OF: 'belonged to',
  LEADER_OF: 'led',
  RELATIVE_OF: 'is a relative of',
  BASED_IN: 'is based in',
  SPOKE_TO: 'gave testimony or an interview to',
  OCCURRED_AT: 'took place at',
  VICTIM_OF: 'was a victim of',
  PERPETRATOR_OF: 'carried out or ordered',
  PARTICIPANT_IN: 'took part in',
  PART_OF_EVENT: 'was part of',
  TRANSFERRED_FROM: 'moved people out of',
  TRANSFERRED_TO: 'moved people into',
};

/** "{subject}: {label} {amount}" for figures. */
const QUANTITY_LABELS: Readonly<Record<string, string>> = {
  DETAINEE_COUNT: 'people held',
  RELEASED_COUNT: 'people released',
  DEATH_COUNT: 'people who died',
  EXECUTION_COUNT: 'people executed',
  MISSING_COUNT: 'people missing',
  CELL_OCCUPANCY: 'people held in one cell',
  DEPTH: 'depth',
  DISTANCE_FROM: 'distance',
  ITEM_COUNT: 'items',
  AGE: 'age',
  DETENTION_DURATION: 'time held',
  DURATION: 'duration',
};

const TEXT_LABELS: Readonly<Record<string, string>> = {
  DESCRIBED_AS: 'described as',
  OCCUPATION: 'occupation',
  ROLE: 'role',
  CONDITION: 'conditions reported',
};

function qualifierText(qualifier: QuantityQualifier): string {
  switch (qualifier) {
    case QuantityQualifier.EXACT:
      return '';
    case QuantityQualifier.ABOUT:
      return 'about ';
    case QuantityQualifier.AT_LEAST:
      return 'at least ';
    case QuantityQualifier.MORE_THAN:
      return 'more than ';
    case QuantityQualifier.UP_TO:
      return 'up to ';
    case QuantityQualifier.USUALLY_UP_TO:
      return 'usually up to ';
  }
}

// One formatter, built once: toLocaleString builds a new one on every call, which dominates large case files.
const NUMBER_FORMAT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

function formatNumber(n: number): string {
  return NUMBER_FORMAT.format(n);
}

/** The claim's content, with names resolved by `nameOf` as the profile sees them. */
export function claimSentence(claim: ClaimRecord, nameOf: (id: string) => string): string {
  const subject = nameOf(claim.subjectId);
  let body: string;
  if (claim.objectId !== null) {
    const phrase = RELATION_PHRASES[claim.predicate] ?? claim.predicate.toLowerCase().replace(/_/g, ' ');
    body = `${subject} ${phrase} ${nameOf(claim.objectId)}`;
  } else if (claim.value?.type === 'QUANTITY') {
    const v = claim.value;
    const label = QUANTITY_LABELS[claim.predicate] ?? claim.predicate.toLowerCase().replace(/_/g, ' ');
    const range =
      v.amountMax === null ? formatNumber(v.amount) : `${formatNumber(v.amount)} to ${formatNumber(v.amountMax)}`;
    body = `${subject}, ${label}: ${qualifierText(v.qualifier)}${range} ${v.unit}`;
  } else if (claim.value?.type === 'TEXT') {
    const label = TEXT_LABELS[claim.predicate] ?? claim.predicate.toLowerCase().replace(/_/g, ' ');
    body = `${subject}, ${label}: “${claim.value.text}”`;
  } else {
    body = `${subject}: ${claim.predicate}`;
  }
  const period = claim.period ? ` (${describePeriod(claim.period.edtf)})` : '';
  return `${body}${period}.${qualifiers(claim)}`;
}

/** What a reader must know before relying on the sentence: a dispute, a retraction, a deprecation. */
function qualifiers(claim: ClaimRecord): string {
  const notes: string[] = [];
  switch (claim.status) {
    case ClaimStatus.ASSERTED:
      break;
    case ClaimStatus.DISPUTED:
      notes.push(`Disputed${claim.statusReason ? `: ${claim.statusReason}` : ''}.`);
      break;
    case ClaimStatus.RETRACTED:
      notes.push(`Retracted${claim.statusReason ? `: ${claim.statusReason}` : ''}.`);
      break;
  }
  switch (claim.rank) {
    case ClaimRank.NORMAL:
      break;
    case ClaimRank.PREFERRED:
      notes.push(`Preferred by the analysts${claim.rankReason ? `: ${claim.rankReason}` : ''}.`);
      break;
    case ClaimRank.DEPRECATED:
      notes.push(`Deprecated by the analysts${claim.rankReason ? `: ${claim.rankReason}` : ''}.`);
      break;
  }
  return notes.length === 0 ? '' : ` [${notes.join(' ')}]`;
}

/** EDTF in words a court reads without a key: "2011/2013" -> "2011 to 2013". */
export function describePeriod(edtf: string): string {
  return (
    edtf
      .replace(/^\.\.\//, 'until ')
      .replace(/\/\.\.$/, ' onwards')
      // An empty side is unknown, not open: "/2024-12-08" ended then, and when it began no source says.
      .replace(/^\/(.+)$/, 'until $1, start unknown')
      .replace(/^(.+)\/$/, 'from $1, end unknown')
      .replace('/', ' to ')
      .replace(/~$/, ' (approximately)')
      .replace(/\?$/, ' (uncertain)')
  );
}

/** Runs of Arabic script inside a text, for renderers to isolate right-to-left. */
export function rtlRuns(text: string): string[] {
  return [...new Set(text.match(ARABIC_RUN) ?? [])];
}
