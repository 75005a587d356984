import { AccessLevel, EventType } from '../../../domain/model';
import { statisticsQuery } from './statistics';

const HOSTILE = `x'}) DETACH DELETE n //"\`; MATCH (m) DETACH DELETE m`;
const BASE = { facilityLimit: 10, fromYear: 1970, toYear: 2026, openEndYear: 2026 };

describe('statisticsQuery', () => {
  it('keeps input out of the statement text and in its params', () => {
    const q = statisticsQuery({
      ...BASE,
      entityIds: [HOSTILE],
      levels: [HOSTILE as AccessLevel],
      yearPredicates: [HOSTILE],
      yearEventTypes: [HOSTILE as EventType],
    });
    expect(q.cypher).not.toContain('DETACH DELETE');
    expect(q.params).toMatchObject({
      entityIds: [HOSTILE],
      levels: [HOSTILE],
      yearPredicates: [HOSTILE],
      yearEventTypes: [HOSTILE],
    });
  });

  it('starts from the scope ids when there is a scope, each id once', () => {
    const q = statisticsQuery({ ...BASE, entityIds: ['fac_a', 'fac_a', 'per_b'] });
    expect(q.params.entityIds).toEqual(['fac_a', 'per_b']);
    expect(q.cypher).toContain('UNWIND $entityIds AS id');
    expect(q.cypher).toContain('MATCH (c:Claim {subjectId: id})');
    expect(q.cypher).not.toContain('MATCH (c:Claim)\n');
    const whole = statisticsQuery(BASE);
    expect(whole.cypher).not.toContain('$entityIds');
    expect(whole.params.entityIds).toBeNull();
    // Whole-graph kinds are counted through the kind index.
    expect(whole.cypher).toContain('MATCH (n:Entity {kind: key})');
  });

  it('filters by predicate and event type only when asked', () => {
    const none = statisticsQuery(BASE);
    expect(none.cypher).not.toContain('$yearPredicates');
    expect(none.cypher).not.toContain('$yearEventTypes');
    const some = statisticsQuery({ ...BASE, yearPredicates: ['DETAINED_AT'], yearEventTypes: [EventType.ARREST] });
    expect(some.cypher).toContain('c.predicate IN $yearPredicates');
    expect(some.cypher).toContain('n.eventType IN $yearEventTypes');
  });

  it('groups dates by their years before spreading them over a range the window bounds', () => {
    const { cypher } = statisticsQuery(BASE);
    expect(cypher.match(/UNWIND range\(lo, hi\)/g)).toHaveLength(2);
    expect(cypher).toContain('WITH dated, ey, ly, count(*) AS records');
    expect(cypher).toContain('g.ey < toInteger($fromYear) THEN toInteger($fromYear)');
    expect(cypher).toContain('> toInteger($toYear) THEN toInteger($toYear)');
  });

  it('filters every entity by its access and every claim by its visibility when levels are given', () => {
    const open = statisticsQuery(BASE);
    expect(open.cypher).not.toContain('$levels');
    const viewer = statisticsQuery({ ...BASE, levels: [AccessLevel.PUBLIC] });
    expect(viewer.params.levels).toEqual(['PUBLIC']);
    // Kinds, events (twice) and facilities; status groups, facility claims (twice) and years.
    expect(viewer.cypher.match(/coalesce\((n|f)\.access, 'PUBLIC'\) IN \$levels/g)).toHaveLength(4);
    expect(viewer.cypher.match(/coalesce\(c\.visibility, 'PUBLIC'\) IN \$levels/g)).toHaveLength(4);
    const scoped = statisticsQuery({ ...BASE, entityIds: ['fac_a'], levels: [AccessLevel.PUBLIC] });
    expect(scoped.cypher.match(/coalesce\((n|f)\.access, 'PUBLIC'\) IN \$levels/g)).toHaveLength(4);
  });

  it('counts no merged entity: kinds, events (twice) and facilities, scoped or not', () => {
    for (const q of [statisticsQuery(BASE), statisticsQuery({ ...BASE, entityIds: ['ent_a'] })]) {
      expect(q.cypher.match(/\b(n|f)\.mergedInto IS NULL/g)).toHaveLength(4);
    }
  });

  it('leaves retracted claims out of everything but the status count', () => {
    const { cypher, params } = statisticsQuery(BASE);
    expect(params.retracted).toBe('RETRACTED');
    // facilities (twice) and years; the status/predicate grouping reads every status.
    expect(cypher.match(/c\.status <> \$retracted/g)).toHaveLength(3);
  });
});
