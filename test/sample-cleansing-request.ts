import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { CleansingDetails, StaffRef } from '../src/requests/model.js';
import { newReference } from '../src/requests/reference.js';
import { createRequestVault } from '../src/requests/vault.js';
import type { CleansingRequestInput, NewAuditEvent, NewStoredRequest, RequestSource, StoredRequest } from '../src/store/ports.js';

/** A cleansing request's fields as the public form gives them. */
export const sampleCleansingDetails = (overrides: Partial<CleansingRequestInput> = {}): { kind: 'cleansing' } & CleansingDetails => ({
  kind: 'cleansing',
  newEmail: 'jo.new@example.com',
  oldEmail: 'jo.old@example.com',
  nhsNumberLast3: '919',
  lastAccessDate: null,
  stepsTaken: 'Tried the forgotten password link.',
  senderName: 'Pat Practice',
  senderOdsCode: 'Y12345',
  senderEmail: 'reception@example.nhs.uk',
  ...overrides,
});

/** Stores a cleansing request through the app, as the public form (or, with `by`, an agent) does. */
export async function submitSample(
  app: FastifyInstance,
  overrides: Partial<CleansingRequestInput> = {},
  options: { at?: Date; by?: StaffRef; source?: RequestSource } = {},
): Promise<StoredRequest> {
  const { reference } = await app.requests.submit({
    details: sampleCleansingDetails(overrides),
    source: options.source ?? (options.by ? { channel: 'ticket', ticketReference: 'INC-1001' } : { channel: 'public' }),
    idempotencyKey: randomUUID(),
    at: options.at ?? app.now(),
    by: options.by ?? null,
  });
  return (await app.store.requests.findByReference(reference))!;
}

/** For the store contract: the store never opens sealed details, so any key seals them. */
const vault = createRequestVault([randomBytes(32)]);

/** A request as the store is asked to keep it, with a fresh reference and idempotency key. */
export const sampleCleansingRequest = (overrides: Partial<CleansingRequestInput & Pick<NewStoredRequest, 'reference' | 'idempotencyKey' | 'createdAt' | 'source' | 'createdBy' | 'possibleDuplicates'>> = {}): NewStoredRequest => {
  const { reference = newReference('cleansing'), idempotencyKey = randomUUID(), createdAt = new Date(), source = { channel: 'public' }, createdBy = null, possibleDuplicates = [], ...fields } = overrides;
  const details = sampleCleansingDetails(fields);
  return {
    reference,
    kind: 'cleansing',
    idempotencyKey,
    sealedDetails: vault.seal(details, reference),
    ...vault.hashesOf(details),
    practiceOdsCode: details.senderOdsCode,
    source,
    createdBy,
    createdAt,
    possibleDuplicates,
  };
};

/** The same vault's look-up hashes, for duplicate checks in the contract. */
export const sampleLookupHashes = (email: string): string[] => vault.lookupHashes(email);
export const openSample = (stored: StoredRequest) => vault.unseal(stored.sealedDetails!, stored.reference);

/** The audit event the public form records with it. */
export const publicCreatedEvent = (stored: { reference: string; createdAt: Date }): NewAuditEvent => ({
  at: stored.createdAt,
  actor: { userId: null, username: null },
  action: 'request.created',
  reference: stored.reference,
});

/** The `also` of a store create: just the audit event. */
export const withPublicEvent = { audit: publicCreatedEvent };
