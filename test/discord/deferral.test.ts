// Issue 12: whether Discord defers a slash command comes from the command's own declaration (`readOnly`),
// not from a list of names in the adapter. A command that only reads is answered at once; one that writes
// is deferred first (it waits for the store); a read-only command still running at the deadline is deferred late.
import type { Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.ts';
import type { CommandDef } from '../../commands/types.ts';
import { handleChatInput } from '../../src/platforms/discord/interactions.ts';
import { makeDesk } from '../commands/helpers.ts';

/** What the bot did with one interaction, in order: `reply`, `defer`, `edit`, `followUp`, `delete`. */
function interaction(def: CommandDef, options: Record<string, string>) {
  const calls: string[] = [];
  const bodies: Array<{ content?: string; embeds?: Array<{ toJSON?: () => unknown }> }> = [];
  const i = {
    id: 'I1',
    commandName: def.group,
    options: { data: [{ type: 1, name: def.name, options: Object.entries(options).map(([name, value]) => ({ name, value, type: 3 })) }] },
    user: { id: 'U-reporter', username: 'rita', globalName: 'Rita' },
    member: null,
    guildId: 'G1',
    channelId: 'CH1',
    channel: null,
    deferred: false,
    async reply(body: (typeof bodies)[number]) { calls.push('reply'); bodies.push(body); },
    async deferReply() { calls.push('defer'); i.deferred = true; },
    async editReply() { calls.push('edit'); },
    async followUp(body: (typeof bodies)[number]) { calls.push('followUp'); bodies.push(body); },
    async deleteReply() { calls.push('delete'); },
    async showModal() { calls.push('modal'); },
  };
  return { i, calls, bodies };
}

const client = {} as Client;

describe('Discord deferral follows the command definitions', () => {
  it('the read-only commands are the lookups and help', () => {
    expect(COMMANDS.filter((d) => d.readOnly).map((d) => `${d.group} ${d.name}`).sort()).toEqual(
      ['actor show', 'claim help', 'claim history', 'claim list', 'claim status'],
    );
  });

  it.each(COMMANDS.map((d) => [`${d.group} ${d.name}`, d] as const))('%s: answered directly if read-only, deferred if it writes', async (_n, def) => {
    const t = makeDesk();
    const { i, calls } = interaction(def, {});
    await handleChatInput(client, t.desk, i as never, { deferAfterMs: 10_000 });
    // a non-editor asking for an editors-only command is refused at once, privately; /claim add with nothing
    // filled in opens its form, which must be the first answer (issue 14)
    if (def.group === 'claim' && def.name === 'add') expect(calls).toEqual(['modal']);
    else if (def.readOnly || def.editorOnly) expect(calls).toEqual(['reply']);
    else expect(calls[0]).toBe('defer');
  });

  // The guild is not cached, so the member's roles come from Discord's API, slowly: the deadline passes.
  const slowRoles = {
    guilds: { cache: new Map() },
    rest: { get: () => new Promise((r) => setTimeout(() => r([{ id: 'R1', name: 'reporter' }]), 100)) },
  } as unknown as Client;

  it('/claim add with some options (but not all required ones) answers the usual error, without a form', async () => {
    const t = makeDesk();
    const add = COMMANDS.find((d) => d.group === 'claim' && d.name === 'add')!;
    const { i, calls, bodies } = interaction(add, { text: 'The bridge cost $9 billion' });
    await handleChatInput(client, t.desk, i as never, { deferAfterMs: 10_000 });
    expect(calls).toEqual(['defer', 'delete', 'followUp']);
    expect(bodies.at(-1)?.content).toContain('/claim add text:<text> by:<name>');
  });

  it('a read-only command still running at the deadline is deferred late, then answered', async () => {
    const t = makeDesk();
    const status = COMMANDS.find((d) => d.readOnly && d.name === 'status')!;
    const { i, calls } = interaction(status, { query: 'anything' });
    Object.assign(i, { member: { nick: 'Rita', roles: ['R1'] } });
    await handleChatInput(slowRoles, t.desk, i as never, { deferAfterMs: 20 });
    // "no claim matches" is private: the public placeholder goes, the answer follows privately
    expect(calls).toEqual(['defer', 'delete', 'followUp']);
  });

  it('the same read-only command within the deadline is answered directly', async () => {
    const t = makeDesk();
    const status = COMMANDS.find((d) => d.readOnly && d.name === 'status')!;
    const { i, calls } = interaction(status, { query: 'anything' });
    Object.assign(i, { member: { nick: 'Rita', roles: ['R1'] } });
    await handleChatInput(slowRoles, t.desk, i as never, { deferAfterMs: 2_000 });
    expect(calls).toEqual(['reply']);
  });

  it('/claim help goes through the same help renderer, in the Discord form', async () => {
    const t = makeDesk();
    const help = COMMANDS.find((d) => d.name === 'help')!;
    const { i, calls, bodies } = interaction(help, { command: 'set' });
    await handleChatInput(client, t.desk, i as never, { deferAfterMs: 10_000 });
    expect(calls).toEqual(['reply']);
    const shown = JSON.stringify(bodies[0]);
    expect(shown).toContain('/claim set claim:<id or words> status:<status>');
    expect(shown).toContain('(editors only)');
  });
});
