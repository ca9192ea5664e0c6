// /claim commands as a user sees them, on the demo-like ledger built through the commands themselves.
import { beforeEach, describe, expect, it } from 'vitest';
import { makeDesk, opts, seen, type TestDesk } from './helpers.ts';
import { runText } from '../../commands/index.ts';

let t: TestDesk;

beforeEach(async () => {
  t = makeDesk();
  await t.actor('add Stephen Miller role: White House deputy chief of staff aliases: Miller');
  await t.claim('add Alex Pretti sought to "massacre" agents by: Stephen Miller about: Alex Pretti source: https://www.cnn.com/a tags: minnesota');
  await t.claim('add Alex Pretti was a "would-be assassin" by: Miller about: Alex Pretti');
  await t.claim('add Crime fell 20 percent last year by: Jane Mayor');
});

describe('/claim status', () => {
  it('one match: the claim card with claimant, subjects, status, last change and sources', async () => {
    const r = await t.claim('status massacre');
    expect(r.kind).toBe('card');
    expect(r.title).toBe('Claim C1');
    expect(r.text).toBe('Alex Pretti sought to "massacre" agents');
    expect(r.status).toBe('unverified');
    const s = seen(r);
    expect(s).toContain('Claimant: Stephen Miller (White House deputy chief of staff)');
    expect(s).toContain('About: Alex Pretti');
    expect(s).toContain('Last change: 2026-11-20 10:00 UTC · Ed Itor: created as Unverified');
    expect(s).toContain('cnn.com: https://www.cnn.com/a');
    expect(s).toContain('Tags: minnesota');
    expect(r.footer).toContain('C1 · added 2026-11-20 10:00 UTC');
  });

  it('tolerates a typo', async () => {
    expect((await t.claim('status masacre')).title).toBe('Claim C1');
  });

  it('an id shows that claim, in any case', async () => {
    expect((await t.claim('status c3')).text).toBe('Crime fell 20 percent last year');
  });

  it('several matches: a short list with ids', async () => {
    const r = await t.claim('status Pretti');
    expect(r.kind).toBe('list');
    expect(r.items!.map((i) => i.id).sort()).toEqual(['C1', 'C2']);
    expect(r.footer).toMatch(/\/claim status C\d/);
  });

  it('a long list shows ten and says how many more', async () => {
    for (let i = 0; i < 14; i++) await t.claim(`add Gas prices rose ${i} cents by: Pump Person`);
    const r = await t.claim('status gas prices');
    expect(r.items).toHaveLength(10);
    expect(r.more).toBe(4);
  });

  it('over a hundred matches: "100+", the best ten in the search\'s order, the first of them in the footer', async () => {
    await t.store.write((tx) => {
      const like = tx.get('claims', 'C3')!;
      for (let i = 0; i < 120; i++) tx.put('claims', { ...like, id: `C${10 + i}`, text: `Gas prices rose ${i} cents${' at the pump'.repeat(i % 4)}` });
    });
    const r = await t.claim('status gas prices');
    expect(r.title).toBe('100+ claims match "gas prices"');
    const best = t.desk.search.claims('gas prices', 10).map((c) => c.id);
    expect(r.items!.map((i) => i.id)).toEqual(best);
    expect(r.more).toBe(90);
    expect(r.footer).toBe(`Show one with /claim status <id>, e.g. /claim status ${best[0]}`);
  });

  it('no match: a clear answer and a hint', async () => {
    const r = await t.claim('status zebras on mars');
    expect(r.kind).toBe('text');
    expect(r.text).toMatch(/No claim matches "zebras on mars"\. .*\/claim add/);
  });

  it('an unknown id says so', async () => {
    const r = await t.claim('status C99');
    expect(r.kind).toBe('error');
    expect(r.text).toMatch(/There is no claim C99/);
    expect(r.usage).toContain('/claim status <query or id>');
  });

  it('no query: the usage', async () => {
    const r = await t.claim('status');
    expect(r).toMatchObject({ kind: 'error', ephemeral: true });
    expect(r.text).toMatch(/Missing <query>/);
  });
});

