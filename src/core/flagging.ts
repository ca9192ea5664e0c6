// Flagging a chat message as a new claim by reaction. The platform matches its flag emoji and fetches the
// message (with the time it was posted, when it knows it); everything else —
// the claim, the Flag record, the thread answer and the alerts to channels watching `all` — happens here in
// ONE store write, so a flag is either fully filed (and answered, and alerted) or not at all.
import type { ReadView, WriteTx } from './store-port.ts';
import { actorName, ensureActor, findActor } from './actors.ts';
import { queueNewClaimAlerts } from './alerts.ts';
import { attribute, attributionNames, reportedBy, UNATTRIBUTED } from './attribution.ts';
import { createClaim } from './claims.ts';
import { UserError } from './errors.ts';
import type { Desk } from './desk.ts';
import type { FlagEvent, FlagResult } from './ports.ts';
import { queueOutbox } from './outbox.ts';
import { textReply, type Reply } from './reply.ts';
import { statusWord } from './statuses.ts';
import { clean, cleanList, cleanName, LIMITS, nameKey, short } from './text.ts';
import type { ChannelRef, Claim, Flag } from './types.ts';

export type { FlagEvent };

export { FLAG_TAG } from './queue-keys.ts';
import { FLAG_TAG } from './queue-keys.ts';
/** how close (Dice coefficient over content words) a text must be to count as the same claim */
export const SIMILARITY = 0.8;

// ---- near-duplicate detection ----

const STOP = new Set(
  'a an and are as at be been but by did do does for from had has have he her his i in is it its of on or our she so that the their them then there they this to was we were what when which who will with would you'.split(' '),
);

/** Content words: lower-case, accents folded, links and stop words dropped. */
export function contentWords(text: string): Set<string> {
  const t = text.replace(/https?:\/\/\S+/g, ' ').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  return new Set((t.match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOP.has(w)));
}

export function similarity(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let common = 0;
  for (const w of a) if (b.has(w)) common++;
  return (2 * common) / (a.size + b.size);
}

/** The existing claim whose text is closest to `text`, if it is close enough to be the same claim. */
export function findSimilarClaim(desk: Desk, view: ReadView, text: string): Claim | undefined {
  const words = contentWords(text);
  if (words.size < 3) return undefined; // too short to tell claims apart
  const candidates = new Map<string, Claim>();
  try {
    for (const c of desk.search.claims(text.slice(0, LIMITS.query), 25)) candidates.set(c.id, c);
  } catch {
    // the search may refuse odd queries; the scan below still runs on small desks
  }
  if (view.count('claims') <= 5000) for (const c of view.all('claims')) candidates.set(c.id, c);
  let best: { claim: Claim; score: number } | undefined;
  for (const c of candidates.values()) {
    const score = similarity(words, contentWords(c.text));
    if (score >= SIMILARITY && (!best || score > best.score)) best = { claim: c, score };
  }
  return best?.claim;
}

// ---- the flag itself ----

export function flagId(ev: Pick<FlagEvent, 'channel' | 'messageId'>): string {
  return `${ev.channel.platform}:${ev.channel.workspace}:${ev.channel.channel}:${ev.messageId}`;
}

/** Distinct users who flagged any message that became this claim. */
function flaggers(view: ReadView, claimId: string): number {
  const users = new Set<string>();
  for (const f of view.byIndex('flags', 'byClaim', claimId)) for (const u of f.users) users.add(u);
  return users.size;
}

/**
 * Files the claim and, in the same durable write, queues the thread answer (outbox kind `reply`, replyTo =
 * messageId) and the alerts to channels watching `all`. The platform only has to match its emoji and fetch the message.
 */
