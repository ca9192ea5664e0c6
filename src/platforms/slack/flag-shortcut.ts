// The message shortcut "Flag as claim" (the message's ⋯ menu): ack at once, turn the message into a FlagEvent the way
// the 🚩 reaction does (reactions.ts flagEventOf, with the message the payload carries), and open the core's flag form
// prefilled with it (modal.ts). The submission is flag-submit.ts.
import type { App } from '@slack/bolt';
import type { FlagEvent } from '../../core/ports.ts';
import { onShortcut, type Handled } from './listen.ts';
import { formModal } from './modal.ts';
import { EXPIRED_TEXT, openModal, postToResponseUrl } from './open-modal.ts';
import { flagEventOf, tellFlagger, type FlagDeps, type SlackMessage } from './reactions.ts';

export const FLAG_SHORTCUT = 'flag_as_claim';

/**
 * The FlagEvents of open flag modals by view id, so the submission files exactly the message that was shown (and
 * needs no second read from Slack). In memory: after a restart a submission reads the message again, as the
 * reaction does.
 */
export class PendingFlags {
  private items = new Map<string, { event: FlagEvent; at: number }>();
  constructor(
    private ttlMs = 60 * 60_000,
    private max = 1000,
  ) {}

  add(viewId: string, event: FlagEvent): void {
    this.items.set(viewId, { event, at: Date.now() });
    for (const [k, v] of this.items) if (this.items.size > this.max || Date.now() - v.at > this.ttlMs) this.items.delete(k);
  }

  /** The event; undefined when unknown, expired, or not this flagger's. Kept until done(): a refused value is corrected and sent again. */
  get(viewId: unknown, flaggerKey: string): FlagEvent | undefined {
    if (typeof viewId !== 'string') return undefined;
    const hit = this.items.get(viewId);
    if (!hit || Date.now() - hit.at > this.ttlMs || hit.event.reactor.key !== flaggerKey) return undefined;
    return hit.event;
  }

  done(viewId: unknown): void {
    if (typeof viewId === 'string') this.items.delete(viewId);
  }
}

export interface FlagShortcutDeps extends FlagDeps {
  teamId: string;
  /** SLACK_API_URL: which response_urls are Slack's */
  apiUrl: string;
  pending: PendingFlags;
}

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 100 ? v : undefined);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function registerFlagShortcut(app: App, handled: Handled, deps: FlagShortcutDeps): void {
  onShortcut(app, handled, FLAG_SHORTCUT, async ({ ack, body }) => {
    await ack();
    const s = body as unknown as Record<string, unknown>;
    const user = isObject(s.user) ? str(s.user.id) : undefined;
    const channel = isObject(s.channel) ? str(s.channel.id) : undefined;
    const message = isObject(s.message) ? (s.message as SlackMessage) : undefined;
    const ts = str(message?.ts) ?? str(s.message_ts);
    if (!user || !channel || !ts || !message || (message.text !== undefined && typeof message.text !== 'string')) {
      deps.log.warn('a Flag as claim shortcut without its message, user or channel');
      return;
    }
    const tell = async (text: string) => {
      const body = { response_type: 'ephemeral', replace_original: false, text };
      if (!(await postToResponseUrl(s.response_url, body, deps.apiUrl, deps.log))) await tellFlagger(deps, user, channel, text);
    };
    const team = (isObject(s.team) ? str(s.team.id) : undefined) ?? deps.teamId;
    const { event, why } = await flagEventOf(deps, team, channel, ts, user, message).catch((err: unknown) => {
      deps.log.warn({ channel, ts, err: err instanceof Error ? err.message : String(err) }, 'could not read the message of a Flag as claim shortcut');
      return { event: undefined, why: 'I could not read that message (deleted, or Slack refused); nothing was filed. Please try again.' };
    });
    if (!event) return tell(why ?? 'That message cannot be filed as a claim (it is one of my own posts, or I cannot read it).');
    // only the message's place travels with the modal (private_metadata holds 3,000 characters; a message 40,000)
    const view = formModal(deps.inbound.flagForm(event), { channel, ts });
    const opened = await openModal(deps.client, s.trigger_id, view, deps.log);
    if (opened.result === 'opened' && opened.viewId) deps.pending.add(opened.viewId, event);
    if (opened.result === 'expired') await tell(`${EXPIRED_TEXT} Use Flag as claim on the message again, or react with the flag emoji.`);
    if (opened.result === 'failed') await tell('Slack did not open the Flag as claim form; nothing was filed. Please try again, or react with the flag emoji.');
  });
}
