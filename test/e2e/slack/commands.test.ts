// The slash-command path in process (the real command registry on a MemoryStore): who the caller is,
// where the answer goes (in the ack, or later on response_url when the answer is slow).
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../store/memory.ts';
import { createDesk, defaultSettings } from '../../../src/core/create-desk.ts';
import { loadDemo } from '../../../src/demo/index.ts';
import { silentLogger } from '../../../src/log.ts';
import type { Desk } from '../../../src/core/desk.ts';
import { handleSlash, slackContext, type SlashCommand } from '../../../src/platforms/slack/commands.ts';
import { LEDGER_SCHEMA } from '../../../src/core/store-port.ts';

const cmd = (text: string, user = 'UREPORTER'): SlashCommand => ({ command: '/claim', text, team_id: 'T0NEWS', channel_id: 'CDESK', channel_name: 'desk', user_id: user, user_name: user.toLowerCase() });

describe('slack slash commands', () => {
  let desk: Desk;
  beforeEach(async () => {
    desk = createDesk({ store: new MemoryStore(LEDGER_SCHEMA), settings: { ...defaultSettings(), editors: new Set(['slack:UEDITOR']) } });
    await loadDemo(desk);
  });

  it('maps the Slack caller and channel onto the command context', () => {
    const ed = slackContext(desk, cmd('x', 'UEDITOR'));
    expect(ed.user).toEqual({ key: 'slack:UEDITOR', name: 'ueditor', isEditor: true });
    expect(ed.channel).toEqual({ platform: 'slack', workspace: 'T0NEWS', channel: 'CDESK', name: '#desk' });
    expect(slackContext(desk, cmd('x')).user.isEditor).toBe(false);
    expect(slackContext(desk, { ...cmd('x'), channel_name: 'directmessage' }).channel.name).toBeUndefined();
  });

  it('a quick answer goes back in the ack; nothing is posted on response_url', async () => {
    const acks: unknown[] = [];
    const responses: unknown[] = [];
    await handleSlash(desk, silentLogger, cmd('status C1'), async (b) => void acks.push(b), async (b) => responses.push(b));
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatchObject({ response_type: 'in_channel' });
    expect(JSON.stringify(acks[0])).toContain('C1');
    expect(responses).toHaveLength(0);
  });

  it('a slow answer is acked empty at once and posted on response_url when ready', async () => {
    const acks: unknown[] = [];
    const responses: Record<string, unknown>[] = [];
    await handleSlash(desk, silentLogger, cmd('set C3 false note: slow', 'UEDITOR'), async (b) => void acks.push(b), async (b) => responses.push(b), 0);
    expect(acks).toEqual([undefined]);
    await expect.poll(() => responses.length).toBe(1);
    expect(responses[0]).toMatchObject({ response_type: 'in_channel' });
    expect(desk.store.get('claims', 'C3')?.status).toBe('false');
  });
});
