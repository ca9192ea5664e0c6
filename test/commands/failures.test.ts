// Failures that are not the user's fault: answered clearly, logged, never thrown, nothing half-changed.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../store/memory.ts';
import { createDesk } from '../../src/core/create-desk.ts';
import { autocomplete, runOptions, runText } from '../../commands/index.ts';
import type { CommandContext } from '../../commands/types.ts';
import { makeDesk } from './helpers.ts';
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';

function logged() {
  const lines: string[] = [];
  const log = pino({ level: 'info' }, new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
  return { log, lines };
}

describe('unexpected failures', () => {
  it('an exception inside a command is logged and answered; the bot keeps working', async () => {
    const { log, lines } = logged();
    const store = new MemoryStore(LEDGER_SCHEMA);
    let broken = true;
    const clock = { now: () => (broken ? (() => { throw new Error('clock fell off the wall'); })() : new Date('2026-11-20T10:00:00Z')) };
    const desk = createDesk({ store, log, clock });
    const ctx: CommandContext = { desk, user: { key: 'console:editor', name: 'Ed', isEditor: true }, channel: { platform: 'console', workspace: 'local', channel: 'console' } };
    const r = await runText('claim', 'add Something by: Someone', ctx);
    expect(r.kind).toBe('error');
    expect(r.text).toBe('Something went wrong running /claim add; nothing was changed. The error was logged.');
    expect(lines.join('')).toContain('clock fell off the wall');
    expect(store.count('claims')).toBe(0);
    broken = false;
    expect((await runText('claim', 'add Something by: Someone', ctx)).title).toBe('Added C1');
  });

  it('a store that cannot save: a clear answer and no change', async () => {
    const t = makeDesk();
    await t.claim('add Something by: Someone');
    await t.store.close();
    const r = await t.claim('set C1 false');
    expect(r.text).toMatch(/cannot save right now; nothing was changed/);
    expect(t.store.get('claims', 'C1')!.status).toBe('unverified');
  });

  it('strange inputs never throw', async () => {
    const t = makeDesk();
    const weird = ['\u0000', '"', '“', 'by:', 'add by: by:', 'set "', 'status "unterminated', 'add ""  by: ""', 'list page: 1e3', 'source C1 http://', '\uD800', 'status (', 'status *', 'status [a-', '__proto__', 'add x by: __proto__'];
    for (const w of weird) {
      const r = await t.claim(w);
      expect(['error', 'text', 'list', 'card']).toContain(r.kind);
    }
    await expect(runOptions('claim', 'add', { text: undefined, by: null as unknown as string }, t.editor)).resolves.toMatchObject({ kind: 'error' });
    await expect(runText('claim', undefined as unknown as string, t.editor)).resolves.toMatchObject({ kind: 'error' });
  });

  it('an actor called __proto__ is just a name', async () => {
    const t = makeDesk();
    const r = await t.claim('add x by: __proto__');
    expect(r.title).toBe('Added C1');
    expect(t.store.get('claims', 'C1')!.claimant).toBe('proto');
  });
});

describe('autocomplete', () => {
  it('suggests claims and actors, at most 25, ids as values', async () => {
    const t = makeDesk();
    for (let i = 0; i < 30; i++) await t.claim(`add Gas prices rose ${i} by: Pump Person`);
    const cs = autocomplete('claim', 'gas', t.desk);
    expect(cs).toHaveLength(25);
    expect(cs[0].value).toMatch(/^C\d+$/);
    expect(cs[0].name).toMatch(/^C\d+ · Unverified · Gas prices rose/);
    expect(autocomplete('claim', '', t.desk)[0].value).toBe('C30');
    expect(autocomplete('actor', 'pump', t.desk)).toEqual([{ name: 'Pump Person', value: 'pump-person' }]);
    for (const c of cs) expect(c.name.length).toBeLessThanOrEqual(100);
  });
});
