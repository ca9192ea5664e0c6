// The platform contract (src/core/ports.ts, src/core/platform.ts) proved with a platform that exists only
// here: "teletype", configured by its own variable, started from a table row like Slack and Discord. Commands
// and a flag go in through the inbound port; alerts and the flag answer come out through its DeliveryPort.
import { describe, expect, it } from 'vitest';
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';
import { createInbound } from '../../commands/inbound.ts';
import { MemoryStore } from '../../store/memory.ts';
import type { Leases } from '../../store/types.ts';
import { createDesk, defaultSettings } from '../../src/core/create-desk.ts';
import { Dispatcher } from '../../src/core/dispatcher.ts';
import { isListedEditor } from '../../src/core/permissions.ts';
import type { Platform, PlatformHost } from '../../src/core/platform.ts';
import type { Inbound, Outbound } from '../../src/core/ports.ts';
import type { ChannelRef } from '../../src/core/types.ts';
import { renderReply } from '../../src/platforms/console/render.ts';
import { configuredPlatforms, incompletePlatforms, startPlatforms } from '../../src/platforms/start.ts';

/** What the teletype "network" shows: every line the bot posted, and a way for people to type. */
class Teletype {
  posted: { channel: string; text: string; thread?: string; ref: string }[] = [];
  running = false;
  stops = 0;
  inbound?: Inbound;
  host?: PlatformHost;
  private lines = new Map<string, string>();
  private n = 0;

  /** a person types a line in a channel: a command, or a chat message (its id is returned) */
  async type(user: string, channel: string, line: string): Promise<string> {
    const { inbound, host } = this.must();
    const key = `teletype:${user}`;
    // the platform decides who is an editor: EDITORS, plus its own rule (here: the user "chief")
    const caller = { key, name: user, isEditor: user === 'chief' || isListedEditor(host.desk.settings, key) };
    const m = /^\/(\w+)\s*(.*)$/.exec(line);
    if (m) return renderReply(await inbound.command({ group: m[1], text: m[2], user: caller, channel: this.channel(channel) }));
    const id = `tt-${++this.n}`;
    this.lines.set(id, line);
    return id;
  }

  /** a person marks a message with the teletype's flag sign `!!`; anything else is not a flag */
  async mark(user: string, channel: string, messageId: string, sign: string): Promise<void> {
    if (sign !== '!!') return; // the platform matches its own flag sign; the core never sees the others
    await this.must().inbound.flag({
      channel: this.channel(channel),
      messageId,
      reactor: { key: `teletype:${user}`, name: user },
      message: { text: this.lines.get(messageId) ?? '', authorKey: 'teletype:writer', authorName: 'Writer', link: `tt://${channel}/${messageId}` },
    });
  }

  channel(name: string): ChannelRef {
    return { platform: 'teletype', workspace: 'hq', channel: name, name: `#${name}` };
  }

  private must() {
    if (!this.running || !this.inbound || !this.host) throw new Error('teletype is not running');
    return { inbound: this.inbound, host: this.host };
  }
}

function teletypeRow(net: Teletype, lease?: string): Platform {
  return {
    id: 'teletype',
    label: 'Teletype',
    ...(lease ? { lease } : {}),
    incomplete: (env) => (env.TELETYPE_LINE && !env.TELETYPE_TOKEN ? ['TELETYPE_LINE is set but TELETYPE_TOKEN is not'] : []),
    configure(env) {
      const token = env.TELETYPE_TOKEN?.trim();
      if (!token) return undefined;
      return {
        async start(host) {
          net.running = true;
          net.inbound = host.inbound;
          net.host = host;
          return {
            delivery: {
              platform: 'teletype',
              async deliver(msg: Outbound) {
                const ref = `out-${net.posted.length + 1}`;
                net.posted.push({ channel: msg.channel.channel, text: renderReply(msg.reply), ref, ...(msg.threadRef ? { thread: msg.threadRef } : {}) });
                return { ref };
              },
            },
            async stop() {
              net.running = false;
              net.stops++;
            },
          };
        },
      };
    },
  };
}

