// Hostile requests against the real bot process: whatever arrives on /slack/events, signed or not, the bot
// answers with a 4xx and goes on serving. After every request a normal `/claim status` must still answer.
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../fakes/slack/server.ts';
import { slackSignature, waitFor } from '../../fakes/slack/client.ts';
import { SlackInteractions } from '../../fakes/slack/interactive.ts';
import { SECRET, SlackBot, seedDemo, tmpDataDir } from './harness.ts';

const JSON_TYPE = 'application/json';
const FORM = 'application/x-www-form-urlencoded';
const now = () => Math.floor(Date.now() / 1000);

/** The fields of a real slash command, for bodies that are almost right. */
const COMMAND = { team_id: 'T0NEWS', channel_id: 'CDESK', channel_name: 'desk', user_id: 'UREPORTER', user_name: 'bo', command: '/claim', text: 'status massacre' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** A real block_actions payload's fields, for interaction payloads that are almost right. */
const ACTION = { type: 'block_actions', user: { id: 'UEDITOR' }, team: { id: 'T0NEWS' }, trigger_id: '1.2.abc', actions: [{ action_id: 'claim_history', block_id: 'claim:C1:1', type: 'button' }] };
const VIEW = { type: 'view_submission', user: { id: 'UEDITOR' }, team: { id: 'T0NEWS' }, view: { id: 'V1', callback_id: 'form_status', private_metadata: '{}' } };
function interactive(): [string, unknown][] {
  return [
    ['a payload of bad JSON', '{"type":"block_actions","actions":['],
    ['block_actions whose actions is null', { ...ACTION, actions: null }],
    ['block_actions with no actions', { ...ACTION, actions: [] }],
    ['block_actions whose action has no action_id', { ...ACTION, actions: [{ type: 'button' }] }],
    ['block_actions without a user', { ...ACTION, user: undefined }],
    ['block_actions whose user id is a number', { ...ACTION, user: { id: 5 } }],
    ['block_actions whose team is a string', { ...ACTION, team: 'T0NEWS' }],
    ['block_actions whose channel is a string', { ...ACTION, channel: 'CDESK' }],
    ['view_submission without its view', { ...VIEW, view: undefined }],
    ['view_submission whose callback_id is a number', { ...VIEW, view: { id: 'V1', callback_id: 7 } }],
    ['view_submission whose private_metadata is over 3000 characters', { ...VIEW, view: { ...VIEW.view, private_metadata: 'x'.repeat(3001) } }],
    ['view_submission whose state values are not objects', { ...VIEW, view: { ...VIEW.view, state: { values: { note: 'x' } } } }],
    ['view_submission whose response_urls is not a list', { ...VIEW, response_urls: 'x' }],
    ['message_action without a trigger_id', { type: 'message_action', user: { id: 'U1' }, callback_id: 'flag_as_claim' }],
    ['block_suggestion without a value', { type: 'block_suggestion', user: { id: 'U1' }, action_id: 'by', block_id: 'by' }],
    ['an interaction of an unknown type', { ...ACTION, type: 'dialog_submission' }],
  ];
}

// Signed with the right secret: only the body (or its content type) is wrong.
const SIGNED_BAD: [what: string, body: string, contentType?: string][] = [
  ['JSON null', 'null'],
  ['an empty JSON array', '[]'],
  ['a JSON array of objects', '[{"type":"url_verification","challenge":"x"}]'],
  ['a JSON number', '42'],
  ['a JSON string', '"event_callback"'],
  ['JSON true', 'true'],
  ['an empty JSON object', '{}'],
  ['a non-string type', '{"type":42}'],
  ['an event_callback without its event', '{"type":"event_callback"}'],
  ['an event_callback whose event is null', '{"type":"event_callback","event":null}'],
  ['an event_callback whose event is an array', '{"type":"event_callback","event":[]}'],
  ['an event_callback whose event has no type', '{"type":"event_callback","event":{}}'],
  ['url_verification without a challenge', '{"type":"url_verification"}'],
  ['an unknown envelope type', '{"type":"block_actions"}'],
  ['invalid JSON', '{"type":'],
  ['an empty body', ''],
  ['deeply nested arrays', nested(100_000)],
  ['a deeply nested event', `{"type":"event_callback","event":{"type":"reaction_added","item":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}}`],
  ['a huge JSON string (under the size limit)', JSON.stringify('x'.repeat(3_000_000))],
  ['form payload=null', form({ payload: 'null' }), FORM],
  ['form payload=[]', form({ payload: '[]' }), FORM],
  ['form payload=5', form({ payload: '5' }), FORM],
  ['form payload with invalid JSON', form({ payload: '{"type":' }), FORM],
  ['form payload of an interaction claimdesk does not use', form({ payload: '{"type":"block_actions"}' }), FORM],
  ...interactive().map(([what, p]): [string, string, string] => [what, form({ payload: typeof p === 'string' ? p : JSON.stringify(p) }), FORM]),
  ['a payload given twice', `${form({ payload: JSON.stringify(ACTION) })}&payload=x`, FORM],
  ['a payload with other fields beside it', form({ payload: JSON.stringify(ACTION), command: '/claim' }), FORM],
  ['an empty form', '', FORM],
  ['a form that is not a command', form({ hello: 'world' }), FORM],
  ['a command with its text given twice', `${form(COMMAND)}&text=again`, FORM],
  ['a command without a user', form({ ...COMMAND, user_id: '' }).replace('user_id=&', ''), FORM],
  ['a slash command sent as text/plain', form(COMMAND), 'text/plain'],
  ['a slash command sent as JSON', form(COMMAND), JSON_TYPE],
  ['a JSON body sent as a form', '{"type":"url_verification","challenge":"x"}', FORM],
];

describe('slack bot under hostile requests, end to end', () => {
  let fake: FakeSlack;
  let bot: SlackBot;
  let dataDir: string;

  /** POST to /slack/events with exactly these headers and body. */
  async function raw(body: string | Buffer, headers: Record<string, string>): Promise<number> {
    const res = await fetch(`${bot.url}/slack/events`, { method: 'POST', headers, body });
    await res.arrayBuffer();
    return res.status;
  }
  const signedHeaders = (body: string, contentType = JSON_TYPE, ts: number | string = now()) => ({
    'content-type': contentType,
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': slackSignature(SECRET, ts, body),
  });

  const statusOf = async (id: string) => {
    const res = await bot.sender.command('/claim', `status ${id}`, { user: 'UREPORTER', userName: 'bo', channel: 'CDESK', channelName: 'desk' });
    return JSON.stringify(res.json?.blocks ? res.json : await waitFor(() => fake.responsesFor(res.responseId)[0], 10_000, 'the status answer'));
  };

  /** The bot is alive and still answers a normal command. */
  async function stillServing(): Promise<void> {
    bot.assertRunning();
    const res = await bot.sender.command('/claim', 'status massacre', { user: 'UREPORTER', userName: 'bo', channel: 'CDESK', channelName: 'desk' });
    expect(res.status).toBe(200);
    const answer = res.json?.blocks ? res.json : await waitFor(() => fake.responsesFor(res.responseId)[0], 10_000, 'the status answer');
    expect(JSON.stringify(answer)).toContain('C1');
    bot.assertRunning();
  }

  beforeAll(async () => {
    fake = await new FakeSlack().start();
    dataDir = await tmpDataDir();
    await seedDemo(dataDir);
    bot = await SlackBot.start(fake, dataDir);
  }, 40_000);

  afterAll(async () => {
    await bot?.stop();
    await fake?.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it.each(SIGNED_BAD)('a signed request with %s gets 400, and the bot goes on serving', async (_what, body, contentType) => {
    expect(await raw(body, signedHeaders(body, contentType))).toBe(400);
    await stillServing();
  });

  it('a body over the size limit gets 413 without being read whole, and the bot goes on serving', async () => {
    const body = JSON.stringify({ type: 'event_callback', event: { type: 'message', text: 'x'.repeat(5 * 1024 * 1024) } });
    expect(await raw(body, signedHeaders(body))).toBe(413);
    await stillServing();
  });

  it('timestamps more than 5 minutes away, either way, are refused with 401; within 5 minutes they are served', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'c' });
    expect(await raw(body, signedHeaders(body, JSON_TYPE, now() + 6 * 60))).toBe(401);
    expect(await raw(body, signedHeaders(body, JSON_TYPE, now() + 365 * 24 * 3600))).toBe(401);
    expect(await raw(body, signedHeaders(body, JSON_TYPE, now() - 6 * 60))).toBe(401);
    expect(await raw(body, signedHeaders(body, JSON_TYPE, now() + 4 * 60))).toBe(200);
    expect(await raw(body, signedHeaders(body, JSON_TYPE, now() - 4 * 60))).toBe(200);
    // a future-dated slash command changes nothing and is not answered
    const cmd = await bot.sender.command('/claim', 'status massacre', { user: 'UREPORTER', channel: 'CDESK' }, { timestamp: now() + 600 });
    expect(cmd.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.responsesFor(cmd.responseId)).toHaveLength(0);
    await stillServing();
  });

  it('unsigned, badly signed or oddly timestamped requests of any body get 401, and the bot goes on serving', async () => {
    expect(await raw('null', { 'content-type': JSON_TYPE })).toBe(401);
    expect(await raw('null', { 'content-type': JSON_TYPE, 'x-slack-request-timestamp': String(now()), 'x-slack-signature': 'v0=00' })).toBe(401);
    expect(await raw('null', { ...signedHeaders('null'), 'x-slack-request-timestamp': 'soon' })).toBe(401);
    expect(await raw('null', { ...signedHeaders('null', JSON_TYPE, 'NaN') })).toBe(401);
    expect(await raw('[]', { ...signedHeaders('[]'), 'x-slack-signature': 'v1=abc' })).toBe(401);
    await stillServing();
  });

  it("Slack's unsigned ssl_check is still answered 200", async () => {
    expect(await raw('ssl_check=1&token=x', { 'content-type': FORM })).toBe(200);
    await stillServing();
  });

  it('well-formed but forged interactions get a clear answer and change nothing', async () => {
    const ui = SlackInteractions.http(fake, bot.sender);
    const history = [{ type: 'button', action_id: 'claim_history', text: { type: 'plain_text', text: 'History' } }];
    const card = (blockId: string, elements: unknown[] = history) => {
      const ts = fake.nextTs();
      fake.messages.push({ ts, channel: 'CDESK', text: 'card', bot_id: fake.botId, user: fake.botUserId, blocks: [{ type: 'actions', block_id: blockId, elements }] });
      return { kind: 'message' as const, channel: 'CDESK', ts };
    };
    const noteAfter = async (send: () => Promise<{ status: number }>) => {
      const before = fake.ephemerals.length;
      expect((await send()).status).toBe(200);
      return (await waitFor(() => fake.ephemerals[before], 10_000, 'the answer')).text;
    };
    const editor = { user: 'UEDITOR', userName: 'ana' };
    // an action_id no listener serves, a garbled claim reference, a claim that does not exist
    expect(await noteAfter(() => ui.act(card('x1', [{ ...history[0], action_id: 'frobnicate' }]), editor, 'frobnicate'))).toMatch(/not one claimdesk knows/);
    expect(await noteAfter(() => ui.act(card('claim:<!channel>:x'), editor, 'claim_history'))).toMatch(/could not be read/);
    expect(await noteAfter(() => ui.act(card('claim:C999:1'), editor, 'claim_history'))).toMatch(/no claim C999/);
    await stillServing();

    // a form whose private_metadata is not ours, or of a form nobody serves: the modal says nothing was changed
    for (const view of [
      { ...VIEW.view, private_metadata: '{"v":1,"f":"status","c":{"claimId":{"$gt":""}},"p":{}}' },
      { ...VIEW.view, private_metadata: 'not json' },
      { ...VIEW.view, callback_id: 'form_status', private_metadata: JSON.stringify({ v: 1, f: 'source', c: { claimId: 'C1', version: 1 }, p: {} }) },
      { ...VIEW.view, callback_id: 'someone_elses_form' },
    ]) {
      const answer = await ui.raw({ ...VIEW, view });
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ response_action: 'update', view: { type: 'modal' } });
      expect(JSON.stringify(answer.json)).toMatch(/nothing was changed/);
    }
    // a closed form nobody serves, or whose metadata is not ours, is acknowledged at once
    for (const view of [{ id: 'V1', callback_id: 'nobody' }, { id: 'V1', callback_id: 'form_status', private_metadata: '{"v":1}' }]) {
      const closed = await ui.raw({ type: 'view_closed', user: { id: 'UEDITOR' }, team: { id: 'T0NEWS' }, view });
      expect(closed.status).toBe(200);
      expect(closed.ms).toBeLessThan(2000);
    }
    // a shortcut or suggestion nobody serves is still acknowledged
    expect((await ui.raw({ type: 'shortcut', user: { id: 'U1' }, team: { id: 'T0NEWS' }, callback_id: 'nobody', trigger_id: '1.2.a' })).status).toBe(200);
    expect((await ui.raw({ type: 'block_suggestion', user: { id: 'U1' }, team: { id: 'T0NEWS' }, action_id: 'nobody', block_id: 'b', value: 'x' })).json).toEqual({ options: [] });
    expect(await statusOf('C1')).toContain('False');
    await stillServing();
  });

  it('a burst of every hostile body at once does not stop the bot', async () => {
    const statuses = await Promise.all(SIGNED_BAD.map(([, body, type]) => raw(body, signedHeaders(body, type))));
    expect(statuses.every((s) => s === 400)).toBe(true);
    await stillServing();
    expect(bot.output).not.toMatch(/TypeError|unhandled/i);
  });
});
