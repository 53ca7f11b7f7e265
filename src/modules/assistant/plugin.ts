import path from 'node:path';
import { can } from '../../identity/abilities.ts';
import { projectRoot } from '../../shared-data.ts';
import type { ModulePlugin } from '../contract.ts';
import { assistantApi } from './api.ts';
import { register } from './cli.ts';
import { purgeExpired } from './conversations/service.ts';
import { seedAssistantDemo } from './demo.ts';
import { assistantMethod } from './method.ts';
import { assistantPages } from './pages.ts';

/**
 * The 101 web chat outside its core: the public chat page and API, the handlers' console, the
 * knowledge base, the `assistant` commands and the demo force's articles and crime reports.
 */
export const assistantPlugin: ModulePlugin = {
  moduleIds: ['assistant'],
  cli: register,
  viewFolders: [path.join(projectRoot, 'src/modules/assistant/views')],
  navigation: (principal) => (can(principal, 'run.start') ? [{ href: '/assistant', text: '101 chats' }] : []),
  routes: (services) => [assistantApi(services), assistantPages(services)],
  publicMethod: assistantMethod,
  demo: seedAssistantDemo,
  async housekeeping({ db, config }) {
    const n = await purgeExpired(db, config.dataEncryptionKey);
    return n ? `101 chats: ${n} transcript${n === 1 ? '' : 's'} past retention destroyed` : undefined;
  },
};
