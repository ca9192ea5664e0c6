// Renders the neutral Reply as plain text for a terminal. User text is stripped of control characters so a
// claim cannot move the cursor, clear the screen, recolour the terminal or reorder a line.
import type { Reply } from '../../core/reply.ts';

/**
 * Drops C0/C1 control characters (ANSI escapes included) except newline and tab, and the bidi overrides and
 * isolates that would make the terminal show the rest of a line reordered.
 */
export function clean(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
}

export function renderReply(r: Reply): string {
  const lines: string[] = [];
  // The status word of the spec (`false`, `mostly_false`) is always shown next to the title, even when a
  // field shows the human label (`❌ False`): it is what people grep and type back into /claim set.
  const tag = r.status ? `  [${r.status}]` : '';
  if (r.kind === 'error') {
    lines.push(`error: ${clean(r.title ?? r.text ?? 'bad input')}`);
    if (r.title && r.text) lines.push(clean(r.text));
  } else {
    if (r.title) lines.push(clean(r.title) + tag);
    else if (tag) lines.push(tag.trim());
    if (r.text) lines.push(clean(r.text));
  }
  if (r.fields?.length) {
    for (const f of r.fields) {
      const value = clean(f.value);
      if (value.includes('\n')) lines.push(`${clean(f.name)}:`, ...value.split('\n').map((l) => `  ${l}`));
      else lines.push(`${clean(f.name)}: ${value}`);
    }
  }
  if (r.items?.length) {
    const width = Math.max(0, ...r.items.map((i) => (i.id ?? '').length));
    for (const i of r.items) {
      const id = i.id ? clean(i.id).padEnd(width) + '  ' : '';
      const status = i.status ? `[${i.status}] ` : '';
      lines.push(`  ${id}${status}${clean(i.text).replace(/\n/g, ' ')}`);
    }
  }
  if (r.more) lines.push(`  … and ${r.more} more`);
  if (r.links?.length) for (const l of r.links) lines.push(`${clean(l.label)}: ${clean(l.url)}`);
  if (r.footer) lines.push(clean(r.footer));
  if (r.usage) lines.push(`usage: ${clean(r.usage).replace(/\n/g, '\n       ')}`);
  return lines.join('\n');
}
