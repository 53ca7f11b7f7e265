import { hashImage } from './image.ts';
import type { PdqResult } from './pdq.ts';

/**
 * A worker-thread task (for Piscina or a plain worker pool): decodes and hashes one image, so
 * several images are hashed at once on several cores.
 */
export default function hashInWorker(task: { bytes: Uint8Array; name: string }): Promise<PdqResult> {
  return hashImage(task.bytes, task.name);
}
