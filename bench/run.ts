/**
 * `npm run bench -- NAME [args]` runs bench/NAME.ts. Benchmarks print ratios against a baseline
 * measured in the same process; they are never part of a test command.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && f !== 'databases.ts' && !f.endsWith('.test.ts'))
  .map((f) => f.slice(0, -3));
const name = process.argv[2];
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join('|')}> [options]`);
  process.exit(2);
}
process.argv.splice(2, 1);
await import(`./${name}.ts`);
