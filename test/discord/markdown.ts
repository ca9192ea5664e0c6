// A model of how Discord's client reads a message's markdown, for what tests must catch: which masked links
// ([label](url)) are live, and whether @everyone/@here are there to be highlighted. Discord's markdown is
// simple-markdown: a backslash before punctuation makes it plain, fenced code blocks show their content
// as is, and at any other `[` the link rule is tried. The rule below is simple-markdown's own link regex.
const LINK = /\[((?:\[[^\]]*\]|[^[\]]|\](?=[^[]*\]))*)\]\(\s*<?((?:\([^)]*\)|[^\s\\]|\\.)*?)>?(?:\s+['"]([\s\S]*?)['"])?\s*\)/y;
const ESCAPE = /\\([^0-9A-Za-z\s])/y;
const FENCE = /```[\s\S]*?```/y;

export interface LiveLink {
  label: string;
  url: string;
}

/** Every masked link Discord would render as a link in this markdown text. */
export function liveMaskedLinks(md: string): LiveLink[] {
  const found: LiveLink[] = [];
  for (let i = 0; i < md.length; ) {
    for (const re of [ESCAPE, FENCE]) re.lastIndex = i;
    const skip = ESCAPE.exec(md) ?? FENCE.exec(md);
    if (skip) {
      i += skip[0].length;
      continue;
    }
    if (md[i] === '[') {
      LINK.lastIndex = i;
      const m = LINK.exec(md);
      if (m) {
        found.push({ label: m[1]!, url: m[2]! });
        i += m[0].length;
        continue;
      }
    }
    i += 1;
  }
  return found;
}

/** The text outside fenced code blocks (where Discord would show a mention highlighted). */
export function outsideCode(md: string): string {
  return md.replace(/```[\s\S]*?```/g, '');
}

/** `@everyone` / `@here` as Discord's client would highlight them (case matters to Discord). */
export function hasMassMention(md: string): boolean {
  return /@(everyone|here)/.test(outsideCode(md));
}