describe('/claim add', () => {
  it('creates an unverified claim, creating unknown actors, and confirms with its id', async () => {
    const before = t.store.count('actors');
    const r = await t.claim('add “Taxes doubled under the mayor” by: Sen. Smith about: Jane Mayor, City Council tags: Taxes, budget');
    expect(r.title).toBe('Added C4');
    const c = t.store.get('claims', 'C4')!;
    expect(c).toMatchObject({ text: 'Taxes doubled under the mayor', status: 'unverified', claimant: 'sen-smith', subjects: ['jane-mayor', 'city-council'], tags: ['taxes', 'budget'] });
    expect(c.history).toEqual([{ at: '2026-11-20T10:00:00.000Z', by: 'console:editor', byName: 'Ed Itor', from: null, to: 'unverified', note: '' }]);
    expect(t.store.count('actors')).toBe(before + 2); // Jane Mayor existed
    expect(r.footer).toContain('new actors: Sen. Smith, City Council');
  });

  it('links known actors by alias', async () => {
    await t.claim('add The economy is booming by: miller');
    expect(t.store.get('claims', 'C4')!.claimant).toBe('stephen-miller');
  });

  it('the new claim is searchable at once', async () => {
    await t.claim('add Windmills cause cancer by: Someone');
    expect((await t.claim('status windmills')).title).toBe('Claim C4');
  });

  it('refuses the same claim by the same claimant twice', async () => {
    const r = await t.claim('add alex pretti sought to "massacre" agents by: Stephen Miller');
    expect(r.kind).toBe('error');
    expect(r.text).toMatch(/C1 already records this claim/);
    expect(t.store.count('claims')).toBe(3);
  });

  it('everyone may add', async () => {
    const r = await runText('claim', 'add Bridges are collapsing by: Someone', t.reporter);
    expect(r.title).toBe('Added C4');
    expect(t.store.get('claims', 'C4')!.history[0].by).toBe('slack:U2');
  });

  it.each([
    ['no claimant', 'add Something happened', /Missing by:/],
    ['no text', 'add by: Someone', /Missing <text>/],
    ['a bad source', 'add x by: y source: notaurl', /not a valid source url/],
    ['huge text', `add ${'blah '.repeat(500)} by: y`, /claim text is too long \(2,499 characters; at most 2,000\)/],
    ['a huge name', `add x by: ${'n'.repeat(300)}`, /claimant name is too long/],
    ['too many tags', `add x by: y tags: ${Array.from({ length: 30 }, (_, i) => `t${i}`).join(', ')}`, /Too many tags/],
    ['an empty option', 'add Something happened by: Someone tags:', /Nothing follows tags:/],
  ])('refuses %s, changes nothing, shows the usage', async (_what, text, msg) => {
    const before = t.snapshot();
    const r = await t.claim(text);
    expect(r.kind).toBe('error');
    expect(r.text).toMatch(msg);
    expect(r.usage).toContain('/claim add <text> by: <actor>');
    expect(t.snapshot()).toBe(before);
  });

  it('stores strange text as plain text: control characters out, emoji and markup-looking text kept', async () => {
    await t.claim('add <@everyone> *bold* 👩‍⚕️ says\u0007 hi\u202E by: Odd One');
    expect(t.store.get('claims', 'C4')!.text).toBe('<@everyone> *bold* 👩‍⚕️ says hi');
  });
});

describe('/claim set', () => {
  it('changes the status, records who/when/from/to/note, shows history after', async () => {
    t.clock.set('2026-11-21T09:30:00Z');
    const r = await t.claim('set c1 Mostly-False note: video shows otherwise source: https://example.com/video');
    expect(r.title).toBe('C1 is now Mostly false (was Unverified)');
    expect(r.status).toBe('mostly_false');
    const h = await t.claim('history C1');
    expect(h.items!.map((i) => i.text)).toEqual([
      '2026-11-20 10:00 UTC · Ed Itor: created as Unverified',
      '2026-11-21 09:30 UTC · Ed Itor: Unverified → Mostly false — video shows otherwise (evidence: https://example.com/video)',
    ]);
    expect(t.store.get('claims', 'C1')!.sources.map((s) => s.url)).toContain('https://example.com/video');
  });

  it('internal: yes keeps the note for the desk: marked in the history, not copied onto the evidence', async () => {
    t.clock.set('2026-11-21T09:30:00Z');
    await t.claim('set C1 false note: the sheriff told us off the record internal: yes source: https://example.com/report');
    const entry = t.store.get('claims', 'C1')!.history.at(-1)!;
    expect(entry).toMatchObject({ note: 'the sheriff told us off the record', internal: true });
    expect(t.store.get('claims', 'C1')!.sources.find((s) => s.url === 'https://example.com/report')!.note).toBe('');
    const h = await t.claim('history C1');
    expect(h.items!.at(-1)!.text).toBe('2026-11-21 09:30 UTC · Ed Itor: Unverified → False — internal note: the sheriff told us off the record (evidence: https://example.com/report)');
    await t.claim('set C1 mostly false note: public reason internal: no');
    expect(t.store.get('claims', 'C1')!.history.at(-1)!.internal).toBeUndefined();
  });

  it('is for editors only: a reporter gets a clear refusal and nothing changes', async () => {
    const before = t.snapshot();
    const r = await runText('claim', 'set C1 false', t.reporter);
    expect(r.kind).toBe('error');
    expect(r.text).toMatch(/Only editors can run \/claim set/);
    expect(t.snapshot()).toBe(before);
  });

  it.each([
    ['an unknown status', 'set C1 kinda', /"kinda" is not a status/],
    ['an unknown claim', 'set C42 false', /There is no claim C42/],
    ['a non-id', 'set massacre false', /"massacre" is not a claim id/],
    ['the same status', 'set C1 unverified', /C1 is already unverified; nothing changed/],
    ['a bad evidence url', 'set C1 false source: ftp://x.example', /not a valid source url/],
    ['a huge note', `set C1 false note: ${'n'.repeat(1001)}`, /note is too long/],
    ['internal: with a word other than yes or no', 'set C1 false note: x internal: maybe', /internal: takes yes or no, not "maybe"/],
    ['internal: yes without a note', 'set C1 false internal: yes', /there is no note/],
  ])('refuses %s and changes nothing', async (_w, text, msg) => {
    const before = t.snapshot();
    const r = await t.claim(text);
    expect(r.kind).toBe('error');
    expect(r.text).toMatch(msg);
    expect(r.usage).toContain('/claim set <id> <status>');
    expect(t.snapshot()).toBe(before);
  });
});

