/**
 * What other modules may use of case files (the second public entry of this module, beside the
 * pure core in `index.ts`): a case as the asker may see it, its access log, the frame of its
 * pages, and the command-line helpers that act as a named officer. Device evidence hangs off a
 * case through these.
 */
export { asPerson, who } from './cases/cli.ts';
export { caseFrame } from './cases/pages.ts';
export { caseByReference, caseFor, createCase, logAccess } from './cases/service.ts';
