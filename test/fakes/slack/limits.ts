// Slack's Block Kit limits, checked by the fake like Slack does (chat.postMessage answers `invalid_blocks`,
// `msg_too_long` or `no_text`). https://docs.slack.dev/reference/block-kit/blocks
interface TextObj {
  type?: string;
  text?: string;
}
interface Block {
  type?: string;
  text?: TextObj;
  fields?: TextObj[];
  elements?: TextObj[];
}

/** The problems Slack would report for this message body; empty when it would accept it. */
export function blockProblems(body: { text?: unknown; blocks?: unknown }): string[] {
  const p: string[] = [];
  const blocks = (typeof body.blocks === 'string' ? JSON.parse(body.blocks) : body.blocks ?? []) as Block[];
  const text = typeof body.text === 'string' ? body.text : '';
  if (!text.trim() && blocks.length === 0) p.push('no_text');
  if (text.length > 40_000) p.push(`text: ${text.length} > 40000 (msg_too_long)`);
  if (blocks.length > 50) p.push(`blocks: ${blocks.length} > 50`);
  blocks.forEach((b, i) => {
    const at = `blocks[${i}] (${b.type})`;
    const t = b.text?.text;
    if (b.type === 'header') {
      if (b.text?.type !== 'plain_text') p.push(`${at}: header text must be plain_text`);
      if (!t || t.length > 150) p.push(`${at}: header text length ${t?.length ?? 0}`);
    } else if (b.type === 'section') {
      if (!b.text && !b.fields?.length) p.push(`${at}: needs text or fields`);
      if (b.text && (!t || t.length > 3000)) p.push(`${at}: text length ${t?.length ?? 0}`);
      if ((b.fields ?? []).length > 10) p.push(`${at}: ${b.fields!.length} fields > 10`);
      (b.fields ?? []).forEach((f, j) => {
        if (!f.text || f.text.length > 2000) p.push(`${at}.fields[${j}]: length ${f.text?.length ?? 0}`);
      });
    } else if (b.type === 'context') {
      if (!b.elements?.length || b.elements.length > 10) p.push(`${at}: ${b.elements?.length ?? 0} elements`);
      (b.elements ?? []).forEach((e, j) => {
        if (!e.text || e.text.length > 3000) p.push(`${at}.elements[${j}]: length ${e.text?.length ?? 0}`);
      });
    }
  });
  return p;
}
