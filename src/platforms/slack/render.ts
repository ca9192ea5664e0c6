// The neutral Reply → Slack Block Kit, with a plain-text fallback `text` (notifications, old clients).
// Every user-written string is escaped for mrkdwn so nobody can inject <!channel>, <@U…> or links,
// and Slack's limits are applied with "and N more" instead of a rejected message.
import type { Reply, ReplyItem, ReplyLink } from '../../core/reply.ts';
import type { Status } from '../../core/types.ts';
import { STATUS_META } from '../../core/statuses.ts';
import { actionsBlock } from './card-actions.ts';

/** Slack's limits (https://api.slack.com/reference/block-kit/blocks). */
export const LIMITS = { blocks: 50, sectionText: 3000, fields: 10, fieldText: 2000, header: 150, contextText: 3000, fallback: 3000 };

/** Each status as a Slack emoji shortcode (Slack shows names, not the characters of STATUS_META). */
export const SLACK_STATUS_EMOJI: Record<Status, string> = {
  unverified: ':grey_question:',
  in_review: ':mag:',
  true: ':white_check_mark:',
  mostly_true: ':ballot_box_with_check:',
  mixed: ':scales:',
  misleading: ':warning:',
  mostly_false: ':large_orange_circle:',
  false: ':x:',
  unsupported: ':no_entry_sign:',
  retracted: ':leftwards_arrow_with_hook:',
};

export type Block = Record<string, unknown>;

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/**
 * Escape the three characters Slack's mrkdwn gives meaning to, and put a word joiner after the @ of
 * @channel/@here/@everyone so no client or setting (link_names) can turn a quoted claim into a ping.
 */
export function escapeMrkdwn(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // no \b: a later cut (`@channelfoo` → `@channel…`) must not make a word boundary the escape did not see
    .replace(/@(channel|here|everyone)/gi, '@\u2060$1');
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** Longest label and url a source link gets: the whole `<url|label>` must fit a section, or a cut would leave raw markup. */
const LINK_LABEL = 200;
const LINK_URL = 2000;

/** A link Slack renders as `label`; anything that is not http(s), or too long to link, is shown as escaped text instead. */
export function mrkdwnLink(link: ReplyLink): string {
  // the label is cut before escaping, so the cut never splits an entity
  const label = escapeMrkdwn(truncate((link.label || link.url).replace(/\|/g, '/'), LINK_LABEL));
  const url = link.url.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
  if (!/^https?:\/\/[^\s]+$/i.test(link.url) || url.length > LINK_URL) return `${label} (${escapeMrkdwn(link.url)})`;
  return `<${url}|${label}>`;
}

// verbatim: Slack does not auto-link or auto-parse anything in it; only our own <url|label> links count
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text, verbatim: true });
const section = (text: string): Block => ({ type: 'section', text: mrkdwn(truncate(text, LIMITS.sectionText)) });

/** Pack lines into section texts of at most `max` characters each. */
function packLines(lines: string[], max = LIMITS.sectionText): string[] {
  const out: string[] = [];
  let cur = '';
  for (const raw of lines) {
    const line = truncate(raw, max);
    if (cur && cur.length + 1 + line.length > max) {
      out.push(cur);
      cur = line;
    } else cur = cur ? `${cur}\n${line}` : line;
  }
  if (cur) out.push(cur);
  return out;
}

function itemLine(item: ReplyItem): string {
  const badge = item.status ? `${SLACK_STATUS_EMOJI[item.status]} ` : '';
  const id = item.id ? `*${escapeMrkdwn(item.id)}* ` : '';
  const status = item.status ? ` _(${STATUS_META[item.status].label})_` : '';
  return `• ${badge}${id}${escapeMrkdwn(truncate(item.text, 300))}${status}`;
}

function statusLine(status: Status): string {
  const b = STATUS_META[status];
  return `${SLACK_STATUS_EMOJI[status]} *${b.label}*`;
}

