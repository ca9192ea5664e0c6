// Small valid documents for store tests (the contract suite, crash and recovery tests).
import type { Claim, OutboxItem, Status, Subscription } from '../../../src/core/types.ts';
import type { NewDoc } from '../../../src/core/store-port.ts';

export const FIXTURE_TIME = '2026-01-01T00:00:00.000Z';
const T = FIXTURE_TIME;

export function actor(id: string, name = id, aliases: string[] = []): NewDoc<'actors'> {
  return { id, name, role: 'senator', aliases, kind: 'person', createdAt: T, updatedAt: T };
}

export function claim(id: string, claimant: string, status: Status = 'unverified', extra: Partial<Claim> = {}): NewDoc<'claims'> {
  return {
    id, text: `claim ${id} text`, status, claimant, subjects: [], tags: [], sources: [],
    history: [{ at: T, by: 'console:editor', byName: 'Editor', from: null, to: status, note: '' }],
    flagCount: 0, createdAt: T, updatedAt: T, ...extra,
  };
}

export function outbox(id: string, state: OutboxItem['state']): NewDoc<'outbox'> {
  return {
    id, kind: 'alert', channel: { platform: 'console', workspace: 'local', channel: 'console' },
    reply: { kind: 'text', text: 'hi' }, state, attempts: 0, nextAttemptAt: T, createdAt: T,
  };
}

export function sub(channel: string, target: Subscription['target']): NewDoc<'subscriptions'> {
  const ch = { platform: 'slack' as const, workspace: 'T1', channel };
  const tk = target.kind === 'all' ? 'all' : `${target.kind}:${target.id}`;
  return { id: `slack:T1:${channel}|${tk}`, channel: ch, target, statuses: [], createdBy: 'slack:U1', createdAt: T };
}
