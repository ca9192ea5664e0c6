// A desk on a MemoryStore with a settable clock, and callers for the commands as the platforms would call them.
import { LEDGER_SCHEMA, type Ledger } from '../../src/core/store-port.ts';
import { MemoryStore } from '../../store/memory.ts';
import { createDesk } from '../../src/core/create-desk.ts';
import type { Desk } from '../../src/core/desk.ts';
import type { Reply } from '../../src/core/reply.ts';
import { runOptions, runText } from '../../commands/index.ts';
import type { CommandContext, Input } from '../../commands/types.ts';

export interface TestDesk {
  desk: Desk;
  store: MemoryStore<Ledger>;
  clock: { now(): Date; set(iso: string): void };
  editor: CommandContext;
  reporter: CommandContext;
  claim(text: string): Promise<Reply>;
  actor(text: string): Promise<Reply>;
  /** everything the store holds, for "nothing changed" checks */
  snapshot(): string;
}

export function makeDesk(): TestDesk {
  const store = new MemoryStore(LEDGER_SCHEMA);
  let t = new Date('2026-11-20T10:00:00Z');
  const clock = { now: () => t, set: (iso: string) => void (t = new Date(iso)) };
  const desk = createDesk({ store, clock });
  const channel = { platform: 'console' as const, workspace: 'local', channel: 'console' };
  const editor: CommandContext = { desk, user: { key: 'console:editor', name: 'Ed Itor', isEditor: true }, channel };
  const reporter: CommandContext = { desk, user: { key: 'slack:U2', name: 'Rita Reporter', isEditor: false }, channel };
  return {
    desk,
    store,
    clock,
    editor,
    reporter,
    claim: (text) => runText('claim', text, editor),
    actor: (text) => runText('actor', text, editor),
    snapshot: () =>
      JSON.stringify((['actors', 'claims', 'outbox'] as const).map((c) => store.all(c))),
  };
}

export const opts = (desk: TestDesk, group: 'claim' | 'actor', sub: string, input: Input, ctx = desk.editor) =>
  runOptions(group, sub, input, ctx);

/** All the text a user would see in a reply, for loose assertions. */
export function seen(r: Reply): string {
  return [
    r.title,
    r.text,
    ...(r.fields ?? []).map((f) => `${f.name}: ${f.value}`),
    ...(r.items ?? []).map((i) => `${i.id ?? ''} ${i.text}`),
    r.footer,
    r.usage,
  ]
    .filter(Boolean)
    .join('\n');
}
