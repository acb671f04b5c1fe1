import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';

/** Whether a command runs here (root can mount and chattr; other users cannot). */
function runs(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * A real small filesystem (tmpfs, 4 MB) in a folder of its own, or false where mounting is
 * not allowed. `fill()` takes every free byte, `free()` gives them back, `remove()`
 * unmounts it (close the store on it first).
 */
export function smallDisk(t: Test): { dir: string; fill(): void; free(): void; remove(): void } | false {
  const dir = mkdtempSync(join(tmpdir(), 'small-disk-'));
  if (!runs('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir])) {
    rmSync(dir, { recursive: true });
    return false;
  }
  let mounted = true;
  const remove = () => {
    if (mounted && runs('umount', [dir])) rmSync(dir, { recursive: true });
    mounted = false;
  };
  t.teardown(remove);
  const filler = join(dir, 'filler');
  return {
    dir,
    remove,
    fill() {
      const { bavail, bsize } = statfsSync(dir);
      try {
        writeFileSync(filler, Buffer.alloc(bavail * bsize));
      } catch {
        // ENOSPC: full, which is the point.
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
  };
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
