// The import graph of the project's own TypeScript files, read with the TypeScript parser: static imports,
// `export … from`, type-only imports (they still tie the files together) and dynamic `import()`.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export type Graph = Map<string, string[]>;

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) tsFiles(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Relative imports of one file, as written (`./index.ts`, `../src/core/types.ts`). */
export function importsOf(fileName: string, source: string): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const specs: string[] = [];
  const visit = (n: ts.Node) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      specs.push(n.moduleSpecifier.text);
    } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteralLike(n.arguments[0])) {
      specs.push(n.arguments[0].text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return specs.filter((s) => s.startsWith('.'));
}

/** File → files it imports, for every .ts file under the given folders (paths relative to root). */
export function importGraph(root: string, folders: string[]): Graph {
  const graph: Graph = new Map();
  for (const file of folders.flatMap((f) => tsFiles(join(root, f)))) {
    const deps = importsOf(file, readFileSync(file, 'utf8')).map((s) => relative(root, resolve(dirname(file), s)));
    graph.set(relative(root, file), deps);
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as `a -> b -> a`. */
export function cycles(graph: Graph): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[] = [];
  const visit = (n: string) => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      if (!graph.has(m)) continue;
      if (state.get(m) === 'open') found.push([...stack.slice(stack.indexOf(m)), m].join(' -> '));
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of graph.keys()) if (!state.has(n)) visit(n);
  return found;
}

/** Imports from a file under `from` to a file under any of `to` (folder prefixes or file paths), as `a -> b`. */
export function importsAcross(graph: Graph, from: string, to: string[]): string[] {
  const under = (file: string, p: string) => file === p || file.startsWith(p.endsWith('/') ? p : `${p}/`);
  const found: string[] = [];
  for (const [file, deps] of graph) {
    if (!under(file, from)) continue;
    for (const d of deps) if (to.some((t) => under(d, t))) found.push(`${file} -> ${d}`);
  }
  return found;
}
