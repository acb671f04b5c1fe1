import type { Db } from './index.js';

/** The readiness probe: one row written and read back in one transaction. */
export function sqliteHealth(db: Db): { health(at: Date): Promise<void> } {
  const write = db.prepare<[string]>(
    'INSERT INTO health_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at',
  );
  const read = db.prepare<[], { at: string }>('SELECT at FROM health_probe WHERE id = 1');
  const probe = db.transaction((at: string) => {
    write.run(at);
    if (read.get()?.at !== at) throw new Error('health probe: the row written was not read back');
  });
  return {
    async health(at) {
      probe(at.toISOString());
    },
  };
}
