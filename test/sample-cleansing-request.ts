import { randomUUID } from 'node:crypto';
import { newReference } from '../src/requests/reference.js';
import type { NewAuditEvent, NewCleansingRequest } from '../src/store/ports.js';

/** A cleansing request as the public form stores it, with a fresh reference and idempotency key. */
export const sampleCleansingRequest = (overrides: Partial<NewCleansingRequest> = {}): NewCleansingRequest => ({
  reference: newReference('cleansing'),
  idempotencyKey: randomUUID(),
  newEmail: 'jo.new@example.com',
  oldEmail: 'jo.old@example.com',
  nhsNumberLast3: '919',
  lastAccessDate: null,
  stepsTaken: 'Tried the forgotten password link.',
  senderName: 'Pat Practice',
  senderOdsCode: 'Y12345',
  senderEmail: 'reception@example.nhs.uk',
  createdAt: new Date(),
  ...overrides,
});

/** The audit event the public form records with it. */
export const publicCreatedEvent = (stored: { reference: string; createdAt: Date }): NewAuditEvent => ({
  at: stored.createdAt,
  actor: { userId: null, username: null },
  action: 'cleansing-request.created',
  reference: stored.reference,
});
