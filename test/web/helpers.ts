// A desk on a MemoryStore with the demo newsroom, and the public pages served from it on a loopback port.
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';
import { MemoryStore } from '../../store/memory.ts';
import { createDesk } from '../../src/core/create-desk.ts';
import type { Desk } from '../../src/core/desk.ts';
import { loadDemo } from '../../src/demo/index.ts';
import { runText } from '../../commands/index.ts';
import type { CommandContext } from '../../commands/types.ts';
import { createWeb, type WebServer } from '../../src/web/server.ts';
import { freePort } from '../e2e/bot-process.ts';

export interface WebDesk {
  desk: Desk;
  web: WebServer;
  base: string;
  editor: CommandContext;
  claim(text: string): Promise<string>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startWebDesk(opts: { demo?: boolean } = {}): Promise<WebDesk> {
  const desk = createDesk({ store: new MemoryStore(LEDGER_SCHEMA) });
  desk.settings.org = { name: 'The Test Desk', url: 'https://org.example' };
  if (opts.demo !== false) await loadDemo(desk);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const web = createWeb(desk, { publicUrl: base, org: desk.settings.org });
  await web.listen(port, '127.0.0.1');
  const editor: CommandContext = {
    desk,
    user: { key: 'slack:UEDITOR42', name: 'Ana Editor', isEditor: true },
    channel: { platform: 'slack', workspace: 'T1', channel: 'CSECRET', name: '#secret-desk' },
  };
  return {
    desk,
    web,
    base,
    editor,
    claim: async (text) => {
      const r = await runText('claim', text, editor);
      return [r.title, r.text, ...(r.fields ?? []).map((f) => f.value)].join('\n');
    },
    get: (path, headers = {}) => fetch(`${base}${path}`, { headers, redirect: 'manual' }),
    close: () => web.close(),
  };
}

/** The JSON-LD blocks of a page, parsed. */
export function jsonLd(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]));
}
