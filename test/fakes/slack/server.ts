// A fake Slack on 127.0.0.1: the Web API methods claimdesk calls, plus `response_url` endpoints.
// Records every call; scriptable failures (429 with Retry-After, 5xx, platform errors) for the next call(s).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { blockProblems } from './limits.ts';
import { FakeInteractivity, type FakeEphemeral } from './interactivity.ts';

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  /** Authorization header as sent (`Bearer xoxb-…`) */
  auth?: string;
  at: number;
  /** the tag of the caller when it used `apiUrlFor(tag)` (several bot processes on one fake) */
  via?: string;
}

export interface FakeMessage {
  ts: string;
  text: string;
  user?: string;
  bot_id?: string;
  thread_ts?: string;
  blocks?: unknown[];
  channel: string;
  /** how many times chat.update or a response_url replace_original changed it */
  edited?: number;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
}

export type Failure =
  | { kind: 'ratelimit'; retryAfterSec: number }
  | { kind: 'http'; status: number }
  | { kind: 'platform'; error: string }
  /** never answered until the fake stops or the caller goes away (a post stuck mid-flight) */
  | { kind: 'hang' }
  /** answered as usual, but only after `ms` (a slow Slack; the call is not refused) */
  | { kind: 'slow'; ms: number };

export interface FakeSlackOptions {
  teamId?: string;
  botUserId?: string;
  botId?: string;
  token?: string;
  appToken?: string;
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  /** response_url posts Slack would refuse (Block Kit limits), with the reasons */
  readonly refusedResponses: (ResponseUrlPost & { problems: string[] })[] = [];
  /** every message in the fake workspace, seeded or posted by the bot, in order */
  readonly messages: FakeMessage[] = [];
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly token: string;
  readonly appToken: string;
  /** Socket Mode: the bot's open connections, and the acks it sent back by envelope id */
  readonly sockets = new Set<WebSocket>();
  readonly acks = new Map<string, Record<string, unknown>>();
  private wss = new WebSocketServer({ noServer: true });
  /** display names for users.info */
  readonly users = new Map<string, string>();
  /** channel names (without #) for conversations.info */
  readonly channels = new Map<string, string>();
  /** channels the bot has not joined: Slack refuses to read them (and ephemeral posts there) with not_in_channel */
  readonly notJoined = new Set<string>();
  /** ephemeral messages the bot posted with chat.postEphemeral (and, through ui.showEphemeral, ephemeral answers) */
  readonly ephemerals: FakeEphemeral[] = [];
  /** modals, App Home, trigger ids, chat.update, response_url bindings (interactivity.ts) */
  readonly ui: FakeInteractivity;
  private failures = new Map<string, { failure: Failure; match?: (args: Record<string, unknown>) => boolean }[]>();
  private server?: http.Server;
  private tsCounter = 0;
  private baseSec = 1_760_000_000;
  port = 0;

  constructor(opts: FakeSlackOptions = {}) {
    this.teamId = opts.teamId ?? 'T0NEWS';
    this.botUserId = opts.botUserId ?? 'UBOT';
    this.botId = opts.botId ?? 'BBOT';
    this.token = opts.token ?? 'xoxb-fake-token';
    this.appToken = opts.appToken ?? 'xapp-fake-app-token';
    this.ui = new FakeInteractivity(this);
    this.wss.on('connection', (ws) => {
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { envelope_id?: string; payload?: Record<string, unknown> };
        if (msg.envelope_id) this.acks.set(msg.envelope_id, msg.payload ?? {});
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0CLAIMDESK' } }));
    });
  }

