import { ANSWER_WORKING_DAYS } from './service-standard.ts';

/**
 * Public messages about a challenge's timing and where to go next, in the form of the public
 * pages' catalogue (`{name}` is filled in; keys ending in `Html` hold markup written here, their
 * parameters escaped), so they can move into the English and Welsh catalogues as they are.
 */
export const challengeTimingMessages = {
  'challenge.timing.heading': 'When to expect an answer',
  'challenge.timing.received': 'Received',
  'challenge.timing.answerBy': 'Answer expected by',
  'challenge.timing.standard': `We aim to answer every challenge within ${ANSWER_WORKING_DAYS} working days (Monday to Friday, not bank holidays).`,
  'challenge.timing.late':
    'Your answer is later than we aim for. You can still wait for it, or use the routes below.',
  'challenge.timing.acknowledged': 'We have sent an acknowledgement to the e-mail address you gave.',
  'challenge.escalate.heading': 'If you are unhappy',
  'challenge.escalate.iopcHtml':
    'If you are unhappy with how the police behaved, including how they used an AI tool, you can <a class="govuk-link" href="https://www.policeconduct.gov.uk/complaints-reviews-and-appeals/make-complaint" rel="external">make a complaint about the police through the Independent Office for Police Conduct (IOPC)</a>.',
  'challenge.escalate.icoHtml':
    'If you are unhappy with how your personal information was used, including decisions made by automated means, you can <a class="govuk-link" href="https://ico.org.uk/make-a-complaint/" rel="external">complain to the Information Commissioner’s Office (ICO)</a>.',
  'challenge.escalate.wait':
    'A challenge does not stop you from doing either of these, and doing them does not end your challenge.',
  'challenge.email.subject': 'Your challenge {reference} has been received',
  'challenge.email.body':
    'We received your challenge {reference} on {received}.\n\nSomeone who did not check the original AI output will review it. We aim to answer by {answerBy} ({days} working days).\n\nCheck its progress at {statusUrl} with your reference.\n\nIf you are unhappy with how the police behaved, you can complain through the Independent Office for Police Conduct: https://www.policeconduct.gov.uk/complaints-reviews-and-appeals/make-complaint\nIf you are unhappy with how your personal information was used, you can complain to the Information Commissioner’s Office: https://ico.org.uk/make-a-complaint/\n\nThis e-mail was sent once, because you gave this address with your challenge. Do not reply to it.',
} as const;

export type ChallengeTimingKey = keyof typeof challengeTimingMessages;

/** A message with its `{name}` parameters filled in (plain text; HTML keys are used as written). */
export function timingMessage(key: ChallengeTimingKey, params: Record<string, string | number> = {}): string {
  return challengeTimingMessages[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}
