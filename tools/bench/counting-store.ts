import type { Store } from '../../src/store/store.port';

export interface StoreCall {
  method: string;
  /** From the call to the settling of its promise; calls made in parallel overlap. */
  ms: number;
}

/**
 * Wraps a store so that every port call is logged with its duration: the
 * number of calls shows whether an operation stays batched as the graph
 * grows, and the slowest call names the store query to look at when an
 * operation is slow. Kept with the benchmark, outside the product.
 */
export function countingStore(inner: Store): { store: Store; calls: StoreCall[] } {
  const calls: StoreCall[] = [];
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const started = performance.now();
        const record = () => calls.push({ method: String(property), ms: performance.now() - started });
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) {
          record();
          return result;
        }
        return result.then(
          (settled: unknown) => {
            record();
            return settled;
          },
          (error: unknown) => {
            record();
            throw error;
          },
        );
      };
    },
  });
  return { store, calls };
}
