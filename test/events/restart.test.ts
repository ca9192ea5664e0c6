// Restarts on the durable store: what was queued survives, what was delivered is not sent again.
import { describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src/core/dispatcher.ts';
import { watch } from '../../src/core/subscriptions.ts';
import { openStore } from '../../store/open.ts';
import { changeStatus, chan, editor, makeDesk, RecordingPort, seed, tmpDir } from './helpers.ts';
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';

async function open(dir: string) {
  return makeDesk(await openStore(dir, LEDGER_SCHEMA));
}

describe('outbox across restarts', () => {
  it('an alert queued before a restart is delivered after it', async () => {
    const dir = await tmpDir();
    const a = await open(dir);
    await seed(a);
    await a.store.write((tx) => watch(tx, chan('desk'), { kind: 'all' }, [], editor.key, a.clock.now().toISOString()));
    await changeStatus(a, 'C1', 'false', { note: 'checked' });
    await a.store.close(); // the bot stops before the dispatcher ran

    const b = await open(dir);
    const port = new RecordingPort();
    await new Dispatcher(b, [port]).drain();
    expect(port.sent).toHaveLength(1);
    expect(port.sent[0]!.reply.title).toContain('C1');
    await b.store.close();
  });

  it('a delivered alert is not sent again after a restart, and its thread survives', async () => {
    const dir = await tmpDir();
    const a = await open(dir);
    await seed(a);
    await a.store.write((tx) => watch(tx, chan('desk'), { kind: 'all' }, [], editor.key, a.clock.now().toISOString()));
    await changeStatus(a, 'C1', 'in_review');
    const p1 = new RecordingPort();
    await new Dispatcher(a, [p1]).drain();
    expect(p1.sent).toHaveLength(1);
    await a.store.close();

    const b = await open(dir);
    const p2 = new RecordingPort();
    const d = new Dispatcher(b, [p2]);
    await d.drain();
    expect(p2.sent).toHaveLength(0);
    await changeStatus(b, 'C1', 'false');
    await d.drain();
    expect(p2.sent).toHaveLength(1);
    expect(p2.sent[0]!.threadRef).toBe(p1.sent[0]!.ref);
    await b.store.close();
  });

  it('a retry state survives a restart: the failing alert is delivered once, later', async () => {
    const dir = await tmpDir();
    const a = await open(dir);
    await seed(a);
    await a.store.write((tx) => watch(tx, chan('desk'), { kind: 'all' }, [], editor.key, a.clock.now().toISOString()));
    await changeStatus(a, 'C1', 'false');
    const failing = new RecordingPort();
    failing.fail = () => new Error('network down');
    await new Dispatcher(a, [failing]).drain();
    expect(failing.sent).toHaveLength(0);
    await a.store.close();

    const b = await open(dir);
    expect(b.store.all('outbox')[0]!.attempts).toBe(1);
    b.clock.advance(3_600_000);
    const port = new RecordingPort();
    const d = new Dispatcher(b, [port]);
    await d.drain();
    await d.drain();
    expect(port.sent).toHaveLength(1);
    await b.store.close();
  });

  it('the at-least-once window: posted but not marked before a crash → posted again, never lost', async () => {
    const dir = await tmpDir();
    const a = await open(dir);
    await seed(a);
    await a.store.write((tx) => watch(tx, chan('desk'), { kind: 'all' }, [], editor.key, a.clock.now().toISOString()));
    await changeStatus(a, 'C1', 'false');
    const crashing = new RecordingPort();
    // The platform accepts the post, then the store goes away before it records it (as in a crash).
    let closed: Promise<void> | undefined;
    crashing.fail = () => {
      closed = a.store.close();
      return undefined;
    };
    const d = new Dispatcher(a, [crashing]);
    await d.drain();
    await d.drain(); // still the same process: it does not post again, it only retries the mark
    expect(crashing.sent).toHaveLength(1);
    await closed;

    const b = await open(dir);
    const port = new RecordingPort();
    await new Dispatcher(b, [port]).drain();
    expect(port.sent).toHaveLength(1);
    await b.store.close();
  });
});
