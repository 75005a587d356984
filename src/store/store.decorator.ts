import { AUDIT_OPERATIONS, type AuditOperation } from '../domain/audit';
import type { Store } from './store.port';

const WRITES: ReadonlySet<PropertyKey> = new Set<PropertyKey>(AUDIT_OPERATIONS);

/**
 * Base of the store decorators (the viewer's scoped view, the as-of view):
 * a subclass defines only the port methods it changes, and every other one
 * goes to the inner store unchanged, so that a new port method touches the
 * port, the adapters and the contract suite, not every decorator.
 *
 * `refuseWrite`, when given, answers every write the subclass does not define
 * itself (a read-only view): a new write cannot slip through to the inner store.
 */
// The interface of the same name makes instances Stores; the proxy below supplies what the subclass leaves out.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface StoreDecorator extends Store {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class StoreDecorator {
  constructor(
    protected readonly inner: Store,
    refuseWrite?: (operation: AuditOperation) => Promise<never>,
  ) {
    return new Proxy(this, {
      get(target, property, receiver) {
        if (property in target) return Reflect.get(target, property, receiver);
        if (refuseWrite && WRITES.has(property)) return () => refuseWrite(property as AuditOperation);
        const value: unknown = Reflect.get(inner, property);
        return typeof value === 'function' ? value.bind(inner) : value;
      },
    });
  }
}
