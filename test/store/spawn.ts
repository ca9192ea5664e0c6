// Bundles test/store/child.ts once per test file and spawns it with plain node.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export async function bundleChild(outDir: string): Promise<string> {
  const outfile = path.join(outDir, 'child.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./child.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
    // a native addon loads its binary from its own package folder: import it from there, not from the bundle
    plugins: [
      {
        name: 'native-external',
        setup(b) {
          b.onResolve({ filter: /^fs-native-extensions$/ }, (args) => ({ path: createRequire(import.meta.url).resolve(args.path), external: true }));
        },
      },
    ],
  });
  return outfile;
}

export interface Child {
  proc: ChildProcess;
  lines: string[];
  /** resolves when a line matching `re` arrives (or rejects when the process ends first) */
  waitFor(re: RegExp): Promise<string>;
  /** resolves when the process has exited and its output is drained */
  exited: Promise<number | null>;
  /** write a line to the child's stdin (only with `stdin: true`) */
  send(line: string): void;
}

export function runChild(script: string, args: string[], opts: { ulimitFileKb?: number; stdin?: boolean } = {}): Child {
  const stdio: ('ignore' | 'pipe')[] = [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'];
  const proc = opts.ulimitFileKb
    ? spawn('bash', ['-c', `ulimit -f ${opts.ulimitFileKb}; exec "$@"`, 'bash', process.execPath, script, ...args], { stdio })
    : spawn(process.execPath, [script, ...args], { stdio });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  let buf = '';
  let stderr = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
    buf += d;
    let i: number;
    while ((i = buf.indexOf('\n')) !== -1) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(line);
      for (const w of [...waiters]) if (w.re.test(line)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(line));
    }
  });
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  const waitFor = (re: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const hit = lines.find((l) => re.test(l));
      if (hit) return resolve(hit);
      waiters.push({ re, resolve });
      void exited.then((code) => reject(new Error(`child exited (${code}) before ${re}; stderr: ${stderr.slice(0, 2000)}`)));
    });
  const send = (line: string) => void proc.stdin!.write(line + '\n');
  return { proc, lines, waitFor, exited, send };
}
