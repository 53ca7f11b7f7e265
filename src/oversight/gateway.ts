import { check } from '../identity/abilities.ts';
import type { Role } from '../identity/roles.ts';

export { RUN_ROLES } from '../identity/abilities.ts';

export interface TrialScope {
  teams: string[];
  areas: string[];
  startDate: string;
  endDate: string;
  maxRuns: number;
}

export interface GatewayInput {
  stage: string;
  moduleKnown: boolean;
  roles: readonly Role[];
  scope: TrialScope | null;
  runsSoFar: number;
  team?: string | undefined;
  area?: string | undefined;
  /** Today as YYYY-MM-DD (London). */
  today: string;
  needsDecisionMaker: boolean;
  decisionMakerValid: boolean;
}

export type GatewayDecision =
  | { ok: true }
  | { ok: false; status: 403 | 409 | 400; code: string; message: string };

/**
 * Whether a system may be run now: live, or in trial and inside its trial scope (dates, team or
 * area, volume); never when suspended or not yet authorised; only for those `run.start` allows.
 */
export function gateway(g: GatewayInput): GatewayDecision {
  const who = check({ personId: '', roles: g.roles }, 'run.start');
  if (!who.ok) return who;
  if (g.stage === 'suspended') {
    return {
      ok: false,
      status: 409,
      code: 'system-suspended',
      message: 'This system is suspended: no outputs until it is resumed.',
    };
  }
  if (g.stage !== 'live' && g.stage !== 'trial') {
    return {
      ok: false,
      status: 409,
      code: 'system-not-authorised',
      message: `This system is at the ${g.stage} stage; it can only run once authorised, in its trial or live.`,
    };
  }
  if (!g.moduleKnown) {
    return {
      ok: false,
      status: 409,
      code: 'no-module',
      message: 'This system has no AI module configured in its register entry.',
    };
  }
  if (g.stage === 'trial') {
    const s = g.scope;
    if (!s)
      return { ok: false, status: 409, code: 'out-of-scope', message: 'The trial has no recorded scope.' };
    if (g.today < s.startDate || g.today > s.endDate) {
      return {
        ok: false,
        status: 409,
        code: 'out-of-scope',
        message: `Outside the trial dates (${s.startDate} to ${s.endDate}).`,
      };
    }
    if (g.runsSoFar >= s.maxRuns) {
      return {
        ok: false,
        status: 409,
        code: 'out-of-scope',
        message: `The trial's maximum of ${s.maxRuns} runs has been reached.`,
      };
    }
    const inTeam = g.team !== undefined && s.teams.includes(g.team);
    const inArea = g.area !== undefined && s.areas.includes(g.area);
    if (!inTeam && !inArea) {
      return {
        ok: false,
        status: 409,
        code: 'out-of-scope',
        message: `The trial covers only the teams ${s.teams.join(', ') || '(none)'} and areas ${s.areas.join(', ') || '(none)'}; give your team or area.`,
      };
    }
  }
  if (g.needsDecisionMaker && !g.decisionMakerValid) {
    return {
      ok: false,
      status: 400,
      code: 'decision-maker-required',
      message:
        'A risk score needs the named person making the decision (an officer in this force) before it runs.',
    };
  }
  return { ok: true };
}

/** A short public reference, printed on anything the output influences (Crockford base 32). */
export function runReference(random: Buffer): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let out = '';
  for (let i = 0; i < 8; i++) out += alphabet[random[i]! % 32];
  return `R-${out.slice(0, 4)}-${out.slice(4)}`;
}
