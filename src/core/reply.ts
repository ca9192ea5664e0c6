// The neutral reply every command returns and every platform renders (Block Kit, embeds, plain text).
// All strings here are plain text exactly as written by users or the bot: no markup, no escaping.
// Renderers escape per platform and apply the platform's length limits.
import type { Status } from './types.ts';

export interface ReplyField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface ReplyItem {
  /** claim id (`C12`) or actor id, shown in front */
  id?: string;
  text: string;
  status?: Status;
}

export interface ReplyLink {
  label: string;
  url: string;
}

/** The claim a card or alert shows, for platforms that offer actions on it: a status select, Add source, History. */
export interface ReplyActions {
  claimId: string;
  /** the claim's version when the card was made: an action on an older card is stale */
  version: number;
  /** the status shown (the select marks it) */
  status: Status;
}

export interface Reply {
  /** card: one claim/actor; list: several items; text: a plain answer; error: bad input (shows usage) */
  kind: 'card' | 'list' | 'text' | 'error';
  title?: string;
  /** the main body */
  text?: string;
  /** drives the colour / emoji of the card */
  status?: Status;
  fields?: ReplyField[];
  items?: ReplyItem[];
  /** items not shown (renderers print "and N more") */
  more?: number;
  links?: ReplyLink[];
  /** small context line (ids, last change, page) */
  footer?: string;
  /** for errors: the usage of the command */
  usage?: string;
  /** only the asking user sees it (errors, usage, help) */
  ephemeral?: boolean;
  /** a card or alert of one claim: what platforms with buttons offer on it (the console shows none) */
  actions?: ReplyActions;
}

export function textReply(text: string, opts: Partial<Reply> = {}): Reply {
  return { kind: 'text', text, ...opts };
}

export function errorReply(text: string, usage?: string): Reply {
  return { kind: 'error', text, usage, ephemeral: true };
}
