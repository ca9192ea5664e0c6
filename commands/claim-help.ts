// /claim help [command]: usage of every command, derived from the definitions (or one command in detail).
// The list of commands is handed in by the registry (commands/registry.ts), which imports this file.
import { renderHelp } from './help.ts';
import type { CommandDef } from './types.ts';

export function helpCommand(commands: () => CommandDef[]): CommandDef {
  return {
    group: 'claim',
    name: 'help',
    description: 'How to use claimdesk',
    usage: '/claim help [command]',
    examples: ['/claim help', '/claim help set'],
    readOnly: true,
    options: [{ name: 'command', description: 'a command to explain, e.g. set', kind: 'text', positional: true }],
    async handler(input, ctx) {
      return renderHelp(input.command, commands(), ctx.helpForm, ctx.desk.settings.helpNotes);
    },
  };
}
