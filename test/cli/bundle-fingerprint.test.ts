// The bundle of `npm start` / `npm run cli` is made again when what it is made of changes: the sources, and the
// packages it takes in (zod is bundled), which a lockfile change followed by `npm ci` changes.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from './run.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('the bundle fingerprint', () => {
  it('changes with the sources and with package-lock.json', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'claimdesk-fingerprint-'));
    for (const d of ['bin', 'src', 'commands', 'store']) await fs.mkdir(path.join(dir, d));
    await fs.copyFile(path.join(ROOT, 'bin/run.mjs'), path.join(dir, 'bin/run.mjs'));
    for (const f of ['package.json', 'tsconfig.json']) await fs.writeFile(path.join(dir, f), '{}');
    await fs.writeFile(path.join(dir, 'package-lock.json'), '{"packages":{"node_modules/zod":{"version":"4.6.7"}}}');
    await fs.writeFile(path.join(dir, 'src/main.ts'), 'export {};\n');
    const { fingerprint } = (await import(pathToFileURL(path.join(dir, 'bin/run.mjs')).href)) as { fingerprint(): string };
    const first = fingerprint();
    expect(fingerprint()).toBe(first);
    await fs.writeFile(path.join(dir, 'package-lock.json'), '{"packages":{"node_modules/zod":{"version":"4.6.8"}}}');
    const second = fingerprint();
    expect(second).not.toBe(first);
    await fs.writeFile(path.join(dir, 'src/main.ts'), 'export const x = 1;\n');
    expect(fingerprint()).not.toBe(second);
  });
});
