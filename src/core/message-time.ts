// When a chat message was posted, read from its platform id where the id carries it.

/** Discord snowflakes count milliseconds since 2015-01-01T00:00:00Z in their upper bits. */
const DISCORD_EPOCH = 1_420_070_400_000n;

/**
 * The ISO time a message was posted: a Slack ts is seconds.microseconds since 1970; a Discord id is a
 * snowflake. Undefined when the id carries no time (the console's ids, anything unexpected).
 */
export function messageTime(platform: string, messageId: string): string | undefined {
  let ms: number | undefined;
  if (platform === 'slack') {
    const m = /^(\d{9,11})\.(\d{1,6})$/.exec(messageId);
    if (m) ms = Number(m[1]) * 1000 + Math.floor(Number(m[2].padEnd(6, '0')) / 1000);
  } else if (platform === 'discord' && /^\d{15,20}$/.test(messageId)) {
    ms = Number((BigInt(messageId) >> 22n) + DISCORD_EPOCH);
  }
  return ms === undefined || !Number.isFinite(ms) ? undefined : new Date(ms).toISOString();
}
