// Card actions and submitted forms (Slack block actions and modals, Discord components and modals). Nothing in
// a payload is trusted: the editor check, the claim's existence and its version are checked against the store
// when the action arrives, and the change itself runs the same command a user would type (/claim set,
// /claim source, /claim add), with the same validation, alerts and history.
import { claimCard, historyReply, when } from '../src/core/cards.ts';
import { parseClaimId } from '../src/core/claim-id.ts';
import type { Desk } from '../src/core/desk.ts';
import { UserError } from '../src/core/errors.ts';
import type { ActionOutcome, ActionRequest, FormField, FormSubmission, SubmitOutcome } from '../src/core/forms.ts';
import type { Who } from '../src/core/ports.ts';
import { errorReply, textReply, type Reply } from '../src/core/reply.ts';
import { parseStatus, STATUS_META } from '../src/core/statuses.ts';
import { limited, short } from '../src/core/text.ts';
import type { Claim } from '../src/core/types.ts';
import { addForm, sourceFields, sourceForm, statusFields, statusForm } from './forms.ts';
import { runOptions } from './index.ts';
import { validateInput } from './parse.ts';
import { findCommand } from './registry.ts';
import type { CommandContext, Input } from './types.ts';

function claimOf(desk: Desk, idText: unknown): Claim | undefined {
  const id = typeof idText === 'string' ? parseClaimId(idText) : undefined;
  return id ? desk.store.get('claims', id) : undefined;
}

const noClaim = (idText: unknown): Reply =>
  errorReply(`There is no claim ${short(String(idText ?? ''), 20)} in this ledger; nothing was changed. Find it with /claim status <words>.`);

const notEditor = (what: string): Reply =>
  errorReply(`Only editors can ${what}; nothing was changed. Ask an editor, or see /claim help.`);

function stale(desk: Desk, claim: Claim): { reply: Reply; card: Reply } {
  return {
    reply: textReply(
      `${claim.id} changed since this card was posted (it is now ${STATUS_META[claim.status].label}, last updated ${when(claim.updatedAt)}); nothing was applied. Here it is as it is now: act on the new card.`,
      { ephemeral: true },
    ),
    card: claimCard(desk.store, claim),
  };
}

export async function act(desk: Desk, req: ActionRequest, who: Who): Promise<ActionOutcome> {
  const claim = claimOf(desk, req?.claimId);
  if (!claim) return { kind: 'reply', reply: noClaim(req?.claimId), refused: true };
  if (req.kind === 'history') return { kind: 'reply', reply: { ...historyReply(claim), ephemeral: true } };
  if (req.kind !== 'status' && req.kind !== 'source') return { kind: 'reply', reply: errorReply('That button is not one claimdesk knows; nothing was changed.'), refused: true };
  if (!who.user.isEditor) return { kind: 'reply', reply: notEditor(req.kind === 'status' ? "change a claim's status" : 'add sources to a claim'), refused: true };
  if (claim.version !== req.version) return { kind: 'stale', ...stale(desk, claim) };
  if (req.kind === 'source') return { kind: 'form', form: sourceForm(claim) };
  const to = parseStatus(req.status);
  if (!to) return { kind: 'reply', reply: errorReply(`"${short(String(req.status ?? ''), 40)}" is not a status; nothing was changed.`), refused: true };
  if (to === claim.status) return { kind: 'reply', reply: errorReply(`${claim.id} is already ${STATUS_META[to].label.toLowerCase()}; nothing changed.`) };
  return { kind: 'form', form: statusForm(claim, to) };
}

/** An empty box is an option left out (typed, `note:` with nothing after it is an error; in a form it is not). */
function valuesOf(sub: FormSubmission, fields: FormField[]): Input {
  const out: Input = {};
  for (const f of fields) {
    const v = sub.values?.[f.name];
    if (typeof v === 'string' && v.trim()) out[f.name] = v;
  }
  return out;
}

/** Each field checked on its own (its option's validation, its length), so a platform can show the message beside it. */
function fieldErrors(sub: string, input: Input, fields: FormField[]): Record<string, string> {
  const def = findCommand('claim', sub)!;
  const errors: Record<string, string> = {};
  for (const o of def.options) {
    if (input[o.name] === undefined) continue;
    const field = fields.find((f) => f.name === o.name);
    try {
      if (field) limited(input[o.name], field.max, field.label.toLowerCase());
      validateInput({ ...def, options: [{ ...o, required: false }] }, { [o.name]: input[o.name] });
    } catch (err) {
      if (err instanceof UserError) errors[o.name] = err.message;
      else throw err;
    }
  }
  return errors;
}

async function run(desk: Desk, sub: string, fields: FormField[], input: Input, who: Who, expectVersion?: number): Promise<SubmitOutcome> {
  const errors = fieldErrors(sub, input, fields);
  if (Object.keys(errors).length) {
    return { outcome: 'invalid', errors, reply: errorReply(`${Object.values(errors).join(' ')} Nothing was changed.`) };
  }
  const ctx: CommandContext = { desk, user: who.user, channel: who.channel, ...(expectVersion !== undefined ? { expectVersion } : {}) };
  const reply = await runOptions('claim', sub, input, ctx);
  if (reply.kind === 'error') return { outcome: 'failed', reply };
  const claimId = reply.actions?.claimId;
  const claim = claimId ? desk.store.get('claims', claimId) : undefined;
  return { outcome: 'done', reply, ...(claim ? { card: claimCard(desk.store, claim), claimId: claim.id } : {}) };
}

export async function submit(desk: Desk, sub: FormSubmission, who: Who): Promise<SubmitOutcome> {
  if (sub?.form === 'add') {
    const fields = addForm().fields;
    return run(desk, 'add', fields, valuesOf(sub, fields), who);
  }
  if (sub?.form !== 'status' && sub?.form !== 'source') {
    return { outcome: 'refused', reply: errorReply('That form is not one claimdesk knows; nothing was changed.') };
  }
  const claim = claimOf(desk, sub.context?.claimId);
  if (!claim) return { outcome: 'refused', reply: noClaim(sub.context?.claimId) };
  if (!who.user.isEditor) return { outcome: 'refused', reply: notEditor(sub.form === 'status' ? "change a claim's status" : 'add sources to a claim') };
  const version = Number(sub.context.version);
  if (claim.version !== version) return { outcome: 'stale', ...stale(desk, claim) };
  const fields = sub.form === 'status' ? statusFields() : sourceFields();
  const fixed = sub.form === 'status' ? { claim: claim.id, status: String(sub.context.status ?? '') } : { claim: claim.id };
  const outcome = await run(desk, sub.form === 'status' ? 'set' : 'source', fields, { ...fixed, ...valuesOf(sub, fields) }, who, version);
  // a change that lost the race with another (the version moved while it waited to be written) is stale too
  if (outcome.outcome === 'failed') {
    const now = desk.store.get('claims', claim.id);
    if (now && now.version !== version) return { outcome: 'stale', ...stale(desk, now) };
  }
  return outcome;
}
