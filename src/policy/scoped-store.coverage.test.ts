import { AUDIT_OPERATIONS } from '../domain/audit';
import { EmbeddedStore } from '../store/embedded/embedded.store';
import { Neo4jStore } from '../store/neo4j/neo4j.store';
import { ScopedStore } from './scoped-store';

/** Methods of a class's prototype (getters and the constructor left out). */
function methodsOf(type: { prototype: object }): Set<string> {
  return new Set(
    Object.getOwnPropertyNames(type.prototype).filter((name) => {
      const descriptor = Object.getOwnPropertyDescriptor(type.prototype, name);
      return name !== 'constructor' && typeof descriptor?.value === 'function';
    }),
  );
}

/**
 * Port methods the scoped store may pass through: lifecycle, the registry redaction itself reads, and the audit
 * chain's head (a sequence number and a hash: nothing of any record).
 */
const PASSED_THROUGH = new Set(['init', 'close', 'unreadiness', 'protectedPeople', 'auditHead']);

describe('ScopedStore', () => {
  it('defines every read of the port itself: a read it left to the decorator would reach the store unscoped', () => {
    // The port's methods, as both adapters have them (each adapter's private helpers are its own).
    const embedded = methodsOf(EmbeddedStore);
    const port = [...methodsOf(Neo4jStore)].filter((name) => embedded.has(name));
    const reads = port.filter(
      (name) => !(AUDIT_OPERATIONS as readonly string[]).includes(name) && !PASSED_THROUGH.has(name),
    );
    expect(reads).toEqual(expect.arrayContaining(['getEntities', 'listClaimsOfEntities', 'findPathsAlong']));
    const scoped = methodsOf(ScopedStore);
    expect(reads.filter((name) => !scoped.has(name))).toEqual([]);
  });
});
