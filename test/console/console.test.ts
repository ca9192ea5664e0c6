// The console platform driven like a user's script: `src/main.ts` as a child process, commands piped on stdin.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, bot, ROOT, tmpDir } from '../cli/run.ts';

describe('console platform (piped input)', { timeout: 120_000 }, () => {
  it('loads the demo on an empty store and answers /claim status massacre with the card', async () => {
    const dir = await tmpDir();
    const r = await bot(dir, '/claim status massacre\n');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Loaded the demo newsroom \(5 claims/);
    const card = r.stdout.slice(r.stdout.indexOf('\n') + 1);
    expect(card).toMatch(/"massacre"/);
    expect(card).toMatch(/Stephen Miller/);
    expect(card).toMatch(/C1.*  \[false\]$/m);
    expect(card).toContain('seed:000_92dfa34d306256a4.txt');
    // logs never reach stdout
    expect(r.stdout).not.toMatch(/"level":/);
  });

  it('numbers chat messages, flags one by reaction and answers in its thread with the new id', async () => {
    const dir = await tmpDir();
    const r = await bot(dir, ['The mayor said the bridge closes on Friday', 'second message', '/react 1 triangular_flag_on_post', ''].join('\n'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^message #1 posted$/m);
    expect(r.stdout).toMatch(/^message #2 posted$/m);
    // the demo holds C1–C5: the flagged message becomes C6, answered in the thread of message #1
    const thread = r.stdout.slice(r.stdout.indexOf('in thread of message #1'));
    expect(r.stdout).toMatch(/── #console · in thread of message #1 ──/);
    expect(thread).toMatch(/\bC6\b/);
  });

  it('flagging the same message twice names the same claim and files nothing new', async () => {
    const dir = await tmpDir();
    const r = await bot(dir, ['The mayor said the bridge closes on Friday', '/react 1 triangular_flag_on_post', '/react 1 triangular_flag_on_post', '/claim list', ''].join('\n'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/in thread of message #1 ──\n.*\bC6\b/);
    expect(r.stdout).toMatch(/^message #1 is already flagged as C6 \(unverified\)/m);
    expect(r.stdout).toMatch(/^6 claims · page 1 of 1$/m);
  });

  it('prints alerts with their channel name right after the command that caused them', async () => {
    const dir = await tmpDir();
    const r = await bot(dir, '/claim watch all\n/claim set C3 false note: checked the footage\n/claim status C3\n');
    expect(r.code, r.stderr).toBe(0);
    const alert = r.stdout.indexOf('── #console ──');
    expect(alert).toBeGreaterThan(0);
    // after the confirmation of /claim set, before the answer to the next line
    expect(alert).toBeGreaterThan(r.stdout.indexOf('checked the footage'));
    expect(r.stdout.lastIndexOf('Customs and Border Protection')).toBeGreaterThan(alert);
    expect(r.stdout.slice(alert)).toMatch(/C3/);
  });

  it('answers bad input with what was wrong and the usage, and keeps going', async () => {
    const dir = await tmpDir();
    const r = await bot(dir, ['/frobnicate', '/react', '/react 7 triangular_flag_on_post', '/claim set C1', '/claim status massacre', ''].join('\n'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Unknown command \/frobnicate/);
    expect(r.stdout).toMatch(/\/claim <subcommand>/);
    expect(r.stdout).toMatch(/usage: \/react N <emoji>/);
    expect(r.stdout).toMatch(/There is no message #7/);
    expect(r.stdout).toMatch(/usage: \/claim set <id> <status>/);
    // still answering after the errors
    expect(r.stdout).toMatch(/Stephen Miller/);
  });

  it('keeps data across restarts, and does not load the demo twice', async () => {
    const dir = await tmpDir();
    const first = await bot(dir, '/claim add The river is rising by: Jane Doe tags: flood\n');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/\bC6\b/);
    const second = await bot(dir, '/claim status river\n/actor Jane Doe\n');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).not.toMatch(/Loaded the demo/);
    expect(second.stdout).toMatch(/The river is rising/);
    expect(second.stdout).toMatch(/C6/);
  });

  it('message #1 of a new session is a new message: flagging it after a restart files a new claim', async () => {
    const dir = await tmpDir();
    const first = await bot(dir, 'The mayor said the bridge closes on Friday\n/react 1 triangular_flag_on_post\n');
    expect(first.stdout).toMatch(/in thread of message #1 ──\n.*\bC6\b/);
    const second = await bot(dir, 'Schools will close next week, the governor says\n/react 1 triangular_flag_on_post\n');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/in thread of message #1 ──\n.*\bC7\b/);
  });

  it('refuses to start with half a platform configured instead of silently running the console', async () => {
    const dir = await tmpDir();
    const slack = await bot(dir, '/claim list\n', { SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(slack.code).toBe(1);
    expect(slack.stderr).toMatch(/SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET \(HTTP\) nor SLACK_APP_TOKEN/);
    expect(slack.stdout).toBe('');
    const discord = await bot(dir, '/claim list\n', { DISCORD_TOKEN: 'abc' });
    expect(discord.code).toBe(1);
    expect(discord.stderr).toMatch(/DISCORD_TOKEN is set but DISCORD_APPLICATION_ID is not/);
  });

  it('says plainly when DATA_DIR is a file, not a directory', async () => {
    const file = path.join(await tmpDir(), 'not-a-dir');
    await fs.writeFile(file, 'x');
    const r = await bot(file, '/claim list\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`DATA_DIR ${file} is not a directory`);
    expect(await fs.readFile(file, 'utf8')).toBe('x');
  });

  it('starts empty with CLAIMDESK_DEMO=0', async () => {
    const dir = await tmpDir();
    const r = await bot(dir, '/claim status massacre\n', { CLAIMDESK_DEMO: '0' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/Loaded the demo/);
    expect(r.stdout).not.toMatch(/Stephen Miller/);
  });

  it('refuses to start on a damaged store: clear message on stderr, exit 1, files untouched', async () => {
    const dir = await tmpDir();
    expect((await bot(dir, '')).code).toBe(0);
    const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    const damaged = '{"claims": [ this is not json';
    for (const f of files) await fs.writeFile(path.join(dir, f), damaged);
    const r = await bot(dir, '/claim status massacre\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/damaged/);
    expect(r.stdout).toBe('');
    for (const f of files) expect(await fs.readFile(path.join(dir, f), 'utf8')).toBe(damaged);
  });
});

describe('console platform (signals)', { timeout: 120_000 }, () => {
  it('SIGTERM while waiting for input: finishes, keeps what was done, exits 0', async () => {
    const dir = await tmpDir();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts')], { cwd: ROOT, env: baseEnv(dir), stdio: 'pipe' });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    const added = new Promise<void>((resolve) =>
      child.stdout.on('data', (d: string) => {
        stdout += d;
        if (/Added C6/.test(stdout)) resolve();
      }),
    );
    child.stdin.write('/claim add The dam is leaking by: Jane Doe\n'); // stdin stays open
    await added;
    const code = await new Promise<number | null>((resolve) => {
      child.on('close', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    const again = await bot(dir, '/claim status dam leaking\n');
    expect(again.stdout).toMatch(/The dam is leaking/);
  });
});
