// A fake Discord on 127.0.0.1: the REST API under /api/v10 and the gateway WebSocket on the same port.
// It records every REST call, keeps the messages posted, checks Discord's limits and can answer 429 like
// Discord does, so the real discord.js Client can run against it. Test helpers send slash commands,
// autocomplete and reactions through the gateway and wait for the bot's answers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway } from './gateway.ts';
import type { MessageBody } from './limits.ts';
import {
  apiGuild, apiMember, apiReady, apiUser, snowflake,
  type FakeGuild, type FakeMember, type FakeThread, type FakeUser, type StoredMessage,
} from './payloads.ts';
import {
  buildComponent, buildInteraction, buildMessageCommand, buildModalSubmit, controlOf, modalInputs, type InteractionRecord, type SlashSpec,
} from './interactions.ts';
import { route, scripted, sentBodies } from './rest.ts';

export * from './payloads.ts';
export type { InteractionRecord, SlashSpec } from './interactions.ts';

export interface Call {
  method: string;
  /** path below /api/v10, e.g. `/channels/1/messages` */
  path: string;
  query: URLSearchParams;
  body: any;
  headers: http.IncomingHttpHeaders;
  status: number;
}

export interface ScriptedFailure {
  method?: string;
  path: RegExp;
  /** how many matching requests get it */
  times: number;
  status: number;
  /** for 429: seconds, sent as Retry-After and retry_after like Discord */
  retryAfter?: number;
  global?: boolean;
  body?: unknown;
}

export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  guild?: Partial<FakeGuild>;
  heartbeatIntervalMs?: number;
  /** false: the bot user is not in the guild (READY lists no guild, no GUILD_CREATE), as with an app installed
   * with the applications.commands scope only; interactions still come, with a raw member and no cached roles */
  botInGuild?: boolean;
}

export interface ScriptedDelay {
  method?: string;
  path: RegExp;
  times: number;
  ms: number;
}

