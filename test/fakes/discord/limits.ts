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
  p.push(...componentProblems(body.components));
  if (len(body.content) === 0 && embeds.length === 0) p.push('Cannot send an empty message');
  return p;
}

/** The problems Discord would report for a message's components (action rows of buttons or one select). */
export function componentProblems(rows: unknown): string[] {
  const p: string[] = [];
  if (rows === undefined) return p;
  if (!Array.isArray(rows)) return ['components: not an array'];
  if (rows.length > 5) p.push(`components: ${rows.length} rows > 5`);
  const ids = new Set<string>();
  const len = (s: unknown) => [...String(s ?? '')].length;
  const customId = (at: string, id: unknown) => {
    if (typeof id !== 'string' || len(id) === 0 || len(id) > 100) p.push(`${at}.custom_id: length ${len(id)}`);
    else if (ids.has(id)) p.push(`${at}.custom_id: duplicate ${id}`);
    else ids.add(id);
  };
  rows.forEach((row: any, r) => {
    const at = `components[${r}]`;
    if (row?.type !== 1 || !Array.isArray(row.components) || row.components.length === 0) return void p.push(`${at}: not an action row`);
    const selects = row.components.filter((c: any) => c.type === 3).length;
    if (selects && row.components.length > 1) p.push(`${at}: a select must be alone in its row`);
    if (row.components.length > 5) p.push(`${at}: ${row.components.length} buttons > 5`);
    row.components.forEach((c: any, n: number) => {
      const cat = `${at}.components[${n}]`;
      if (c.type === 2) {
        if (c.style !== 5) customId(cat, c.custom_id);
        if (len(c.label) > 80) p.push(`${cat}.label: ${len(c.label)} > 80`);
        if (!c.label && !c.emoji) p.push(`${cat}: a button needs a label or an emoji`);
      } else if (c.type === 3) {
        customId(cat, c.custom_id);
        if (len(c.placeholder) > 150) p.push(`${cat}.placeholder: ${len(c.placeholder)} > 150`);
        const opts = Array.isArray(c.options) ? c.options : [];
        if (opts.length === 0 || opts.length > 25) p.push(`${cat}.options: ${opts.length}`);
        if (opts.filter((o: any) => o.default).length > (c.max_values ?? 1)) p.push(`${cat}: more defaults than max_values`);
        const values = new Set<string>();
        opts.forEach((o: any, k: number) => {
          if (len(o.label) === 0 || len(o.label) > 100) p.push(`${cat}.options[${k}].label: length ${len(o.label)}`);
          if (len(o.value) === 0 || len(o.value) > 100) p.push(`${cat}.options[${k}].value: length ${len(o.value)}`);
          if (len(o.description) > 100) p.push(`${cat}.options[${k}].description: ${len(o.description)} > 100`);
          if (values.has(o.value)) p.push(`${cat}.options[${k}].value: duplicate`);
          values.add(o.value);
        });
      } else {
        p.push(`${cat}: type ${c.type} is not a message component`);
      }
    });
  });
  return p;
}

/** The problems Discord would report for a modal (type 9 callback data): title, ≤ 5 labelled text inputs. */
export function modalProblems(data: any): string[] {
  const p: string[] = [];
  const len = (s: unknown) => [...String(s ?? '')].length;
  if (len(data?.custom_id) === 0 || len(data?.custom_id) > 100) p.push(`custom_id: length ${len(data?.custom_id)}`);
  if (len(data?.title) === 0 || len(data?.title) > 45) p.push(`title: length ${len(data?.title)}`);
  const comps = Array.isArray(data?.components) ? data.components : [];
  if (comps.length === 0 || comps.length > 5) p.push(`components: ${comps.length}`);
  comps.forEach((c: any, n: number) => {
    const at = `components[${n}]`;
    const input = c.type === 18 ? c.component : c.type === 1 ? c.components?.[0] : undefined;
    if (!input || input.type !== 4) return void p.push(`${at}: not a label with a text input`);
    const label = c.type === 18 ? c.label : input.label;
    if (len(label) === 0 || len(label) > 45) p.push(`${at}.label: length ${len(label)}`);
    if (len(c.description) > 100) p.push(`${at}.description: ${len(c.description)} > 100`);
    if (len(input.custom_id) === 0 || len(input.custom_id) > 100) p.push(`${at}.custom_id: length ${len(input.custom_id)}`);
    if (input.style !== 1 && input.style !== 2) p.push(`${at}.style: ${input.style}`);
    const max = input.max_length ?? 4000;
    if (max < 1 || max > 4000) p.push(`${at}.max_length: ${max}`);
    if (input.value !== undefined && (len(input.value) > max || len(input.value) > 4000)) p.push(`${at}.value: ${len(input.value)} > max_length ${max}`);
    if (len(input.placeholder) > 100) p.push(`${at}.placeholder: ${len(input.placeholder)} > 100`);
  });
  return p;
}
