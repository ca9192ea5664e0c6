// The bot on a terminal (a pseudo-terminal from util-linux `script`): human one-line logs at warn and
// above unless LOG_LEVEL says otherwise, never JSON; a refused start prints its one clear line only.
// Off a terminal the logs stay JSON at LOG_LEVEL (default info), as the interface says.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../store/open.ts';
import { baseEnv, bot, ROOT, tmpDir } from './run.ts';
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';

const hasScript = spawnSync('script', ['--version']).status === 0;

/** The bot with stdin, stdout and stderr on one pseudo-terminal; `lines` are typed, then Ctrl-D. */
function onTerminal(dataDir: string, lines: string[], env: Record<string, string> = {}): Promise<{ code: number | null; screen: string }> {
  const e = { ...baseEnv(dataDir, { CLAIMDESK_DEMO: '0', ...env }) };
  if (!('LOG_LEVEL' in env)) delete e.LOG_LEVEL;
  const cmd = `exec '${process.execPath}' --import tsx src/main.ts`;
  const child = spawn('script', ['-qefc', cmd, '/dev/null'], { cwd: ROOT, env: e, stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (screen += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (screen += d));
  // type each line (then Ctrl-D, end of input) once a new prompt shows; a refused start never shows one
  const typing = (async () => {
    let seen = 0;
    for (const key of [...lines.map((l) => `${l}\r`), '\x04']) {
      for (let i = 0; i < 1000 && child.exitCode === null && screen.split('> ').length - 1 <= seen; i++) await new Promise((r) => setTimeout(r, 20));
      seen = screen.split('> ').length - 1;
      if (child.exitCode !== null) return;
      child.stdin.write(key);
    }
  })();
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      void typing.then(() => resolve({ code, screen: screen.replace(/\r/g, '') }));
    }),
  );
}

describe.skipIf(!hasScript)('the console on a terminal', { timeout: 120_000 }, () => {
  it('shows no JSON logs and no info lines at the prompt; warnings are human one-liners', async () => {
    const dir = await tmpDir();
    await bot(dir, '/claim add The harbour opens in May by: Jane Doe\n', { CLAIMDESK_DEMO: '0' });
    await fs.appendFile(path.join(dir, 'journal.jsonl'), '{"n":9,"crc":"00'); // a warning at start
    const r = await onTerminal(dir, ['/claim status C1']);
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toMatch(/The harbour opens in May/);
    expect(r.screen).not.toMatch(/\{"level"/);
    expect(r.screen).not.toMatch(/claimdesk started/);
    const warn = r.screen.split('\n').filter((l) => /WARN/.test(l) && /journal\.jsonl: cut 1 record/.test(l));
    expect(warn, r.screen).toHaveLength(1);
  });

  it('LOG_LEVEL=info shows info lines too, still one human line each', async () => {
    const r = await onTerminal(await tmpDir(), [], { LOG_LEVEL: 'info' });
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toMatch(/INFO.*claimdesk started/);
    expect(r.screen).not.toMatch(/\{"level"/);
  });

  it('a start on a locked DATA_DIR prints its one clear line only', async () => {
    const dir = await tmpDir();
    const store = await openStore(dir, LEDGER_SCHEMA);
    try {
      const r = await onTerminal(dir, []);
      expect(r.code).toBe(1);
      expect(r.screen.trim().split('\n'), r.screen).toEqual([
        expect.stringMatching(new RegExp(`^claimdesk: DATA_DIR ${dir} is in use by another claimdesk process \\(pid ${process.pid}, since .*\\)\\. Only one process may write a store: stop the other one first\\.$`)),
      ]);
    } finally {
      await store.close();
    }
  });
});

describe('off a terminal', { timeout: 60_000 }, () => {
  it('logs stay JSON on stderr, at info by default', async () => {
    const r = await bot(await tmpDir(), '', { CLAIMDESK_DEMO: '0', LOG_LEVEL: '' });
    expect(r.code, r.stderr).toBe(0);
    const started = r.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).find((l) => l.msg === 'claimdesk started');
    expect(started).toMatchObject({ level: 30, platforms: ['console'] });
  });

  it('a refused start prints its clear line without a stack', async () => {
    const dir = await tmpDir();
    const store = await openStore(dir, LEDGER_SCHEMA);
    try {
      const r = await bot(dir, '', { CLAIMDESK_DEMO: '0', LOG_LEVEL: '' });
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^claimdesk: DATA_DIR .* is in use by another claimdesk process \(pid \d+/)]);
    } finally {
      await store.close();
    }
  });
});