export async function flagMessage(desk: Desk, ev: FlagEvent): Promise<FlagResult> {
  const now = desk.clock.now();
  const at = now.toISOString();
  let text = clean(ev.edits?.text ?? ev.message.text);
  const length = [...text].length;
  // a claim holds at most LIMITS.claimText characters: a longer message is cut, and the answer says so
  if (length > LIMITS.claimText) text = `${[...text].slice(0, LIMITS.claimText - 1).join('')}…`;
  const cutNote =
    length > LIMITS.claimText
      ? ` The message has ${length.toLocaleString('en-US')} characters: the claim is cut to ${LIMITS.claimText.toLocaleString('en-US')}, ending in ….`
      : '';
  if (ev.edits) {
    // the form's values are checked before anything is written: a refusal changes nothing
    try {
      if (ev.edits.by?.trim()) cleanName(ev.edits.by, 'claimant name');
      if (ev.edits.about?.trim()) cleanList(ev.edits.about, LIMITS.name, 'actor name');
      if (ev.edits.text !== undefined && !text) throw new UserError('The claim text is empty: write the claim as stated.');
    } catch (err) {
      if (err instanceof UserError) return { handled: false, created: false, error: err.message };
      throw err;
    }
  }
  const answer = (tx: WriteTx, reply: Reply) => queueOutbox(tx, now, { kind: 'reply', channel: ev.channel, reply, replyTo: ev.messageId });
  const id = flagId(ev);
  const reactor = ev.reactor.key;

  return desk.store.write((tx): FlagResult => {
    if (!text) {
      answer(tx, textReply('There is no text in this message to file as a claim; flag a message that states the claim.'));
      return { handled: false, created: false };
    }
    const flag = tx.get('flags', id);
    if (flag) {
      const claim = tx.get('claims', flag.claimId);
      if (flag.users.includes(reactor) || !claim) return { handled: true, created: false, repeat: true, ...(claim ? { claim } : {}) };
      tx.put('flags', { ...flag, users: [...flag.users, reactor] });
      const updated = tx.put('claims', { ...claim, flagCount: flaggers(tx, claim.id), updatedAt: at });
      answer(tx, textReply(`Already filed as ${claim.id} (${statusWord(claim.status)}), now flagged by ${updated.flagCount}. See /claim status ${claim.id}.`));
      return { handled: true, created: false, claim: updated };
    }
    const similar = findSimilarClaim(desk, tx, text);
    if (similar) {
      tx.put('flags', { id, claimId: similar.id, users: [reactor], createdAt: at } satisfies Omit<Flag, 'version'>);
      const updated = tx.put('claims', { ...similar, flagCount: flaggers(tx, similar.id), updatedAt: at });
      answer(
        tx,
        textReply(`This matches ${similar.id}, already on the desk (${statusWord(similar.status)}): "${short(similar.text, 200)}". Linked this message to it; see /claim status ${similar.id}.`),
      );
      return { handled: true, created: false, linked: true, claim: updated };
    }
    const { claimant, subjects, outlet } = attributed(tx, ev, text, at);
    const created = createClaim(
      tx,
      {
        text,
        claimant,
        subjects,
        tags: [FLAG_TAG],
        note: `flagged by ${ev.reactor.name}`,
        madeAt: ev.message.at,
        origin: {
          platform: ev.channel.platform,
          workspace: ev.channel.workspace,
          channel: ev.channel.channel,
          messageId: ev.messageId,
          link: ev.message.link,
          author: ev.message.authorKey,
          authorName: ev.message.authorName,
          ...(outlet ? { outlet } : {}),
        },
      },
      { key: reactor, name: ev.reactor.name },
      at,
    );
    tx.put('flags', { id, claimId: created.id, users: [reactor], createdAt: at });
    const claim = tx.put('claims', { ...created, flagCount: 1 });
    answer(
      tx,
      textReply(`Filed as ${claim.id} (unverified), claimant ${actorName(tx, claimant)}${outlet && outlet !== actorName(tx, claimant) ? `, reported by ${outlet}` : ''}. Editors: /claim set ${claim.id} <status>.${cutNote}`),
    );
    queueNewClaimAlerts(tx, now, claim, { reactorName: ev.reactor.name, authorName: ev.message.authorName, channel: ev.channel, link: ev.message.link });
    return { handled: true, created: true, claim };
  });
}

/** Who made the claim and who it is about: as the flagger wrote them in the flag form, else as the message says. */
function attributed(tx: WriteTx, ev: FlagEvent, text: string, at: string): { claimant: string; subjects: string[]; outlet?: string } {
  // the prefilled "Unattributed" left as it was is no claimant named: the automatic rule files it (as that actor)
  const named = ev.edits?.by?.trim();
  const by = named && nameKey(named) !== nameKey(UNATTRIBUTED) ? named : undefined;
  const about = ev.edits?.about?.trim();
  if (!by) {
    const auto = attribute(tx, text, at);
    return about === undefined ? auto : { ...auto, subjects: actorsNamed(tx, about, at).filter((id) => id !== auto.claimant) };
  }
  // the flagger named the claimant: nobody else is added on the bot's guess
  const claimant = ensureActor(tx, cleanName(by, 'claimant name'), at).id;
  const outlet = reportedBy(tx, text);
  const subjects =
    about === undefined
      ? attributionNames(tx, text).subjects.map((n) => findActor(tx, n)?.id).filter((id): id is string => !!id && id !== claimant)
      : actorsNamed(tx, about, at).filter((id) => id !== claimant);
  return { claimant, subjects: [...new Set(subjects)], ...(outlet ? { outlet } : {}) };
}

function actorsNamed(tx: WriteTx, list: string, at: string): string[] {
  return [...new Set(cleanList(list, LIMITS.name, 'actor name').map((n) => ensureActor(tx, n, at).id))];
}
