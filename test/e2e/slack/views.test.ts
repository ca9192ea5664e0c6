// The Block Kit of issue 14's Slack views, as plain JSON: the flag and add modals (actor fields as external selects),
// the options offered while typing an actor, what a submission reads back, the App Home view.
import { describe, expect, it } from 'vitest';
import { addForm } from '../../../commands/forms.ts';
import type { DeskQueue, Form } from '../../../src/core/forms.ts';
import { ACTOR_ACTION, actorElement, actorOptions } from '../../../src/platforms/slack/actor-select.ts';
import { addAck } from '../../../src/platforms/slack/add-submit.ts';
import { isBareAdd } from '../../../src/platforms/slack/add-modal.ts';
import { fieldOfError } from '../../../src/platforms/slack/flag-submit.ts';
import { formModal, stateValues } from '../../../src/platforms/slack/modal.ts';
import { homeView } from '../../../src/platforms/slack/home-view.ts';

type Json = Record<string, any>;

const flagForm: Form = {
  id: 'flag',
  title: 'Flag as claim',
  submit: 'File claim',
  intro: 'From a message by <!channel> @here',
  fields: [
    { name: 'text', label: 'The claim, as stated', kind: 'long', required: true, initial: 'Mayor Lee said crime fell 20%', max: 2000 },
    { name: 'by', label: 'Who made it', kind: 'actor', required: true, initial: 'Mayor Lee', max: 200 },
    { name: 'about', label: 'Who it is about', kind: 'actors', required: false, initial: 'City Police, Jane Roe', max: 1000 },
  ],
  context: {},
};

describe('slack modals', () => {
  it('the flag form: prefilled text, the claimant as the initial option, the actors as initial options, external selects', () => {
    const view = formModal(flagForm, { channel: 'CNEWS', ts: '1.2' }) as Json;
    expect(view).toMatchObject({ type: 'modal', callback_id: 'form_flag', title: { text: 'Flag as claim' }, submit: { text: 'File claim' } });
    expect(JSON.parse(view.private_metadata)).toMatchObject({ f: 'flag', p: { channel: 'CNEWS', ts: '1.2' } });
    const [intro, text, by, about] = view.blocks;
    expect(intro.text.text).toContain('&lt;!channel&gt;'); // escaped: shown, never a ping
    expect(intro.text.text).toContain('@\u2060here');
    expect(text).toMatchObject({ type: 'input', block_id: 'text', optional: false, element: { type: 'plain_text_input', multiline: true, initial_value: 'Mayor Lee said crime fell 20%' } });
    expect(by).toMatchObject({
      block_id: 'by',
      element: { type: 'external_select', action_id: `${ACTOR_ACTION}:by`, min_query_length: 1, initial_option: { text: { type: 'plain_text', text: 'Mayor Lee' }, value: 'Mayor Lee' } },
    });
    expect(about).toMatchObject({ block_id: 'about', optional: true, element: { type: 'multi_external_select', action_id: `${ACTOR_ACTION}:about`, min_query_length: 1 } });
    expect(about.element.initial_options.map((o: Json) => o.value)).toEqual(['City Police', 'Jane Roe']);
  });

  it('the add form: its five fields, no prefill, the source as a url input', () => {
    const view = formModal(addForm(), { channel: 'CDESK' }) as Json;
    const inputs = view.blocks.filter((b: Json) => b.type === 'input');
    expect(inputs.map((b: Json) => b.block_id)).toEqual(['text', 'by', 'about', 'source', 'tags']);
    expect(inputs.map((b: Json) => b.element.type)).toEqual(['plain_text_input', 'external_select', 'multi_external_select', 'url_text_input', 'plain_text_input']);
    expect(inputs[1].element.initial_option).toBeUndefined();
    expect(view.title.text.length).toBeLessThanOrEqual(24);
  });

  it('an empty claimant has no initial option, and a name too long for an option value is left out', () => {
    expect(actorElement({ ...flagForm.fields[1]!, initial: '' })).not.toHaveProperty('initial_option');
    expect(actorElement({ ...flagForm.fields[1]!, initial: 'x'.repeat(151) })).not.toHaveProperty('initial_option');
  });

  it('suggestions: known actors by name, then the typed text as a new actor; not offered twice', () => {
    const names: Record<string, string> = { 'stephen-miller': 'Stephen Miller', jose: 'José' };
    const opts = actorOptions(' Steph  ', [{ name: 'Stephen Miller (adviser)', value: 'stephen-miller' }, { name: 'José', value: 'jose' }], (id) => names[id]);
    expect(opts).toEqual([
      { text: { type: 'plain_text', text: 'Stephen Miller (adviser)', emoji: false }, value: 'Stephen Miller' },
      { text: { type: 'plain_text', text: 'José', emoji: false }, value: 'José' },
      { text: { type: 'plain_text', text: 'New actor: Steph', emoji: false }, value: 'Steph' },
    ]);
    // typing a known name exactly: no "new actor" for it
    expect(actorOptions('stephen miller', [{ name: 'Stephen Miller', value: 'stephen-miller' }], (id) => names[id]).map((o) => o.value)).toEqual(['Stephen Miller']);
    // option texts within Slack's 75 characters
    expect(actorOptions('y'.repeat(120), [], () => undefined)[0]!.text.text.length).toBeLessThanOrEqual(75);
    expect(actorOptions('', [], () => undefined)).toEqual([]);
    expect(actorOptions(42 as unknown as string, [], () => undefined)).toEqual([]);
  });

  it('reads a submission: typed text, a picked option, several options, nothing picked; garbage is ignored', () => {
    const values = stateValues({
      values: {
        text: { t: { type: 'plain_text_input', value: 'The claim' } },
        by: { actor_suggest: { type: 'external_select', selected_option: { value: 'Mayor Lee' } } },
        about: { actor_suggest: { type: 'multi_external_select', selected_options: [{ value: 'A' }, { value: 'B' }] } },
        tags: { t: { type: 'plain_text_input', value: null } },
        internal: { i: { type: 'checkboxes', selected_options: [{ value: 'yes' }] } },
        odd: 'nope',
      },
    });
    expect(values).toEqual({ text: 'The claim', by: 'Mayor Lee', about: 'A, B', internal: 'yes' });
    // nothing picked in a multi-select: no value (the flag form then files no subjects)
    expect(stateValues({ values: { about: { a: { type: 'multi_external_select', selected_options: [] } } } })).toEqual({});
    expect(stateValues(null)).toEqual({});
    expect(stateValues({ values: [1, 2] })).toEqual({});
  });

  it('errors go beside the field they are about', () => {
    expect(fieldOfError('The claimant name is too long (300 characters; at most 200).')).toBe('by');
    expect(fieldOfError('Too many actor names (21; at most 20).')).toBe('about');
    expect(fieldOfError('The claim text is empty: write the claim as stated.')).toBe('text');
    expect(addAck({ outcome: 'invalid', errors: { source: 'not a valid url' }, reply: { kind: 'error', text: 'x' } })).toEqual({ response_action: 'errors', errors: { source: 'not a valid url' } });
    expect(addAck({ outcome: 'failed', reply: { kind: 'error', text: 'C3 already records this claim' } })).toEqual({ response_action: 'errors', errors: { text: 'C3 already records this claim' } });
    expect(addAck({ outcome: 'done', reply: { kind: 'card' } })).toBeUndefined();
  });

  it('only `/claim add` with nothing after it opens the modal', () => {
    expect(isBareAdd({ command: '/claim', text: 'add' })).toBe(true);
    expect(isBareAdd({ command: '/claim', text: '  ADD  ' })).toBe(true);
    expect(isBareAdd({ command: '/claim', text: 'add Crime fell by: Lee' })).toBe(false);
    expect(isBareAdd({ command: '/actor', text: 'add' })).toBe(false);
  });
});

