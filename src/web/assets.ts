import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../paths.js';

/** Where scripts/build-assets.js writes the built CSS and JS, served at /static/. */
export const STATIC_DIR = join(ROOT, 'dist', 'static');
const MANIFEST = join(ROOT, 'dist', 'static-manifest.json');
const PREFIX = '/static/';

export interface Assets {
  /** The URL of a built file by its logical name ("css/app.css" for static/css/app.css). */
  url(name: string): string;
  /** Paths under /static/ that this build serves (each also as .br and .gz, picked by the server). */
  served: ReadonlySet<string>;
}

/** Reads the manifest of the last `npm run build:assets`; the app can't render a page without it. */
export function loadAssets(manifestFile = MANIFEST): Assets {
  let assets: Record<string, string>;
  try {
    assets = (JSON.parse(readFileSync(manifestFile, 'utf8')) as { assets: Record<string, string> }).assets;
  } catch (error) {
    throw new Error(`The static files are not built (${manifestFile}: ${(error as Error).message}). Run \`npm run build:assets\` (npm start and npm test do).`, { cause: error });
  }
  const urls = new Map(Object.entries(assets));
  return {
    url(name) {
      const url = urls.get(name);
      // A typo in a template fails its page (and its test) at once, not as a 404 in a browser.
      if (url === undefined) throw new Error(`No static file called ${name}: known are ${[...urls.keys()].join(', ')}`);
      return url;
    },
    served: new Set([...urls.values()].map((url) => `/${url.slice(PREFIX.length)}`)),
  };
}
