// The commands on the real JSON-file store: confirmed changes are on disk, searchable at once, and survive a reopen.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open.ts';
import { LEDGER_SCHEMA, type Store } from '../../src/core/store-port.ts';
import { createDesk } from '../../src/core/create-desk.ts';
import { runText } from '../../commands/index.ts';
import type { CommandContext } from '../../commands/types.ts';

let dir: string;
let store: Store | undefined;

afterEach(async () => {
  await store?.close();
  store = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

function ctxFor(s: Store): CommandContext {
  return {
    desk: createDesk({ store: s }),
    user: { key: 'console:local', name: 'console user', isEditor: true },
    channel: { platform: 'console', workspace: 'local', channel: 'console' },
  };
}

describe('commands on the JSON-file store', () => {
  it('a confirmed add/set is searchable at once and still there after reopening', async () => {
    dir = await mkdtemp(join(tmpdir(), 'claimdesk-cmd-'));
    store = await openStore(dir, LEDGER_SCHEMA);
    let ctx = ctxFor(store);
    expect((await runText('claim', 'add Bridges are falling down by: Jane Mayor', ctx)).title).toBe('Added C1');
    expect((await runText('claim', 'status bridges', ctx)).title).toBe('Claim C1');
    expect((await runText('claim', 'set C1 false note: inspected', ctx)).title).toBe('C1 is now False (was Unverified)');
    await store.close();

    store = await openStore(dir, LEDGER_SCHEMA);
    ctx = ctxFor(store);
    const card = await runText('claim', 'status brdges', ctx);
    expect(card.title).toBe('Claim C1');
    expect(card.status).toBe('false');
    expect((await runText('claim', 'add Another one by: Jane Mayor', ctx)).title).toBe('Added C2');
  });
});
