// Alerts for status changes, queued in the same write as the change. STUB until the events work lands.
import type { WriteTx } from '../../store/types.ts';
import type { Desk } from './desk.ts';
import type { Claim, HistoryEntry } from './types.ts';

/**
 * Queue one alert per channel watching the claim, one of its actors, or `all` (deduplicated by channel,
 * filtered by the subscription's statuses) into the outbox. Call it inside the same store.write as the
 * status change, with the claim as stored after the change and the history entry just added.
 */
export function queueStatusAlerts(tx: WriteTx, desk: Desk, claim: Claim, entry: HistoryEntry): number {
  void tx; void desk; void claim; void entry;
  return 0;
}
