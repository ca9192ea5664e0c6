// The actions block on a claim card or alert (Reply.actions): a status select with the current status as its
// initial option, "Add source" and "History". Which claim, and which version of it the card shows, travel in
// the block_id (`claim:C12:7`), so a new version of a card gets a new block_id as Slack asks; actions.ts
// decodes them and the core checks them against the store (payloads are never trusted).
import type { ReplyActions } from '../../core/reply.ts';
import { STATUS_META } from '../../core/statuses.ts';
import { STATUSES, type Status } from '../../core/types.ts';

/** A Block Kit block (render.ts has the same; not imported from there, which imports this) */
type Block = Record<string, unknown>;

export const ACTION = { status: 'claim_status', source: 'claim_source', history: 'claim_history' } as const;

const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });

/** `C12` and version 7 → `C12:7` */
export function encodeRef(claimId: string, version: number): string {
  return `${claimId}:${version}`;
}

/** `claim:C12:7` or `C12:7` → the claim id and version, or undefined for anything else. */
export function decodeRef(s: unknown): { claimId: string; version: number } | undefined {
  if (typeof s !== 'string') return undefined;
  const m = /^(?:claim:)?([A-Za-z]{1,4}\d{1,12}):(\d{1,12})$/.exec(s);
  if (!m) return undefined;
  const version = Number(m[2]);
  return Number.isSafeInteger(version) ? { claimId: m[1]!, version } : undefined;
}

function statusOption(s: Status): Record<string, unknown> {
  // plain_text with emoji: Slack shows the shortcode as the emoji; labels are ours, never user text
  return { text: plain(STATUS_META[s].label), value: s };
}

export function actionsBlock(a: ReplyActions): Block {
  const ref = encodeRef(a.claimId, a.version);
  return {
    type: 'actions',
    block_id: `claim:${ref}`,
    elements: [
      {
        type: 'static_select',
        action_id: ACTION.status,
        placeholder: plain('Change status'),
        options: STATUSES.map(statusOption),
        ...(STATUSES.includes(a.status) ? { initial_option: statusOption(a.status) } : {}),
      },
      { type: 'button', action_id: ACTION.source, text: plain('Add source'), value: ref },
      { type: 'button', action_id: ACTION.history, text: plain('History'), value: ref },
    ],
  };
}
