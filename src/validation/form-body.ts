/**
 * Reads an urlencoded (or JSON) form body into exactly the expected string fields. Repeated
 * fields arrive as arrays and crafted bodies as nested objects: both are refused rather than
 * coerced, and __proto__/constructor keys are just unexpected keys.
 */

export type FormBodyResult = { ok: true; values: Record<string, string> } | { ok: false; reason: string };

// Form parsers give ordinary objects, null-prototype ones (node:querystring), or objects whose
// prototype is an empty null-prototype object (fast-querystring, used by @fastify/formbody).
function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return true;
  return Object.getPrototypeOf(proto) === null && Reflect.ownKeys(proto as object).length === 0;
}

export function readFormBody(body: unknown, allowed: readonly string[]): FormBodyResult {
  if (!isPlainObject(body)) return { ok: false, reason: 'body is not a form' };
  const allowedSet = new Set(allowed);
  for (const key of Reflect.ownKeys(body)) {
    if (typeof key !== 'string') return { ok: false, reason: 'body has a symbol key' };
    if (!allowedSet.has(key)) return { ok: false, reason: `unexpected field "${key}"` };
    // Read the own data property, never a getter or anything inherited.
    const descriptor = Object.getOwnPropertyDescriptor(body, key);
    if (descriptor === undefined || !('value' in descriptor) || typeof descriptor.value !== 'string') {
      return { ok: false, reason: `field "${key}" must be a single text value` };
    }
  }
  // Object.fromEntries defines own properties, so even a '__proto__' name stays plain data.
  const values = Object.fromEntries(
    allowed.map((key): [string, string] => {
      const descriptor = Object.hasOwn(body, key) ? Object.getOwnPropertyDescriptor(body, key) : undefined;
      return [key, typeof descriptor?.value === 'string' ? descriptor.value : ''];
    }),
  );
  return { ok: true, values };
}
