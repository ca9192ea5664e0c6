// The one help renderer: /claim help on every platform. Which commands a topic names is decided here once;
// the platform's HelpForm only says how its users type a command and whether help is text or cards.
import { textReply, type Reply } from '../src/core/reply.ts';
import { STATUS_WORDS } from '../src/core/statuses.ts';
import type { CommandDef, HelpForm } from './types.ts';

/** Platforms where commands are typed as text: the text usage, help as one text reply. */
export const TEXT_HELP: HelpForm = {
  usage: (d) => d.usage,
  layout: 'text',
  hint: 'Options are written name: value; quotes around values are optional. Claim ids look like C12.',
};

const editors = (d: CommandDef) => (d.editorOnly ? ' (editors only)' : '');

/** `/claim help [topic]`: a group (`claim`, `actor`), one command (`set`, `actor add`), or all of them. */
/** `notes`: what the chat platforms add beyond the typed commands (their rows' `adds`), said in the full listing. */
export function renderHelp(topic: string | undefined, defs: CommandDef[], form: HelpForm = TEXT_HELP, notes: string[] = []): Reply {
  const asked = topic?.toLowerCase().trim().replace(/^\//, '');
  const groups = [...new Set(defs.map((d) => d.group))];
  const group = groups.find((g) => g === asked);
  if (group) {
    const inGroup = defs.filter((d) => d.group === group);
    const title = `/${group} commands`;
    if (form.layout === 'cards') return { kind: 'list', title, items: inGroup.map((d) => ({ text: oneLine(d, form) })), ephemeral: true };
    return textReply(inGroup.map((d) => `${form.usage(d)}\n${indent(detail(d))}`).join('\n\n'), { title, ephemeral: true });
  }
  const name = asked?.replace(new RegExp(`^(${groups.join('|')})\\s+`), '');
  const one = name ? defs.find((d) => d.name === name || `${d.group} ${d.name}` === name) : undefined;
  if (one) {
    if (form.layout === 'text') return textReply(detail(one), { title: form.usage(one), ephemeral: true });
    return {
      kind: 'card',
      title: form.usage(one),
      text: one.description + editors(one),
      fields: one.options.map((o) => ({ name: `${o.name}${o.required ? ' (required)' : ''}`, value: o.description })),
      ephemeral: true,
    };
  }
  const title = 'claimdesk commands';
  if (form.layout === 'cards') {
    return {
      kind: 'list',
      title,
      ...(name ? { text: `"${name}" is not a command; here are all of them.` } : {}),
      items: defs.map((d) => ({ text: oneLine(d, form) })),
      footer: [`Statuses: ${STATUS_WORDS}.`, form.hint, ...notes].join(' '),
      ephemeral: true,
    };
  }
  const text = [
    ...defs.map((d) => `${form.usage(d)}\n    ${d.description}${editors(d)}`),
    '',
    `Statuses: ${STATUS_WORDS}.`,
    form.hint,
    ...notes,
    ...(name ? [`("${name}" is not a command; all commands are listed above.)`] : []),
  ].join('\n');
  return textReply(text, { title, ephemeral: true });
}

function oneLine(d: CommandDef, form: HelpForm): string {
  return `${form.usage(d)} — ${d.description}${editors(d)}`;
}

function detail(d: CommandDef): string {
  const opts = d.options.map((o) => `  ${o.positional ? `<${o.name}>` : `${o.name}:`} ${o.description}${o.required ? ' (required)' : ''}`);
  return [
    d.description + editors(d),
    ...(opts.length ? ['Options:', ...opts] : []),
    ...(d.examples.length ? ['Examples:', ...d.examples.map((e) => `  ${e}`)] : []),
  ].join('\n');
}

function indent(text: string): string {
  return text.split('\n').map((l) => `    ${l}`).join('\n');
}
