import { effectiveOutput } from '../../../oversight/presenters.ts';
import type { RunPageContext, RunPageView } from '../../contract.ts';
import { ogrs3OutputSchema } from './module.ts';

const titleCase = (key: string) =>
  key
    .replace(/([A-Z])/g, ' $1')
    .toLowerCase()
    .replace(/^./, (c) => c.toUpperCase());

/** An OGRS3 score on the run and review pages: the probabilities, band, contributions and limits. */
export async function ogrs3RunPage({ run }: RunPageContext): Promise<RunPageView> {
  const view: RunPageView = {};
  if (run.input !== null && typeof run.input === 'object')
    view.input = {
      kind: 'rows',
      rows: Object.entries(run.input as Record<string, unknown>).map(([k, v]) => ({
        key: { text: titleCase(k) },
        value: { text: typeof v === 'object' ? JSON.stringify(v) : String(v) },
      })),
    };
  const risk = ogrs3OutputSchema.safeParse(effectiveOutput(run));
  if (risk.success) {
    const r = risk.data;
    view.output = {
      kind: 'risk',
      template: 'risk/run-output.njk',
      rows: [
        { key: { text: 'Two-year probability of proven reoffending' }, value: { text: `${r.twoYear}%` } },
        { key: { text: 'One-year probability' }, value: { text: `${r.oneYear}%` } },
        { key: { text: 'Band' }, value: { text: r.band } },
      ],
      contributions: r.contributions,
      limitations: r.limitations,
    };
  }
  return view;
}
