// A worker thread's entry: the sources are TypeScript, run through tsx as bin/bluelamp.js does.
import { setPriority } from 'node:os';
import { register } from 'tsx/esm/api';

// Module code runs at a lower CPU priority than the thread that answers requests (on Linux a
// thread has its own nice value; priority 0 is this thread): on a busy machine the service
// keeps answering while runs take the time left over.
try {
  setPriority(0, 10);
} catch {
  // Not permitted or not supported here: runs share the CPU equally.
}

register();
const { runModuleTask } = await import('./module-task.ts');
export default runModuleTask;
