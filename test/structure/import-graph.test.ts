// Issue 12: no import cycle anywhere in src/, commands/ and store/ (a cycle hidden behind a dynamic import
// or a type-only import counts too: it still means the two files cannot be understood one without the other).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, importsAcross, importsOf } from './import-graph.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('import graph', () => {
  it('reads static, type-only, re-export and dynamic imports', () => {
    const src = [
      "import { a } from './a.ts';",
      "import type { B } from '../b.ts';",
      "export { c } from './c.ts';",
      "import pino from 'pino';",
      "const d = await import('./d.ts');",
    ].join('\n');
    expect(importsOf('x.ts', src)).toEqual(['./a.ts', '../b.ts', './c.ts', './d.ts']);
  });

  it('finds a cycle, also through several files', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(cycles(g)).toEqual(['a -> b -> c -> a']);
    expect(cycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });

  it('src/, commands/ and store/ have no cycle', () => {
    const graph = importGraph(ROOT, ['src', 'commands', 'store']);
    // the walk sees the real files and their imports
    expect(graph.get('src/main.ts')?.length).toBeGreaterThan(3);
    expect(cycles(graph)).toEqual([]);
  });

  it('store/ imports nothing from src/: the store port is the core\'s, the engines are generic (src/core/store-port.ts)', () => {
    const graph = importGraph(ROOT, ['src', 'store']);
    expect(graph.has('store/engine.ts')).toBe(true);
    expect(importsAcross(graph, 'store', ['src'])).toEqual([]);
  });

  it('src/core/ imports neither a platform nor the application\'s config and logging (the composition root wires those)', () => {
    const graph = importGraph(ROOT, ['src']);
    expect(graph.has('src/core/create-desk.ts')).toBe(true);
    expect(importsAcross(graph, 'src/core', ['src/platforms', 'src/config.ts', 'src/log.ts'])).toEqual([]);
  });

  it('finds an import across folders, and not one inside them', () => {
    const g = new Map([['store/a.ts', ['src/core/x.ts', 'store/b.ts']], ['src/core/x.ts', ['src/config.ts']], ['src/core-extra/y.ts', ['src/log.ts']]]);
    expect(importsAcross(g, 'store', ['src'])).toEqual(['store/a.ts -> src/core/x.ts']);
    expect(importsAcross(g, 'src/core', ['src/config.ts', 'src/log.ts'])).toEqual(['src/core/x.ts -> src/config.ts']);
  });
});
