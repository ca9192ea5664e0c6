// Renders the neutral Reply as a Discord message: short answers as content, cards and lists as one embed
// (status colour and emoji, fields, source links, footer). User text is escaped for Discord markdown, every
// length is cut to Discord's limits ("and N more" where items are dropped), and every message carries
// allowed_mentions that mention nobody, so a claim quoting "@everyone" or a role never pings.
import { escapeMarkdown, MessageFlags, type APIEmbed, type APIEmbedField } from 'discord.js';
import type { Reply, ReplyLink } from '../../core/reply.ts';
import { cardComponents, type CardRow } from './components.ts';
import { escapeStarsAndUnderscores } from './escape.ts';
import { STATUS_META } from '../../core/statuses.ts';

export const LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  total: 6000,
} as const;

/** No @everyone/@here, no roles, no users, and replies do not ping the replied-to author. */
export const NO_MENTIONS = { parse: [] as never[], replied_user: false };

export interface DiscordMessage {
  content: string;
  embeds: APIEmbed[];
  allowed_mentions: typeof NO_MENTIONS;
  flags?: number;
  /** the status select and buttons of a claim card or alert (Reply.actions); always set, [] for none, so an edit clears old ones */
  components: CardRow[];
}

// maskedLink stays off: discord.js escapes only the first `[…](…)` of a text (its regex is greedy), so a
// second masked link stayed live. Every bracket is escaped below instead.
const ESCAPE_ALL = { heading: true, bulletedList: true, numberedList: true, maskedLink: false };

/** Plain user text → Discord markdown that shows exactly that text. */
export function escapeText(s: string): string {
  const cleaned = stripControl(s);
  // escapeMarkdown's italic, underline and bold passes take time quadratic in a line's length: `*` and `_`
  // are escaped by our own linear pass (escape.ts) after the backslashes are doubled, and those passes are off
  const doubled = cleaned.replace(/\\/g, '\\\\');
  const options = { ...ESCAPE_ALL, escape: false, italic: false, underline: false, bold: false };
  const escaped = escapeMarkdown(escapeStarsAndUnderscores(doubled), options)
    .replace(/[[\]]/g, '\\$&') // no masked link can start or end in user text (escapeMarkdown already doubled every backslash)
    .replace(/^(\s*)>/gm, '$1\\>'); // block quotes are not covered by escapeMarkdown
  return noMassMention(escaped);
}

/** A zero-width space after the @ of @everyone/@here: belt and braces next to allowed_mentions. */
export function noMassMention(s: string): string {
  return s.replace(/@(everyone|here)/g, '@\u200b$1');
}

/** Text where Discord shows no markdown (embed footers): only control characters go. */
export function stripControl(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

/** Escape and cut; the raw text is cut first so huge inputs cost little. */
export function escCut(s: string, max: number): string {
  return cut(escapeText(cut(s, max)), max);
}

/** Cut to at most `max` UTF-16 units with an ellipsis, never splitting a surrogate pair or leaving a dangling `\`. */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = s.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(out)) out = out.slice(0, -1);
  const slashes = /\\+$/.exec(out)?.[0].length ?? 0;
  if (slashes % 2 === 1) out = out.slice(0, -1);
  return `${out}…`;
}

// Inside a link's label Discord honours no \[ or \]: a stray one, even on a later line of the same field, ends
// or stretches the label and bends the link elsewhere. So in the Link(s) field user text has look-alike brackets.
const noBrackets = (s: string) => s.replace(/\[/g, '［').replace(/\]/g, '］');

function link(l: ReplyLink): string {
  if (!/^https?:\/\/\S+$/i.test(l.url)) return `${escCut(noBrackets(l.label || l.url), 200)}: ${escCut(noBrackets(l.url), 500)}`;
  const label = escCut(noBrackets(l.label || l.url), 200);
  // a backslash in the url would swallow the closing parenthesis
  const url = l.url.replace(/[()<>\s\\]/g, (c) => encodeURIComponent(c).replace(/\(/g, '%28').replace(/\)/g, '%29'));
  return `[${cut(label, 200)}](${url})`;
}

/** Lines joined under a budget; the ones that do not fit become "and N more" (plus `extra` already dropped). */
function fitLines(lines: string[], budget: number, extra = 0): string {
  const total = lines.length + extra;
  const tail = (left: number) => (left > 0 ? `\n…and ${left} more`.length : 0);
  const out: string[] = [];
  let used = 0;
  for (const line of lines) {
    const add = (out.length ? 1 : 0) + line.length;
    if (used + add + tail(total - out.length - 1) > budget) break;
    out.push(line);
    used += add;
  }
  // the first line alone is too long: show it cut rather than nothing
  if (out.length === 0 && lines.length) out.push(cut(lines[0], Math.max(1, budget - tail(total - 1))));
  const left = total - out.length;
  if (left > 0) out.push(`…and ${left} more`);
  return out.join('\n');
}

