import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import type { Test } from 'tap';

/** Whether a command runs here (root can chattr; other users cannot). */
function runs(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes files read-only for real (never SQLite's -shm file: it is memory-mapped, and a write
 * to a mapped page of an immutable file ends the process with SIGBUS). chmod 0444 does not stop root (tests run as root in CI),
 * so root uses the immutable attribute, which stops every user; false where neither works.
 */
export function readOnlyFiles(t: Test, files: string[]): { on(): void; off(): void } | false {
  const present = () => files.filter((f) => existsSync(f));
  const root = process.getuid?.() === 0;
  if (root) {
    const probe = present()[0];
    if (!probe || !runs('chattr', ['+i', probe]) || !runs('chattr', ['-i', probe])) return false;
    t.teardown(() => void runs('chattr', ['-i', ...present()]));
    return {
      on: () => void execFileSync('chattr', ['+i', ...present()]),
      off: () => void execFileSync('chattr', ['-i', ...present()]),
    };
  }
  return {
    on: () => present().forEach((f) => chmodSync(f, 0o444)),
    off: () => present().forEach((f) => chmodSync(f, 0o600)),
  };
}
