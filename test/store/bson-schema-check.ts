import { Double, Int32, Long, type Document } from 'mongodb';

/**
 * The part of MongoDB's `$jsonSchema` our validators use (bsonType, required,
 * additionalProperties: false, properties, items, enum, pattern, minimum, oneOf), checked
 * against a document as read with `promoteValues: false` (so an int, a long and a double
 * stay told apart, as the server sees them). Returns what the server would refuse, by path;
 * empty when it passes. For tests: it lets a run against a server that ignores validators
 * still see every document the adapter wrote checked.
 */
export function schemaProblems(schema: Document, value: unknown, path = '$'): string[] {
  const problems: string[] = [];
  if (schema.bsonType !== undefined) {
    const allowed: string[] = Array.isArray(schema.bsonType) ? schema.bsonType : [schema.bsonType];
    const type = bsonType(value);
    if (!allowed.includes(type)) return [`${path}: ${type}, wanted ${allowed.join(' or ')}`];
  }
  if (schema.enum !== undefined && !(schema.enum as unknown[]).some((option) => option === plain(value))) {
    problems.push(`${path}: ${String(plain(value))} is not one of ${(schema.enum as unknown[]).join(', ')}`);
  }
  if (schema.pattern !== undefined && typeof value === 'string' && !new RegExp(schema.pattern as string, 'u').test(value)) {
    problems.push(`${path}: does not match ${schema.pattern}`);
  }
  if (schema.minimum !== undefined && typeof plain(value) === 'number' && (plain(value) as number) < schema.minimum) {
    problems.push(`${path}: below ${schema.minimum}`);
  }
  if (schema.oneOf !== undefined) {
    const matching = (schema.oneOf as Document[]).filter((option) => schemaProblems(option, value, path).length === 0).length;
    if (matching !== 1) problems.push(`${path}: matches ${matching} of oneOf, wanted exactly 1`);
  }
  if (bsonType(value) === 'object') {
    const doc = value as Document;
    for (const field of (schema.required as string[] | undefined) ?? []) {
      if (!(field in doc)) problems.push(`${path}.${field}: required`);
    }
    const properties = (schema.properties as Record<string, Document> | undefined) ?? {};
    for (const [field, fieldValue] of Object.entries(doc)) {
      const fieldSchema = properties[field];
      if (fieldSchema) problems.push(...schemaProblems(fieldSchema, fieldValue, `${path}.${field}`));
      else if (schema.additionalProperties === false) problems.push(`${path}.${field}: not allowed (additionalProperties: false)`);
    }
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    value.forEach((item, i) => problems.push(...schemaProblems(schema.items as Document, item, `${path}[${i}]`)));
  }
  return problems;
}

/** The BSON type name `$jsonSchema` uses for a value read with promoteValues: false. */
export function bsonType(value: unknown): string {
  // The driver sends a field set to undefined as null (its ignoreUndefined is off by default).
  if (value === null || value === undefined) return 'null';
  if (value instanceof Int32) return 'int';
  if (value instanceof Long) return 'long';
  if (value instanceof Double) return 'double';
  if (value instanceof Date) return 'date';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    // A bare JS number: as the driver would send it (int when it fits in 32 bits, else double).
    case 'number':
      return Number.isInteger(value) && Math.abs(value) <= 2 ** 31 - 1 ? 'int' : 'double';
    case 'object':
      return 'object';
    default:
      return typeof value;
  }
}

function plain(value: unknown): unknown {
  if (value instanceof Int32 || value instanceof Double) return value.valueOf();
  if (value instanceof Long) return value.toNumber();
  return value;
}
