import path from 'node:path';
import { compileAsync } from 'sass';
import { projectRoot } from '../shared-data.ts';

let css: Promise<string> | undefined;

/** The service stylesheet, compiled once per process from GOV.UK Frontend's SCSS. */
export function stylesheet(): Promise<string> {
  css ??= compileAsync(path.join(projectRoot, 'src/web/styles/app.scss'), {
    loadPaths: [path.join(projectRoot, 'node_modules')],
    style: 'compressed',
    quietDeps: true,
    silenceDeprecations: ['import'],
  }).then((r) => r.css);
  return css;
}

export const govukDist = path.join(projectRoot, 'node_modules/govuk-frontend/dist');
export const govukAssets = path.join(govukDist, 'govuk/assets');
