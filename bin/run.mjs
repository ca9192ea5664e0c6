// What `npm start` and `npm run cli` run: src/main.ts or src/cli.ts from a bundle that esbuild makes once
// per version of the sources, instead of through tsx. tsx transpiles nothing when its cache is warm, but it
// still resolves and loads every module through loader hooks on another thread: about 0.35 s of a start, a
// third of the bot's 1 s budget at 100k claims, a tenth of the CLI import's 3 s at 100k reviews.
// One bundle holds both entries (their common modules are shared chunks); the platforms, the web pages,
// PostgreSQL and each CLI subcommand stay chunks of their own, loaded on demand as before, and node_modules
// is left to Node (but zod, below). It is kept in node_modules/.cache/claimdesk-start/<fingerprint>/, the
// fingerprint being the path, size and mtime of every source file, so an edited file makes a new one.
// Whatever goes wrong (no esbuild after `npm install --omit=dev`, a read-only node_modules), the entry runs
// from the sources through tsx as before.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['src', 'commands', 'store'];
const ENTRIES = { main: 'src/main.ts', cli: 'src/cli.ts' };
const cacheDir = path.join(root, 'node_modules', '.cache', 'claimdesk-start');

/** Path, size and mtime of every file the bundle is made of, hashed (a few ms for a few hundred files). Exported for its test. */
export function fingerprint() {
  const h = createHash('sha256');
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const s = fs.statSync(p);
        h.update(`${path.relative(root, p)}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  for (const d of SOURCES) walk(path.join(root, d));
  // package-lock.json: the bundle takes zod in, so an update of it (a lockfile change, then `npm ci`) makes a new one
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'bin/run.mjs']) {
    const s = fs.statSync(path.join(root, f), { throwIfNoEntry: false });
    h.update(s ? `${f}\0${s.size}\0${s.mtimeMs}\n` : `${f}\0-\n`);
  }
  return h.digest('hex').slice(0, 16);
}

/** Bundle the entries into `dir` (written beside it first, then renamed: two starts at once do not mix). */
async function build(dir) {
  const { build: esbuild } = await import('esbuild');
  const tmp = `${dir}.${process.pid}.tmp`;
  await esbuild({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir: tmp,
    bundle: true,
    splitting: true, // dynamic import() stays a chunk loaded on demand (Slack, Discord, pg, the web pages)
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: externals(),
    sourcemap: 'linked', // node --enable-source-maps names the .ts files and lines in stack traces
    logLevel: 'silent',
    plugins: [moduleUrls],
  });
  try {
    fs.renameSync(tmp, dir);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!Object.keys(ENTRIES).every((e) => fs.existsSync(path.join(dir, `${e}.js`)))) throw err; // else another start made the same bundle
  }
  // bundles of older sources, once no bot started a day ago can still be loading a chunk of one
  for (const name of fs.readdirSync(cacheDir)) {
    const p = path.join(cacheDir, name);
    if (name !== path.basename(dir) && Date.now() - fs.statSync(p).mtimeMs > 86_400_000) fs.rmSync(p, { recursive: true, force: true });
  }
}

// node_modules is left to Node, but for zod: dozens of files that every start loads (the configuration),
// about 30 ms to resolve and load as modules, half that as part of the bundle.
const BUNDLED = new Set(['zod']);
function externals() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((n) => !BUNDLED.has(n));
  return names.flatMap((n) => [n, `${n}/*`]);
}

// A module that finds files beside itself (the web pages' views, pino-pretty through createRequire) keeps its
// own import.meta.url, not the bundle's.
const moduleUrls = {
  name: 'module-urls',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = fs.readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

async function bundled(entry) {
  if (process.env.CLAIMDESK_NO_BUNDLE) return undefined;
  try {
    const dir = path.join(cacheDir, fingerprint());
    const file = path.join(dir, `${entry}.js`);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(cacheDir, { recursive: true });
      await build(dir);
    }
    return file;
  } catch {
    return undefined;
  }
}

/** Run ENTRIES[entry] ('main' or 'cli'), from the bundle or else through tsx. */
export async function run(entry) {
  const source = path.join(root, ENTRIES[entry]);
  // The entry runs as if started as `node <source>`: src/cli.ts runs only as the entry point, which it
  // tells by process.argv[1] (the bundle keeps each module's own import.meta.url, above).
  process.argv[1] = source;
  const file = await bundled(entry);
  if (file) await import(pathToFileURL(file).href);
  else {
    const { register } = await import('tsx/esm/api');
    register();
    await import(pathToFileURL(source).href);
  }
}
