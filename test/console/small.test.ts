// Issue 10, point 10, on the console: what /react and the thread labels say, as a user reads them.
import { describe, expect, it } from 'vitest';
import { bot, tmpDir } from '../cli/run.ts';

describe('console: /react and thread labels', { timeout: 120_000 }, () => {
  it('/react abc 🚩 says that abc is not a message number', async () => {
    const r = await bot(await tmpDir(), ['The mayor said the bridge closes on Friday', '/react abc 🚩', '/react 1', ''].join('\n'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^error: "abc" is not a message number: messages of this session are #1 to #1\.$/m);
    expect(r.stdout).toMatch(/^error: \/react 1 needs an emoji after the message number\.$/m);
  });

  it('reaction 🚩 added shows the emoji once; a name is shown as :name:', async () => {
    const r = await bot(await tmpDir(), ['The mayor said the bridge closes on Friday', '/react 1 🚩', '/react 1 :eyes:', ''].join('\n'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^reaction 🚩 added to message #1$/m);
    expect(r.stdout).toMatch(/^reaction :eyes: added to message #1$/m);
    expect(r.stdout).not.toContain(':🚩:');
  });

  it('a later alert of a claim is labelled by what the user saw, never by an internal post number', async () => {
    const r = await bot(await tmpDir(), ['/claim watch all', '/claim set C3 false', '/claim set C3 true', ''].join('\n'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/bot post/);
    // the second alert threads under the first one, named by the first line the user saw
    expect(r.stdout).toMatch(/── #console · in thread of "C3 [^"\n]*" ──\n/);
  });
});

describe('console: names in every script (the issue’s three commands)', { timeout: 120_000 }, () => {
  it('an Arabic and a Chinese claimant stay two actors; /actor add Li Qiang aliases: 李强 updates 李强', async () => {
    const r = await bot(await tmpDir(), [
      '/claim add قال الوزير إن الأسعار انخفضت by: وزير المالية',
      '/claim add 物价下降了 by: 李强',
      '/actor add Li Qiang role: Premier of China aliases: 李强',
      '/actor wzyr-lmlyh',
      '',
    ].join('\n'), { CLAIMDESK_DEMO: '0' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Claimant: 李强$/m);
    expect(r.stdout).not.toMatch(/already names/);
    expect(r.stdout).toMatch(/^Updated Li Qiang \(was 李强, now an alias\)$/m);
    expect(r.stdout).toMatch(/^Aliases: 李强$/m);
    // the Arabic actor's card: its own claim only
    const arabic = r.stdout.slice(r.stdout.lastIndexOf('وزير المالية\n'));
    expect(arabic).toContain('قال الوزير');
    expect(arabic).not.toContain('物价下降了');
  });
});
