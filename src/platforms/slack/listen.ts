// Which interactions the app answers, so a payload for anything else (a button of an old version, a forged
// action_id, a form of another app) is acknowledged and explained instead of left to time out: Bolt runs
// every listener that matches, and acks nothing when none does. Each listener file registers through here;
// fallbacks.ts answers the rest.
import type { App } from '@slack/bolt';
import type { Desk } from '../../core/desk.ts';
import type { Who } from '../../core/ports.ts';
import { slackContext } from './commands.ts';

export interface Handled {
  actions: Set<string>;
  views: Set<string>;
  /** callback_ids whose view_closed is served (modals opened with notify_on_close) */
  closes: Set<string>;
  shortcuts: Set<string>;
  suggestions: Set<string>;
}

export const newHandled = (): Handled => ({ actions: new Set(), views: new Set(), closes: new Set(), shortcuts: new Set(), suggestions: new Set() });

type ActionListener = Parameters<App['action']>[1];
type ViewListener = Parameters<App['view']>[1];
type ShortcutListener = Parameters<App['shortcut']>[1];
type OptionsListener = Parameters<App['options']>[1];

export function onAction(app: App, handled: Handled, actionId: string, listener: ActionListener): void {
  handled.actions.add(actionId);
  app.action(actionId, listener);
}

/** A modal's submission (view_submission), or with `closed` its closing (view_closed, for notify_on_close modals). */
export function onView(app: App, handled: Handled, callbackId: string, listener: ViewListener, closed = false): void {
  (closed ? handled.closes : handled.views).add(callbackId);
  app.view({ callback_id: callbackId, type: closed ? 'view_closed' : 'view_submission' }, listener);
}

interface PayloadUser {
  user?: { id?: string; username?: string; name?: string; team_id?: string };
  team?: { id?: string } | null;
  channel?: { id?: string; name?: string };
}

/** Who acts and where, built exactly as for slash commands (an editor is whoever EDITORS lists). */
export function interactionWho(desk: Desk, body: PayloadUser, channel?: string): Who {
  const user = body.user ?? {};
  const ch = channel ?? body.channel?.id ?? String(user.id ?? '');
  return slackContext(desk, {
    command: '',
    text: '',
    team_id: String(body.team?.id ?? user.team_id ?? ''),
    channel_id: ch,
    ...(body.channel?.id === ch && body.channel?.name ? { channel_name: body.channel.name } : {}),
    user_id: String(user.id ?? ''),
    user_name: user.username || user.name || String(user.id ?? ''),
  });
}

export function onShortcut(app: App, handled: Handled, callbackId: string, listener: ShortcutListener): void {
  handled.shortcuts.add(callbackId);
  app.shortcut(callbackId, listener);
}

/** Suggestions for an external select, by its action_id (block_suggestion). */
export function onOptions(app: App, handled: Handled, actionId: string, listener: OptionsListener): void {
  handled.suggestions.add(actionId);
  app.options(actionId, listener);
}

/** How long a form submission's answer may take before the modal closes and the answer follows (Slack: 3 s). */
export const SUBMIT_BUDGET_MS = 2000;

/**
 * The work's result if it is ready within `ms`, else undefined (it goes on). A submission must be acked within
 * Slack's 3 s, but its answer (errors beside a field) can only go in the ack: wait that long, no longer.
 */
export async function inTime<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
