import { StoreUnavailableError } from './errors.js';

/**
 * Wraps every method of a repository so that a fault that may pass (disk full or read-only,
 * database server unreachable) leaves the adapter as a StoreUnavailableError, and nothing
 * else changes. `current` is asked on every call, so an adapter can swap its connection
 * after a fault; `onFault` tells it one happened. The one place per adapter where driver
 * errors are sorted: each adapter gives its own `isTransient`.
 */
export function translateFaults<T extends object>(
  name: string,
  current: () => T,
  isTransient: (error: unknown) => boolean,
  onFault: (error: unknown) => void = () => undefined,
): T {
  const wrapped: Record<string, unknown> = {};
  for (const key of Object.keys(current())) {
    wrapped[key] = async (...args: unknown[]) => {
      try {
        const repository = current() as Record<string, (...a: unknown[]) => Promise<unknown>>;
        return await repository[key]!(...args);
      } catch (error) {
        if (error instanceof StoreUnavailableError || !isTransient(error)) throw error;
        onFault(error);
        throw new StoreUnavailableError(`${name}.${key}`, { cause: error });
      }
    };
  }
  return wrapped as T;
}
