import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { lostEmailStep, previousAnswers, QUESTIONS, type LostEmailAnswers } from '../cleansing/lost-email-journey.js';

const PATH = '/problems/lost-email';
const answer = z.enum(['yes', 'no']);
const querySchema = z.object({
  remembers: answer.optional(),
  access: answer.optional(),
  /** Which question the form was answering: an unanswered question is an error, not a restart. */
  step: z.enum(['remembers', 'access']).optional(),
});

const toQuery = (answers: LostEmailAnswers): string => {
  const params = new URLSearchParams(Object.entries(answers).filter(([, v]) => v !== undefined) as [string, string][]);
  const text = params.toString();
  return text ? `${PATH}?${text}` : PATH;
};

const lostEmail: FastifyPluginAsync = async (app) => {
  app.get(PATH, async (request, reply) => {
    const parsed = querySchema.safeParse(request.query);
    if (!parsed.success) {
      return reply.code(400).page('pages/error', { title: 'There is a problem with that link', paragraphs: ['Start the questions again.'] });
    }
    const { step: answering, ...answers } = parsed.data;
    const step = lostEmailStep(answers);
    const back = previousAnswers(step, answers);
    const backLink = { href: back ? toQuery(back) : '/' };

    if (step.kind === 'outcome') {
      return reply.page(`pages/lost-email/${step.id}`, { title: 'What the patient should do', backLink, startAgain: PATH });
    }
    const question = QUESTIONS[step.id];
    const unanswered = answering === step.id;
    const errors = unanswered ? [{ field: step.id, href: `#${step.id}`, message: question.error }] : [];
    return reply.page(
      'pages/lost-email/question',
      { title: question.legend, question, name: step.id, answers, errors, backLink },
      { status: unanswered ? 422 : 200 },
    );
  });
};

export default lostEmail;
