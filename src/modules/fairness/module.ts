import type { AiModule } from '../contract.ts';

export const fairnessModule = undefined as unknown as AiModule;
