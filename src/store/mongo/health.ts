import type { Db } from 'mongodb';
import { COLLECTIONS } from './schema.js';

interface ProbeDoc {
  _id: string;
  at: Date;
}

/** The readiness probe: one document upserted (a write), then read back (a read). */
export function mongoHealth(db: Db): { health(at: Date): Promise<void> } {
  const probes = db.collection<ProbeDoc>(COLLECTIONS.health);
  return {
    async health(at) {
      await probes.updateOne({ _id: 'probe' }, { $set: { at } }, { upsert: true });
      if (!(await probes.findOne({ _id: 'probe' }))) throw new Error('health probe: the document written was not read back');
    },
  };
}
