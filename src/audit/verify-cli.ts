/**
 * `npm run audit:verify`: walks the audit log's hash chain and signed checkpoints in the store
 * the server uses (same configuration: src/config.ts) and prints `intact: events 1 to N` (exit
 * 0) or the first event that does not match and why (exit 1), with the speed of the check.
 */
import { performance } from 'node:perf_hooks';
import { ConfigError, loadConfig } from '../config.js';
import { openStore } from '../store/index.js';
import { loadAuditKey } from './key.js';
import { verifyAuditLog } from './verify-log.js';
import { describeResult } from './verify.js';

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const store = await openStore(config);
  try {
    const key = loadAuditKey(config);
    const started = performance.now();
    const result = await verifyAuditLog(store.audit, key);
    const seconds = (performance.now() - started) / 1000;
    const checked = result.intact ? result.events : result.seq - 1;
    console.log(describeResult(result));
    if (result.intact) console.log(`signed checkpoints matched: ${result.checkpoints}`);
    console.log(`checked ${checked} events in ${seconds.toFixed(2)} s (${Math.round(checked / Math.max(seconds, 1e-9))} events/s)`);
    return result.intact ? 0 : 1;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
