// Where the core or a command names a platform. Read with the TypeScript parser so comments never count:
// an identifier (`slackEmoji`, `discordEditorRole`) or a string or template text (`'discord'`,
// `` `slack:${id}` ``) mentioning slack, discord or console. The global `console` object (`console.info`)
// is JavaScript's, not the console platform, and is allowed.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const NAMES = /slack|discord|console/i;

/** `line:text` of every place in `source` that names a platform. */
export function platformNames(fileName: string, source: string): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const hit = (n: ts.Node, text: string) => found.push(`${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}:${text}`);
  const visit = (n: ts.Node) => {
    if (ts.isIdentifier(n) && NAMES.test(n.text)) {
      const globalConsole = n.text === 'console' && ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n;
      if (!globalConsole) hit(n, n.text);
    } else if ((ts.isStringLiteralLike(n) || ts.isTemplateLiteralToken(n)) && NAMES.test(n.text)) {
      hit(n, JSON.stringify(n.text));
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

/** Every hit under the given folders of `root`, as `path:line:text`. */
export function platformNamesIn(root: string, dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) for (const h of platformNames(p, readFileSync(p, 'utf8'))) out.push(`${relative(root, p)}:${h}`);
    }
  };
  for (const d of dirs) walk(join(root, d));
  return out;
}
