import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { walkedPath } from '../requests/checked.js';
import { contactCheckAnswersRows } from '../requests/contact-check-answers.js';
import { CONTACT_FIELDS, CONTACT_FIELD_IDS, CONTACT_LIMITS, parseContactForm, type ContactFormValues } from '../requests/contact-form-schema.js';
import type { ContactDetails } from '../requests/model.js';
import { registerPublicForm } from './public-form.js';

const startQuery = z.object({ tree: z.string().max(100), answers: z.string().max(2000).default('') });

/**
 * The GP contact form: where the can't-connect, 3R, 3F, PIN-document and other "the checks
 * didn't fix it" endings send GP staff. What was checked comes from the tree path they just
 * walked (the ending's link carries it; the form replays it), shown read-only, never retyped.
 */
const contactForm: FastifyPluginAsync = async (app) => {
  const options = { trees: app.trees, checkedRequired: true } as const;

  registerPublicForm<ContactFormValues, ContactDetails>(app, {
    base: '/contact-form',
    kind: 'contact',
    fields: CONTACT_FIELDS,
    parse: (values) => parseContactForm(values, options),
    details: (value) => ({ kind: 'contact', ...value }),
    startValues: (request: FastifyRequest) => {
      const query = startQuery.safeParse(request.query);
      return query.success ? { treeId: query.data.tree, answers: query.data.answers } : null;
    },
    formPage: (values) => {
      const path = walkedPath(app.trees, values.treeId, values.answers);
      return {
        title: 'Contact the NHS login and NHS App service desk',
        ids: CONTACT_FIELD_IDS,
        limits: CONTACT_LIMITS,
        walked: path,
        backLink: { href: path?.href ?? '/problems' },
      };
    },
    checkPage: (value) => ({ title: 'Check your answers before sending the form', rows: contactCheckAnswersRows(value) }),
    confirmationPage: (reference) => ({ title: 'Contact form sent', reference }),
    views: { form: 'pages/contact-form/form', check: 'pages/contact-form/check', confirmation: 'pages/contact-form/confirmation' },
  });
};

export default contactForm;