export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  readonly bot: FakeUser;
  readonly guild: FakeGuild;
  readonly calls: Call[] = [];
  readonly messages = new Map<string, StoredMessage>();
  readonly interactions = new Map<string, InteractionRecord>();
  /** registered commands by route (`/applications/{app}/guilds/{g}/commands` or `/applications/{app}/commands`) */
  readonly commands = new Map<string, any[]>();
  /** the bot's DM channel with each user it wrote to privately (user id → channel id) */
  readonly dmChannels = new Map<string, string>();
  /** channels that exist but the bot may not see (403 Missing Access) */
  readonly forbidden = new Set<string>();
  /** public threads started from messages (thread id = the message's id) */
  readonly threads = new Map<string, FakeThread>();
  /** channels where the bot lacks Create Public Threads (starting one is 403, code 50013) */
  readonly noThreads = new Set<string>();
  /** ids of interactions whose first answer came after Discord's 3-second deadline (refused with 10062) */
  readonly lateCallbacks: string[] = [];
  private failures: ScriptedFailure[] = [];
  private delays: ScriptedDelay[] = [];
  private server = http.createServer((req, res) => void this.onRequest(req, res));
  private gateway: FakeGateway;
  port = 0;

  constructor(opts: FakeDiscordOptions = {}) {
    this.token = opts.token ?? 'fake-bot-token';
    this.applicationId = opts.applicationId ?? snowflake();
    this.bot = { id: this.applicationId, username: 'claimdesk', bot: true };
    const guildId = opts.guild?.id ?? snowflake();
    const inGuild = opts.botInGuild ?? true;
    this.guild = {
      id: guildId,
      name: opts.guild?.name ?? 'Newsroom',
      channels: opts.guild?.channels ?? [{ id: snowflake(), name: 'desk' }, { id: snowflake(), name: 'alerts' }],
      roles: opts.guild?.roles ?? [{ id: snowflake(), name: 'Editor' }, { id: snowflake(), name: 'Reporter' }],
      members: [{ user: this.bot, roles: [] }, ...(opts.guild?.members ?? [])],
    };
    this.gateway = new FakeGateway({
      heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41_250,
      resumeUrl: () => this.gatewayUrl,
      ready: (sessionId, resumeUrl) => apiReady(this.bot, this.applicationId, inGuild ? [this.guild.id] : [], sessionId, resumeUrl),
      guildCreate: () => inGuild && apiGuild(this.guild, this.guild.members[1]?.user.id ?? this.bot.id),
    });
    this.server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- setup helpers ----

  addMember(user: FakeUser, roleNames: string[] = []): FakeMember {
    const roles = roleNames.map((n) => {
      const r = this.guild.roles.find((x) => x.name === n);
      if (!r) throw new Error(`no role ${n}`);
      return r.id;
    });
    const m = { user, roles };
    this.guild.members.push(m);
    return m;
  }

  channel(name: string): string {
    const c = this.guild.channels.find((x) => x.name === name);
    if (!c) throw new Error(`no channel ${name}`);
    return c.id;
  }

  /** Script failures for the next matching requests (e.g. a 429 with Retry-After). */
  fail(f: ScriptedFailure): void {
    this.failures.push({ ...f });
  }

  clearFailures(): void {
    this.failures = [];
  }

  /** Answer the next matching requests only after `ms` (a slow Discord). */
  delay(d: ScriptedDelay): void {
    this.delays.push({ ...d });
  }

  // ---- gateway helpers ----

  /** Resolves once `n` sessions in total have identified (a restarted bot identifies again). */
  async waitForIdentify(n = 1, timeoutMs = 15_000): Promise<void> {
    await this.waitFor(() => this.gateway.sessions.filter((s) => s.identified).length >= n, `${n} gateway IDENTIFY`, timeoutMs);
  }

  get identifies() {
    return this.gateway.sessions.filter((s) => s.identify).map((s) => s.identify!);
  }

  /** Each IDENTIFY'd session's span, from identifying to its socket closing (undefined: still open). */
  get identifiedSpans(): { from: number; to?: number }[] {
    return this.gateway.sessions.filter((s) => s.identifiedAt !== undefined).map((s) => ({ from: s.identifiedAt!, to: s.closedAt }));
  }

  get gatewayQueries() {
    return this.gateway.sessions.map((s) => s.query);
  }

  /** Drop the gateway connections (close code 4000: the client may resume); resolves once a session is live again. */
  async dropGateway(code = 4000): Promise<void> {
    const resumes = this.gateway.resumes;
    const identified = this.gateway.sessions.filter((s) => s.identified).length;
    this.gateway.drop(code);
    await this.waitFor(
      () => (this.gateway.resumes > resumes || this.gateway.sessions.filter((s) => s.identified).length > identified) && this.gateway.live().length > 0,
      'the client to reconnect to the gateway',
      20_000,
    );
  }

  /** Answer IDENTIFY by closing with this code (4014: the Message Content intent is not enabled); 0 = READY. */
  refuseIdentify(code: number): void {
    this.gateway.refuseIdentify = code;
  }

  /** Gateway connections open and identified now. */
  get liveSessions(): number {
    return this.gateway.live().length;
  }

  get resumes(): number {
    return this.gateway.resumes;
  }

  dispatch(t: string, d: unknown): number {
    return this.gateway.broadcast(t, d);
  }

  private ctx(user: FakeUser) {
    const member = this.guild.members.find((m) => m.user.id === user.id) ?? { user, roles: [] };
    return { guild: this.guild, applicationId: this.applicationId, member, threads: this.threads };
  }

  private send({ payload, record }: { payload: unknown; record: InteractionRecord }): InteractionRecord {
    this.interactions.set(record.token, record);
    if (this.dispatch('INTERACTION_CREATE', payload) === 0) throw new Error('no live gateway session');
    return record;
  }

  /** Send a slash command (or autocomplete, with `focused`) as INTERACTION_CREATE; returns its record. */
  slash(spec: SlashSpec): InteractionRecord {
    return this.send(buildInteraction(spec, this.ctx(spec.user)));
  }

  /** Run a message command (Apps → `name`) on a message. */
  messageCommand(user: FakeUser, messageId: string, name: string): InteractionRecord {
    const msg = this.messages.get(messageId);
    if (!msg) throw new Error(`no message ${messageId}`);
    return this.send(buildMessageCommand(name, msg, user, this.ctx(user)));
  }

  /**
   * Press a button or pick in a select on a message, as Discord sends it: only a control the message has
   * (`forge`: any custom id, as a tampered client might send), `values` for a select.
   */
  click(user: FakeUser, messageId: string, customId: string, opts: { values?: string[]; forge?: { componentType: number } } = {}): InteractionRecord {
    const msg = this.messages.get(messageId);
    if (!msg) throw new Error(`no message ${messageId}`);
    const control = opts.forge ? undefined : controlOf(msg, customId, opts.values);
    const values = opts.values ?? (control?.type === 3 ? [] : undefined);
    return this.send(buildComponent(msg, customId, control?.type ?? opts.forge!.componentType, values, user, this.ctx(user)));
  }

  /** The modal the bot answered an interaction with (callback type 9), if any. */
  modalOf(rec: InteractionRecord): any | undefined {
    return rec.callbacks.find((c) => c.type === 9)?.data;
  }

  /**
   * Fill in and submit the modal shown for `rec`: every box keeps its prefilled value unless `values` sets it.
   * Discord's client enforces required boxes and max lengths; `forge` sends what it is given instead.
   */
  submitModal(user: FakeUser, rec: InteractionRecord, values: Record<string, string> = {}, forge?: { customId?: string; inputs?: { custom_id: string; value: string }[] }): InteractionRecord {
    const modal = this.modalOf(rec);
    if (!modal && !forge) throw new Error('no modal was shown');
    const inputs = forge?.inputs ?? modalInputs(modal, values);
    const msg = rec.messageId ? this.messages.get(rec.messageId) : undefined;
    return this.send(buildModalSubmit(forge?.customId ?? modal.custom_id, inputs, rec.channelId, msg, user, this.ctx(user)));
  }

  /** The answer the user finally sees: the callback message, or the deferred message once edited. */
  async answer(rec: InteractionRecord, timeoutMs = 10_000): Promise<any> {
    return this.waitFor(() => {
      const cb = rec.callbacks[0];
      if (cb?.type === 4) return { ...cb.data, deferred: false };
      if (cb?.type === 5 && rec.original?.edited) return { ...rec.original.body, deferred: true, deferFlags: cb.data?.flags ?? 0 };
      // a deferred answer replaced by a (private) follow-up
      if (cb?.type === 5 && rec.original?.deleted && rec.followups[0]) return { ...rec.followups[0], deferred: true, deferFlags: cb.data?.flags ?? 0 };
      return undefined;
    }, 'group' in rec.spec ? `answer to /${rec.spec.group} ${rec.spec.sub ?? ''}` : `answer to ${rec.spec.what}`, timeoutMs);
  }

  /** A message written by a user (not the bot), so reactions can point at it. */
  postUserMessage(channelId: string, author: FakeUser, content: string): StoredMessage {
    const m: StoredMessage = {
      id: snowflake(), channel_id: channelId, guild_id: this.guild.id, author: apiUser(author), content, embeds: [], flags: 0,
      components: [], allowed_mentions: null, timestamp: new Date().toISOString(), via: 'user',
    };
    this.messages.set(m.id, m);
    return m;
  }

  react(channelId: string, messageId: string, user: FakeUser, emoji: string): void {
    const member = this.guild.members.find((m) => m.user.id === user.id) ?? { user, roles: [] };
    const n = this.dispatch('MESSAGE_REACTION_ADD', {
      user_id: user.id, channel_id: channelId, message_id: messageId, guild_id: this.guild.id,
      member: apiMember(member), emoji: { id: null, name: emoji }, burst: false, burst_colors: [], type: 0,
      message_author_id: this.messages.get(messageId)?.author.id,
    });
    if (n === 0) throw new Error('no live gateway session');
  }

  /** Messages the bot sent the user in a direct message, oldest first. */
  dmsTo(userId: string): StoredMessage[] {
    const dm = this.dmChannels.get(userId);
    return dm ? this.botMessages(dm) : [];
  }

  /** Messages the bot posted in a channel (REST creates, not interaction answers), oldest first; `threads`: and in its threads. */
  botMessages(channelId: string, opts: { threads?: boolean } = {}): StoredMessage[] {
    const inThread = (id: string) => opts.threads && this.threads.get(id)?.parentId === channelId;
    return [...this.messages.values()].filter((m) => (m.channel_id === channelId || inThread(m.channel_id)) && m.via === 'rest');
  }

  async waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 10_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v) return v;
      if (Date.now() > until) throw new Error(`fake discord: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  // ---- REST ----

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: any = undefined;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const call: Call = { method: req.method ?? 'GET', path, query: url.searchParams, body, headers: req.headers, status: 0 };
    this.calls.push(call);
    const reply = (status: number, data?: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      res.writeHead(status, { ...(data === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
      res.end(data === undefined ? undefined : JSON.stringify(data));
    };
    if (!url.pathname.startsWith('/api/v10/')) return reply(404, { message: '404: Not Found', code: 0 });
    const auth = req.headers.authorization;
    const isInteractionRoute = /^\/(interactions|webhooks)\//.test(path);
    if (!isInteractionRoute && auth !== `Bot ${this.token}`) return reply(401, { message: '401: Unauthorized', code: 0 });

    const slow = this.delays.find((d) => d.times > 0 && d.path.test(path) && (!d.method || d.method === call.method));
    if (slow) {
      slow.times -= 1;
      await new Promise((r) => setTimeout(r, slow.ms));
    }
    const failure = this.failures.find((f) => f.times > 0 && f.path.test(path) && (!f.method || f.method === call.method));
    if (failure) {
      failure.times -= 1;
      return reply(...scripted(failure));
    }
    const [status, data, headers] = route(this, call);
    reply(status, data, headers);
  }

  /** Keep a message the bot sent (REST create or interaction answer). */
  storeMessage(channelId: string, body: MessageBody & { flags?: number; allowed_mentions?: unknown; message_reference?: any }, via: StoredMessage['via']): StoredMessage {
    const msg: StoredMessage = {
      id: snowflake(), channel_id: channelId, guild_id: this.guild.id, author: apiUser(this.bot),
      content: body.content ?? '', embeds: body.embeds ?? [], components: (body.components as unknown[]) ?? [], flags: body.flags ?? 0,
      allowed_mentions: 'allowed_mentions' in body ? body.allowed_mentions : null,
      message_reference: body.message_reference ?? null, timestamp: new Date().toISOString(), via,
    };
    this.messages.set(msg.id, msg);
    return msg;
  }

  /** Apply an edit (PATCH, an interaction's update or @original edit): the fields given replace the old ones. */
  editMessage(msg: StoredMessage, body: MessageBody & { components?: unknown[]; allowed_mentions?: unknown }): void {
    if (body.content !== undefined) msg.content = body.content;
    if (body.embeds !== undefined) msg.embeds = body.embeds;
    if (body.components !== undefined) msg.components = body.components;
    if ('allowed_mentions' in body) msg.allowed_mentions = body.allowed_mentions;
    msg.edited_timestamp = new Date().toISOString();
  }

  /** Every message body the bot sent (creates, interaction answers, edits, follow-ups), for allowed_mentions checks. */
  sentBodies(): { path: string; body: any }[] {
    return sentBodies(this.calls);
  }

}

