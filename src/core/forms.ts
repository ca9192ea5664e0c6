// Forms and card actions, neutral: what a platform with buttons and modals (Slack, Discord) offers on a claim
// card, and the forms it opens. The console has none; it stays the plain-text reference. commands/forms.ts
// builds the forms from the command definitions, commands/actions.ts answers actions and submissions.
import type { Reply } from './reply.ts';
import type { Status } from './types.ts';

export type FormId = 'status' | 'source' | 'add' | 'flag';

export interface FormField {
  /** the command option it fills (`note`, `source`, `text`, `by`, `about`, `tags`, `internal`, `url`) */
  name: string;
  /** short label (≤ 45 characters: Discord's limit) */
  label: string;
  /**
   * line: one line of text; long: several lines; url: an http(s) link; actor / actors: one or a comma list of
   * actor names (a platform may offer suggestions: Slack's external select, Discord's autocomplete);
   * yesno: a yes/no choice (a checkbox on Slack, the words yes/no in a Discord text box)
   */
  kind: 'line' | 'long' | 'url' | 'actor' | 'actors' | 'yesno';
  required: boolean;
  /** prefilled value (a flagged message's text, the claimant the bot would pick) */
  initial?: string;
  /** hint shown inside an empty box */
  placeholder?: string;
  /** longest accepted value, in characters (LIMITS) */
  max: number;
}

/** What a form is about: handed out with the form and handed back, untrusted, when it is submitted. */
export interface FormContext {
  claimId?: string;
  /** the claim version the card showed */
  version?: number;
  /** the status picked on the card (status form) */
  status?: Status;
}

export interface Form {
  id: FormId;
  /** ≤ 24 characters (Slack's modal title limit) */
  title: string;
  /** the submit button, ≤ 24 characters */
  submit: string;
  /** a line above the fields: what is being changed */
  intro?: string;
  /** at most 5 (Discord's modal limit) */
  fields: FormField[];
  context: FormContext;
}

export type ActionKind = 'status' | 'source' | 'history';

/** A button or select on a claim card, as the platform decoded its payload. Never trusted: commands/actions.ts checks it. */
export interface ActionRequest {
  kind: ActionKind;
  claimId: string;
  /** Reply.actions.version of the card acted on */
  version: number;
  /** status: the status picked (any text; it is parsed) */
  status?: string;
}

/**
 * The answer to an action:
 * - form: open this form (an editor picked a status or Add source, on a current card);
 * - reply: show this to the user only (history; or a refusal: not an editor, no such claim, already that status);
 * - stale: the claim changed since the card was posted: nothing was applied; `reply` says so, `card` is the
 *   current card (with current actions) to show instead of the stale one.
 */
export type ActionOutcome =
  | { kind: 'form'; form: Form }
  | { kind: 'reply'; reply: Reply; refused?: boolean }
  | { kind: 'stale'; reply: Reply; card: Reply };

/** A submitted form: the values by field name, as typed (untrusted). */
export interface FormSubmission {
  form: FormId;
  context: FormContext;
  values: Record<string, string | undefined>;
}

/**
 * - done: applied; `reply` confirms it (the card, as /claim set answers), `card` is the claim's current card to
 *   put in place of the card or alert acted on;
 * - invalid: nothing changed; `errors` by field name (for the platform to show beside the field), `reply` the same
 *   in one message;
 * - refused: not an editor, or no such claim: nothing changed;
 * - stale: the claim changed since: nothing changed; `card` is the current card;
 * - failed: the ledger could not save (the reply says so).
 */
export interface SubmitOutcome {
  outcome: 'done' | 'invalid' | 'refused' | 'stale' | 'failed';
  reply: Reply;
  card?: Reply;
  errors?: Record<string, string>;
  /** the claim id concerned (done: the claim changed or filed) */
  claimId?: string;
}

/** One part of the editor's queue (Slack's App Home). */
export interface QueueSection {
  title: string;
  items: { id?: string; text: string; status?: Status }[];
  /** items not shown */
  more: number;
  /** what to say when there are none */
  empty: string;
}

/** The editor's queue: flags waiting for review, claims in review, this week's verdicts, what each channel watches. */
export interface DeskQueue {
  title: string;
  sections: QueueSection[];
  /** when it was made (ISO) */
  at: string;
}
