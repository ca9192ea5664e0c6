// What a command file exports. The platforms derive everything from these definitions:
// text parsing (commands/parse.ts), native slash-command builders, and the help text.
import type { Reply } from '../src/core/reply.ts';
import type { Desk } from '../src/core/desk.ts';
import type { ChannelRef, UserKey } from '../src/core/types.ts';

export type OptionKind =
  | 'text' // free text
  | 'claim' // a claim id or search words (native commands: autocomplete)
  | 'actor' // an actor name/alias/id (native commands: autocomplete)
  | 'status' // one of STATUSES (native commands: choices)
  | 'statuses' // comma list of statuses
  | 'url'
  | 'list'; // comma list

export interface OptionDef {
  /** option name as in the spec: `by`, `about`, `source`, `tags`, `note`, `status`, `tz`… */
  name: string;
  description: string;
  kind: OptionKind;
  required?: boolean;
  /**
   * Positional options come first in the text form, in order, without `name:`.
   * The last positional takes the rest of the leading text unless `word` is set (then it takes one word).
   */
  positional?: boolean;
  word?: boolean;
}

/** Who runs the command, as the platform established it (src/core/ports.ts). */
export type { Caller, HelpForm } from '../src/core/ports.ts';
import type { Caller, HelpForm } from '../src/core/ports.ts';

export interface CommandContext {
  desk: Desk;
  user: Caller;
  channel: ChannelRef;
  /** how this platform's users type commands, for /claim help (default: the text form) */
  helpForm?: HelpForm;
  /** a form submitted from a card (commands/actions.ts): the claim must still be at this version, else ConflictError */
  expectVersion?: number;
}

/** The top-level commands. Adapters take the group names from the registry (GROUPS), never write them out. */
export type Group = 'claim' | 'actor';

/** Parsed options by name; absent optional options are undefined. Values are trimmed, quotes dropped. */
export type Input = Record<string, string | undefined>;

export interface CommandDef {
  /** top-level command: `claim` or `actor` */
  group: Group;
  /** subcommand name (`status`, `add`…); for `/actor <name>` it is `show` and is the default */
  name: string;
  description: string;
  /** e.g. `/claim set <id> <status> [note: <text>] [source: <url>]` */
  usage: string;
  /** one or two worked examples for help and error replies */
  examples: string[];
  options: OptionDef[];
  /** it only reads the ledger, so it answers at once (a platform with a reply deadline answers directly instead of deferring) */
  readOnly?: boolean;
  /** only editors may run it */
  editorOnly?: boolean;
  /** the subcommand is chosen when no other subcommand word matches (e.g. `/actor Stephen Miller`) */
  isDefault?: boolean;
  handler(input: Input, ctx: CommandContext): Promise<Reply>;
}
