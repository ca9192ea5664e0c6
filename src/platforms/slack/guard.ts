// A guard in front of Bolt's HTTPReceiver. Bolt trusts any correctly signed body to be an object: a signed
// `null` made it read `null.ssl_check` inside an async closure nobody awaits, an unhandled rejection that
// stopped the whole process. So every POST to /slack/events is read, verified and checked here first, and
// only a body of a shape claimdesk serves (a slash command of ours, an Events API event_callback, a
// url_verification, Slack's ssl_check, an interaction payload of payloads.ts) reaches Bolt. Anything else is answered 4xx and the bot goes on.
import { parse as parseQuery } from 'node:querystring';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, verifySlackRequest, type BufferedIncomingMessage } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import { interactionProblem, isObject } from './payloads.ts';

/** Slack's replay window: a request timestamped further than this from now, either way, is refused. */
export const MAX_CLOCK_SKEW_SEC = 5 * 60;
/** Bolt's own limit (4 MB); Slack's real payloads are a few kilobytes. */
export const BODY_LIMIT = HTTPModuleFunctions.defaultBodyLimit;

const FORM = 'application/x-www-form-urlencoded';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface GuardOptions {
  signingSecret: string;
  /** the slash commands this app answers (`/claim`, `/actor`); others are refused rather than left to time out */
  commands: readonly string[];
  log: Logger;
  endpoints?: readonly string[];
  /** for tests: the clock, in milliseconds */
  now?: () => number;
}

const id = z.string().min(1).max(100);

// A slash command: querystring gives an array for a repeated key, so every field must be one string.
const slashCommand = z.looseObject({
  command: z.string().regex(/^\/\S{1,64}$/),
  text: z.string(),
  team_id: id,
  channel_id: id,
  user_id: id,
  response_url: z.string().optional(),
});

// reaction_added and app_home_opened are the events claimdesk subscribes to: their fields are read, so they are checked here.
const reactionAdded = z.looseObject({
  type: z.literal('reaction_added'),
  user: id,
  reaction: z.string().min(1).max(200),
  item: z.looseObject({ type: z.string(), channel: z.string().max(100).optional(), ts: z.string().max(100).optional() }),
});
// app_home_opened (the Home tab): Bolt reads `user` (a string, or an object's id) and `channel`
const appHomeOpened = z.looseObject({ type: z.literal('app_home_opened'), user: id, channel: z.string().max(100).optional(), tab: z.string().max(100).optional() });
const otherEvent = z.looseObject({ type: z.string().min(1).max(100).refine((t) => t !== 'reaction_added' && t !== 'app_home_opened') });

const envelope = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('event_callback'), event: z.union([reactionAdded, appHomeOpened, otherEvent]) }),
  z.looseObject({ type: z.literal('url_verification'), challenge: z.string().max(500) }),
]);

/** A slash command payload of this app (HTTP form or Socket Mode envelope), with every field it reads a string. */
export function isServedCommand(payload: unknown, commands: readonly string[]): boolean {
  const cmd = slashCommand.safeParse(payload);
  return cmd.success && commands.includes(cmd.data.command);
}

/** An Events API event_callback whose event, when it is one claimdesk reads, has the fields it reads. */
export function isEventCallback(payload: unknown): boolean {
  return isObject(payload) && payload.type === 'event_callback' && envelope.safeParse(payload).success;
}

interface Refusal {
  status: 400 | 401 | 413;
  why: string;
}