/** Render a Reply as Block Kit plus fallback text. */
export function renderSlack(reply: Reply): SlackMessage {
  const blocks: Block[] = [];
  const tail: Block[] = []; // context blocks that must survive the 50-block cut

  if (reply.title) {
    const prefix = reply.status ? `${SLACK_STATUS_EMOJI[reply.status]} ` : '';
    // header is plain_text: no mrkdwn, so no escaping needed (and none would be shown)
    blocks.push({ type: 'header', text: { type: 'plain_text', text: truncate(prefix + reply.title, LIMITS.header), emoji: true } });
  }
  if (reply.kind === 'error') {
    blocks.push(section(`:warning: ${escapeMrkdwn(reply.text ?? 'That did not work.')}`));
    if (reply.usage) blocks.push(section(`*Usage:*\n\`\`\`${truncate(escapeMrkdwn(reply.usage.replace(/`/g, "'")), LIMITS.sectionText - 20)}\`\`\``));
  } else {
    if (reply.status && !reply.title) blocks.push(section(statusLine(reply.status)));
    if (reply.text) for (const chunk of packLines(escapeMrkdwn(reply.text).split('\n'))) blocks.push(section(chunk));
  }

  const fields = reply.fields ?? [];
  // the card's status as a field, unless the core already gave one
  const hasStatusField = fields.some((f) => /^status$/i.test(f.name.trim()));
  const statusField = reply.status && reply.title && !hasStatusField ? [mrkdwn(`*Status*\n${statusLine(reply.status)}`)] : [];
  const fieldObjs = [
    ...statusField,
    ...fields.map((f) => mrkdwn(truncate(`*${escapeMrkdwn(f.name)}*\n${escapeMrkdwn(f.value)}`, LIMITS.fieldText))),
  ];
  for (let i = 0; i < fieldObjs.length; i += LIMITS.fields) blocks.push({ type: 'section', fields: fieldObjs.slice(i, i + LIMITS.fields) });

  const items = reply.items ?? [];
  let hiddenItems = reply.more ?? 0;
  if (items.length) {
    const chunks = packLines(items.map(itemLine));
    blocks.push(...chunks.map(section));
  }

  if (reply.links?.length) {
    const lines = reply.links.map((l) => `• ${mrkdwnLink(l)}`);
    // "Links", not "Sources": a link is whatever its label says (an alert's evidence, the original message)
    packLines(lines).forEach((chunk, i) => blocks.push(section(i === 0 ? `*Links*\n${chunk}` : chunk)));
  }
  // the card's actions (status select, Add source, History) must survive the 50-block cut too
  if (reply.actions) tail.push(actionsBlock(reply.actions));
  if (reply.footer) tail.push({ type: 'context', elements: [mrkdwn(truncate(escapeMrkdwn(reply.footer), LIMITS.contextText))] });

  // 50 blocks at most: keep the head, count what was cut, say so
  const room = LIMITS.blocks - tail.length - 1;
  if (blocks.length + tail.length > LIMITS.blocks) {
    const cut = blocks.splice(room);
    hiddenItems += cut.reduce((n, b) => n + countLines(b), 0);
  }
  if (hiddenItems > 0) blocks.push({ type: 'context', elements: [mrkdwn(`…and ${hiddenItems} more`)] });
  blocks.push(...tail);
  const text = fallbackText(reply, hiddenItems);
  // Slack refuses an empty blocks array and empty text objects
  if (!blocks.length) blocks.push(section(text.trim() ? text : '…'));

  return { blocks, text };
}

/** How many list lines / links a cut block held (for "and N more"). */
function countLines(b: Block): number {
  const t = (b.text as { text?: string } | undefined)?.text ?? '';
  return t.split('\n').filter((l) => l.startsWith('• ')).length || 1;
}

/** Plain fallback: Slack still parses it as mrkdwn, so it is escaped too. */
export function fallbackText(reply: Reply, hidden = reply.more ?? 0): string {
  const parts: string[] = [];
  const badge = reply.status ? `${SLACK_STATUS_EMOJI[reply.status]} ` : '';
  if (reply.title) parts.push(badge + reply.title);
  if (reply.text) parts.push(reply.text);
  if (reply.status && reply.title && !(reply.fields ?? []).some((f) => /^status$/i.test(f.name.trim()))) parts.push(`Status: ${STATUS_META[reply.status].label}`);
  for (const f of reply.fields ?? []) parts.push(`${f.name}: ${f.value}`);
  for (const it of reply.items ?? []) parts.push(`${it.id ? `${it.id} ` : ''}${it.text}${it.status ? ` (${STATUS_META[it.status].label})` : ''}`);
  if (hidden > 0) parts.push(`…and ${hidden} more`);
  if (reply.kind === 'error' && reply.usage) parts.push(`Usage: ${reply.usage}`);
  return truncate(escapeMrkdwn(parts.join('\n')), LIMITS.fallback) || '…';
}
