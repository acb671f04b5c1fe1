import t from 'tap';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnEntry } from './spawn.js';

t.test('npm run db:setup on SQLite runs the migrations and exits 0', async (t) => {
  const path = join(t.testdir({}), 'data', 'db.sqlite');
  const setup = spawnEntry('db-setup.ts', { SQLITE_PATH: path });
  const exit = await setup.exited;
  t.equal(exit.code, 0, setup.lines.join('\n'));
  t.match(setup.lines.join('\n'), 'migrated');
  t.ok(existsSync(path));
});

t.test('npm run db:setup with MongoDB unreachable says so and exits 1', async (t) => {
  const setup = spawnEntry('db-setup.ts', { MONGODB_URI: 'mongodb://127.0.0.1:1', MONGODB_SERVER_SELECTION_TIMEOUT_MS: '300' });
  const exit = await setup.exited;
  t.equal(exit.code, 1);
  t.match(setup.lines.join('\n'), /The database could not be reached: .*ECONNREFUSED/);
});
