// How the bot answers after a button, select or modal: a note only the user sees, and the card or alert they
// acted on put right in place. Ephemeral notes go through the interaction's response_url (it works in
// channels the bot never joined, where alerts go with chat:write.public), else chat.postEphemeral, else a
// direct message from the app. A channel message is updated with chat.update; an ephemeral one (or a message
// chat.update may not touch) with the response_url's replace_original.
import type { Logger } from 'pino';
import type { webApi, types } from '@slack/bolt';
import type { Reply } from '../../core/reply.ts';
import type { CardPlace } from './modal.ts';
import { renderSlack } from './render.ts';

type WebClient = InstanceType<typeof webApi.WebClient>;

export interface AnswerDeps {
  client: WebClient;
  log: Logger;
  /** SLACK_API_URL: a response_url on its host (a test fake) is Slack's, like hooks.slack.com */
  apiUrl: string;
}

/** A response_url the bot may post to: Slack's own, never one a forged payload points elsewhere. */
export function isSlackResponseUrl(url: unknown, apiUrl: string): url is string {
  if (typeof url !== 'string') return false;
  try {
    const u = new URL(url);
    if (u.protocol === 'https:' && u.hostname === 'hooks.slack.com') return true;
    return u.origin === new URL(apiUrl).origin;
  } catch {
    return false;
  }
}

async function postResponse(url: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`response_url answered ${res.status}`);
}

/** A note for this user only, about the card at `place` (no place: a direct message). */
export async function tellUser(deps: AnswerDeps, place: CardPlace, user: string, reply: Reply): Promise<void> {
  const { text, blocks } = renderSlack(reply);
  if (place.responseUrl && isSlackResponseUrl(place.responseUrl, deps.apiUrl)) {
    try {
      return await postResponse(place.responseUrl, { response_type: 'ephemeral', replace_original: false, text, blocks });
    } catch (err) {
      deps.log.info({ err: (err as Error).message }, 'response_url refused an ephemeral note; trying chat.postEphemeral');
    }
  }
  if (place.channel) {
    try {
      await deps.client.chat.postEphemeral({ channel: place.channel, user, text, blocks: blocks as unknown as types.KnownBlock[] });
      return;
    } catch (err) {
      deps.log.info({ err: (err as Error).message }, 'chat.postEphemeral failed; sending a direct message');
    }
  }
  await deps.client.chat.postMessage({ channel: user, text, blocks: blocks as unknown as types.KnownBlock[] }).catch((err: unknown) => {
    deps.log.warn({ err: (err as Error).message }, 'could not tell the user');
  });
}

/** Put `card` in place of the card or alert acted on. Returns whether it worked. */
export async function replaceCard(deps: AnswerDeps, place: CardPlace, card: Reply): Promise<boolean> {
  const { text, blocks } = renderSlack({ ...card, ephemeral: undefined });
  if (place.channel && place.ts && !place.ephemeral) {
    try {
      await deps.client.chat.update({ channel: place.channel, ts: place.ts, text, blocks: blocks as unknown as types.KnownBlock[] });
      return true;
    } catch (err) {
      // e.g. a slash command's answer, which only its response_url can replace
      deps.log.info({ err: (err as Error).message }, 'chat.update failed; replacing through the response_url');
    }
  }
  if (place.responseUrl && isSlackResponseUrl(place.responseUrl, deps.apiUrl)) {
    try {
      await postResponse(place.responseUrl, { replace_original: true, text, blocks });
      return true;
    } catch (err) {
      deps.log.info({ err: (err as Error).message }, 'could not replace the card through the response_url');
    }
  }
  return false;
}
