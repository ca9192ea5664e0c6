// Ports: what the core needs from the outside world, and the contract every chat platform meets.
// No platform imports here. docs/platforms.md describes the contract.
import type { Logger } from 'pino';
import type { ChannelRef, Claim, PlatformId, UserKey } from './types.ts';
import type { Reply } from './reply.ts';
import type { ActionOutcome, ActionRequest, DeskQueue, Form, FormSubmission, SubmitOutcome } from './forms.ts';

export type { Logger };

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

// ---- inbound: what a platform hands the core ----

/** Who acts, as the platform established it: the platform decides whether they are an editor. */
export interface Caller {
  /** `${platform}:${user id}` */
  key: UserKey;
  name: string;
  isEditor: boolean;
}

/** How help shows commands on a platform: the usage as typed there, the layout, a closing hint. */
export interface HelpForm {
  /** method syntax on purpose: a platform's function over the full command definition fits */
  usage(def: { group: string; name: string; usage: string }): string;
  /** `text`: one text reply; `cards`: a list, or a card for one command */
  layout: 'text' | 'cards';
  /** the last line of the full listing, after the statuses */
  hint: string;
}

/** A command as a platform received it: as text (`/claim status C12`) or already structured (native subcommands). */
export interface CommandRequest {
  /** the top-level command (`claim`, `actor`; the registry's GROUPS) */
  group: string;
  /** text platforms: everything after `/group` */
  text?: string;
  /** platforms with native subcommands: the subcommand ('' for the group's default) and its options; wins over text */
  sub?: string;
  options?: Record<string, unknown>;
  user: Caller;
  channel: ChannelRef;
  /** how this platform's users type commands, for help (default: the text form) */
  helpForm?: HelpForm;
}

/** A chat message someone flagged (the platform matched its flag emoji and fetched the message). */
export interface FlagEvent {
  channel: ChannelRef;
  /** platform message id */
  messageId: string;
  /** who flagged it */
  reactor: { key: string; name: string };
  /** `at`: when it was posted, if the platform knows it (else the claim has no madeAt) */
  message: { text: string; authorKey: string; authorName: string; link: string; at?: string };
  /**
   * What the flagger corrected in the flag form (Slack's message shortcut, Discord's message command): the
   * claim's text, who made it, who it is about (names, as typed). Absent: the bot picks them from the message.
   */
  edits?: { text?: string; by?: string; about?: string };
}

export interface FlagResult {
  /** false when the message is empty (the answer says why) */
  handled: boolean;
  claim?: Claim;
  /** a new claim was created (false: the message or the same claim was flagged before) */
  created: boolean;
  /** the message text closely matched an existing claim, and the flag was linked to it */
  linked?: boolean;
  /** the same user flagged the same message again: nothing changed, nothing answered */
  repeat?: boolean;
  /** the flag form's values were refused (a name too long…): nothing changed; this says why, for the flagger */
  error?: string;
}

export interface Suggestion {
  name: string;
  value: string;
}

/**
 * The one way into the core for a platform (commands/inbound.ts builds it for a desk). Never throws for a
 * command: failures come back as error replies. Answers to flags and all alerts leave through the outbox.
 */
export interface Inbound {
  command(req: CommandRequest): Promise<Reply>;
  flag(ev: FlagEvent): Promise<FlagResult>;
  /** suggestions for a claim or actor option while the user types, at most 25 */
  suggest(kind: 'claim' | 'actor', query: string): Suggestion[];
  /** a button or select on a claim card (Reply.actions): a form to open, or an answer (src/core/forms.ts) */
  act(req: ActionRequest, who: Who): Promise<ActionOutcome>;
  /** a submitted form (not the flag form: that is flag() with `edits`) */
  submit(sub: FormSubmission, who: Who): Promise<SubmitOutcome>;
  /** the form a flag opens (message shortcut / message command): prefilled with the text, the claimant the bot would pick, the actors it names */
  flagForm(ev: FlagEvent): Form;
  /** the form `/claim add` with nothing after it opens */
  addForm(): Form;
  /** the editor's queue (Slack's App Home); `platform`: which channels' watches to list */
  queue(platform: string): DeskQueue;
}

/** Who acts and where, for actions and forms. */
export interface Who {
  user: Caller;
  channel: ChannelRef;
}

// ---- outbound: what the core asks of a platform ----

/** A message to post in a channel, optionally threaded. */
export interface Outbound {
  channel: ChannelRef;
  reply: Reply;
  /** platform message ref to thread under / reply to */
  threadRef?: string;
  /**
   * What it is (the outbox item's kind): an `alert` with a threadRef is a follow-up of the claim's first alert
   * (Discord posts it in a thread started from that message); a `reply` answers the message threadRef names.
   */
  kind?: 'alert' | 'digest' | 'reply';
}

/** What a platform gives the alert dispatcher. */
export interface DeliveryPort {
  readonly platform: PlatformId;
  /** Post and return the platform's message ref. */
  deliver(msg: Outbound): Promise<{ ref: string }>;
  /** Replace a message posted before (for replies that change later, e.g. after a button); optional. */
  edit?(channel: ChannelRef, ref: string, reply: Reply): Promise<void>;
}

/** A running platform, as the composition root sees it. */
export interface PlatformRuntime {
  readonly delivery: DeliveryPort;
  stop(): Promise<void>;
}

/** Thrown by deliver() when trying again later may work (429, 5xx, network down). */
export class RetryableDeliveryError extends Error {
  constructor(
    message: string,
    /** the platform's Retry-After, when it gave one */
    public readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'RetryableDeliveryError';
  }
}

/** Thrown by deliver() when retrying cannot help (channel gone, bot removed, forbidden). */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}
