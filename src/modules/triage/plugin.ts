import path from 'node:path';
import { can } from '../../identity/abilities.ts';
import { projectRoot } from '../../shared-data.ts';
import type { ModulePlugin } from '../contract.ts';
import { register } from './cli.ts';
import { contactPages, contactRoutes } from './contacts/routes.ts';
import { triageMethod } from './method.ts';

const CONTACT_VIEWS = path.join(projectRoot, 'src/modules/triage/contacts/views');

/**
 * 101 triage outside its core: the `triage` commands, and the contacts handlers record and
 * follow (each message triaged at once, escalated contacts in the queue, flags on misses and
 * false alarms, weekly figures).
 */
export const triagePlugin: ModulePlugin = {
  moduleIds: ['triage'],
  cli: register,
  viewFolders: [CONTACT_VIEWS],
  navigation: (principal) => (can(principal, 'run.start') ? [{ href: '/triage', text: '101 contacts' }] : []),
  routes: (services) => [contactRoutes(services), contactPages(services)],
  publicMethod: triageMethod,
};