function deskAndHost(editors: string[] = []) {
  const desk = createDesk({ store: new MemoryStore(LEDGER_SCHEMA), settings: { ...defaultSettings(), editors: new Set(editors) } });
  return { desk, host: { desk, inbound: createInbound(desk) } satisfies PlatformHost };
}

describe('a platform defined outside the core', () => {
  it('is configured from its own variables only', () => {
    const net = new Teletype();
    const rows = [teletypeRow(net)];
    expect(configuredPlatforms(rows, {})).toEqual([]);
    expect(configuredPlatforms(rows, { TELETYPE_TOKEN: 'secret' }).map((c) => c.platform.id)).toEqual(['teletype']);
    expect(incompletePlatforms(rows, { TELETYPE_LINE: '9600' })).toEqual(['TELETYPE_LINE is set but TELETYPE_TOKEN is not']);
  });

  it('takes commands and a flag in, delivers the answer and the alerts out, and stops', async () => {
    const net = new Teletype();
    const { desk, host } = deskAndHost(['teletype:ed']);
    const started = await startPlatforms(configuredPlatforms([teletypeRow(net)], { TELETYPE_TOKEN: 'x' }), host, { onPort: () => undefined });
    expect(net.running).toBe(true);
    const dispatcher = new Dispatcher(desk, started.runtimes.map((r) => r.delivery));
    dispatcher.start();

    // commands in, with the editor decided by the platform
    expect(await net.type('ed', 'desk', '/claim watch all')).toMatch(/#desk/);
    expect(await net.type('ed', 'desk', '/claim add Crime fell by half last year by: Alice Adams')).toMatch(/C1/);
    expect(await net.type('visitor', 'desk', '/claim set C1 false')).toMatch(/Only editors can run \/claim set/);
    expect(desk.store.get('claims', 'C1')!.status).toBe('unverified');
    expect(await net.type('chief', 'desk', '/claim set C1 false note: the figures say otherwise')).not.toMatch(/Only editors/);
    expect(desk.store.get('claims', 'C1')!.status).toBe('false');
    expect(await net.type('ed', 'desk', '/nonsense')).toMatch(/Unknown command \/nonsense/);

    // a flag in: another sign is not a flag; the flag sign files the message
    const msg = await net.type('reader', 'newsroom', 'The harbour bridge closes every Friday in winter');
    await net.mark('reader', 'newsroom', msg, '+1');
    expect(desk.store.count('claims')).toBe(1);
    await net.mark('reader', 'newsroom', msg, '!!');
    expect(desk.store.get('claims', 'C2')).toMatchObject({ text: 'The harbour bridge closes every Friday in winter', origin: { platform: 'teletype', messageId: msg } });

    // out: the status alert and the new-claim alert in #desk, the flag answer in the flagged message's thread
    await dispatcher.drain();
    const inDesk = net.posted.filter((p) => p.channel === 'desk').map((p) => p.text);
    expect(inDesk.some((t) => /C1/.test(t) && /False/.test(t))).toBe(true);
    expect(inDesk.some((t) => /C2/.test(t))).toBe(true);
    expect(net.posted.find((p) => p.channel === 'newsroom')).toMatchObject({ thread: msg, text: expect.stringMatching(/Filed as C2/) });

    await dispatcher.stop();
    for (const r of started.runtimes) await r.stop();
    expect(net.running).toBe(false);
    expect(net.stops).toBe(1);
  });

  it('with a lease, runs only while it holds it, and its delivery port follows', async () => {
    const net = new Teletype();
    const { host } = deskAndHost();
    let held = true;
    const leases: Leases = { acquire: async () => held, release: async () => undefined };
    const ports: (string | undefined)[] = [];
    const started = await startPlatforms(configuredPlatforms([teletypeRow(net, 'teletype-line')], { TELETYPE_TOKEN: 'x' }), host, {
      leases,
      onPort: (id, port) => ports.push(port ? id : undefined),
    });
    expect(started.runtimes).toEqual([]);
    expect(net.running).toBe(false); // not before the lease is taken
    const [{ gateway }] = started.leased;
    await gateway.start();
    expect(net.running).toBe(true);
    expect(ports).toEqual(['teletype']);
    held = false;
    await gateway.stop();
    expect(net.running).toBe(false);
    expect(ports).toEqual(['teletype', undefined]);
  });
});
