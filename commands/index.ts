// The command registry and the two ways platforms call commands. STUB until the command files land.
import { errorReply, type Reply } from '../src/core/reply.ts';
import type { Desk } from '../src/core/desk.ts';
import type { CommandContext, CommandDef, Input } from './types.ts';

export const COMMANDS: CommandDef[] = [];

/** Slack and console: `/claim <text>` → parse the subcommand and options from text, run. Never throws. */
export async function runText(group: 'claim' | 'actor', text: string, ctx: CommandContext): Promise<Reply> {
  void group; void text; void ctx;
  return errorReply('not implemented yet');
}

/** Discord: subcommand and options already structured. Never throws. */
export async function runOptions(group: 'claim' | 'actor', sub: string, input: Input, ctx: CommandContext): Promise<Reply> {
  void group; void sub; void input; void ctx;
  return errorReply('not implemented yet');
}

/** Suggestions for a claim or actor option (Discord autocomplete), at most 25. */
export function autocomplete(kind: 'claim' | 'actor', query: string, desk: Desk): { name: string; value: string }[] {
  void kind; void query; void desk;
  return [];
}