/** Why Bolt must not see this body, or undefined when it may. `contentType` exactly as Bolt compares it. */
export function checkBody(text: string, contentType: string | undefined, commands: readonly string[]): Refusal | undefined {
  if (contentType === FORM) {
    const form = parseQuery(text);
    if ('payload' in form) {
      // buttons, selects, modals, shortcuts, suggestions: only the shapes payloads.ts knows
      const why = Object.keys(form).length === 1 ? interactionProblem(form.payload) : 'a payload form with other fields';
      return why ? { status: 400, why } : undefined;
    }
    const cmd = slashCommand.safeParse(form);
    if (!cmd.success) return { status: 400, why: 'a form that is not a slash command' };
    if (!commands.includes(cmd.data.command)) return { status: 400, why: `a command this app does not serve (${cmd.data.command.slice(0, 40)})` };
    return undefined;
  }
  // Bolt parses every other content type as JSON
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { status: 400, why: 'a body that is not JSON' };
  }
  if (!isObject(body)) return { status: 400, why: `a JSON ${body === null ? 'null' : Array.isArray(body) ? 'array' : typeof body} instead of an object` };
  if (!envelope.safeParse(body).success) return { status: 400, why: 'a JSON object that is not an Events API envelope' };
  return undefined;
}

/** Signature (Bolt's own check, which refuses old timestamps) plus the future side Bolt lets through. */
function checkSignature(req: IncomingMessage, text: string, secret: string, nowMs: number): Refusal | undefined {
  const signature = req.headers['x-slack-signature'];
  const stamp = req.headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || typeof stamp !== 'string') return { status: 401, why: 'an unsigned request' };
  const ts = Number(stamp);
  if (!/^\d{1,12}$/.test(stamp.trim()) || !Number.isSafeInteger(ts)) return { status: 401, why: 'a request timestamp that is not a number' };
  if (Math.abs(nowMs / 1000 - ts) > MAX_CLOCK_SKEW_SEC) return { status: 401, why: 'a request timestamp more than 5 minutes from now' };
  try {
    verifySlackRequest({ signingSecret: secret, body: text, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': ts }, nowMilliseconds: nowMs });
  } catch {
    return { status: 401, why: 'a bad signature' };
  }
  return undefined;
}

/** Slack's SSL check is the one request Slack does not sign (Bolt strips everything else from it). */
function isSslCheck(req: IncomingMessage, text: string): boolean {
  return req.headers['content-type'] === FORM && parseQuery(text).ssl_check === '1';
}

function refuse(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  // close the connection: the rest of an oversized body is not worth reading
  res.writeHead(status, status === 413 ? { connection: 'close' } : {});
  res.end();
}

/** Wraps Bolt's request listener; requests to other paths (GET /healthz) pass straight through. */
export function guardRequests(next: Listener, opts: GuardOptions): Listener {
  const endpoints = opts.endpoints ?? ['/slack/events'];
  const now = opts.now ?? Date.now;
  // after the check, Bolt is called from a promise: nothing it throws there may escape as an unhandled rejection
  const pass = (req: IncomingMessage, res: ServerResponse) => {
    try {
      next(req, res);
    } catch (err) {
      opts.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'slack request failed');
      refuse(res, 500);
    }
  };

  async function inspect(req: IncomingMessage): Promise<Refusal | undefined> {
    let buffered: BufferedIncomingMessage;
    try {
      // sets req.rawBody; Bolt reuses it instead of reading the stream again
      buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, BODY_LIMIT);
    } catch (err) {
      const tooLarge = HTTPModuleFunctions.isRawBodyError(err) && (err as { statusCode?: number }).statusCode === 413;
      return tooLarge ? { status: 413, why: `a body over ${BODY_LIMIT} bytes` } : { status: 400, why: 'a body that could not be read' };
    }
    const text = buffered.rawBody.toString();
    if (isSslCheck(req, text)) return undefined;
    return checkSignature(req, text, opts.signingSecret, now()) ?? checkBody(text, req.headers['content-type'], opts.commands);
  }

  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    // other routes (GET /healthz, unknown paths) go to Bolt as they are, synchronously: Bolt answers its own errors
    if (req.method?.toUpperCase() !== 'POST' || !endpoints.includes(path)) return next(req, res);
    inspect(req).then(
      (refusal) => {
        if (!refusal) return pass(req, res);
        opts.log.warn({ status: refusal.status, reason: refusal.why }, 'refused a slack request');
        refuse(res, refusal.status);
      },
      (err: unknown) => {
        opts.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'refused a slack request that could not be checked');
        refuse(res, 400);
      },
    );
  };
}
