// Slack's message markup → the plain text the core stores. Slack sends `&`, `<`, `>` as entities and
// writes mentions, channels and links as <…> spans; claims keep what a reader saw, not the markup.

/** `&lt;` `&gt;` `&amp;` → the characters (the only entities Slack uses). */
export function decodeEntities(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * `<@U1|ana>` → `@ana`, `<#C1|desk>` → `#desk`, `<!channel>` → `@channel`, `<https://x|label>` → `label (https://x)`,
 * `<https://x>` → `https://x`; then entities decoded. `userName` names a bare `<@U1>` (flagged messages carry no label).
 */
export function slackToPlain(text: string, userName: (id: string) => string | undefined = () => undefined): string {
  const out = text.replace(/<([^<>]*)>/g, (_m, inner: string) => {
    const bar = inner.indexOf('|');
    const target = bar >= 0 ? inner.slice(0, bar) : inner;
    const label = bar >= 0 ? inner.slice(bar + 1) : '';
    if (target.startsWith('@')) return `@${label || userName(target.slice(1)) || target.slice(1)}`;
    if (target.startsWith('#')) return `#${label || target.slice(1)}`;
    if (target.startsWith('!subteam^')) return label || '@group';
    if (target.startsWith('!date^')) return label || '';
    if (target.startsWith('!')) return `@${target.slice(1)}`;
    const url = target.replace(/^mailto:/, '');
    return label && label !== url ? `${label} (${url})` : url;
  });
  return decodeEntities(out);
}

/** User ids mentioned as `<@U…>` in a message, to look their names up first. */
export function mentionedUsers(text: string): string[] {
  return [...new Set([...text.matchAll(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1]!))];
}
