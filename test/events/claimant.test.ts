// Who made a flagged claim: a named speaker with a speech verb is the claimant; "according to <outlet>"
// names who reported it (the origin's outlet), not who made it.
import { describe, expect, it } from 'vitest';
import { flagMessage } from '../../src/core/flagging.ts';
import { runText } from '../../commands/index.ts';
import { chan, makeDesk } from './helpers.ts';
import type { Desk } from '../../src/core/desk.ts';

async function newsroom(): Promise<Desk> {
  const desk = makeDesk();
  const ctx = { desk, user: { key: 'console:editor', name: 'Ed Itor', isEditor: true }, channel: chan('newsroom') };
  for (const line of ['add Stephen Miller aliases: Miller', 'add Alex Pretti aliases: Pretti', 'add CNN role: News outlet', 'add Kristi Noem aliases: Noem']) {
    await runText('actor', line, ctx);
  }
  return desk;
}

let n = 0;
async function flag(desk: Desk, text: string) {
  const messageId = `m${++n}`;
  const r = await flagMessage(desk, {
    channel: chan('newsroom'),
    messageId,
    reactor: { key: 'console:u1', name: 'User 1' },
    message: { text, authorKey: 'console:reporter', authorName: 'Rita Reporter', link: `console://local/newsroom/${messageId}` },
  });
  const answer = desk.store.all('outbox').filter((o) => o.kind === 'reply' && o.replyTo === messageId).at(-1)!;
  return { claim: r.claim!, answer: answer.reply.text! };
}

describe('the claimant of a flagged message', () => {
  it('the issue: "Stephen Miller called Pretti a would-be assassin, according to CNN" is Miller’s claim, reported by CNN', async () => {
    const desk = await newsroom();
    const { claim, answer } = await flag(desk, 'Stephen Miller called Pretti a would-be assassin, according to CNN');
    expect(claim.claimant).toBe('stephen-miller');
    expect(claim.subjects).toEqual(['alex-pretti']);
    expect(claim.origin?.outlet).toBe('CNN');
    expect(answer).toMatch(/claimant Stephen Miller, reported by CNN/);
    const ctx = { desk, user: { key: 'console:u1', name: 'User 1', isEditor: false }, channel: chan('newsroom') };
    const card = await runText('claim', `status ${claim.id}`, ctx);
    expect(card.fields!.find((f) => f.name === 'Flagged from')!.value).toMatch(/reported by CNN/);
  });

  const SPEECH: Array<[string, string]> = [
    ['Miller said Pretti sought to massacre agents', 'stephen-miller'],
    ['Pretti sought to massacre agents, Miller claimed on Monday', 'stephen-miller'],
    ['Noem told reporters that Pretti was armed', 'kristi-noem'],
    ['Noem wrote that the operation in Minneapolis was a success', 'kristi-noem'],
    ['Noem, the Homeland Security Secretary, insisted Pretti was armed', 'kristi-noem'],
    ['Pretti was never armed, said Noem', 'kristi-noem'],
  ];
  for (const [text, who] of SPEECH) {
    it(`a speaker with a speech verb: ${text}`, async () => {
      const desk = await newsroom();
      expect((await flag(desk, text)).claim.claimant).toBe(who);
    });
  }

  it('according to an outlet that is not an actor: the outlet is kept, the speaker is the claimant', async () => {
    const desk = await newsroom();
    const { claim } = await flag(desk, 'Noem said 3,000 arrests a day is the target, according to the New York Times');
    expect(claim.claimant).toBe('kristi-noem');
    expect(claim.origin?.outlet).toBe('New York Times');
  });

  it('no speaker, only an outlet: the outlet made the claim (its own report)', async () => {
    const desk = await newsroom();
    const { claim } = await flag(desk, 'Miller drives the arrest quotas of ICE, according to CNN');
    expect(claim.claimant).toBe('cnn');
    expect(claim.subjects).toEqual(['stephen-miller']);
  });
});

describe('a flagged message over 2,000 characters', () => {
  it('is cut, and the answer says so', async () => {
    const desk = await newsroom();
    const text = `Miller said ${'the border is closed and '.repeat(100)}`.trim(); // 2,511 characters
    const { claim, answer } = await flag(desk, text);
    expect([...claim.text]).toHaveLength(2000);
    expect(answer).toMatch(/^Filed as C1 \(unverified\), claimant Stephen Miller\./);
    expect(answer).toContain('The message has 2,511 characters: the claim is cut to 2,000, ending in …');
  });

  it('a message of 2,000 characters is not cut and the answer says nothing about it', async () => {
    const desk = await newsroom();
    const text = 'x'.repeat(1990) + ' is a fact';
    const { claim, answer } = await flag(desk, text);
    expect(claim.text).toBe(text);
    expect(answer).not.toMatch(/characters/);
  });
});

describe('a speaker the ledger does not know yet', () => {
  it('"Jane Doe said …" is filed as Jane Doe’s claim (a new actor), not as Unattributed; "according to" still names the outlet', async () => {
    const desk = makeDesk();
    const { claim, answer } = await flag(desk, 'Stephen Miller called Pretti a would-be assassin, according to CNN');
    expect(claim.claimant).toBe('stephen-miller');
    expect(desk.store.get('actors', 'stephen-miller')!.name).toBe('Stephen Miller');
    expect(claim.origin?.outlet).toBe('CNN');
    expect(answer).toMatch(/claimant Stephen Miller, reported by CNN/);
    const after = await flag(desk, 'Crime fell by half last year, said Jane Doe.');
    expect(desk.store.get('actors', after.claim.claimant)!.name).toBe('Jane Doe');
  });

  it('no speech verb after a name, or words that are no name, stay Unattributed', async () => {
    const desk = makeDesk();
    for (const text of ['The Mayor said crime fell', 'Crime fell by half last year', 'This Week said nothing new', 'New York Times reported it']) {
      const { claim } = await flag(desk, text);
      expect(desk.store.get('actors', claim.claimant)!.name, text).toBe('Unattributed');
    }
  });
});