function errorContent(r: Reply): string {
  const head = `⚠️ ${escCut(r.title ?? r.text ?? 'That did not work.', LIMITS.content)}`;
  const body = r.title && r.text ? `\n${escCut(r.text, LIMITS.content)}` : '';
  // usage is the bot's own text; a code block shows it verbatim (only a fence inside could break it)
  // (cut so that the whole message stays within Discord's 2,000 characters whatever the usage)
  const usage = r.usage ? `\n**Usage**\n\`\`\`\n${cut(stripControl(r.usage).replace(/```/g, 'ʼʼʼ'), LIMITS.content / 2)}\n\`\`\`` : '';
  if (head.length + body.length + usage.length <= LIMITS.content) return head + body + usage;
  return cut(head + body, LIMITS.content - usage.length) + usage;
}

function isPlain(r: Reply): boolean {
  return !r.title && !r.fields?.length && !r.items?.length && !r.links?.length && !r.status;
}

/** Build the embed of a card or list reply. */
export function renderEmbed(r: Reply): APIEmbed {
  const embed: APIEmbed = {};
  const meta = r.status ? STATUS_META[r.status] : undefined;
  if (r.title) embed.title = cut(`${meta ? `${meta.emoji} ` : ''}${escCut(r.title, LIMITS.title)}`, LIMITS.title);
  else if (meta) embed.title = `${meta.emoji} ${meta.label}`;
  if (meta) embed.color = meta.color;
  // footers show no markdown (nothing to escape; a backslash would show) but may still highlight a mention
  if (r.footer) embed.footer = { text: cut(noMassMention(stripControl(r.footer)), LIMITS.footer) };

  // emptiness is judged after control characters go: Discord refuses an empty field name or value
  const fields: APIEmbedField[] = (r.fields ?? [])
    .map((f) => ({ ...f, name: stripControl(f.name).trim(), value: stripControl(f.value).trim() }))
    .filter((f) => f.name || f.value)
    .map((f) => ({
      name: escCut(f.name || '\u200b', LIMITS.fieldName),
      value: escCut(f.value || '—', LIMITS.fieldValue),
      ...(f.inline ? { inline: true } : {}),
    }));
  if (r.links?.length) {
    // "Links", not "Sources": a link is whatever its label says (an alert's evidence, the original message)
    fields.push({ name: r.links.length === 1 ? 'Link' : 'Links', value: fitLines(r.links.map(link), LIMITS.fieldValue) });
  }
  if (fields.length > LIMITS.fields) {
    const dropped = fields.length - (LIMITS.fields - 1);
    fields.splice(LIMITS.fields - 1);
    fields.push({ name: '…', value: `and ${dropped} more` });
  }

  const size = (f: APIEmbedField) => f.name.length + f.value.length;
  const fixed = () => (embed.title?.length ?? 0) + (embed.footer?.text.length ?? 0) + fields.reduce((n, f) => n + size(f), 0);
  // Keep room for the description: drop trailing fields while the total would pass 6,000.
  while (fields.length > 1 && fixed() > LIMITS.total - 500) fields.pop();

  const budget = Math.min(LIMITS.description, LIMITS.total - fixed());
  const text = r.text ? escCut(r.text, budget) : '';
  const lines = (r.items ?? []).map((it) => {
    const emoji = it.status ? `${STATUS_META[it.status].emoji} ` : '';
    const id = it.id ? `**${escapeText(it.id)}** ` : '';
    return `${emoji}${id}${escCut(it.text.replace(/\s*\n\s*/g, ' '), 1000)}`;
  });
  let description = '';
  if (lines.length || r.more) {
    const head = text ? `${cut(text, Math.floor(budget / 2))}\n\n` : '';
    description = head + fitLines(lines, budget - head.length, r.more ?? 0);
  } else if (text) {
    description = cut(text, budget);
  }
  if (description) embed.description = description;
  if (fields.length) embed.fields = fields;
  if (!embed.title && !embed.description && !fields.length) embed.description = '—';
  return embed;
}

/** The whole message for a Reply. `interaction`: ephemeral flags apply (channel posts cannot be ephemeral). */
export function renderReply(r: Reply, opts: { interaction?: boolean } = {}): DiscordMessage {
  const ephemeral = opts.interaction && (r.ephemeral || r.kind === 'error');
  const flags = ephemeral ? { flags: MessageFlags.Ephemeral } : {};
  if (r.kind === 'error') return { content: errorContent(r), embeds: [], allowed_mentions: NO_MENTIONS, components: [], ...flags };
  const components = r.actions ? cardComponents(r.actions) : [];
  if (isPlain(r)) {
    const footer = r.footer ? `\n-# ${escCut(r.footer.replace(/\n/g, ' '), 500)}` : '';
    const more = r.more ? `\n…and ${r.more} more` : '';
    const text = escCut(r.text ?? '', LIMITS.content) || '—';
    return { content: cut(text, LIMITS.content - footer.length - more.length) + more + footer, embeds: [], allowed_mentions: NO_MENTIONS, components, ...flags };
  }
  return { content: '', embeds: [renderEmbed(r)], allowed_mentions: NO_MENTIONS, components, ...flags };
}
