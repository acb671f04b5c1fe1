import t, { type Test } from 'tap';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { configSchema, loadConfig, type Config } from '../../src/config.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';

/** The real app with one extra route that says which address it takes for the client's. */
async function clientAddress(t: Test, trustProxy: string | undefined, headers: Record<string, string>, remoteAddress: string) {
  const config: Config = {
    ...configSchema.parse(trustProxy === undefined ? {} : { TRUST_PROXY: trustProxy }),
    SQLITE_PATH: join(t.testdir({}), 'db.sqlite'),
    LOG_LEVEL: 'silent',
  };
  const app = await buildApp({ config, store: openSqliteStore(config.SQLITE_PATH) });
  app.get('/test/ip', async (request) => request.ip);
  t.teardown(() => app.close());
  return (await app.inject({ url: '/test/ip', headers, remoteAddress })).body;
}

const spoof = { 'x-forwarded-for': '198.51.100.66' };
const viaProxy = { 'x-forwarded-for': '198.51.100.66, 203.0.113.7' }; // the proxy appended the real client

t.test('who the client is, by TRUST_PROXY', async (t) => {
  const cases: [string, string | undefined, Record<string, string>, string, string][] = [
    // what, TRUST_PROXY, headers, socket peer, the address the app uses
    ['no proxy (default): the header is ignored', undefined, spoof, '203.0.113.7', '203.0.113.7'],
    ['one hop: the address the proxy saw, not the one the client wrote', '1', viaProxy, '10.0.0.5', '203.0.113.7'],
    ['a listed proxy: the address it saw', '10.0.0.5', viaProxy, '10.0.0.5', '203.0.113.7'],
    ['a listed range: the address it saw', '10.0.0.0/8, 192.168.0.1', viaProxy, '10.1.2.3', '203.0.113.7'],
    ['a client not on the list cannot speak for itself', '10.0.0.0/8', spoof, '203.0.113.7', '203.0.113.7'],
  ];
  for (const [what, trust, headers, peer, expected] of cases) {
    t.equal(await clientAddress(t, trust, headers, peer), expected, what);
  }
});

t.test('TRUST_PROXY=true is refused at start, saying what to give instead', async (t) => {
  t.throws(() => loadConfig({ TRUST_PROXY: 'true' }), { name: 'ConfigError', message: /TRUST_PROXY.*number of proxies.*addresses\/CIDRs/s });
});

t.test('TRUST_PROXY takes false, a hop count or addresses/CIDRs, and refuses anything else', async (t) => {
  t.equal(loadConfig({}).TRUST_PROXY, false);
  t.equal(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY, false);
  t.same(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY, { hops: 2 });
  t.same(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.1.0.0/16,::1,loopback' }).TRUST_PROXY, ['10.0.0.1', '10.1.0.0/16', '::1', 'loopback']);
  for (const bad of ['yes', '10.0.0.1/33', '300.1.1.1', 'fe80::/129', '10.0.0.0/8/1']) {
    t.throws(() => loadConfig({ TRUST_PROXY: bad }), { name: 'ConfigError', message: /TRUST_PROXY/ }, bad);
  }
});
