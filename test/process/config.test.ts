import t from 'tap';
import { loadConfig } from '../../src/config.js';

t.test('process settings: defaults, and timeouts that cannot work are refused at start', async (t) => {
  const config = loadConfig({});
  t.match(config, {
    REQUEST_TIMEOUT_MS: 30_000,
    HEADERS_TIMEOUT_MS: 10_000,
    KEEP_ALIVE_TIMEOUT_MS: 72_000,
    SHUTDOWN_GRACE_MS: 10_000,
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: 1000,
    PRESSURE_MAX_HEAP_USED_MB: 0,
    DB_AUTO_SETUP: true,
    MONGODB_SERVER_SELECTION_TIMEOUT_MS: 5000,
  });
  const refused: [Record<string, string>, RegExp][] = [
    [{ HEADERS_TIMEOUT_MS: '40000' }, /HEADERS_TIMEOUT_MS must not be more than REQUEST_TIMEOUT_MS/],
    [{ REQUEST_TIMEOUT_MS: '0' }, /REQUEST_TIMEOUT_MS/],
    [{ SHUTDOWN_GRACE_MS: '1.5' }, /SHUTDOWN_GRACE_MS/],
    [{ DB_AUTO_SETUP: 'maybe' }, /DB_AUTO_SETUP/],
    [{ MONGODB_SERVER_SELECTION_TIMEOUT_MS: 'soon' }, /MONGODB_SERVER_SELECTION_TIMEOUT_MS/],
  ];
  for (const [env, message] of refused) t.throws(() => loadConfig(env), { name: 'ConfigError', message }, JSON.stringify(env));
});
