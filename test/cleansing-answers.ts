/** A complete, valid set of cleansing-form answers, as GP staff would type them. */
export const VALID_ANSWERS = {
  newEmail: 'jo.bloggs.new@example.com',
  oldEmail: 'jo.bloggs@oldmail.example',
  nhsNumberLast3: '847',
  lastAccessDay: '3',
  lastAccessMonth: '6',
  lastAccessYear: '2026',
  stepsTaken: 'Patient tried the forgotten password link but the old mailbox was closed by the provider and cannot be recovered.',
  senderName: 'Pat Reception',
  senderOdsCode: 'y12345',
  senderEmail: 'reception.y12345@example.nhs.uk',
};
