// The two ways platforms call commands (text form; structured options); the registry is ./registry.ts.
// Everything that is the same for every command lives here: the editor check, validation, error replies
// with the usage, and turning unexpected exceptions into a clear answer (a failed write changes nothing).
import { ConflictError, InvalidDocError, StoreUnavailableError, StoreWriteUnconfirmedError } from '../src/core/store-port.ts';
import type { Desk } from '../src/core/desk.ts';
import { UserError } from '../src/core/errors.ts';
import { errorReply, type Reply } from '../src/core/reply.ts';
import { STATUS_META } from '../src/core/statuses.ts';
import { short } from '../src/core/text.ts';
import { parseArgs, pickCommand, validateInput } from './parse.ts';
import type { CommandContext, CommandDef, Group, Input } from './types.ts';
import { claimHelp, COMMANDS, defaultCommand, findCommand } from './registry.ts';

export { COMMANDS, findCommand, GROUPS, isGroup } from './registry.ts';

/** The usage block shown with errors and by help: usage line plus examples. */
export function usageOf(def: CommandDef): string {
  return [def.usage, ...def.examples.map((e) => `e.g. ${e}`)].join('\n');
}

/** Usage of every command of a group (or all), for help and unknown subcommands. */
export function usageAll(group?: Group): string {
  return COMMANDS.filter((d) => !group || d.group === group).map((d) => d.usage).join('\n');
}

/** Text platforms: `/claim <text>` → parse the subcommand and options from text, run. Never throws. */
export async function runText(group: Group, text: string, ctx: CommandContext): Promise<Reply> {
  let picked: ReturnType<typeof pickCommand>;
  // `/actor help` means help, not an actor called Help (a group without its own help command)
  if (!findCommand(group, 'help') && typeof text === 'string' && text.trim().toLowerCase() === 'help') return execute(claimHelp, {}, ctx);
  try {
    picked = pickCommand(COMMANDS, group, typeof text === 'string' ? text : '');
  } catch (err) {
    return unexpected(err, ctx, `/${group}`);
  }
  if ('error' in picked) return errorReply(picked.error, usageAll(group));
  const { def, rest } = picked;
  let input: Input;
  try {
    input = parseArgs(def, rest);
  } catch (err) {
    return failure(err, def, ctx);
  }
  return execute(def, input, ctx);
}

/** Platforms with native subcommands: subcommand and options already structured. Never throws. */
export async function runOptions(group: Group, sub: string, input: Input, ctx: CommandContext): Promise<Reply> {
  const def = findCommand(group, sub) ?? (sub ? undefined : defaultCommand(group));
  if (!def) return errorReply(`"${short(String(sub), 30)}" is not a /${group} command.`, usageAll(group));
  const raw: Input = {};
  for (const [k, v] of Object.entries(input ?? {})) if (v !== undefined && v !== null) raw[k] = String(v);
  return execute(def, raw, ctx);
}

async function execute(def: CommandDef, raw: Input, ctx: CommandContext): Promise<Reply> {
  if (def.editorOnly && !ctx.user.isEditor) {
    return errorReply(`Only editors can run /${def.group} ${def.name}. Ask an editor, or see /claim help.`, usageOf(def));
  }
  try {
    const input = validateInput(def, raw);
    return await def.handler(input, ctx);
  } catch (err) {
    return failure(err, def, ctx);
  }
}

function failure(err: unknown, def: CommandDef, ctx: CommandContext): Reply {
  if (err instanceof UserError) return errorReply(err.hint ? `${err.message} ${err.hint}` : err.message, usageOf(def));
  if (err instanceof ConflictError) {
    return errorReply(`${err.id} was changed by someone else at the same moment; nothing was changed. Please try again.`, usageOf(def));
  }
  if (err instanceof InvalidDocError) {
    ctx.desk.log.warn({ err, command: `${def.group} ${def.name}` }, 'store refused a document');
    return errorReply(`That cannot be stored (${err.message}); nothing was changed.`, usageOf(def));
  }
  if (err instanceof StoreWriteUnconfirmedError) {
    ctx.desk.log.error({ err, command: `${def.group} ${def.name}` }, 'store could not confirm a write');
    return errorReply(
      'The ledger could not confirm that this change was saved (the disk or database failed while saving it); ' +
        'it may or may not be kept. Once the bot is back, check before repeating it (/claim history, /claim list).',
    );
  }
  if (err instanceof StoreUnavailableError) {
    ctx.desk.log.error({ err, command: `${def.group} ${def.name}` }, 'store unavailable');
    return errorReply('The ledger cannot save right now; nothing was changed. Please try again shortly.', usageOf(def));
  }
  return unexpected(err, ctx, `/${def.group} ${def.name}`, usageOf(def));
}

function unexpected(err: unknown, ctx: CommandContext, what: string, usage?: string): Reply {
  ctx.desk.log.error({ err, command: what, user: ctx.user?.key }, 'command failed');
  return errorReply(`Something went wrong running ${what}; nothing was changed. The error was logged.`, usage);
}

/** Suggestions for a claim or actor option (autocomplete while typing), at most 25. */
export function autocomplete(kind: 'claim' | 'actor', query: string, desk: Desk): { name: string; value: string }[] {
  try {
    const q = (query ?? '').trim();
    if (kind === 'claim') {
      const cs = q ? desk.search.claims(q, 25) : latest(desk, 25);
      return cs.map((c) => ({ name: short(`${c.id} · ${STATUS_META[c.status].label} · ${c.text}`, 100), value: c.id }));
    }
    const as = q ? desk.search.actors(q, 25) : desk.store.all('actors').slice(-25).reverse();
    return as.map((a) => ({ name: short(a.role ? `${a.name} (${a.role})` : a.name, 100), value: a.id }));
  } catch (err) {
    desk.log.warn({ err, kind }, 'autocomplete failed');
    return [];
  }
}

function latest(desk: Desk, n: number) {
  return desk.store.all('claims').slice(-n).reverse();
}
