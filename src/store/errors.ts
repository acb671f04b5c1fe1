/**
 * The store could not read or write right now: the disk is full or read-only, the database
 * server is unreachable. Adapters throw it (never a driver error) for faults that may pass.
 * A route that holds a form catches it and re-renders the form, with what was typed, as a
 * 503 "try again" page; the errors plugin turns any other into the same 503 page.
 */
export class StoreUnavailableError extends Error {
  constructor(readonly operation: string, options?: { cause?: unknown }) {
    super(`store unavailable: ${operation}`, options);
    this.name = 'StoreUnavailableError';
  }
}
