// The Flag as claim modal submitted: the flag, with the flagger's corrections, goes to the core exactly like the 🚩
// reaction (same dedupe; the answer goes to the message's thread through the outbox). A refused value is shown beside
// its field and nothing is filed.
import type { App } from '@slack/bolt';
import type { FlagResult } from '../../core/ports.ts';
import type { FlagShortcutDeps } from './flag-shortcut.ts';
import { errorReply } from '../../core/reply.ts';
import { tellUser } from './answer.ts';
import { inTime, onView, SUBMIT_BUDGET_MS, type Handled } from './listen.ts';
import { callbackId, decodeMetadata, noticeModal, stateValues } from './modal.ts';
import { flagEventOf } from './reactions.ts';
import { isObject, payloadId } from './payloads.ts';

type Ack = (body?: Record<string, unknown>) => Promise<void>;

/** The form field a refusal of the core is about (its messages name the claimant, an actor or the text). */
export function fieldOfError(error: string): 'text' | 'by' | 'about' {
  if (/claimant/i.test(error)) return 'by';
  if (/actor/i.test(error)) return 'about';
  return 'text';
}

const lost = (text: string) => ({ response_action: 'errors', errors: { text } });

/** The same person flagged the same message before (the core answers nothing then). */
const flaggedBefore = (id: string) => `You flagged this message before: it is ${id}. See /claim status ${id}.`;

function answer(result: FlagResult): Record<string, unknown> | undefined {
  if (result.error) return { response_action: 'errors', errors: { [fieldOfError(result.error)]: result.error.slice(0, 2000) } };
  // the same person flagged the same message before: the core answers nothing, so the modal says it
  if (result.repeat && result.claim) {
    return { response_action: 'update', view: noticeModal('Flag as claim', flaggedBefore(result.claim.id)) };
  }
  return undefined;
}

export function registerFlagSubmit(app: App, handled: Handled, deps: FlagShortcutDeps): void {
  onView(app, handled, callbackId('flag'), async ({ ack, body }) => {
    const done = ack as Ack;
    const b = body as unknown as Record<string, unknown>;
    const view = isObject(b.view) ? b.view : {};
    const user = isObject(b.user) ? payloadId(b.user.id) : undefined;
    const meta = decodeMetadata(view.private_metadata);
    const channel = payloadId(meta?.place.channel);
    const ts = payloadId(meta?.place.ts);
    if (!user || !channel || !ts || meta?.form !== 'flag') {
      deps.log.warn('a Flag as claim submission without its message or user');
      return done(lost('This form lost track of its message; nothing was filed. Use Flag as claim on the message again.'));
    }
    const team = (isObject(b.team) ? payloadId(b.team.id) : undefined) ?? deps.teamId;
    const values = stateValues(view.state);
    const work = (async (): Promise<FlagResult | 'lost'> => {
      // the event the modal was opened with; after a restart, the message read again, as the reaction reads it
      const event =
        deps.pending.get(view.id, `slack:${user}`) ??
        (
          await flagEventOf(deps, team, channel, ts, user).catch((err: unknown) => {
            deps.log.warn({ channel, ts, err: err instanceof Error ? err.message : String(err) }, 'could not read the message of a Flag as claim submission');
            return { event: undefined };
          })
        ).event;
      if (!event) return 'lost';
      const result = await deps.inbound
        .flag({ ...event, edits: { text: values.text ?? event.message.text, by: values.by, about: values.about ?? '' } })
        .catch((err: unknown): FlagResult => {
          deps.log.error({ err: err instanceof Error ? err.message : String(err) }, 'flag from the modal failed');
          return { handled: false, created: false, error: 'Something went wrong on our side; nothing was filed. Please try again.' };
        });
      if (!result.error) deps.pending.done(view.id);
      return result;
    })();
    const gone = 'I cannot read that message any more (deleted, or I am not in the channel: /invite me there); nothing was filed.';
    // reading the message again and saving must not miss Slack's 3 s: past the budget the modal closes, the
    // answer goes to the message's thread as always, and a refusal to the flagger alone
    const quick = await inTime(work, SUBMIT_BUDGET_MS);
    if (quick) return done(quick === 'lost' ? lost(gone) : answer(quick));
    await done();
    const late = await work;
    const why = late === 'lost' ? gone : late.error ?? (late.repeat && late.claim ? flaggedBefore(late.claim.id) : undefined);
    if (why) await tellUser(deps, { channel }, user, errorReply(why));
  });
}
