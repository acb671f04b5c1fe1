import type { CleansingRequestInput } from '../store/ports.js';
import { formatDate } from '../text/dates.js';
import { FIELD_IDS } from './form-schema.js';

// The answers are kept server-side between steps, so Change is a plain link back to the form.
const change = (field: keyof typeof FIELD_IDS, visuallyHidden: string) => ({
  text: 'Change',
  visuallyHidden,
  href: `/cleansing-request#${FIELD_IDS[field]}`,
});

/** The check-your-answers summary: what will be sent, each with its Change action. */
export function checkAnswersRows(input: CleansingRequestInput) {
  return [
    { key: "Patient's new email address", value: input.newEmail, action: change('newEmail', "patient's new email address") },
    { key: "Patient's old email address", value: input.oldEmail, action: change('oldEmail', "patient's old email address") },
    { key: 'Last 3 digits of NHS number', value: input.nhsNumberLast3, action: change('nhsNumberLast3', 'last 3 digits of NHS number') },
    {
      key: 'Date of last successful access',
      value: input.lastAccessDate ? formatDate(input.lastAccessDate) : 'Not known',
      action: change('lastAccessDay', 'date of last successful access'),
    },
    { key: 'Steps taken so far', lines: input.stepsTaken.split(/\r?\n/), action: change('stepsTaken', 'steps taken so far') },
    { key: 'Your name', value: input.senderName, action: change('senderName', 'your name') },
    { key: "Your practice's ODS code", value: input.senderOdsCode, action: change('senderOdsCode', "your practice's ODS code") },
    { key: 'Your email address', value: input.senderEmail, action: change('senderEmail', 'your email address') },
  ];
}
