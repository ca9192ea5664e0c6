// The console platform: the local user types slash commands and chat messages on stdin, the bot answers on
// stdout. Lines are handled strictly one after another (each awaited), so piped input is deterministic.
import { randomBytes } from 'node:crypto';
import { clearLine, createInterface, cursorTo } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { createInbound } from '../../../commands/inbound.ts';
import { isGroup } from '../../../commands/index.ts';
import type { Desk } from '../../core/desk.ts';
import type { Caller, DeliveryPort, Inbound, Outbound, PlatformRuntime } from '../../core/ports.ts';
import { errorReply, type Reply } from '../../core/reply.ts';
import { statusWord } from '../../core/statuses.ts';
import { short } from '../../core/text.ts';
import type { ChannelRef } from '../../core/types.ts';
import { isFlagEmoji } from '../flag-emoji.ts';
import { CONSOLE_DEFAULT_FLAG } from './config.ts';
import { clean, renderReply } from './render.ts';

export const CONSOLE_CHANNEL: ChannelRef = { platform: 'console', workspace: 'local', channel: 'console', name: '#console' };
/** The one local user: always an editor (whoever has the terminal has the data directory too). */
export const CONSOLE_USER: Caller = { key: 'console:local', name: 'console user', isEditor: true };

const REACT_USAGE = '/react N <emoji>   e.g. /react 3 triangular_flag_on_post';
const WHAT_WORKS = [
  '/claim <subcommand> …   the ledger (try /claim help)',
  '/actor <name>           an actor card (/actor add <name> to create one)',
  '/react N <emoji>        react to message N (/react 3 triangular_flag_on_post flags it as a claim)',
  'any other line          posts a chat message in #console',
].join('\n');

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  /** show the `> ` prompt; default: when the input is a TTY */
  interactive?: boolean;
  /** runs after every line (the composition root drains the dispatcher here, so alerts follow their command) */
  afterCommand?: () => Promise<void>;
  /** false: read nothing until begin() (lets the composition root finish wiring first). Default true. */
  autoStart?: boolean;
  /** FLAG_EMOJI (default triangular_flag_on_post) */
  flagEmoji?: string;
  /** the core's way in (default: built for the desk) */
  inbound?: Inbound;
}

export interface ConsoleRuntime extends PlatformRuntime {
  /** resolves at end of input */
  readonly done: Promise<void>;
  /** start reading input (only needed with autoStart: false) */
  begin(): void;
}

interface Posted {
  n: number;
  id: string;
  text: string;
  /** when it was posted: a flagged message's claim was made then */
  at: string;
}

