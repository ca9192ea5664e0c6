// /claim digest <daily HH:MM | weekly <day> HH:MM | cron <expr> | off | now> [tz: <zone>]
import { errorReply, textReply, type Reply } from '../src/core/reply.ts';
import { buildDigest } from '../src/core/digests.ts';
import { formatLocal, nextDueAfter, parseScheduleSpec, parseTimeZone, SCHEDULE_USAGE } from '../src/core/schedule-spec.ts';
import { channelKey } from '../src/core/types.ts';
import { periodStart } from '../src/core/scheduler.ts';
import type { CommandDef } from './types.ts';
import { channelLabel } from './claim-watch.ts';

const DAY = 86_400_000;

export const command: CommandDef = {
  group: 'claim',
  name: 'digest',
  description: 'Set this channel’s digest schedule (daily, weekly, cron), turn it off, or get the digest now',
  usage: SCHEDULE_USAGE,
  examples: ['/claim digest daily 09:00 tz: Europe/Berlin', '/claim digest weekly mon 09:00', '/claim digest now'],
  options: [
    { name: 'schedule', description: 'daily HH:MM, weekly <day> HH:MM, cron <expr>, off or now', kind: 'text', positional: true },
    { name: 'tz', description: 'IANA time zone, e.g. Europe/Berlin', kind: 'text' },
  ],
  handler: async (input, ctx): Promise<Reply> => {
    const { desk, channel, user } = ctx;
    const id = channelKey(channel);
    const current = desk.store.get('digests', id);
    // DIGEST_TZ is checked at start, but a bad default must not break the command: fall back to UTC.
    const fallback = parseTimeZone(desk.settings.digestTz);
    let tz = current?.tz ?? (fallback.ok ? fallback.value : 'UTC');
    if (input.tz !== undefined) {
      const z = parseTimeZone(input.tz);
      if (!z.ok) return errorReply(z.error, SCHEDULE_USAGE);
      tz = z.value;
    }
    const now = desk.clock.now();
    let text = input.schedule?.trim() ?? '';
    if (!text) {
      // `tz:` alone moves the existing schedule to another zone; nothing at all shows the schedule.
      if (current && input.tz !== undefined) text = current.spec;
      else if (current) return textReply(`${channelLabel(channel)} gets a digest ${current.spec} (${current.tz}); next ${formatLocal(nextDueAfter(current.cron, current.tz, now) ?? now, current.tz)}.`);
      else return errorReply(`${channelLabel(channel)} has no digest schedule yet.`, SCHEDULE_USAGE);
    }
    const parsed = parseScheduleSpec(text);
    if (!parsed.ok) return errorReply(parsed.error, SCHEDULE_USAGE);
    const cmd = parsed.value;

    if (cmd.kind === 'now') {
      // A look at the desk now: covers what the next scheduled digest will (since the last one, or the first
      // digest's period), else the last day; it does not move the schedule, so that digest still covers everything.
      const since = current ? periodStart(current) : new Date(now.getTime() - DAY);
      return buildDigest(desk, channel, since, now, tz);
    }
    if (cmd.kind === 'off') {
      if (!current) return textReply(`${channelLabel(channel)} had no digest; nothing changed.`);
      await desk.store.write((tx) => tx.delete('digests', id));
      return textReply(`Digest off for ${channelLabel(channel)} (was ${current.spec}, ${current.tz}).`);
    }
    const at = now.toISOString();
    const saved = await desk.store.write((tx) => {
      const cur = tx.get('digests', id);
      return tx.put('digests', {
        id,
        channel: { ...channel },
        spec: cmd.spec,
        cron: cmd.cron,
        tz,
        lastRunAt: cur?.lastRunAt ?? null,
        createdBy: cur?.createdBy ?? user.key,
        createdAt: cur?.createdAt ?? at,
        updatedAt: at,
      });
    });
    const next = nextDueAfter(saved.cron, saved.tz, now);
    return textReply(
      `${channelLabel(channel)} gets a digest ${saved.spec} (${saved.tz}).${next ? ` Next: ${formatLocal(next, saved.tz)}.` : ''}`,
    );
  },
};