describe('slack App Home view', () => {
  const queue: DeskQueue = {
    title: 'The desk',
    at: '2026-12-01T10:00:00.000Z',
    sections: [
      { title: 'Flags waiting for review', items: [{ id: 'C7', text: '<!channel> the bridge cost @everyone 2 billion', status: 'unverified' }], more: 3, empty: 'No flagged claim is waiting.' },
      { title: 'In review', items: [], more: 0, empty: 'Nothing is in review.' },
      { title: 'What each channel watches', items: [{ id: '#alerts', text: 'all' }], more: 0, empty: 'none' },
    ],
  };

  it('a home view with each section, escaped, with "more" and the empty line', () => {
    const view = homeView(queue, true);
    expect(view.type).toBe('home');
    const json = JSON.stringify(view.blocks);
    expect(json).toContain('Flags waiting for review');
    expect(json).toContain('*C7*');
    expect(json).toContain('&lt;!channel&gt;');
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('@\u2060everyone');
    expect(json).toContain('and 3 more');
    expect(json).toContain('Nothing is in review.');
    expect(json).toContain('#alerts');
    expect(json).toContain('2026-12-01 10:00 UTC');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(homeView(queue, false).blocks)).toContain('only editors');
  });
});

describe('an actor whose name has a comma', () => {
  it('is picked by id in the about field, so the comma list files the one actor, not two new ones', async () => {
    const { makeDesk } = await import('../../commands/helpers.ts');
    const { createInbound } = await import('../../../commands/inbound.ts');
    const t = makeDesk();
    await t.actor('add Acme, Inc. role: company');
    const acme = t.store.all('actors').find((a) => a.name === 'Acme, Inc.')!;
    const [opt] = actorOptions('acme', [{ name: 'Acme, Inc. (company)', value: acme.id }], (id) => t.store.get('actors', id)?.name);
    expect(opt!.value).toBe(acme.id);
    const inbound = createInbound(t.desk);
    const done = await inbound.submit({ form: 'add', context: {}, values: { text: 'Profits tripled', by: 'Jane Mayor', about: [opt!.value, 'City Police'].join(', ') } }, { user: t.editor.user, channel: t.editor.channel });
    expect(done.outcome).toBe('done');
    expect(t.store.get('claims', done.claimId!)!.subjects).toEqual([acme.id, 'city-police']);
    expect(t.store.all('actors').map((a) => a.name).sort()).toEqual(['Acme, Inc.', 'City Police', 'Jane Mayor']);
  });
});
