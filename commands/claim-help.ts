// /claim help [command]: usage of every command, derived from the definitions (or one command in detail).
import { textReply } from '../src/core/reply.ts';
import { STATUS_WORDS } from '../src/core/statuses.ts';
import type { CommandDef } from './types.ts';

export const command: CommandDef = {
  group: 'claim',
  name: 'help',
  description: 'How to use claimdesk',
  usage: '/claim help [command]',
  examples: ['/claim help', '/claim help set'],
  options: [{ name: 'command', description: 'a command to explain, e.g. set', kind: 'text', positional: true }],
  async handler(input) {
    // imported here, not at the top: the registry imports this file
    const { COMMANDS } = await import('./index.ts');
    const asked = input.command?.toLowerCase().trim().replace(/^\//, '');
    // `/claim help actor` (or `claim`): every command of that group, in detail
    if (asked === 'actor' || asked === 'claim') {
      const group = COMMANDS.filter((d) => d.group === asked);
      return textReply(group.map((d) => `${d.usage}\n${indent(detail(d))}`).join('\n\n'), { title: `/${asked} commands`, ephemeral: true });
    }
    const topic = asked?.replace(/^(claim|actor)\s+/, '');
    const one = topic && COMMANDS.find((d) => d.name === topic || `${d.group} ${d.name}` === topic);
    if (one) return textReply(detail(one), { title: one.usage, ephemeral: true });
    const lines = COMMANDS.map((d) => `${d.usage}\n    ${d.description}${d.editorOnly ? ' (editors only)' : ''}`);
    const text = [
      ...lines,
      '',
      `Statuses: ${STATUS_WORDS}.`,
      'Options are written name: value; quotes around values are optional. Claim ids look like C12.',
      ...(topic ? [`("${topic}" is not a command; all commands are listed above.)`] : []),
    ].join('\n');
    return textReply(text, { title: 'claimdesk commands', ephemeral: true });
  },
};

function detail(d: CommandDef): string {
  const opts = d.options.map((o) => `  ${o.positional ? `<${o.name}>` : `${o.name}:`} ${o.description}${o.required ? ' (required)' : ''}`);
  return [
    d.description + (d.editorOnly ? ' (editors only)' : ''),
    ...(opts.length ? ['Options:', ...opts] : []),
    ...(d.examples.length ? ['Examples:', ...d.examples.map((e) => `  ${e}`)] : []),
  ].join('\n');
}

function indent(text: string): string {
  return text.split('\n').map((l) => `    ${l}`).join('\n');
}
