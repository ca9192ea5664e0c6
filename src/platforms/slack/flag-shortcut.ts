// The message shortcut "Flag as claim" (the message's ⋯ menu): ack at once, open a modal saying the message is being
// read, turn the message into a FlagEvent the way the 🚩 reaction does (reactions.ts flagEventOf, with the message the
// payload carries), and put the core's flag form, prefilled with it (modal.ts), in that modal. The submission is flag-submit.ts.
import type { App } from '@slack/bolt';
import type { FlagEvent } from '../../core/ports.ts';
import { onShortcut, type Handled } from './listen.ts';
import { formModal, noticeModal } from './modal.ts';
import { EXPIRED_TEXT, openModal, postToResponseUrl, updateModal } from './open-modal.ts';
import { flagEventOf, tellFlagger, type FlagDeps, type SlackMessage } from './reactions.ts';
import { isObject, payloadId } from './payloads.ts';

export const FLAG_SHORTCUT = 'flag_as_claim';
const TITLE = 'Flag as claim';
const NOT_OPENED = 'Slack did not open the Flag as claim form; nothing was filed. Please try again, or react with the flag emoji.';

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

export function registerFlagShortcut(app: App, handled: Handled, deps: FlagShortcutDeps): void {
  onShortcut(app, handled, FLAG_SHORTCUT, async ({ ack, body }) => {
    await ack();
    const s = body as unknown as Record<string, unknown>;
    const user = isObject(s.user) ? payloadId(s.user.id) : undefined;
    const channel = isObject(s.channel) ? payloadId(s.channel.id) : undefined;
    const message = isObject(s.message) ? (s.message as SlackMessage) : undefined;
    const ts = payloadId(message?.ts) ?? payloadId(s.message_ts);
    if (!user || !channel || !ts || !message || (message.text !== undefined && typeof message.text !== 'string')) {
      deps.log.warn('a Flag as claim shortcut without its message, user or channel');
      return;
    }
    const tell = async (text: string) => {
      const body = { response_type: 'ephemeral', replace_original: false, text };
      if (!(await postToResponseUrl(s.response_url, body, deps.apiUrl, deps.log))) await tellFlagger(deps, user, channel, text);
    };
    // The trigger lasts 3 s, and reading the message (its permalink, the names in it) can take longer on a slow or
    // rate-limited Slack: a modal opens at once saying so, and the form takes its place once the message is read.
    const opened = await openModal(deps.client, s.trigger_id, noticeModal(TITLE, 'Reading the message…'), deps.log);
    if (opened.result === 'expired') return tell(`${EXPIRED_TEXT} Use Flag as claim on the message again, or react with the flag emoji.`);
    if (opened.result !== 'opened' || !opened.viewId) return tell(NOT_OPENED);
    const viewId = opened.viewId;
    const team = (isObject(s.team) ? payloadId(s.team.id) : undefined) ?? deps.teamId;
    const { event, why } = await flagEventOf(deps, team, channel, ts, user, message).catch((err: unknown) => {
      deps.log.warn({ channel, ts, err: err instanceof Error ? err.message : String(err) }, 'could not read the message of a Flag as claim shortcut');
      return { event: undefined, why: 'I could not read that message (deleted, or Slack refused); nothing was filed. Please try again.' };
    });
    if (!event) {
      const text = why ?? 'That message cannot be filed as a claim (it is one of my own posts, or I cannot read it).';
      if ((await updateModal(deps.client, viewId, noticeModal(TITLE, text), deps.log)) === 'failed') await tell(text);
      return;
    }
    let form: Record<string, unknown>;
    try {
      // only the message's place travels with the modal (private_metadata holds 3,000 characters; a message 40,000)
      form = formModal(deps.inbound.flagForm(event), { channel, ts });
    } catch (err) {
      deps.log.error({ err }, 'the Flag as claim form could not be made');
      await updateModal(deps.client, viewId, noticeModal(TITLE, 'Something went wrong while preparing the form; nothing was filed. Please react with the flag emoji instead.'), deps.log);
      return;
    }
    deps.pending.add(viewId, event); // before the form shows: a quick submit must find it
    const shown = await updateModal(deps.client, viewId, form, deps.log);
    if (shown !== 'updated') deps.pending.done(viewId);
    // the "Reading the message…" window may still be open: say what to do with it
    if (shown === 'failed') await tell('Slack did not show the Flag as claim form; nothing was filed. Close that window and try again, or react with the flag emoji.');
  });
}
