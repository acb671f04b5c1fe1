// Builds the CSS and JS the pages load into dist/static/: each file named by a hash of its
// content (so it can be cached for a year and a new build is a new URL), each with a brotli and
// a gzip twin made here once (the server only picks one), and dist/static-manifest.json mapping
// each logical name ("css/app.css") to its URL. Part of `npm run build`; `npm test` runs it too.
// Skips the work when nothing it reads has changed since the last build.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { compileString } from 'sass';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const OUT = join(ROOT, 'dist', 'static');
const MANIFEST = join(ROOT, 'dist', 'static-manifest.json');
const URL_PREFIX = '/static/';
const NHSUK = join(ROOT, 'node_modules', 'nhsuk-frontend', 'dist', 'nhsuk');
const HTMX = join(ROOT, 'node_modules', 'htmx.org', 'dist', 'htmx.min.js');
/** Our own CSS and JS; a reference to another asset is written as its logical URL, /static/<name>. */
const OWN = join(ROOT, 'static');
/** Where the class names the pages use are found (templates, and code that builds class names). */
const CLASS_SOURCES = ['views', 'src', 'static'].map((dir) => join(ROOT, dir));
const TEXT_TYPES = new Set(['.css', '.js', '.mjs', '.svg', '.json', '.txt', '.map']);

const files = (dir) =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
const posix = (path) => path.split(sep).join('/');
const hash = (...parts) => {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  return h.digest('hex');
};
const version = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
/** A minified file's source-map comment would send devtools after a map we don't serve. */
const withoutSourceMap = (text) => text.replace(/\n?\/[/*]# sourceMappingURL=[^\n]*?(\*\/)?\s*$/, '\n');

/** "nhsuk-table__caption--l" -> "nhsuk-table": the BEM block a class belongs to. */
const block = (className) => className.replace(/(__|--).*$/, '');
const blocksIn = (text) => new Set([...text.matchAll(/nhsuk-[a-z0-9]+(?:-[a-z0-9]+)*/g)].map(([name]) => block(name)));

/**
 * The NHS.UK components the pages use, in the design system's own order (the cascade depends
 * on it): a component is in when a block its Sass defines appears in our templates or code.
 * So a page that starts using, say, the details component gets its CSS at the next build.
 */
function usedComponents() {
  const used = new Set();
  for (const dir of CLASS_SOURCES) {
    for (const file of files(dir)) for (const name of blocksIn(readFileSync(file, 'utf8'))) used.add(name);
  }
  const order = [...readFileSync(join(NHSUK, 'components', '_index.scss'), 'utf8').matchAll(/^@forward "([a-z-]+)";/gm)].map((m) => m[1]);
  return order.filter((component) => {
    const dir = join(NHSUK, 'components', component);
    // Its own blocks, not the ones it only styles in context (the card's .nhsuk-details, ...):
    // those named after it, "tables" owning .nhsuk-table and .nhsuk-table-container.
    const stems = [`nhsuk-${component}`, `nhsuk-${component.replace(/s$/, '')}`];
    const owns = (name) => stems.some((stem) => name === stem || name.startsWith(`${stem}-`));
    const defined = new Set();
    for (const file of files(dir).filter((f) => f.endsWith('.scss'))) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/\.(nhsuk-[a-z0-9-]+)/g)) if (owns(block(name))) defined.add(block(name));
    }
    return [...defined].some((name) => used.has(name));
  });
}

function nhsukCss(components) {
  const source = ['@forward "core";', ...components.map((c) => `@forward "components/${c}";`)].join('\n');
  return compileString(source, { loadPaths: [NHSUK], style: 'compressed', quietDeps: true }).css;
}

const compress = {
  br: (data) =>
    brotliCompressSync(data, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    }),
  gz: (data) => gzipSync(data, { level: 9 }),
};

function main() {
  const components = usedComponents();
  const ownFiles = files(OWN);
  const fingerprint = hash(
    readFileSync(fileURLToPath(import.meta.url)),
    `nhsuk-frontend ${version(join(NHSUK, '..', '..'))}; htmx ${version(join(HTMX, '..', '..'))}; sass ${version(join(ROOT, 'node_modules', 'sass'))}`,
    components.join(','),
    ...ownFiles.flatMap((file) => [posix(relative(OWN, file)), readFileSync(file)]),
  );
  if (existsSync(MANIFEST)) {
    const previous = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    const complete = Object.values(previous.assets ?? {}).every((url) => existsSync(join(OUT, url.slice(URL_PREFIX.length))));
    if (previous.fingerprint === fingerprint && complete) {
      console.log('static files: up to date');
      return;
    }
  }

  /** Logical name -> its content, before references are resolved. */
  const sources = new Map([
    ['vendor/nhsuk-frontend.css', () => nhsukCss(components)],
    ['vendor/nhsuk-frontend.js', () => withoutSourceMap(readFileSync(join(NHSUK, 'nhsuk-frontend.min.js'), 'utf8'))],
    ['vendor/htmx.js', () => withoutSourceMap(readFileSync(HTMX, 'utf8'))],
  ]);
  for (const file of ownFiles) sources.set(posix(relative(OWN, file)), () => readFileSync(file));

  rmSync(OUT, { recursive: true, force: true });
  const assets = {};
  const building = new Set();
  /** Builds one asset after the assets it refers to, so its hash covers theirs (a change in the nhsuk JS changes app.js's URL too). */
  const build = (name, from) => {
    if (assets[name]) return assets[name];
    if (!sources.has(name)) throw new Error(`${from ?? 'build'}: no asset called ${name} (write references as ${URL_PREFIX}<path under static/>)`);
    if (building.has(name)) throw new Error(`assets refer to each other in a loop: ${[...building, name].join(' -> ')}`);
    building.add(name);
    let content = sources.get(name)();
    const ext = extname(name);
    if (ext === '.css' || ext === '.js') {
      content = String(content).replace(/(?<=["'(])\/static\/([A-Za-z0-9_./-]+\.[a-z0-9]+)(?=["')])/g, (_match, other) => build(other, name));
    }
    const data = Buffer.from(content);
    const file = name.replace(/(\.[a-z0-9]+)$/, `.${hash(data).slice(0, 12)}$1`);
    const path = join(OUT, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
    if (TEXT_TYPES.has(ext)) for (const [suffix, zip] of Object.entries(compress)) writeFileSync(`${path}.${suffix}`, zip(data));
    building.delete(name);
    return (assets[name] = `${URL_PREFIX}${file}`);
  };
  for (const name of sources.keys()) build(name);

  const temporary = `${MANIFEST}.${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify({ fingerprint, components, assets }, null, 2)}\n`);
  renameSync(temporary, MANIFEST);
  console.log(`static files: built ${Object.keys(assets).length} into dist/static/ (NHS.UK components: ${components.join(', ')})`);
}

main();
