import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import negotiate from '@fastify/accept-negotiator';

export type Encoding = 'br' | 'gzip';
const ENCODINGS: Encoding[] = ['br', 'gzip'];

/** What goes on the wire: the body, its Content-Encoding, and whether it depended on Accept-Encoding. */
export interface Sent {
  body: string | Buffer;
  encoding: Encoding | null;
  varies: boolean;
}

/** Below this a compressed page saves less than a packet and costs CPU on every request. */
export const COMPRESS_THRESHOLD = 1024;

/** Accept-Encoding values negotiated so far: browsers send a handful, each asked many times. */
const picked = new Map<string, Encoding | null>();
/** Bounded, as anyone can send any header: the oldest goes first. */
const PICKED_LIMIT = 200;

/** The encoding a browser prefers among ours (q-values honoured), or null for none. */
export function pickEncoding(acceptEncoding: string | string[] | undefined): Encoding | null {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding;
  if (!header) return null;
  let encoding = picked.get(header);
  if (encoding === undefined) {
    encoding = negotiate(header, ENCODINGS);
    if (picked.size >= PICKED_LIMIT) picked.delete(picked.keys().next().value!);
    picked.set(header, encoding);
  }
  return encoding;
}

const compressors: Record<Encoding, (text: string, best: boolean) => Buffer> = {
  // Quality 5 with a 256 KB window: about 0.3 ms for a 5 KB page, within 15% of quality 11's
  // size (which takes about 15 ms: fine once per shared page, not on every request).
  br: (text, best) =>
    brotliCompressSync(text, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: best ? 11 : 5,
        [constants.BROTLI_PARAM_LGWIN]: best ? 22 : 18,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(text),
      },
    }),
  gzip: (text, best) => gzipSync(text, { level: best ? 9 : 6 }),
};

/**
 * A page rendered for one request. Compressed at a quality that costs well under a
 * millisecond, when it is big enough to gain and nobody is signed in: staff pages show
 * personal data next to text the public typed, and compressing the two together would let
 * whoever controls the typed text learn the rest from the size (BREACH). CSRF tokens are
 * masked afresh on every page, so public forms don't carry a fixed secret to guess.
 */
export function compressPage(html: string, acceptEncoding: string | string[] | undefined, signedIn: boolean): Sent {
  if (signedIn || Buffer.byteLength(html) < COMPRESS_THRESHOLD) return { body: html, encoding: null, varies: false };
  const encoding = pickEncoding(acceptEncoding);
  return { body: encoding ? compressors[encoding](html, false) : html, encoding, varies: true };
}

/** A page that is the same for everyone: each encoding made once, at the best quality, when first asked for. */
export interface Compressed {
  pick(acceptEncoding: string | string[] | undefined): Sent;
}

export function compressOnce(html: string): Compressed {
  if (Buffer.byteLength(html) < COMPRESS_THRESHOLD) return { pick: () => ({ body: html, encoding: null, varies: false }) };
  const made = new Map<Encoding, Buffer>();
  return {
    pick(acceptEncoding) {
      const encoding = pickEncoding(acceptEncoding);
      if (!encoding) return { body: html, encoding: null, varies: true };
      let body = made.get(encoding);
      if (!body) made.set(encoding, (body = compressors[encoding](html, true)));
      return { body, encoding, varies: true };
    },
  };
}
