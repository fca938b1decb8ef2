import type { AuditStore } from '../store/types.js';

/** The store could not answer (down, restarting, a statement timed out): a 503, not a 500. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`The audit store did not answer: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'StoreUnavailableError';
  }
}

/**
 * The store as the web layer sees it: every failed call becomes a {@link StoreUnavailableError},
 * so the error page can tell "the database is down, try again" from a defect in a page.
 */
export function guardStore(store: AuditStore): AuditStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || property === 'close') return value;
      return (...args: unknown[]) => {
        try {
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          return result instanceof Promise
            ? result.catch((error: unknown) => {
                throw new StoreUnavailableError(error);
              })
            : result;
        } catch (error) {
          throw new StoreUnavailableError(error);
        }
      };
    },
  });
}
