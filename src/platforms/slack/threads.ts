// Slack threads hang under their parent: an answer to a thread reply must name the parent's ts, not the
// reply's. Flagging learns the parent of a flagged reply (reactions.ts) and delivery needs it (delivery.ts):
// index.ts creates ONE ThreadRoots and hands it to both, so what flagging learns, delivery uses.
import type { webApi } from '@slack/bolt';

type WebClient = InstanceType<typeof webApi.WebClient>;

/** The parent ts named by a message permalink (`…?thread_ts=<parent>`), or null for a top-level message. */
export function threadParent(permalink: string | undefined): string | null {
  return permalink ? new URL(permalink).searchParams.get('thread_ts') : null;
}

export class ThreadRoots {
  /** message ts → the ts of its thread's parent (itself for a top-level message) */
  private roots = new Map<string, string>();

  remember(ts: string, root: string): void {
    this.roots.set(ts, root);
  }

  /** The ts to thread under. Not known yet (after a restart): the permalink tells, once per message. */
  async rootOf(client: WebClient, channel: string, ts: string): Promise<string> {
    const hit = this.roots.get(ts);
    if (hit) return hit;
    try {
      const link = await client.chat.getPermalink({ channel, message_ts: ts });
      const root = threadParent(link.permalink) || ts;
      this.roots.set(ts, root);
      return root;
    } catch {
      return ts; // the post itself will say whether the channel is there
    }
  }
}
