// A worker thread's entry: the sources are TypeScript, run through tsx as bin/bluelamp.js does.
import { register } from 'tsx/esm/api';

register();
const { runModuleTask } = await import('./module-task.ts');
export default runModuleTask;
