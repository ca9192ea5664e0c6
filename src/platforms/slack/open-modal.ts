// views.open with a trigger_id, which Slack honours for 3 seconds only (and once): when it has expired, the person
// who clicked must hear why nothing opened, so the caller learns it instead of an error in the logs.
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { isSlackResponseUrl } from './answer.ts';

type WebClient = InstanceType<typeof webApi.WebClient>;

/** Slack's answers for a trigger_id that can no longer open a view. */
const EXPIRED = new Set(['expired_trigger_id', 'exchanged_trigger_id', 'invalid_trigger_id']);

export const EXPIRED_TEXT = 'The form could not open in time (Slack allows 3 seconds and this took longer); nothing was changed. Please try again.';

/** `code`: what Slack answered when it refused (empty when it did not answer). */
export type Opened = { result: 'opened'; viewId?: string } | { result: 'expired' } | { result: 'failed'; code: string };

/** The error code of a refused Web API call (`channel_not_found`…), empty when there is none. */
export const slackErrorCode = (err: unknown): string => (err as { data?: { error?: string } }).data?.error ?? '';

export async function openModal(client: WebClient, triggerId: unknown, view: Record<string, unknown>, log: Logger): Promise<Opened> {
  if (typeof triggerId !== 'string' || !triggerId) return { result: 'expired' };
  try {
    const res = await client.views.open({ trigger_id: triggerId, view: view as never });
    return { result: 'opened', ...(res.view?.id ? { viewId: res.view.id } : {}) };
  } catch (err) {
    const code = slackErrorCode(err);
    if (EXPIRED.has(code)) {
      log.info({ code }, 'a modal could not open: its trigger_id expired');
      return { result: 'expired' };
    }
    log.warn({ code, err: err instanceof Error ? err.message : String(err) }, 'views.open failed');
    return { result: 'failed', code };
  }
}

/** views.update of a modal we opened: 'closed' when the person closed it meanwhile (nothing to tell them). */
export async function updateModal(client: WebClient, viewId: string, view: Record<string, unknown>, log: Logger): Promise<'updated' | 'closed' | 'failed'> {
  try {
    await client.views.update({ view_id: viewId, view: view as never });
    return 'updated';
  } catch (err) {
    const code = slackErrorCode(err);
    if (code === 'not_found') return 'closed';
    log.warn({ code, err: err instanceof Error ? err.message : String(err) }, 'views.update failed');
    return 'failed';
  }
}

/** POST a message body to a response_url of Slack's (never one elsewhere); false when that did not work. */
export async function postToResponseUrl(url: unknown, body: Record<string, unknown>, apiUrl: string, log: Logger): Promise<boolean> {
  if (!isSlackResponseUrl(url, apiUrl)) return false;
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    if (res.ok) return true;
    log.warn({ status: res.status }, 'response_url refused the answer');
  } catch (err) {
    log.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not post to response_url');
  }
  return false;
}
