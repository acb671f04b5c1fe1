import t from 'tap';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { storeContract } from './contract.js';

const dir = t.testdir({});
const file = join(dir, 'contract.sqlite');

// Every repository opens the same file, as a restarted process would.
storeContract(t, async () => openSqliteStore(file));

t.test('sqlite: a second open of the same file keeps the data (migrations run once)', async (t) => {
  const first = openSqliteStore(join(dir, 'reopen.sqlite'));
  await first.staff.create({ username: 'keeper', displayName: 'K', role: 'agent', passwordHash: 'h' });
  await first.close();
  const second = openSqliteStore(join(dir, 'reopen.sqlite'));
  t.teardown(() => second.close());
  t.equal(await second.staff.count(), 1);
});