  /**
   * Socket Mode: push an envelope (`slash_commands` with a command payload, `events_api` with an
   * event_callback) to the connected bot; resolves with the payload of its ack.
   */
  async socketSend(type: 'slash_commands' | 'events_api' | 'interactive', payload: Record<string, unknown>, timeoutMs = 5000): Promise<Record<string, unknown>> {
    const ws = await this.openSocket();
    const envelope_id = randomUUID();
    ws.send(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
    const end = Date.now() + timeoutMs;
    while (!this.acks.has(envelope_id)) {
      if (Date.now() > end) throw new Error(`no ack for ${type} envelope`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.acks.get(envelope_id)!;
  }

  /** Socket Mode: push any frame as it is (hostile tests); resolves once it is written to the socket. */
  async socketSendRaw(frame: string): Promise<void> {
    const ws = await this.openSocket();
    return new Promise((resolve, reject) => ws.send(frame, (err) => (err ? reject(err) : resolve())));
  }

  /** The bot's open connection; right after a `disconnect` the old one may still be closing: wait for the new one. */
  private async openSocket(timeoutMs = 10_000): Promise<WebSocket> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const ws = [...this.sockets].find((w) => w.readyState === w.OPEN);
      if (ws) return ws;
      if (Date.now() > end) throw new Error('no Socket Mode connection');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** base URL of the Web API, with the trailing slash the WebClient expects */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** The Web API as seen by one of several bot processes: its calls carry `via: tag`. */
  apiUrlFor(tag: string): string {
    return `http://127.0.0.1:${this.port}/as/${encodeURIComponent(tag)}/api/`;
  }

  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/respond/${encodeURIComponent(id)}`;
  }

  async start(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'fake_internal', detail: String(err) }));
      });
    });
    this.server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/socket')) return socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    for (const ws of this.sockets) ws.terminate();
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Make the next call(s) of `method` fail; each entry is used once, in order. */
  failNext(method: string, ...failures: Failure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures.map((failure) => ({ failure }))]);
  }

  /** Make the next call of `method` to `channel` fail (other channels' calls pass untouched). */
  failNextIn(method: string, channel: string, failure: Failure): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), { failure, match: (a) => a.channel === channel }]);
  }

  /** Seed a message as if a user had posted it; returns its ts. */
  addMessage(channel: string, msg: { text: string; user: string; thread_ts?: string }): string {
    const ts = this.nextTs();
    this.messages.push({ ts, channel, text: msg.text, user: msg.user, thread_ts: msg.thread_ts });
    return ts;
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages the bot posted with chat.postMessage (successful ones). */
  posted(channel?: string): FakeMessage[] {
    return this.messages.filter((m) => m.bot_id === this.botId && (!channel || m.channel === channel));
  }

  responsesFor(id: string): Record<string, unknown>[] {
    return this.responses.filter((r) => r.id === id).map((r) => r.body);
  }

  nextTs(): string {
    this.tsCounter += 1;
    return `${this.baseSec + this.tsCounter}.${String(this.tsCounter * 100).padStart(6, '0')}`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const tagged = /^\/as\/([^/]+)(\/.*)$/.exec(url.pathname);
    if (tagged) url.pathname = tagged[2]!;
    const raw = await readBody(req);
    const ctype = String(req.headers['content-type'] ?? '');
    const args: Record<string, unknown> = {};
    for (const [k, v] of url.searchParams) args[k] = v;
    if (raw) {
      if (ctype.includes('application/json')) Object.assign(args, JSON.parse(raw));
      else for (const [k, v] of new URLSearchParams(raw)) args[k] = v;
    }

    if (url.pathname.startsWith('/respond/')) {
      // a delete carries no message
      const problems = args.delete_original === true || args.delete_original === 'true' ? [] : blockProblems(args);
      if (problems.length) {
        // Slack refuses the response; the user sees nothing
        this.refusedResponses.push({ id: decodeURIComponent(url.pathname.slice('/respond/'.length)), body: args, problems });
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end('invalid_blocks');
        return;
      }
      const id = decodeURIComponent(url.pathname.slice('/respond/'.length));
      const refusal = this.ui.respond(id, args);
      if (refusal) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end(refusal);
        return;
      }
      this.responses.push({ id, body: args });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const auth = req.headers.authorization;
    this.calls.push({ method, args, auth, at: Date.now(), ...(tagged ? { via: decodeURIComponent(tagged[1]!) } : {}) });

    const queue = this.failures.get(method) ?? [];
    const i = queue.findIndex((f) => !f.match || f.match(args));
    const failure = i >= 0 ? queue.splice(i, 1)[0]!.failure : undefined;
    if (failure?.kind === 'hang') return; // the socket stays open; stop() or the caller's death closes it
    if (failure?.kind === 'slow') await new Promise((r) => setTimeout(r, failure.ms));
    if (failure?.kind === 'ratelimit') {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(failure.retryAfterSec) });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    if (failure?.kind === 'http') {
      res.writeHead(failure.status, { 'content-type': 'text/plain' });
      res.end('upstream trouble');
      return;
    }
    if (failure?.kind === 'platform') return json(res, { ok: false, error: failure.error });
    if (method === 'apps.connections.open') {
      // app-level token only; the bot token is refused, as on Slack
      if (auth !== `Bearer ${this.appToken}`) return json(res, { ok: false, error: 'invalid_auth' });
      return json(res, { ok: true, url: `ws://127.0.0.1:${this.port}/socket?ticket=${randomUUID()}&app_id=A0CLAIMDESK` });
    }
    if (auth !== `Bearer ${this.token}`) return json(res, { ok: false, error: 'invalid_auth' });
    json(res, this.answer(method, args));
  }

  private answer(method: string, a: Record<string, unknown>): Record<string, unknown> {
    const str = (k: string) => (a[k] === undefined ? undefined : String(a[k]));
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://newsroom.slack.com/', team: 'Newsroom', user: 'claimdesk', team_id: this.teamId, user_id: this.botUserId, bot_id: this.botId };
      case 'chat.postMessage': {
        const channel = str('channel');
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (channel.startsWith('CARCHIVED')) return { ok: false, error: 'is_archived' };
        if (channel.startsWith('CGONE')) return { ok: false, error: 'channel_not_found' };
        const problems = blockProblems(a);
        if (problems.length) return { ok: false, error: 'invalid_blocks', errors: problems };
        const blocks = typeof a.blocks === 'string' ? JSON.parse(a.blocks) : (a.blocks as unknown[] | undefined);
        const msg: FakeMessage = { ts: this.nextTs(), channel, text: str('text') ?? '', bot_id: this.botId, user: this.botUserId, thread_ts: str('thread_ts'), blocks };
        this.messages.push(msg);
        return { ok: true, channel, ts: msg.ts, message: { ...msg } };
      }
      case 'conversations.history': {
        if (this.notJoined.has(str('channel') ?? '')) return { ok: false, error: 'not_in_channel' };
        // parents only (thread replies are not in the history), newest first
        const latest = Number(str('latest') ?? Infinity);
        const inclusive = str('inclusive') === 'true' || str('inclusive') === '1';
        const limit = Number(str('limit') ?? 100);
        const list = this.messages
          .filter((m) => m.channel === str('channel') && (!m.thread_ts || m.thread_ts === m.ts))
          .filter((m) => (inclusive ? Number(m.ts) <= latest : Number(m.ts) < latest))
          .reverse()
          .slice(0, limit);
        return { ok: true, messages: list.map(view), has_more: false };
      }
      case 'conversations.replies': {
        if (this.notJoined.has(str('channel') ?? '')) return { ok: false, error: 'not_in_channel' };
        // the parent first, then its replies in order; oldest/latest bound the replies
        const ts = str('ts');
        const parent = this.messages.find((m) => m.channel === str('channel') && m.ts === ts);
        if (!parent) return { ok: false, error: 'thread_not_found' };
        const root = parent.thread_ts ?? parent.ts;
        const oldest = Number(str('oldest') ?? 0);
        const latest = Number(str('latest') ?? Infinity);
        const thread = this.messages.filter((m) => m.channel === parent.channel && (m.ts === root || m.thread_ts === root));
        const inRange = thread.filter((m) => Number(m.ts) >= oldest && Number(m.ts) <= latest);
        const limit = Number(str('limit') ?? 1000);
        return { ok: true, messages: inRange.slice(0, limit).map(view), has_more: false };
      }
      case 'chat.getPermalink': {
        const m = this.messages.find((x) => x.channel === str('channel') && x.ts === str('message_ts'));
        if (!m) return { ok: false, error: 'message_not_found' };
        const base = `https://newsroom.slack.com/archives/${m.channel}/p${m.ts.replace('.', '')}`;
        return { ok: true, channel: m.channel, permalink: m.thread_ts && m.thread_ts !== m.ts ? `${base}?thread_ts=${m.thread_ts}&cid=${m.channel}` : base };
      }
      case 'chat.postEphemeral': {
        // like Slack: even with chat:write.public, an ephemeral needs the bot in the channel
        const channel = str('channel') ?? '';
        if (this.notJoined.has(channel)) return { ok: false, error: 'not_in_channel' };
        if (!str('user')) return { ok: false, error: 'user_not_in_channel' };
        const problems = blockProblems(a);
        if (problems.length) return { ok: false, error: 'invalid_blocks', errors: problems };
        const blocks = typeof a.blocks === 'string' ? JSON.parse(a.blocks) : (a.blocks as unknown[] | undefined);
        const ts = this.nextTs();
        this.ephemerals.push({ channel, user: str('user')!, text: str('text') ?? '', ts, ...(blocks ? { blocks } : {}) });
        return { ok: true, message_ts: ts };
      }
      case 'conversations.info': {
        const id = str('channel') ?? '';
        const name = this.channels.get(id);
        if (!name) return { ok: false, error: 'channel_not_found' };
        return { ok: true, channel: { id, name, is_channel: true, is_im: false } };
      }
      case 'users.info': {
        const id = str('user') ?? '';
        const name = this.users.get(id);
        if (!name) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: { id, name: name.toLowerCase().replace(/\s+/g, '.'), real_name: name, profile: { real_name: name, display_name: name } } };
      }
      default:
        return this.ui.answer(method, a) ?? { ok: false, error: 'unknown_method' };
    }
  }
}

function view(m: FakeMessage): Record<string, unknown> {
  const { channel: _c, ...rest } = m;
  return { type: 'message', ...rest };
}

function json(res: http.ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
