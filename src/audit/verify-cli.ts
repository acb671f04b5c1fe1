/**
 * `npm run audit:verify`: walks the audit log's hash chain and signed checkpoints in the store
 * the server uses (same configuration: src/config.ts) and prints `intact: events 1 to N` (exit
 * 0) or the first event that does not match and why (exit 1), with the speed of the check.
 */
import { performance } from 'node:perf_hooks';
import { runCommand } from '../cli.js';
import type { Config } from '../config.js';
import { openStore } from '../store/index.js';
import { loadAuditKey } from './key.js';
import { verifyAuditLog } from './verify-log.js';
import { describeResult } from './verify.js';

const rate = (n: number, seconds: number) => Math.round(n / Math.max(seconds, 1e-9));

/** Runs the check against the configured store; returns the exit code. */
export async function runVerify(config: Config, print: (line: string) => void): Promise<number> {
  const store = await openStore(config);
  try {
    const key = loadAuditKey(config);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const result = await verifyAuditLog(store.audit, key);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const checked = result.intact ? result.events : result.seq - 1;
    print(describeResult(result));
    if (result.intact) print(`signed checkpoints matched: ${result.checkpoints}`);
    // CPU time too: on a shared machine the wall-clock rate says as much about the neighbours.
    print(
      `checked ${checked} events in ${seconds.toFixed(2)} s (${rate(checked, seconds)} events/s; ${cpuSeconds.toFixed(2)} s of CPU, ${rate(checked, cpuSeconds)} events per CPU-second)`,
    );
    return result.intact ? 0 : 1;
  } finally {
    await store.close();
  }
}

runCommand(import.meta.url, runVerify);
