// The editor's queue (the core's DeskQueue) as the App Home tab. Each section goes through renderSlack, so every
// user-written string is escaped exactly as in messages (no <!channel>, no pings) and Slack's limits hold.
import type { DeskQueue } from '../../core/forms.ts';
import { renderSlack, truncate, type Block } from './render.ts';

/** Slack allows 100 blocks in a Home tab view. */
const HOME_BLOCKS = 100;

export function homeView(queue: DeskQueue, isEditor: boolean): { type: 'home'; blocks: Block[] } {
  const blocks: Block[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(queue.title, 150) || 'The desk', emoji: true } }];
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        verbatim: true,
        text: `Updated ${queue.at.slice(0, 16).replace('T', ' ')} UTC${isEditor ? ' · pick a status on any card or alert, or /claim set' : ' · only editors change statuses'}`,
      },
    ],
  });
  for (const s of queue.sections) {
    blocks.push({ type: 'divider' });
    const { blocks: part } = renderSlack({ kind: 'list', title: s.title, items: s.items, more: s.more, ...(s.items.length ? {} : { text: s.empty }) });
    blocks.push(...part);
  }
  return { type: 'home', blocks: blocks.slice(0, HOME_BLOCKS) };
}
