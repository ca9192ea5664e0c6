// What an alert says, as editors would see it on each platform: the commands change the ledger, the alert is
// read from the outbox and rendered by the console, Slack and Discord renderers.
import { describe, expect, it } from 'vitest';
import { runText } from '../../commands/index.ts';
import type { Desk } from '../../src/core/desk.ts';
import type { Reply } from '../../src/core/reply.ts';
import { renderReply as renderConsole } from '../../src/platforms/console/render.ts';
import { renderSlack } from '../../src/platforms/slack/render.ts';
import { renderReply as renderDiscord } from '../../src/platforms/discord/render.ts';
import { flagMessage } from '../../src/core/flagging.ts';
import { chan, editor, makeDesk, seed } from './helpers.ts';

const ctx = (desk: Desk) => ({ desk, channel: chan('desk'), user: { ...editor, isEditor: true } });

/** A desk with C1 (by Alice) watched by #desk, and a way to run commands and read the alerts they queued. */
async function watchedDesk() {
  const desk = makeDesk();
  await seed(desk);
  await runText('claim', 'watch all', ctx(desk));
  const run = async (text: string) => {
    const r = await runText('claim', text, ctx(desk));
    expect(r.kind, `${text}: ${r.text}`).not.toBe('error');
    return r;
  };
  const alerts = (): Reply[] => desk.store.all('outbox').filter((o) => o.kind === 'alert').map((o) => o.reply);
  return { desk, run, alerts, last: () => alerts().at(-1)! };
}

describe('an alert shows only the evidence of the change it reports', () => {
  it('a change without a source shows no evidence, even when an earlier change had one', async () => {
    const { run, alerts, last } = await watchedDesk();
    await run('set C1 mostly true note: bodycam report source: https://example.org/bodycam-report');
    expect(renderConsole(last())).toContain('Evidence: https://example.org/bodycam-report');
    await run('set C1 false note: bodycam report withdrawn');
    expect(alerts()).toHaveLength(2);
    const out = renderConsole(last());
    expect(out).not.toMatch(/Evidence/);
    // the claim's sources may be listed, under their own heading
    expect(out).toContain('Sources: 1. example.org: https://example.org/bodycam-report');
    expect(JSON.stringify(renderSlack(last()))).not.toMatch(/Evidence/);
    expect(JSON.stringify(renderDiscord(last()))).not.toMatch(/Evidence/);
  });

  it('a retraction does not show a link added earlier with /claim source as its evidence', async () => {
    const { run, last } = await watchedDesk();
    await run('set C1 false');
    await run('source C1 https://example.org/fact-check note: the data');
    await run('set C1 retracted note: Alice withdrew the remark');
    const out = renderConsole(last());
    expect(out).not.toMatch(/Evidence/);
    expect(out).toContain('https://example.org/fact-check');
    expect(JSON.stringify(renderSlack(last()))).not.toMatch(/Evidence/);
    expect(JSON.stringify(renderDiscord(last()))).not.toMatch(/Evidence/);
  });

  it('the evidence given with the change is a link on every platform, not listed as one of the sources', async () => {
    const { run, last } = await watchedDesk();
    await run('source C1 https://example.org/older');
    await run('set C1 false source: https://example.org/stats');
    const out = renderConsole(last());
    expect(out).toContain('Evidence: https://example.org/stats');
    expect(out).toContain('Other sources: 1. example.org: https://example.org/older');
    const slack = renderSlack(last()).blocks.map((b) => JSON.stringify(b));
    const evidence = slack.find((b) => b.includes('<https://example.org/stats|Evidence>'));
    expect(evidence).toBeDefined();
    expect(evidence).not.toMatch(/Sources/);
    const embed = renderDiscord(last()).embeds[0]!;
    const field = embed.fields!.find((f) => f.value.includes('[Evidence](https://example.org/stats)'));
    expect(field?.name).not.toMatch(/Sources?/);
  });
});

describe("a speaker's retraction is not the desk's correction", () => {
  it('a retraction after a verdict is alerted as retracted by the speaker, not as a correction', async () => {
    const { run, last } = await watchedDesk();
    await run('set C1 false');
    await run('set C1 retracted note: Alice withdrew the remark');
    const out = renderConsole(last());
    expect(out).not.toMatch(/correct/i);
    expect(out.split('\n')[0]).toMatch(/^Retracted by the speaker: C1\b/);
    expect(out).toContain('Alice withdrew the remark');
    expect(JSON.stringify(renderSlack(last()))).not.toMatch(/correct/i);
    expect(JSON.stringify(renderDiscord(last()))).not.toMatch(/correct/i);
  });

  it('a verdict replaced by a different verdict is a correction; a verdict sent back to review is not', async () => {
    const { run, last } = await watchedDesk();
    await run('set C1 false');
    await run('set C1 mostly true note: new figures');
    expect(renderConsole(last()).split('\n')[0]).toMatch(/^Correction: C1\b/);
    await run('set C1 in review note: checking the figures again');
    const reopened = renderConsole(last());
    expect(reopened).not.toMatch(/correct/i);
    expect(reopened.split('\n')[0]).toMatch(/^Reopened: C1\b/);
  });
});

describe('alert wording', () => {
  /** The rendered text of a Slack message as a user reads it: the blocks (the fallback repeats them). */
  // the wording, not the card's status select (issue 14: it lists every status, by label and value)
  const slackText = (r: Reply) => JSON.stringify(renderSlack(r).blocks.filter((b) => b.type !== 'actions'));
  const discordText = (r: Reply) => JSON.stringify(renderDiscord(r).embeds);
  const times = (s: string, re: RegExp) => (s.match(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g')) ?? []).length;

  it('uses the status labels the replies use', async () => {
    const { run, last } = await watchedDesk();
    const reply = await run('set C1 mostly false note: only in one district');
    expect(reply.title).toBe('C1 is now Mostly false (was Unverified)');
    // the console's [mostly_false] tag after the title is the status word every reply carries too
    const out = renderConsole(last()).replace(/ {2}\[mostly_false\]$/m, '');
    expect(out.split('\n')[0]).toBe(reply.title);
    for (const text of [out, slackText(last()), discordText(last())]) {
      expect(text).toContain('Mostly false');
      expect(text).not.toMatch(/mostly[ _]false|\bunverified\b/);
    }
  });

  it('states from → to once, and "Correction" once', async () => {
    const { run, last } = await watchedDesk();
    await run('set C1 false');
    await run('set C1 mostly true note: new figures');
    const out = renderConsole(last());
    expect(out.split('\n')[0]).toBe('Correction: C1 is now Mostly true (was False)  [mostly_true]');
    for (const text of [out, slackText(last()), discordText(last())]) {
      expect(times(text, /correction/i), text).toBe(1);
      expect(times(text, /\bFalse\b/), text).toBe(1);
      expect(times(text, /→/), text).toBe(0);
    }
  });

  it('the new-claim alert of a flag names its status with the reply label on every platform', async () => {
    const { desk, last } = await watchedDesk();
    await flagMessage(desk, {
      channel: chan('newsroom'),
      messageId: 'm1',
      reactor: { key: 'console:u1', name: 'User One' },
      message: { text: 'Bob Brown said the port handles a million containers a day', authorKey: 'console:r', authorName: 'Rita', link: 'console://local/newsroom/m1' },
    });
    expect(last().title).toBe('New claim flagged: C2');
    const out = renderConsole(last()).replace(/ {2}\[unverified\]$/m, '');
    for (const text of [out, slackText(last()), discordText(last())]) {
      expect(text).toContain('Unverified');
      expect(text).not.toMatch(/\bunverified\b/);
    }
  });
});
