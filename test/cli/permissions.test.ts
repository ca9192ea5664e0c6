// Store files claimdesk may not open. The tests run as root, for whom a mode of 000 blocks nothing, so:
// EACCES comes from running the bot and the CLI as the unprivileged user `nobody` (spawn's uid/gid), and
// EPERM from immutable files (`chattr +i`, which stops even root). Skipped with the reason where impossible.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseEnv, bot, runNode, type RunResult } from './run.ts';

const NOBODY = 65534;
let base: string;
let dir: string;
beforeEach(async () => {
  // not under the test run's TMPDIR (mode 700, which `nobody` may not enter)
  base = await fs.mkdtemp('/tmp/claimdesk-perm-');
  await fs.chmod(base, 0o755);
  dir = path.join(base, 'data');
});
afterEach(async () => {
  spawnSync('chattr', ['-R', '-i', base], { stdio: 'ignore' });
  await fs.rm(base, { recursive: true, force: true });
});

async function runAs(uid: number, script: string, args: string[], input = ''): Promise<RunResult> {
  const tmp = path.join(base, `tmp-${uid}`);
  await fs.mkdir(tmp, { recursive: true });
  await fs.chown(tmp, uid, uid);
  const env = { ...baseEnv(dir, { CLAIMDESK_DEMO: '0' }), TMPDIR: tmp, HOME: tmp };
  return runNode(script, args, env, input, { uid });
}

/** A store with one claim, written by root. */
async function seed(): Promise<void> {
  const r = await bot(dir, '/claim add The harbour opens in May by: Jane Doe\n/claim add The bridge closes on Friday by: Jane Doe\n', { CLAIMDESK_DEMO: '0' });
  expect(r.code, r.stderr).toBe(0);
  await fs.appendFile(path.join(dir, 'journal.jsonl'), ''); // present, even if empty after the checkpoint
}

describe('store files claimdesk may not open', { timeout: 120_000 }, () => {
  it('EACCES: the start names the file and the missing permission, and `cli check` exits 1 with the same words', async (ctx) => {
    if (process.getuid?.() !== 0) return ctx.skip('needs root to run a child as another user (nobody)');
    await seed();
    await fs.chown(dir, NOBODY, NOBODY); // nobody may use the directory, but the journal stays root's, mode 600
    await fs.chmod(path.join(dir, 'journal.jsonl'), 0o600);
    const problem = `user nobody (uid ${NOBODY}) may not read or write ${dir}/journal.jsonl (EACCES; owned by uid 0, mode 600): claimdesk needs read and write permission`;

    const start = await runAs(NOBODY, 'src/main.ts', [], '/claim status C1\n');
    expect(start.code).toBe(1);
    expect(start.stderr).toContain(problem);
    expect(start.stderr).not.toMatch(/"level"|\n\s+at /);
    const check = await runAs(NOBODY, 'src/cli.ts', ['check']);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(`  problem: ${problem}`);
    expect(check.stderr).toMatch(/CANNOT BE OPENED/);
    expect(await fs.readdir(dir)).not.toContain('LOCK');
  });

  it('EPERM: an immutable journal and snapshot refuse the start with the files named; `cli check` exits 1 with the same words', async (ctx) => {
    await seed();
    const journal = path.join(dir, 'journal.jsonl');
    const snapshot = path.join(dir, 'store.json');
    const attr = spawnSync('chattr', ['+i', journal, snapshot], { encoding: 'utf8' });
    if (attr.status !== 0) return ctx.skip(`chattr +i is not possible here: ${(attr.stderr || attr.error?.message || '').trim()}`);
    const problems = [
      `${snapshot} is immutable or append-only (EPERM even for root; \`lsattr\` shows it, \`chattr -i -a\` clears it): claimdesk cannot replace it at checkpoints`,
      `${journal} is immutable or append-only (EPERM even for root; \`lsattr\` shows it, \`chattr -i -a\` clears it): claimdesk cannot write it`,
    ];
    const start = await bot(dir, '/claim status C1\n', { CLAIMDESK_DEMO: '0' });
    expect(start.code).toBe(1);
    for (const p of problems) expect(start.stderr).toContain(`  ${p}\n`);
    const check = await runAs(0, 'src/cli.ts', ['check']);
    expect(check.code).toBe(1);
    for (const p of problems) expect(check.stderr).toContain(`  problem: ${p}\n`);
  });
});
