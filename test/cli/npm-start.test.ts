// `npm start` runs bin/start.mjs: the bot from a bundle of the sources made once per version of them, or
// through tsx when no bundle can be made. Both must be the same bot.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, ROOT, runProcess, tmpDir, type RunResult } from './run.ts';

function start(dataDir: string, input: string, extra: Record<string, string> = {}): Promise<RunResult> {
  return runProcess(process.execPath, [path.join(ROOT, 'bin/start.mjs')], baseEnv(dataDir, { CLAIMDESK_DEMO: '0', ...extra }), input);
}

const script = '/claim add The bridge closes on Friday by: Jane Doe\n/claim status bridge\n';

describe('npm start', { timeout: 120_000 }, () => {
  it('runs the bot from a bundle kept in node_modules/.cache, which answers as the sources do', async () => {
    const r = await start(await tmpDir(), script);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/C1\b.*The bridge closes on Friday/s);
    const cache = path.join(ROOT, 'node_modules/.cache/claimdesk-start');
    expect(fs.readdirSync(cache).some((d) => fs.existsSync(path.join(cache, d, 'main.js')))).toBe(true);
  });

  it('without a bundle (CLAIMDESK_NO_BUNDLE) runs the sources through tsx, with the same answers', async () => {
    const r = await start(await tmpDir(), script, { CLAIMDESK_NO_BUNDLE: '1' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/C1\b.*The bridge closes on Friday/s);
  });

  it('the bundle finds the files of the public pages beside their sources (PUBLIC_URL)', async () => {
    const dir = await tmpDir();
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/start.mjs')], {
      cwd: ROOT,
      env: baseEnv(dir, { CLAIMDESK_DEMO: '0', PUBLIC_URL: 'http://127.0.0.1:1', PORT: '0', LOG_LEVEL: 'info' }),
      stdio: 'pipe',
    });
    let stderr = '';
    const port = await new Promise<number>((resolve, reject) => {
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
        const m = /"port":(\d+)/.exec(stderr);
        if (m) resolve(Number(m[1]));
      });
      child.on('close', () => reject(new Error(`bot exited: ${stderr}`)));
    });
    try {
      const page = await fetch(`http://127.0.0.1:${port}/claims`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/Latest verdicts/);
      expect((await fetch(`http://127.0.0.1:${port}/style.css`)).status).toBe(200);
    } finally {
      child.stdin.end();
      await new Promise((r) => child.on('close', r));
    }
  });
});
