// The real bot process with PUBLIC_URL: the pages on PORT in console mode, and on the same port as
// /slack/events and /healthz with Slack over HTTP.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../fakes/slack/server.ts';
import { waitFor } from '../fakes/slack/client.ts';
import { childEnv, freePort, ROOT, seedDemo, tmpDataDir } from '../e2e/bot-process.ts';
import { SlackBot } from '../e2e/slack/harness.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

// GET /healthz: one body in every mode (README, "Public verdict pages")
const HEALTH = { ok: true, pages: 'https://factcheck.example.org' };
async function health(url: string): Promise<unknown> {
  const r = await fetch(`${url}/healthz`);
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toBe('application/json');
  return r.json();
}

describe('the bot serves the pages', () => {
  it('in console mode: a verdict typed on the console is on its page; end of input still exits 0', async () => {
    const dataDir = await tmpDataDir('claimdesk-web-');
    dirs.push(dataDir);
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: childEnv(dataDir, { PORT: String(port), PUBLIC_URL: 'https://factcheck.example.org/' }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (out += b));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${url}/claims`).catch(() => undefined))?.status === 200, 20_000, 'the pages to answer');
    expect((await fetch(`${url}/claims/C3`)).status).toBe(404);
    child.stdin.write('/claim set C3 mostly false note: the inspector general says so\n');
    await waitFor(async () => (await fetch(`${url}/claims/C3`)).status === 200, 10_000, 'C3 to be published');
    const page = await (await fetch(`${url}/claims/C3`)).text();
    expect(page).toContain('the inspector general says so');
    expect(page).toContain('href="https://factcheck.example.org/actors/stephen-miller"');
    expect(await health(url)).toEqual(HEALTH);
    child.stdin.end();
    expect(await exited, out).toBe(0);
  }, 40_000);

  it('with Slack over HTTP: /slack/events, /healthz and the pages share PORT', async () => {
    const fake = await new FakeSlack().start();
    const dataDir = await tmpDataDir('claimdesk-web-');
    dirs.push(dataDir);
    await seedDemo(dataDir);
    const bot = await SlackBot.start(fake, dataDir, { PUBLIC_URL: 'https://factcheck.example.org' });
    try {
      const verify = await bot.sender.urlVerification('challenge-web');
      expect(verify.text).toContain('challenge-web');
      const unsigned = await fetch(`${bot.url}/slack/events`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(unsigned.status).toBe(401);
      const res = await bot.sender.command('/claim', 'set C5 false note: a leak we cannot name internal: yes', { user: 'UEDITOR', channel: 'CDESK' });
      expect(res.status).toBe(200);
      await waitFor(async () => (await fetch(`${bot.url}/claims/C5`)).status === 200, 10_000, 'C5 to be published');
      const page = await (await fetch(`${bot.url}/claims/C5`)).text();
      expect(page).toContain('ICE officials were directed');
      expect(page).not.toContain('a leak we cannot name');
      expect(page).not.toContain('UEDITOR');
      const jsonld = (await (await fetch(`${bot.url}/claims.jsonld`)).json()) as { '@graph': { url: string }[] };
      expect(jsonld['@graph'].map((r) => r.url)).toContain('https://factcheck.example.org/claims/C5');
      expect(await health(bot.url)).toEqual(HEALTH);
      expect((await fetch(`${bot.url}/slack/nothing`)).status).toBe(404);
    } finally {
      expect(await bot.stop()).toBe(0);
      await fake.stop();
    }
  }, 60_000);

  it('with Slack over Socket Mode: the pages on PORT, and a verdict set over the socket is published', async () => {
    const fake = await new FakeSlack().start();
    const dataDir = await tmpDataDir('claimdesk-web-');
    dirs.push(dataDir);
    await seedDemo(dataDir);
    const bot = await SlackBot.start(fake, dataDir, { SLACK_APP_TOKEN: fake.appToken, SLACK_SIGNING_SECRET: '', PUBLIC_URL: 'https://factcheck.example.org' });
    try {
      await waitFor(() => fake.sockets.size === 1, 10_000, 'the Socket Mode connection');
      expect((await fetch(`${bot.url}/claims/C3`)).status).toBe(404);
      await fake.socketSend('slash_commands', {
        token: 'x', team_id: fake.teamId, team_domain: 'newsroom', channel_id: 'CDESK', channel_name: 'desk',
        user_id: 'UEDITOR', user_name: 'ana', command: '/claim', text: 'set C3 unsupported note: no record of it', api_app_id: 'A0CLAIMDESK',
        response_url: fake.responseUrl('socket-web'), trigger_id: '1.2.3',
      });
      await waitFor(async () => (await fetch(`${bot.url}/claims/C3`)).status === 200, 10_000, 'C3 to be published');
      expect(await (await fetch(`${bot.url}/claims/C3`)).text()).toContain('no record of it');
      expect(await health(bot.url)).toEqual(HEALTH);
    } finally {
      expect(await bot.stop()).toBe(0);
      await fake.stop();
    }
  }, 60_000);

  it('with Slack over HTTP and no PUBLIC_URL: /healthz has the same body, with no pages', async () => {
    const fake = await new FakeSlack().start();
    const dataDir = await tmpDataDir('claimdesk-web-');
    dirs.push(dataDir);
    const bot = await SlackBot.start(fake, dataDir, { PUBLIC_URL: '' });
    try {
      expect(await health(bot.url)).toEqual({ ok: true, pages: null });
      expect((await fetch(`${bot.url}/claims`)).status).toBe(404);
    } finally {
      expect(await bot.stop()).toBe(0);
      await fake.stop();
    }
  }, 60_000);
});
