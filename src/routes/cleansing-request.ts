import type { FastifyPluginAsync } from 'fastify';
import { checkAnswersRows } from '../cleansing/check-answers.js';
import { CLEANSING_FIELDS, CLEANSING_LIMITS, FIELD_IDS, parseCleansingForm, type CleansingFormValues } from '../cleansing/form-schema.js';
import type { CleansingRequestInput } from '../store/ports.js';
import { registerPublicForm } from './public-form.js';

/** GP-practice staff ask the service desk to cleanse a patient's NHS login account (seed 004). */
const cleansingRequest: FastifyPluginAsync = async (app) => {
  registerPublicForm<CleansingFormValues, CleansingRequestInput>(app, {
    base: '/cleansing-request',
    kind: 'cleansing',
    fields: CLEANSING_FIELDS,
    parse: parseCleansingForm,
    details: (value) => ({ kind: 'cleansing', ...value }),
    formPage: () => ({ title: 'Ask for an NHS login account to be cleansed', ids: FIELD_IDS, limits: CLEANSING_LIMITS, backLink: { href: '/problems/lost-email' } }),
    checkPage: (value) => ({ title: 'Check your answers before sending the request', rows: checkAnswersRows(value) }),
    confirmationPage: (reference) => ({ title: 'Cleansing request sent', reference }),
    views: { form: 'pages/cleansing-request/form', check: 'pages/cleansing-request/check', confirmation: 'pages/cleansing-request/confirmation' },
  });
};

export default cleansingRequest;
