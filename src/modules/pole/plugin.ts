import path from 'node:path';
import type { Command } from 'commander';
import { can } from '../../identity/abilities.ts';
import { projectRoot } from '../../shared-data.ts';
import type { ModulePlugin } from '../contract.ts';
import { caseApi } from './cases/api.ts';
import { registerCases } from './cases/cli.ts';
import { seedCaseDemo } from './cases/demo.ts';
import { casePages } from './cases/pages.ts';
import { poleAmendment, poleRunPage } from './cases/review.ts';
import { register } from './cli.ts';
import { poleMethod } from './method.ts';

/**
 * Case files outside the POLE core: cases, their documents, search and access log (pages, API
 * and the `case` commands), an analysis on the run and review pages with the reviewer's
 * corrections of single entities and summary lines, the `pole` and `summarise` commands, and the
 * demo force's case.
 */
export const polePlugin: ModulePlugin = {
  moduleIds: ['pole'],
  cli(program: Command) {
    register(program);
    registerCases(program);
  },
  viewFolders: [path.join(projectRoot, 'src/modules/pole/views')],
  navigation: (principal) => (can(principal, 'case.create') ? [{ href: '/cases', text: 'Case files' }] : []),
  routes: (services) => [caseApi(services), casePages(services)],
  runPage: poleRunPage,
  reviewAmendment: poleAmendment,
  publicMethod: poleMethod,
  demo: seedCaseDemo,
};
