import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../shared-data.ts';

/**
 * A module is reached from outside its folder only through its public entries (`index.ts`, its
 * core, and `services.ts`, services it offers other modules, when it has them) and,
 * for the registries (`registry.ts` for the cores, `plugins.ts` for pages, commands and demo
 * data), its core and plug-in files. Anything else outside `src/modules/<id>/` that imports a
 * module's inner files fails here, naming the file, the line and the import.
 */
const SRC = path.join(projectRoot, 'src');
const MODULES = path.join(SRC, 'modules');
const REGISTRIES = new Set([path.join(MODULES, 'registry.ts'), path.join(MODULES, 'plugins.ts')]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(p);
    return /\.(ts|mts|tsx)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Relative import specifiers with their line: static, re-exports, type-only and dynamic. */
function importsOf(text: string): Array<{ spec: string; line: number }> {
  const found: Array<{ spec: string; line: number }> = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;
  for (const m of text.matchAll(pattern)) {
    found.push({ spec: m[1] as string, line: text.slice(0, m.index).split('\n').length });
  }
  return found;
}

/** The module folder a file lies in (`src/modules/<id>/...`), or null. */
function moduleOf(file: string): string | null {
  const rel = path.relative(MODULES, file);
  if (rel.startsWith('..')) return null;
  const parts = rel.split(path.sep);
  return parts.length > 1 ? (parts[0] as string) : null;
}

function violations(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const own = moduleOf(file);
    for (const { spec, line } of importsOf(readFileSync(file, 'utf8'))) {
      const target = path.resolve(path.dirname(file), spec);
      const mod = moduleOf(target);
      if (!mod || mod === own) continue;
      const rel = path.relative(path.join(MODULES, mod), target);
      if (rel === 'index.ts' || rel === 'services.ts') continue;
      if (REGISTRIES.has(file) && (rel === 'plugin.ts' || !rel.includes(path.sep))) continue;
      found.push(`${path.relative(SRC, file)} -> ${path.relative(SRC, target)} (line ${line})`);
    }
  }
  return found;
}

describe('module boundaries', () => {
  it('finds static, type-only, re-exported and dynamic imports', () => {
    const text = [
      "import { a } from '../x/a.ts';",
      "import type { B } from './b.ts';",
      "export { c } from '../../c.ts';",
      "const d = await import('./d.ts');",
      "import './side.ts';",
      "import { e } from 'node:fs';",
    ].join('\n');
    expect(importsOf(text).map((i) => i.spec)).toEqual([
      '../x/a.ts',
      './b.ts',
      '../../c.ts',
      './d.ts',
      './side.ts',
    ]);
  });

  it('reaches each module from outside only through its public entry', () => {
    const found = violations();
    expect(found, `imports into a module's inner files:\n${found.join('\n')}`).toEqual([]);
  });
});
