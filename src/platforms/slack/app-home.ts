// App Home: the editor's queue, published (views.publish) when someone opens the Home tab and kept current: the bot
// remembers who opened it (in memory, so after a restart a person's tab refreshes once they open it again) and
// re-publishes after ledger commits that change the queue, debounced so a burst of writes costs one publish each.
// The store's commit listener only starts a timer: writes never wait for Slack, and a failed publish is logged.
import type { App, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Desk } from '../../core/desk.ts';
import { isListedEditor } from '../../core/permissions.ts';
import type { DeskQueue } from '../../core/forms.ts';
import type { Inbound } from '../../core/ports.ts';
import type { Change } from '../../core/store-port.ts';
import { homeView } from './home-view.ts';

type WebClient = InstanceType<typeof webApi.WebClient>;

/** The collections the queue is made of (claims; the watches; actors, named in what channels watch). */
const QUEUE_COLLECTIONS = new Set(['claims', 'subscriptions', 'actors']);

export interface AppHomeDeps {
  desk: Desk;
  inbound: Inbound;
  client: WebClient;
  log: Logger;
  /** wait this long after a change before re-publishing (more changes in the meantime: one publish) */
  debounceMs?: number;
  /** remember at most this many people (the ones who opened it last) */
  maxViewers?: number;
}

export class AppHome {
  private viewers = new Set<string>();
  private timer?: NodeJS.Timeout;
  /** a round of publishes is under way, and whether another change came meanwhile (then one more round, never a pile) */
  private round?: Promise<void>;
  private again = false;
  private unsubscribe: () => void;

  constructor(private deps: AppHomeDeps) {
    this.unsubscribe = deps.desk.store.onCommit((changes) => this.changed(changes));
  }

  /** Someone opened the Home tab: remember them and publish their queue. */
  async opened(user: string): Promise<void> {
    this.viewers.delete(user); // re-inserted last: the set is in order of the last opening
    this.viewers.add(user);
    const max = this.deps.maxViewers ?? 500;
    for (const u of this.viewers) if (this.viewers.size > max) this.viewers.delete(u);
    await this.publish(user);
  }

  private changed(changes: readonly Change[]): void {
    if (!this.viewers.size || !changes.some((c) => QUEUE_COLLECTIONS.has(c.coll))) return;
    if (this.timer) return; // one publish per burst
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.startRound();
    }, this.deps.debounceMs ?? 1000);
    this.timer.unref();
  }

  /** Rounds run one after another; changes during a round make at most one more (a slow Slack cannot queue up rounds). */
  private startRound(): void {
    if (this.round) {
      this.again = true;
      return;
    }
    this.round = this.refresh().finally(() => {
      this.round = undefined;
      if (this.again) {
        this.again = false;
        this.startRound();
      }
    });
  }

  private async refresh(): Promise<void> {
    const queue = this.queue();
    if (queue) for (const user of [...this.viewers]) await this.publish(user, queue);
  }

  private queue(): DeskQueue | undefined {
    try {
      return this.deps.inbound.queue('slack');
    } catch (err) {
      this.deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not read the queue for App Home');
      return undefined;
    }
  }

  private async publish(user: string, queue = this.queue()): Promise<void> {
    if (!queue) return;
    try {
      const view = homeView(queue, isListedEditor(this.deps.desk.settings, `slack:${user}`));
      await this.deps.client.views.publish({ user_id: user, view: view as never });
    } catch (err) {
      this.deps.log.warn({ user, err: err instanceof Error ? err.message : String(err) }, 'could not publish App Home');
    }
  }

  stop(): void {
    this.unsubscribe();
    clearTimeout(this.timer);
  }
}

export function registerAppHome(app: App, home: AppHome): void {
  app.event('app_home_opened', async ({ event }) => {
    const e = event as { user?: unknown; tab?: unknown };
    if (e.tab !== 'home' || typeof e.user !== 'string' || !e.user || e.user.length > 100) return;
    await home.opened(e.user);
  });
}