describe('/claim source', () => {
  it('attaches evidence with its outlet and note', async () => {
    const r = await t.claim('source C3 https://www.nytimes.com/crime note: police data');
    expect(r.title).toBe('Source added to C3');
    expect(seen(r)).toContain('1. nytimes.com: https://www.nytimes.com/crime — police data');
  });

  it('internal: yes keeps the note for the desk: marked in the history, not copied onto the evidence', async () => {
    t.clock.set('2026-11-21T09:30:00Z');
    await t.claim('set C1 false note: the sheriff told us off the record internal: yes source: https://example.com/report');
    const entry = t.store.get('claims', 'C1')!.history.at(-1)!;
    expect(entry).toMatchObject({ note: 'the sheriff told us off the record', internal: true });
    expect(t.store.get('claims', 'C1')!.sources.find((s) => s.url === 'https://example.com/report')!.note).toBe('');
    const h = await t.claim('history C1');
    expect(h.items!.at(-1)!.text).toBe('2026-11-21 09:30 UTC · Ed Itor: Unverified → False — internal note: the sheriff told us off the record (evidence: https://example.com/report)');
    await t.claim('set C1 mostly false note: public reason internal: no');
    expect(t.store.get('claims', 'C1')!.history.at(-1)!.internal).toBeUndefined();
  });

  it('is for editors only: a reporter gets a clear refusal and nothing changes', async () => {
    const before = t.snapshot();
    const r = await runText('claim', 'source C3 https://example.com/x', t.reporter);
    expect(r.kind).toBe('error');
    expect(r.text).toMatch(/Only editors can run \/claim source/);
    expect(t.snapshot()).toBe(before);
    expect((await t.claim('source C3 https://example.com/x')).title).toBe('Source added to C3');
  });

  it('refuses a missing or bad url and an unknown claim', async () => {
    expect((await t.claim('source C3')).text).toMatch(/Missing <url>/);
    expect((await t.claim('source C3 mailto:a@b.c')).text).toMatch(/only http:\/\/ and https:\/\//);
    expect((await t.claim('source C9 https://example.com')).text).toMatch(/There is no claim C9/);
  });
});

describe('/claim history', () => {
  it('refuses a missing or unknown id', async () => {
    expect((await t.claim('history')).text).toMatch(/Missing <claim>/);
    expect((await t.claim('history C77')).text).toMatch(/There is no claim C77/);
  });
});

describe('/claim list', () => {
  beforeEach(async () => {
    for (let i = 1; i <= 12; i++) {
      t.clock.set(`2026-11-21T10:${String(i).padStart(2, '0')}:00Z`);
      await t.claim(`add Claim number ${i} by: Jane Mayor`);
    }
    await t.claim('set C1 false');
  });

  it('newest first, ten a page, with the command for the next page', async () => {
    const r = await t.claim('list');
    expect(r.items!.map((i) => i.id)).toEqual(['C15', 'C14', 'C13', 'C12', 'C11', 'C10', 'C9', 'C8', 'C7', 'C6']);
    expect(r.more).toBe(5);
    expect(r.footer).toBe('15 claims · page 1 of 2 · next: /claim list page: 2');
    const p2 = await t.claim('list page: 2');
    expect(p2.items!.map((i) => i.id)).toEqual(['C5', 'C4', 'C3', 'C2', 'C1']);
    expect(p2.more).toBeUndefined();
  });

  it('filters by status and claimant', async () => {
    expect((await t.claim('list status: false')).items!.map((i) => i.id)).toEqual(['C1']);
    expect((await t.claim('list mostly false')).text).toBe('No mostly false claims.');
    const byMayor = await t.claim('list by: jane mayor');
    expect(byMayor.footer).toMatch(/^13 claims · page 1 of 2 · next: \/claim list by: jane-mayor page: 2$/);
    expect((await t.claim('list status: unverified by: Miller')).items!.map((i) => i.id)).toEqual(['C2']);
  });

  it('refuses a bad page, an unknown actor or status', async () => {
    expect((await t.claim('list page: 0')).text).toMatch(/"0" is not a page number/);
    expect((await t.claim('list page: 9')).text).toMatch(/There are only 2 pages/);
    expect((await t.claim('list by: Nobody Known')).text).toMatch(/No actor is called "Nobody Known"/);
    expect((await t.claim('list status: bogus')).text).toMatch(/"bogus" is not a status/);
  });
});

describe('/claim help', () => {
  it('lists every command, derived from the definitions', async () => {
    const r = await t.claim('help');
    for (const u of ['/claim status <query or id>', '/claim add <text> by: <actor>', '/claim set <id> <status>', '/claim list', '/claim watch', '/claim digest', '/actor <name or id>', '/actor add <name>']) {
      expect(r.text).toContain(u);
    }
    expect(r.text).toContain('(editors only)');
    expect(r.ephemeral).toBe(true);
  });

  it('explains one command with its options and examples', async () => {
    const r = await t.claim('help set');
    expect(r.title).toBe('/claim set <id> <status> [note: <text>] [internal: yes] [source: <url>]');
    expect(r.text).toContain('note: why');
    expect(r.text).toContain('Examples:');
  });

  it('/actor help is help too', async () => {
    expect((await t.actor('help')).title).toBe('claimdesk commands');
  });

  it('an empty /claim and an unknown subcommand answer with the commands', async () => {
    const r = await t.claim('');
    expect(r.kind).toBe('error');
    expect(r.usage).toContain('/claim status <query or id>');
    expect((await t.claim('frobnicate')).text).toMatch(/"frobnicate" is not a \/claim command/);
  });
});

describe('Discord form (runOptions)', () => {
  it('runs with structured options, validated the same way', async () => {
    const r = await opts(t, 'claim', 'set', { claim: 'C2', status: 'false', note: '“contradicted by video”' });
    expect(r.title).toBe('C2 is now False (was Unverified)');
    expect(t.store.get('claims', 'C2')!.history.at(-1)!.note).toBe('contradicted by video');
    expect((await opts(t, 'claim', 'set', { claim: 'C2', status: 'nope' })).text).toMatch(/"nope" is not a status/);
    expect((await opts(t, 'claim', 'nope', {})).text).toMatch(/"nope" is not a \/claim command/);
    expect((await opts(t, 'actor', 'show', { name: 'stephen-miller' })).title).toBe('Stephen Miller');
  });
});

describe('/claim add with a near-miss name', () => {
  it('creates the actor as typed but asks whether a known one was meant', async () => {
    const r = await t.claim('add Unemployment is up by: Stephen Millr');
    expect(t.store.get('claims', 'C4')!.claimant).toBe('stephen-millr');
    expect(r.footer).toContain('new actor: Stephen Millr (did you mean Stephen Miller?)');
  });

  it('does not suggest an actor whose name is nothing like the new one', async () => {
    await t.actor('add Stephen Miller role: deputy chief of staff for policy aliases: Miller');
    const r = await t.claim('add The curfew starts today by: Minneapolis Police');
    expect(r.footer).toMatch(/new actor: Minneapolis Police$/);
  });
});

describe('/claim status with a pasted paragraph', () => {
  it('finds the claim by its first words, best match first', async () => {
    const long = 'Alex Pretti sought to massacre agents ' + Array.from({ length: 40 }, (_, i) => `filler${i}`).join(' ');
    const r = await t.claim(`status ${long}`);
    expect(r.items![0].id).toBe('C1');
  });

  it('refuses a query over 500 characters', async () => {
    expect((await t.claim(`status ${'word '.repeat(120)}`)).text).toMatch(/query is too long/);
  });
});
