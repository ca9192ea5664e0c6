// Slack asks for the options of an actor select while the user types (block_suggestion, over HTTP or Socket Mode):
// the core's suggestions by name, and the typed text as a new actor (actor-select.ts).
import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Desk } from '../../core/desk.ts';
import type { Inbound } from '../../core/ports.ts';
import { actorActionId, actorOptions } from './actor-select.ts';
import { onOptions, type Handled } from './listen.ts';

export function registerActorOptions(app: App, handled: Handled, deps: { desk: Desk; inbound: Inbound; log: Logger }): void {
  const answer: Parameters<typeof onOptions>[3] = async ({ ack, body }) => {
    const typed = (body as { value?: unknown }).value;
    const query = typeof typed === 'string' ? typed.slice(0, 200) : '';
    let options: ReturnType<typeof actorOptions> = [];
    try {
      // the value of a known actor is its name: the form's value is a name, whatever the actor's id looks like
      options = actorOptions(query, query.trim() ? deps.inbound.suggest('actor', query) : [], (id) => deps.desk.store.get('actors', id)?.name);
    } catch (err) {
      deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'actor suggestions failed');
      options = actorOptions(query, [], () => undefined);
    }
    await ack({ options } as never);
  };
  // one select per actor field of the add form (the flag form's are among them)
  for (const f of deps.inbound.addForm().fields) if (f.kind === 'actor' || f.kind === 'actors') onOptions(app, handled, actorActionId(f), answer);
}
