// Names in every script: readable slug ids, never two names folded into one actor, and matching by Unicode
// case folding and NFKC (not ASCII rules).
import { describe, expect, it } from 'vitest';
import { flagMessage } from '../../src/core/flagging.ts';
import { makeDesk, seen } from './helpers.ts';

describe('names in every script', () => {
  it('the issue: an Arabic and a Chinese claimant stay two actors, and /actor add Li Qiang aliases: 李强 is not refused', async () => {
    const t = makeDesk();
    const ar = await t.claim('add قال الوزير إن الأسعار انخفضت by: وزير المالية');
    expect(ar.kind).not.toBe('error');
    const zh = await t.claim('add 物价下降了 by: 李强');
    expect(zh.kind).not.toBe('error');
    const li = await t.actor('add Li Qiang role: Premier of China aliases: 李强');
    expect(li.kind, seen(li)).not.toBe('error');

    const actors = t.store.all('actors');
    const arabic = actors.find((a) => a.name === 'وزير المالية')!;
    expect(arabic.id).toBe('wzyr-lmlyh');
    const premier = actors.find((a) => a.name === 'Li Qiang')!;
    expect(premier.id).toBe('li-qiang');
    expect(premier.aliases).toContain('李强');
    expect(premier.role).toBe('Premier of China');
    expect(actors).toHaveLength(2);
    expect(t.store.get('claims', 'C1')!.claimant).toBe(arabic.id);
    expect(t.store.get('claims', 'C2')!.claimant).toBe(premier.id);
    expect(seen(await t.actor('李强'))).toContain('物价下降了');
    expect(seen(await t.actor('وزير المالية'))).not.toContain('物价下降了');
  });

  // name, the readable id it gets, and another spelling of the same name that must find it
  const SCRIPTS: Array<[string, string, string, string]> = [
    ['Arabic (presentation forms, NFKC)', 'وزير المالية', 'wzyr-lmlyh', 'ﻭﺯﻳﺮ ﺍﻟﻤﺎﻟﻴﺔ'],
    ['Chinese', '习近平', 'xi-jin-ping', '习近平'],
    ['Cyrillic (case)', 'Владимир Путин', 'vladimir-putin', 'ВЛАДИМИР ПУТИН'],
    ['Greek (case, final sigma)', 'Κυριάκος Μητσοτάκης', 'kyriakos-mitsotakis', 'ΚΥΡΙΆΚΟΣ ΜΗΤΣΟΤΆΚΗΣ'],
    ['Hebrew', 'בנימין נתניהו', 'vnymyn-ntnyhv', 'בנימין נתניהו'],
    ['Devanagari (nukta, NFKC)', '\u095Bाकिर हुसैन', 'zakir-husain', '\u091C\u093Cाकिर हुसैन'],
    ['accented Latin (decomposed)', 'José Martí', 'jose-marti', 'JOSE\u0301 MARTI\u0301'],
    ['German (ß folds to ss)', 'Olaf Straße', 'olaf-strasse', 'OLAF STRASSE'],
    ['fullwidth Latin (NFKC)', 'Donald Trump', 'donald-trump', 'Ｄｏｎａｌｄ　Ｔｒｕｍｐ'],
    ['Korean (decomposed Hangul, NFKC)', '김정은', 'gim-jeong-eun', '김정은'.normalize('NFD')],
  ];
  for (const [script, name, id, other] of SCRIPTS) {
    it(`${script}: ${name} gets the id ${id} and is found as ${other}`, async () => {
      const t = makeDesk();
      await t.claim(`add Prices fell by: ${name}`);
      const [actor] = t.store.all('actors');
      expect(actor.id).toBe(id);
      expect(actor.name).toBe(name);
      const card = await t.actor(other);
      expect(card.title).toBe(name);
      // the other spelling credits the same actor, it does not create a second one
      await t.claim(`add Taxes rose by: ${other}`);
      expect(t.store.all('actors')).toHaveLength(1);
      expect(t.store.get('claims', 'C2')!.claimant).toBe(id);
    });
  }

  it('names without a transliteration still get unique ids: never one actor for two names', async () => {
    const t = makeDesk();
    await t.claim('add Prices fell by: ★★★');
    await t.claim('add Prices rose by: ☆☆☆');
    const ids = t.store.all('actors').map((a) => a.id);
    expect(new Set(ids).size).toBe(2);
    expect(t.store.get('claims', 'C1')!.claimant).not.toBe(t.store.get('claims', 'C2')!.claimant);
    // and the id is not a plain word someone may type as a name
    await t.claim('add Prices stayed by: Actor');
    expect(t.store.get('claims', 'C3')!.claimant).not.toBe(t.store.get('claims', 'C1')!.claimant);
    expect(t.store.all('actors')).toHaveLength(3);
  });

  it('a one-word name is not read as the id of another actor (Jose is not José, whose id is jose)', async () => {
    const t = makeDesk();
    await t.claim('add Prices fell by: José');
    await t.claim('add Prices rose by: Jose');
    expect(t.store.all('actors').map((a) => a.name).sort()).toEqual(['Jose', 'José']);
    expect(t.store.get('claims', 'C2')!.claimant).not.toBe(t.store.get('claims', 'C1')!.claimant);
    // /actor add Jose creates Jose, it does not rename José
    const added = await t.actor('add Müller role: Mayor');
    expect(added.kind, seen(added)).not.toBe('error');
    const other = await t.actor('add Muller role: Judge');
    expect(seen(other)).not.toMatch(/was Müller/);
    expect(t.store.all('actors').find((a) => a.name === 'Müller')!.role).toBe('Mayor');
    // an id written as an id still credits its actor
    await t.claim('add Prices stayed by: jose-2');
    await t.claim('add Wages rose by: Jane Smith');
    await t.claim('add Wages fell by: jane-smith');
    expect(t.store.get('claims', 'C4')!.claimant).toBe('jane-smith');
    expect(t.store.all('actors').filter((a) => a.name === 'Jane Smith')).toHaveLength(1);
  });

  it('a name that transliterates like another one is a different actor with a suffixed id', async () => {
    const t = makeDesk();
    await t.claim('add Prices fell by: José Martí');
    await t.claim('add Prices rose by: Jose Marti');
    expect(t.store.all('actors').map((a) => a.id).sort()).toEqual(['jose-marti', 'jose-marti-2']);
    expect(t.store.get('claims', 'C2')!.claimant).toBe('jose-marti-2');
  });

  it('ids of Latin names stay as they were', async () => {
    const t = makeDesk();
    await t.claim('add Prices fell by: Stephen Miller');
    await t.claim('add Prices rose by: White House official (unnamed)');
    expect(t.store.all('actors').map((a) => a.id).sort()).toEqual(['stephen-miller', 'white-house-official-unnamed']);
  });

  it('a flagged message names actors in any script: Chinese without spaces, folded case', async () => {
    const t = makeDesk();
    await t.actor('add 李强 role: Premier of China');
    await t.actor('add Olaf Straße');
    const flag = (messageId: string, text: string) =>
      flagMessage(t.desk, {
        channel: t.editor.channel,
        messageId,
        reactor: { key: 'console:u1', name: 'User 1' },
        message: { text, authorKey: 'console:u2', authorName: 'Rita', link: `console://local/console/${messageId}` },
      });
    expect((await flag('m1', '李强说物价下降了百分之五')).claim!.claimant).toBe('li-qiang');
    expect((await flag('m2', 'OLAF STRASSE said the bridge will close on Friday')).claim!.claimant).toBe('olaf-strasse');
  });
});
