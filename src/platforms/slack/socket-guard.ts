// The guard for Socket Mode. Envelopes arrive over the WebSocket, not as HTTP requests, so guard.ts never
// sees them, and @slack/socket-mode trusts every frame: `null` made it read `null.type` in an async handler
// nobody awaits, an unhandled rejection that stopped the process. Its client re-emits an envelope's `type`
// (and an event's `type`) as an event name on itself, so a frame typed `disconnected` would even drive its
// own connection state. Each frame is therefore checked here first; only the envelopes claimdesk serves
// reach the client's own handler. Anything else is acknowledged (so Slack does not retry it) and dropped.
import type { SocketModeReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import { BODY_LIMIT, isEventCallback, isServedCommand } from './guard.ts';
import { isObject, isServedInteraction } from './payloads.ts';

type Client = SocketModeReceiver['client'];
type FrameHandler = (data: unknown, isBinary: boolean) => unknown;

/** The event types claimdesk subscribes to (slack/manifest.yml): flag reactions, and App Home opened. */
const EVENTS = new Set(['reaction_added', 'app_home_opened']);

interface Verdict {
  pass: boolean;
  why?: string;
  /** the envelope to acknowledge when it is dropped */
  ack?: string;
}

/** Whether a Socket Mode frame may reach the client, and why not. */
export function checkFrame(text: string, commands: readonly string[]): Verdict {
  if (text.length > BODY_LIMIT) return { pass: false, why: `a frame over ${BODY_LIMIT} characters` };
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return { pass: false, why: 'a frame that is not JSON' };
  }
  if (!isObject(frame) || typeof frame.type !== 'string') return { pass: false, why: 'a frame that is not an envelope' };
  if (frame.type === 'hello' || frame.type === 'disconnect') return { pass: true };
  const id = frame.envelope_id;
  if (typeof id !== 'string' || id.length === 0 || id.length > 100) return { pass: false, why: 'an envelope without an id' };
  const payload = frame.payload;
  if (frame.type === 'slash_commands') {
    return isServedCommand(payload, commands) ? { pass: true } : { pass: false, why: 'a payload that is not a command of this app', ack: id };
  }
  if (frame.type === 'events_api') {
    const event = isObject(payload) && isObject(payload.event) ? payload.event : undefined;
    if (!isEventCallback(payload) || !event || !EVENTS.has(String(event.type))) return { pass: false, why: 'an event claimdesk does not serve', ack: id };
    return { pass: true };
  }
  if (frame.type === 'interactive') {
    return isServedInteraction(payload) ? { pass: true } : { pass: false, why: 'an interaction claimdesk does not serve', ack: id };
  }
  return { pass: false, why: `an envelope of type ${frame.type.slice(0, 40)} claimdesk does not serve`, ack: id };
}

/** Puts checkFrame in front of the client's own frame handler. Call before the receiver starts. */
export function guardSocket(client: Client, commands: readonly string[], log: Logger): void {
  const handlers = client.listeners('ws_message') as FrameHandler[];
  client.removeAllListeners('ws_message');
  client.on('ws_message', (data: unknown, isBinary: boolean) => {
    try {
      const text = isBinary ? '' : typeof data === 'string' ? data : new TextDecoder().decode(data as ArrayBuffer);
      const verdict = isBinary ? { pass: false, why: 'a binary frame' } : checkFrame(text, commands);
      if (!verdict.pass) {
        log.warn({ reason: verdict.why }, 'refused a slack socket envelope');
        // send() is private in the typings but is the client's own way to acknowledge an envelope
        if (verdict.ack) (client as unknown as { send(id: string): Promise<void> }).send(verdict.ack).catch(() => undefined);
        return;
      }
      // the handler is async: whatever it throws later must not become an unhandled rejection
      for (const handle of handlers) {
        Promise.resolve(handle.call(client, data, isBinary)).catch((err: unknown) => {
          log.warn({ err: err instanceof Error ? err.message : String(err) }, 'a slack socket envelope failed');
        });
      }
    } catch (err) {
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'a slack socket envelope failed');
    }
  });
}
