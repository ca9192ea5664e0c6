// Discord's message limits, checked by the fake like the real API does (400 Invalid Form Body, code 50035).
interface Embed {
  title?: string;
  description?: string;
  fields?: { name?: string; value?: string }[];
  footer?: { text?: string };
  author?: { name?: string };
  url?: string;
  color?: number;
}

export interface MessageBody {
  content?: string;
  embeds?: Embed[];
  [k: string]: unknown;
}

/** The problems Discord would report for this body; empty when it would accept it. */
export function messageProblems(input: object): string[] {
  const body = input as MessageBody;
  const p: string[] = [];
  const len = (s: string | undefined) => [...(s ?? '')].length;
  if (len(body.content) > 2000) p.push(`content: ${len(body.content)} > 2000`);
  const embeds = body.embeds ?? [];
  if (embeds.length > 10) p.push(`embeds: ${embeds.length} > 10`);
  let total = 0;
  embeds.forEach((e, i) => {
    const at = `embeds[${i}]`;
    if (len(e.title) > 256) p.push(`${at}.title: ${len(e.title)} > 256`);
    if (len(e.description) > 4096) p.push(`${at}.description: ${len(e.description)} > 4096`);
    if ((e.fields ?? []).length > 25) p.push(`${at}.fields: ${(e.fields ?? []).length} > 25`);
    (e.fields ?? []).forEach((f, j) => {
      if (len(f.name) === 0 || len(f.name) > 256) p.push(`${at}.fields[${j}].name: length ${len(f.name)}`);
      if (len(f.value) === 0 || len(f.value) > 1024) p.push(`${at}.fields[${j}].value: length ${len(f.value)}`);
      total += len(f.name) + len(f.value);
    });
    if (len(e.footer?.text) > 2048) p.push(`${at}.footer.text: ${len(e.footer?.text)} > 2048`);
    if (e.url !== undefined && !/^https?:\/\//.test(e.url)) p.push(`${at}.url: not a URL`);
    if (e.color !== undefined && (!Number.isInteger(e.color) || e.color < 0 || e.color > 0xffffff)) p.push(`${at}.color: invalid`);
    total += len(e.title) + len(e.description) + len(e.footer?.text) + len(e.author?.name);
  });
  if (total > 6000) p.push(`embeds: ${total} characters > 6000 in total`);
  if (len(body.content) === 0 && embeds.length === 0) p.push('Cannot send an empty message');
  return p;
}
