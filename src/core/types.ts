// The domain model shared by the core, the commands, the store and every platform.
// Documents are plain JSON (they go to disk as they are); the store owns `version`.

export const STATUSES = [
  'unverified',
  'in_review',
  'true',
  'mostly_true',
  'mixed',
  'misleading',
  'mostly_false',
  'false',
  'unsupported',
  'retracted',
] as const;
export type Status = (typeof STATUSES)[number];

/**
 * A platform's id (`ChannelRef.platform`, the first part of user keys): an open string, so the core knows no
 * platform by name; each platform chooses its own (src/platforms/index.ts lists them).
 */
export type PlatformId = string;
/** The former name of PlatformId. */
export type PlatformName = PlatformId;

/** Every stored document has a string id and a version the store increments on each put. */
export interface Doc {
  id: string;
  version: number;
}

export interface Actor extends Doc {
  /** slug, e.g. `stephen-miller` */
  id: string;
  name: string;
  role: string;
  aliases: string[];
  kind: 'person' | 'organization' | 'unknown';
  createdAt: string;
  updatedAt: string;
}

/**
 * What a source is to its claim: `appearance` where the claim was made (or reported), `evidence` what the
 * desk checked it against, `review` another outlet's fact-check of it (an imported ClaimReview).
 */
export const SOURCE_KINDS = ['appearance', 'evidence', 'review'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface Source {
  url: string;
  /** publisher, e.g. `CNN`; derived from the host when not given */
  outlet: string;
  note: string;
  addedAt: string;
  /** user key (`slack:U123`, `discord:42`, `console:editor`, `demo`) */
  addedBy: string;
  /** absent on sources stored before kinds existed: read it with sourceKind() (src/core/sources.ts) */
  kind?: SourceKind;
  /** on `review` sources: the outlet's review as it published it, so the export credits it to them */
  review?: OutletReview;
}

export interface OutletReview {
  /** the rating as published: its label, value and scale (flat: 100k imported claims carry one each) */
  label?: string;
  ratingValue?: number;
  bestRating?: number;
  worstRating?: number;
  datePublished?: string;
  dateModified?: string;
  /** the outlet's own address (its Organization's url), when the review gave one */
  authorUrl?: string;
  /** urls of the evidence sources this review cited (its `citation`) */
  citations?: string[];
}

export interface HistoryEntry {
  at: string;
  /** user key of who made the change */
  by: string;
  /** display name at the time of the change */
  byName: string;
  /** null for the creation entry */
  from: Status | null;
  to: Status;
  note: string;
  /** the note is for the desk only: kept off the public verdict pages (src/web); chat shows it as usual */
  internal?: boolean;
  /** evidence url given with the change */
  source?: string;
}

/** Where a claim came from when it was flagged from a chat message. */
export interface Origin {
  platform: PlatformName;
  workspace: string;
  channel: string;
  messageId: string;
  link: string;
  /** user key of the message author */
  author: string;
  authorName: string;
  /** who reported the claim ("according to CNN"), when the message says so */
  outlet?: string;
}

export interface Claim extends Doc {
  /** `C` + number, allocated by the store's `claim` sequence */
  id: string;
  text: string;
  status: Status;
  /** actor id */
  claimant: string;
  /** actor ids the claim is about */
  subjects: string[];
  tags: string[];
  sources: Source[];
  history: HistoryEntry[];
  origin?: Origin;
  /** how many distinct users flagged it by reaction */
  flagCount: number;
  /** an external rating label kept on import (ClaimReview), e.g. `Pants on Fire` */
  externalRating?: string;
  /** when the claim was made, when known: the flagged message's time, an imported review's itemReviewed date */
  madeAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** A channel on some platform. `workspace` is the Slack team id / Discord guild id / `local`. */
export interface ChannelRef {
  platform: PlatformName;
  workspace: string;
  channel: string;
  /** human name for printing (`#desk`), optional */
  name?: string;
}

export function channelKey(c: ChannelRef): string {
  return `${c.platform}:${c.workspace}:${c.channel}`;
}

export type WatchTarget = { kind: 'all' } | { kind: 'claim'; id: string } | { kind: 'actor'; id: string };

export function targetKey(t: WatchTarget): string {
  return t.kind === 'all' ? 'all' : `${t.kind}:${t.id}`;
}

export interface Subscription extends Doc {
  /** `${channelKey}|${targetKey}` */
  id: string;
  channel: ChannelRef;
  target: WatchTarget;
  /** only alert on changes *to* these statuses; empty = every change */
  statuses: Status[];
  createdBy: string;
  createdAt: string;
}

export interface DigestSchedule extends Doc {
  /** channelKey */
  id: string;
  channel: ChannelRef;
  /** as the user wrote it, normalised: `daily 09:00`, `weekly mon 09:00`, `cron 0 9 * * 1-5` */
  spec: string;
  /** the cron expression node-cron runs */
  cron: string;
  /** IANA zone */
  tz: string;
  /** ISO time of the last digest posted (changes since then go in the next one) */
  lastRunAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A chat message flagged by reaction; one per message, pointing at the claim it became. */
export interface Flag extends Doc {
  /** `${platform}:${workspace}:${channel}:${messageId}` */
  id: string;
  claimId: string;
  /** user keys who flagged it */
  users: string[];
  createdAt: string;
}

export interface OutboxItem extends Doc {
  /** `o` + number from the store's `outbox` sequence */
  id: string;
  kind: 'alert' | 'digest' | 'reply';
  channel: ChannelRef;
  /** the neutral message to post (see src/core/reply.ts) */
  reply: import('./reply.ts').Reply;
  /** thread follow-ups of the same claim in the same channel under the first alert (ThreadRef id) */
  threadKey?: string;
  /** post as a reply to this platform message (flag answers) */
  replyTo?: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
  /** platform message ref once delivered */
  deliveredRef?: string;
  deliveredAt?: string;
  createdAt: string;
}

/** The first alert message of a claim in a channel, so later alerts thread under it. */
export interface ThreadRef extends Doc {
  /** `${channelKey}|${claimId}` */
  id: string;
  /** platform message reference (Slack ts, Discord message id) */
  ref: string;
  createdAt: string;
}

/** User key: `${platform}:${platform user id}`. */
export type UserKey = string;
