// The core's one entry for platforms (the Inbound port of src/core/ports.ts): a command as text or as a
// structured subcommand, a flagged message, suggestions while typing. Platforms call this instead of
// runText/runOptions/flagMessage, so they need not know how commands are parsed or claims filed.
import type { Desk } from '../src/core/desk.ts';
import { flagMessage } from '../src/core/flagging.ts';
import type { CommandRequest, Inbound } from '../src/core/ports.ts';
import { errorReply } from '../src/core/reply.ts';
import { short } from '../src/core/text.ts';
import { deskQueue } from '../src/core/queue.ts';
import { act, submit } from './actions.ts';
import { addForm, flagForm } from './forms.ts';
import { autocomplete, isGroup, runOptions, runText } from './index.ts';
import type { CommandContext, Input } from './types.ts';

export function createInbound(desk: Desk): Inbound {
  return {
    async command(req: CommandRequest) {
      if (!isGroup(req.group)) return errorReply(`Unknown command /${short(String(req.group), 30)}. Try /claim help.`);
      const ctx: CommandContext = { desk, user: req.user, channel: req.channel, ...(req.helpForm ? { helpForm: req.helpForm } : {}) };
      if (req.sub !== undefined) return runOptions(req.group, req.sub, (req.options ?? {}) as Input, ctx);
      return runText(req.group, req.text ?? '', ctx);
    },
    flag: (ev) => flagMessage(desk, ev),
    suggest: (kind, query) => autocomplete(kind, query, desk),
    act: (req, who) => act(desk, req, who),
    submit: (sub, who) => submit(desk, sub, who),
    flagForm: (ev) => flagForm(desk.store, ev),
    addForm: () => addForm(),
    queue: (platform) => deskQueue(desk.store, platform, desk.clock.now()),
  };
}
