// Interactions no listener serves — a button of a retired kind, a forged action_id, a form or shortcut of
// another app, a suggestion nobody offers — are acknowledged and explained, never left to time out (Bolt
// acks nothing when no listener matches: Slack would show the user an error and retry). Listener files
// register what they serve in `handled` (listen.ts); this answers everything else.
import type { App } from '@slack/bolt';
import { errorReply } from '../../core/reply.ts';
import { tellUser, type AnswerDeps } from './answer.ts';
import type { Handled } from './listen.ts';
import { noticeModal } from './modal.ts';
import { placeOf } from './actions.ts';

const ANY = /.*/;

export function registerFallbacks(app: App, handled: Handled, deps: AnswerDeps): void {
  app.action(ANY, async ({ ack, body, action }) => {
    const id = (action as { action_id?: string }).action_id ?? '';
    if (handled.actions.has(id)) return;
    await ack();
    deps.log.warn({ action: id.slice(0, 60) }, 'a slack action claimdesk does not serve');
    const b = body as Parameters<typeof placeOf>[0];
    await tellUser(deps, placeOf(b), String(b.user?.id ?? ''), errorReply('That button is not one claimdesk knows; nothing was changed. Try /claim help.')).catch(() => undefined);
  });

  // both kinds: a view_submission and a view_closed (Bolt's app.view(regexp) alone matches submissions only)
  app.view({ callback_id: ANY }, async ({ ack, body, view }) => {
    if ((body.type === 'view_closed' ? handled.closes : handled.views).has(view.callback_id)) return;
    deps.log.warn({ callback: view.callback_id.slice(0, 60), type: body.type }, 'a slack form claimdesk does not serve');
    if (body.type === 'view_submission') await ack({ response_action: 'update', view: noticeModal('Nothing was changed', 'That form is not one claimdesk knows, so nothing was changed. Try /claim help.') } as never);
    else await ack();
  });

  app.shortcut(ANY, async ({ ack, shortcut }) => {
    if (handled.shortcuts.has(shortcut.callback_id)) return;
    await ack();
    deps.log.warn({ callback: shortcut.callback_id.slice(0, 60) }, 'a slack shortcut claimdesk does not serve');
    const s = shortcut as { user?: { id?: string }; channel?: { id?: string }; response_url?: string };
    const place = { ...(s.channel?.id ? { channel: s.channel.id } : {}), ...(s.response_url ? { responseUrl: s.response_url } : {}) };
    await tellUser(deps, place, String(s.user?.id ?? ''), errorReply('That shortcut is not one claimdesk knows; nothing was changed.')).catch(() => undefined);
  });

  app.options(ANY, async ({ ack, options }) => {
    if (handled.suggestions.has((options as { action_id?: string }).action_id ?? '')) return;
    await ack({ options: [] });
  });
}
