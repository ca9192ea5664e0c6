import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { renderReply } from '../../src/platforms/console/render.ts';
import { startConsole } from '../../src/platforms/console/index.ts';
import { MemoryStore } from '../../store/memory.ts';
import { createDesk } from '../../src/core/create-desk.ts';
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';

describe('console renderer', () => {
  it('strips terminal control sequences from user text', () => {
    const out = renderReply({ kind: 'card', title: 'C1', text: 'evil \u001b[2J\u001b]0;pwned\u0007 text\r\nnext', fields: [{ name: 'Tags', value: 'a\u0008b' }] });
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(out).toContain('evil [2J]0;pwned text\nnext');
    expect(out).toContain('Tags: ab');
  });

  it('puts the status word of the vocabulary next to the title', () => {
    const card = renderReply({ kind: 'card', title: 'Claim C4', status: 'mostly_false', fields: [{ name: 'Status', value: '🟠 Mostly false' }] });
    expect(card.split('\n')[0]).toBe('Claim C4  [mostly_false]');
  });

  it('shows errors with their usage, lists with ids, statuses and the rest count', () => {
    expect(renderReply({ kind: 'error', text: 'Missing <id>.', usage: '/claim history <id>' })).toBe('error: Missing <id>.\nusage: /claim history <id>');
    const list = renderReply({ kind: 'list', title: 'Claims', items: [{ id: 'C1', text: 'one', status: 'false' }, { id: 'C12', text: 'two' }], more: 3 });
    expect(list).toBe('Claims\n  C1   [false] one\n  C12  two\n  … and 3 more');
  });
});

describe('console platform in-process', () => {
  async function session(interactive: boolean, lines: string[]) {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.setEncoding('utf8').on('data', (d: string) => (text += d));
    const rt = await startConsole(createDesk({ store: new MemoryStore(LEDGER_SCHEMA) }), { input, output, interactive });
    input.end(lines.join('\n') + '\n');
    await rt.done;
    return text;
  }

  it('shows no prompt for piped input, and handles lines in order', async () => {
    const out = await session(false, ['first', '/nope', 'second']);
    expect(out).not.toMatch(/^> /m);
    expect(out).not.toContain('\u001b');
    expect(out.indexOf('message #1 posted')).toBeLessThan(out.indexOf('Unknown command /nope'));
    expect(out.indexOf('Unknown command /nope')).toBeLessThan(out.indexOf('message #2 posted'));
  });

  it('prompts when interactive', async () => {
    const out = await session(true, ['hello']);
    // readline draws the prompt at column 1 (ESC[1G ESC[0J) on a terminal
    expect(out).toMatch(/(^|\u001b\[0J)> /m);
    expect(out).toContain('message #1 posted');
  });

  it('prints deliveries with the channel name, threaded ones under their message', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.setEncoding('utf8').on('data', (d: string) => (text += d));
    const rt = await startConsole(createDesk({ store: new MemoryStore(LEDGER_SCHEMA) }), { input, output, interactive: false });
    const channel = { platform: 'console' as const, workspace: 'local', channel: 'console', name: '#console' };
    const first = await rt.delivery.deliver({ channel, reply: { kind: 'text', text: 'C3 is now false' } });
    await rt.delivery.deliver({ channel, reply: { kind: 'text', text: 'C3 corrected' }, threadRef: first.ref });
    input.end();
    await rt.done;
    expect(text).toMatch(/── #console ──\nC3 is now false/);
    expect(text).toMatch(/── #console · in thread of "C3 is now false" ──\nC3 corrected/);
  });
});
