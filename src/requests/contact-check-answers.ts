import { checkedPathLines } from './checked.js';
import { CONTACT_FIELD_IDS, type ContactField } from './contact-form-schema.js';
import type { ContactDetails } from './model.js';

// The answers are kept server-side between steps (as the cleansing form's), so Change is a plain link back to the form.
const change = (field: ContactField, visuallyHidden: string) => ({
  text: 'Change',
  visuallyHidden,
  href: `/contact-form#${CONTACT_FIELD_IDS[field]}`,
});

/**
 * The contact form's check-your-answers summary, each row with its Change action. What was
 * checked has none: it comes from the tree path, so changing it means walking the checks again.
 */
export function contactCheckAnswersRows(input: ContactDetails) {
  return [
    { key: "Your practice's ODS code", value: input.senderOdsCode, action: change('senderOdsCode', "your practice's ODS code") },
    { key: 'Your name', value: input.senderName, action: change('senderName', 'your name') },
    { key: 'Your email address', value: input.senderEmail, action: change('senderEmail', 'your email address') },
    { key: 'Error code', value: input.errorCode ?? 'None given', action: change('errorCode', 'error code') },
    { key: 'What was checked', lines: input.checked ? checkedPathLines(input.checked) : ['No checks recorded'], action: null },
    { key: 'Description', lines: input.description.split(/\r?\n/), action: change('description', 'description') },
    {
      key: 'Last 3 digits of NHS number',
      value: input.nhsNumberLast3 ?? 'Not given',
      action: change('nhsNumberLast3', 'last 3 digits of NHS number'),
    },
  ];
}