export async function startConsole(desk: Desk, io: ConsoleOptions): Promise<ConsoleRuntime> {
  const interactive = io.interactive ?? Boolean((io.input as { isTTY?: boolean }).isTTY);
  // Message ids must be unique across runs: flags dedupe by message id, and #3 of yesterday is not #3 of today.
  const session = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const messages = new Map<number, Posted>();
  const labels = new Map<string, string>(); // message id / bot post ref → how to name it in a thread header
  let postCount = 0;
  let atPrompt = false;
  let rl: ReturnType<typeof createInterface> | undefined;

  const write = (text: string) => {
    // An alert arriving while the prompt waits replaces the prompt line; then the prompt (and whatever
    // the user had typed so far) is drawn again by readline.
    if (atPrompt) {
      clearLine(io.output, 0);
      cursorTo(io.output, 0);
    }
    io.output.write(text.endsWith('\n') ? text : text + '\n');
    if (atPrompt) rl?.prompt(true);
  };
  // A blank line after a multi-line reply keeps consecutive cards apart when reading a transcript.
  const show = (r: Reply) => {
    const text = renderReply(r);
    write(text.includes('\n') ? `${text}\n\n` : text);
  };
  // While a line is being handled, deliveries (alerts caused by that very command) are held back and
  // printed after its reply: the dispatcher may deliver before the handler has returned.
  let holding = false;
  const held: string[] = [];
  const flushHeld = () => {
    holding = false;
    for (const t of held.splice(0)) write(t);
  };
  const inbound = io.inbound ?? createInbound(desk);
  const flagEmoji = io.flagEmoji ?? CONSOLE_DEFAULT_FLAG;

  const delivery: DeliveryPort = {
    platform: 'console',
    async deliver(msg: Outbound) {
      const ref = `${session}-p${++postCount}`;
      const where = clean(msg.channel.name ?? `#${msg.channel.channel}`);
      const thread = msg.threadRef ? ` · in thread of ${labels.get(msg.threadRef) ?? earlier(msg.threadRef)}` : '';
      const body = renderReply(msg.reply);
      // a later post in this thread names this one by what the user saw: its first line
      labels.set(ref, `"${short(body.split('\n')[0].replace(/\s+\[\w+\]$/, ''), 60)}"`);
      const text = `── ${where}${thread} ──\n${body}\n\n`;
      if (holding) held.push(text);
      else write(text);
      return { ref };
    },
  };

  async function react(args: string): Promise<void> {
    const [num, rawEmoji, ...extra] = args.trim().split(/\s+/).filter(Boolean);
    if (!num) return show(errorReply('/react needs a message number and an emoji.', REACT_USAGE));
    const hint = messages.size ? `messages of this session are #1 to #${messages.size}` : 'no message has been posted in this session yet';
    const numbered = /^#?(\d{1,9})$/.exec(num);
    if (!numbered) return show(errorReply(`"${short(clean(num), 30)}" is not a message number: ${hint}.`, REACT_USAGE));
    const n = Number(numbered[1]);
    const emoji = (rawEmoji ?? '').replace(/^:(.+):$/, '$1');
    if (!emoji || emoji.includes(':') && !/::skin-tone-\d$/.test(emoji)) {
      return show(errorReply(`/react ${n} needs an emoji after the message number.`, REACT_USAGE));
    }
    if (extra.length) return show(errorReply('/react takes one message number and one emoji.', REACT_USAGE));
    const posted = messages.get(n);
    if (!posted) return show(errorReply(`There is no message #${n}: ${hint}.`, REACT_USAGE));
    // a name is written :name: (as Slack shows it), an emoji character as itself
    const shown = /^[\w+-]+(?:::skin-tone-\d)?$/.test(emoji) ? `:${emoji}:` : emoji;
    write(`reaction ${clean(shown)} added to message #${n}`);
    if (!isFlagEmoji(emoji, flagEmoji)) return;
    const result = await inbound.flag({
      channel: CONSOLE_CHANNEL,
      messageId: posted.id,
      reactor: { key: CONSOLE_USER.key, name: CONSOLE_USER.name },
      message: {
        text: posted.text,
        authorKey: CONSOLE_USER.key,
        authorName: CONSOLE_USER.name,
        link: `console://local/console/${posted.id}`,
        at: posted.at,
      },
    });
    desk.log.debug({ n, emoji, handled: result.handled, created: result.created, claim: result.claim?.id }, 'console reaction');
    // The core answers a repeated flag by the same user with silence (on Slack and Discord that is a
    // redelivered event). Here there is only one user, so say which claim the message already is.
    if (result.repeat && result.claim) {
      const c = result.claim;
      write(`message #${n} is already flagged as ${c.id} (${statusWord(c.status)}); see /claim status ${c.id}`);
    }
  }

  // a thread started in an earlier session (after a restart): say so rather than show the internal ref
  const earlier = (ref: string) => {
    const m = /-(p?)(\d+)$/.exec(ref);
    if (!m) return 'an earlier post';
    return m[1] ? 'a post of an earlier session' : `message #${m[2]} of an earlier session`;
  };

  async function handle(raw: string): Promise<void> {
    const line = raw.trim();
    if (!line) return;
    if (!line.startsWith('/')) {
      const n = messages.size + 1;
      const id = `${session}-${n}`;
      messages.set(n, { n, id, text: line, at: desk.clock.now().toISOString() });
      labels.set(id, `message #${n}`);
      return write(`message #${n} posted`);
    }
    const m = /^\/(\S*)\s*([\s\S]*)$/.exec(line)!;
    const cmd = m[1].toLowerCase();
    const rest = m[2];
    if (isGroup(cmd)) return show(await inbound.command({ group: cmd, text: rest, user: { ...CONSOLE_USER }, channel: CONSOLE_CHANNEL }));
    if (cmd === 'react') return react(rest);
    const asked = cmd === 'help' || cmd === '';
    const what = asked ? 'Commands:' : `Unknown command /${clean(m[1])}. What works here:`;
    show({ kind: asked ? 'text' : 'error', text: `${what}\n${WHAT_WORKS}`, ephemeral: true });
  }

  let chain = Promise.resolve();
  let closed = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  let pending = 0; // lines received but not yet answered (typed ahead, or pasted at once)
  const prompt = () => {
    if (interactive && !closed && rl && pending === 0) {
      rl.prompt();
      atPrompt = true;
    }
  };
  const onLine = (line: string) => {
    pending++;
    chain = chain
      .then(() => {
        atPrompt = false;
        holding = true;
        return handle(line);
      })
      .catch((err) => {
        desk.log.error({ err }, 'console command failed');
        write(`error: that did not work (${err instanceof Error ? clean(err.message) : 'unknown error'})`);
      })
      .then(flushHeld)
      .then(() => io.afterCommand?.())
      .catch((err) => desk.log.warn({ err }, 'after-command hook failed'))
      .then(() => {
        pending--;
        prompt();
      });
  };
  const finish = () => {
    closed = true;
    if (atPrompt) io.output.write('\n');
    atPrompt = false;
    rl = undefined;
    void chain.then(resolveDone);
  };
  // The reader is created only here: readline starts consuming input as soon as it exists.
  const begin = () => {
    if (rl || closed) return;
    rl = createInterface({ input: io.input, output: interactive ? io.output : undefined, terminal: interactive, prompt: '> ' });
    rl.on('line', onLine);
    rl.on('close', finish);
    // Ctrl-C at the prompt ends the session like end of input: pending work is finished, then exit 0.
    rl.on('SIGINT', () => rl?.close());
    prompt();
  };
  if (io.autoStart !== false) begin();

  return {
    delivery,
    done,
    begin,
    async stop() {
      if (rl) rl.close();
      else if (!closed) finish();
    },
  };
}
