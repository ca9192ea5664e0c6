// Wakes an instance when another one commits: LISTEN on a dedicated connection, and while that connection
// is down, poll every pollMs and reconnect with backoff. The store does the catching up itself.
import pg from 'pg';
import type { Logger } from 'pino';

export interface FollowOptions {
  connectionString: string;
  /** connection options (search_path) */
  options?: string;
  applicationName?: string;
  channel: string;
  pollMs: number;
  log?: Logger;
  /** a commit numbered `seq` is known to exist (undefined: maybe, when polling or after reconnecting) */
  wake: (seq?: number) => void;
}

export class Follower {
  private client: pg.Client | undefined;
  private poll: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private backoff = 100;
  private stopped = false;
  /** true while LISTEN is up */
  listening = false;

  constructor(private o: FollowOptions) {}

  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.o.connectionString, options: this.o.options, application_name: this.o.applicationName, connectionTimeoutMillis: 3000, keepAlive: true });
    const down = (err?: Error) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.listening = false;
      client.removeAllListeners('notification');
      client.end().catch(() => {});
      if (this.stopped) return;
      this.o.log?.warn({ err: err?.message }, 'store: change notifications lost; polling until reconnected');
      this.startPolling();
      this.scheduleReconnect();
    };
    client.on('error', (err) => down(err));
    client.on('end', () => down());
    client.on('notification', (n) => this.o.wake(n.payload ? Number(n.payload) : undefined));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${JSON.stringify(this.o.channel)}`);
    } catch (err) {
      down(err as Error);
      return;
    }
    if (this.client !== client) return;
    this.listening = true;
    this.backoff = 100;
    this.stopPolling();
    this.o.wake(); // anything committed while we were not listening
  }

  private scheduleReconnect(): void {
    if (this.retry || this.stopped) return;
    const wait = this.backoff;
    this.backoff = Math.min(this.backoff * 2, 5000);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.connect();
    }, wait);
    this.retry.unref();
  }

  private startPolling(): void {
    if (this.poll) return;
    this.poll = setInterval(() => this.o.wake(), this.o.pollMs);
    this.poll.unref();
  }
  private stopPolling(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
  }

  /** Drop the notification connection as if the network had (for tests of the polling fallback). */
  breakConnection(): void {
    const c = this.client as unknown as { connection?: { stream?: { destroy: (e?: Error) => void } } } | undefined;
    c?.connection?.stream?.destroy(new Error('connection broken (test)'));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopPolling();
    if (this.retry) clearTimeout(this.retry);
    const c = this.client;
    this.client = undefined;
    this.listening = false;
    await c?.end().catch(() => {});
  }
}
