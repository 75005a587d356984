import { AUDIT_OPERATIONS } from '../domain/audit';
import { ConflictError } from '../domain/errors';
import type { EntityRecord } from '../domain/model';
import { StoreDecorator } from './store.decorator';
import type { Store } from './store.port';

/** A store whose every method records its name and answers with it. */
function recordingStore(): { store: Store; calls: string[] } {
  const calls: string[] = [];
  const store = new Proxy({} as Store, {
    get: (_target, property) => {
      return (...args: unknown[]) => {
        calls.push(String(property));
        return Promise.resolve({ method: String(property), args });
      };
    },
  });
  return { store, calls };
}

class Renaming extends StoreDecorator {
  override async getEntities(ids: readonly string[]): Promise<(EntityRecord | null)[]> {
    const found = await this.inner.getEntities(ids);
    return found.map((e) => (e === null ? null : { ...e, name: 'renamed' }));
  }
}

class ReadOnly extends StoreDecorator {
  constructor(inner: Store) {
    super(inner, (operation) => Promise.reject(new ConflictError(`no ${operation}`)));
  }
  override recordExport(): Promise<void> {
    return Promise.resolve();
  }
}

describe('StoreDecorator', () => {
  it('passes every method it does not define to the inner store, with its arguments', async () => {
    const { store, calls } = recordingStore();
    const view = new Renaming(store);
    await expect(view.listClaims({ predicates: ['HELD_AT'] }, { first: 2, after: null })).resolves.toEqual({
      method: 'listClaims',
      args: [{ predicates: ['HELD_AT'] }, { first: 2, after: null }],
    });
    await view.createEntity({ id: 'per_x' } as EntityRecord);
    await view.auditHead();
    expect(calls).toEqual(['listClaims', 'createEntity', 'auditHead']);
  });

  it('uses what the subclass defines, which reads through `inner`', async () => {
    const inner = { getEntities: () => Promise.resolve([{ id: 'per_x', name: 'real' }, null]) } as unknown as Store;
    await expect(new Renaming(inner).getEntities(['per_x', 'per_y'])).resolves.toEqual([
      { id: 'per_x', name: 'renamed' },
      null,
    ]);
  });

  it('refuses every write a read-only view does not define, and lets reads through', async () => {
    const { store, calls } = recordingStore();
    const view = new ReadOnly(store);
    for (const operation of AUDIT_OPERATIONS.filter((o) => o !== 'recordExport')) {
      const write = view[operation] as () => Promise<void>;
      await expect(write()).rejects.toThrow(`no ${operation}`);
    }
    await view.recordExport();
    await view.getClaims(['clm_1']);
    expect(calls).toEqual(['getClaims']);
  });
});
