import { MongoNetworkError, MongoServerError, MongoServerSelectionError, MongoWriteConcernError } from 'mongodb';

/**
 * Server error codes that mean "not now" rather than "never": the node is not (or no longer)
 * a writable primary, is shutting down or stepping down, the network failed, the write
 * concern timed out, or the disk is full.
 */
const TRANSIENT_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  64, // WriteConcernFailed (wtimeout)
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
  14031, // OutOfDiskSpace
]);

/** Faults that may pass; the driver reconnects by itself, so the next call can succeed. */
export function isTransientMongoError(error: unknown): boolean {
  if (error instanceof MongoNetworkError || error instanceof MongoServerSelectionError) return true;
  if (error instanceof MongoWriteConcernError) return true;
  if (error instanceof MongoServerError) {
    return (typeof error.code === 'number' && TRANSIENT_CODES.has(error.code)) || error.hasErrorLabel('RetryableWriteError');
  }
  return false;
}
