// Sends requests to the bot exactly as Slack does: signed (v0 HMAC-SHA256 over "v0:<ts>:<raw body>"),
// slash commands form-encoded with a response_url, Events API deliveries as JSON envelopes.
import { createHmac, randomUUID } from 'node:crypto';

export function slackSignature(secret: string, timestamp: number | string, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export interface SignOptions {
  /** seconds since the epoch; default now */
  timestamp?: number;
  /** sign with this secret instead of the right one (forgery) */
  secretOverride?: string;
}

export interface BotAnswer {
  status: number;
  text: string;
  /** the parsed JSON body, when there is one */
  json?: Record<string, unknown>;
}

export class SlackSender {
  constructor(
    /** e.g. http://127.0.0.1:3000 */
    public botUrl: string,
    private secret: string,
    private fake: { teamId: string; responseUrl(id: string): string; ui?: { issueTrigger(user: string): string } },
  ) {}

  async post(rawBody: string, contentType: string, opts: SignOptions = {}): Promise<BotAnswer> {
    const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const res = await fetch(`${this.botUrl}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': slackSignature(opts.secretOverride ?? this.secret, ts, rawBody),
      },
      body: rawBody,
    });
    const text = await res.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json };
  }

  /**
   * A slash command as Slack sends it. Returns the HTTP answer and the id of its response_url
   * (read what the bot posted there with fake.responsesFor(id)).
   */
  async command(
    command: '/claim' | '/actor',
    text: string,
    who: { user: string; userName?: string; channel: string; channelName?: string },
    opts: SignOptions = {},
  ): Promise<BotAnswer & { responseId: string }> {
    const responseId = randomUUID();
    const form = new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: this.fake.teamId,
      team_domain: 'newsroom',
      channel_id: who.channel,
      channel_name: who.channelName ?? who.channel.toLowerCase(),
      user_id: who.user,
      user_name: who.userName ?? who.user.toLowerCase(),
      command,
      text,
      api_app_id: 'A0CLAIMDESK',
      is_enterprise_install: 'false',
      response_url: this.fake.responseUrl(responseId),
      // issued by the fake, so views.open can check it (valid 3 s, once), as Slack does
      trigger_id: this.fake.ui?.issueTrigger(who.user) ?? `${Date.now()}.${Math.floor(Math.random() * 1e6)}`,
    });
    const answer = await this.post(form.toString(), 'application/x-www-form-urlencoded', opts);
    return { ...answer, responseId };
  }

  /** An Events API `event_callback` delivery. */
  async event(event: Record<string, unknown>, opts: SignOptions = {}): Promise<BotAnswer> {
    const body = {
      token: 'legacy-verification-token',
      team_id: this.fake.teamId,
      api_app_id: 'A0CLAIMDESK',
      event,
      type: 'event_callback',
      event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: this.fake.teamId, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    };
    return this.post(JSON.stringify(body), 'application/json', opts);
  }

  /** A `reaction_added` event on a channel message. */
  reaction(user: string, reaction: string, channel: string, ts: string, itemUser = 'UAUTHOR', opts: SignOptions = {}): Promise<BotAnswer> {
    return this.event(
      { type: 'reaction_added', user, reaction, item_user: itemUser, item: { type: 'message', channel, ts }, event_ts: `${Date.now() / 1000}` },
      opts,
    );
  }

  urlVerification(challenge: string, opts: SignOptions = {}): Promise<BotAnswer> {
    return this.post(JSON.stringify({ token: 'legacy-verification-token', challenge, type: 'url_verification' }), 'application/json', opts);
  }
}

/** Poll until `check` returns a truthy value (or throw after `timeoutMs`). */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
