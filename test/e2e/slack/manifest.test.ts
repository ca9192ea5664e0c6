// The app manifest asks for what the adapter uses: both commands on /slack/events, reaction_added, the scopes.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './harness.ts';

const manifest = fs.readFileSync(path.join(ROOT, 'slack/manifest.yml'), 'utf8');
const listAfter = (key: string) => {
  const m = new RegExp(`\\n(\\s*)${key}:\\n((?:\\1\\s+- .*\\n)+)`).exec(manifest);
  return (m?.[2] ?? '').split('\n').map((l) => l.replace(/#.*/, '').replace(/^\s*- /, '').trim()).filter(Boolean);
};

describe('slack/manifest.yml', () => {
  it('declares /claim and /actor on the events endpoint, and subscribes to reaction_added', () => {
    const commands = [...manifest.matchAll(/- command: (\S+)\n\s+url: (\S+)/g)].map((m) => [m[1], m[2]]);
    expect(commands.map((c) => c[0])).toEqual(['/claim', '/actor']);
    for (const [, url] of commands) expect(url).toMatch(/\/slack\/events$/);
    expect(manifest).toMatch(/request_url: \S+\/slack\/events/);
    expect(listAfter('bot_events')).toEqual(['reaction_added', 'app_home_opened']);
  });

  it('turns interactivity on at the events endpoint, with the Flag as claim shortcut and the Home tab', () => {
    const interactivity = /\n  interactivity:\n((?:    .*\n)+)/.exec(manifest)?.[1] ?? '';
    expect(interactivity).toMatch(/is_enabled: true/);
    expect(interactivity).toMatch(/request_url: https:\/\/\S+\/slack\/events\n/);
    expect(interactivity).toMatch(/message_menu_options_url: https:\/\/\S+\/slack\/events\n/);
    const shortcut = /- name: Flag as claim\n((?:\s{6}.*\n)+)/.exec(manifest)?.[1] ?? '';
    expect(shortcut).toMatch(/type: message\n/);
    expect(shortcut).toMatch(/callback_id: flag_as_claim\n/);
    expect(shortcut).toMatch(/description: .{1,80}\n/);
    expect(manifest).toMatch(/home_tab_enabled: true/);
  });

  it('asks for every scope the adapter needs', () => {
    const scopes = listAfter('bot');
    // direct notes from the app (a flag it could not read) show in its Messages tab
    expect(manifest).toMatch(/messages_tab_enabled: true/);
    for (const s of ['commands', 'chat:write', 'chat:write.public', 'reactions:read', 'channels:history', 'groups:history', 'users:read', 'channels:read']) expect(scopes).toContain(s);
  });
});
