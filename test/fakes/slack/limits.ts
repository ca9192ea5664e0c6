// Slack's Block Kit limits, checked by the fake like Slack does (chat.postMessage answers `invalid_blocks`,
// `msg_too_long` or `no_text`). https://docs.slack.dev/reference/block-kit/blocks
import { actionsProblems, blockIdProblems, inputProblems } from './elements.ts';

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
/** `view`: the blocks of a modal or App Home (100 blocks, input blocks allowed, no fallback text). */
export function blockProblems(body: { text?: unknown; blocks?: unknown }, opts: { view?: boolean } = {}): string[] {
  const p: string[] = [];
  const blocks = (typeof body.blocks === 'string' ? JSON.parse(body.blocks) : body.blocks ?? []) as Block[];
  const text = typeof body.text === 'string' ? body.text : '';
  if (!opts.view && !text.trim() && blocks.length === 0) p.push('no_text');
  if (text.length > 40_000) p.push(`text: ${text.length} > 40000 (msg_too_long)`);
  const maxBlocks = opts.view ? 100 : 50;
  if (blocks.length > maxBlocks) p.push(`blocks: ${blocks.length} > ${maxBlocks}`);
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  blocks.forEach((b, i) => {
    const at = `blocks[${i}] (${b.type})`;
    p.push(...blockIdProblems(b as Record<string, unknown>, at, blockIds));
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
    } else if (b.type === 'actions') {
      p.push(...actionsProblems(b as Record<string, unknown>, at, actionIds));
    } else if (b.type === 'input') {
      if (!opts.view) p.push(`${at}: input blocks belong in modals and App Home, not in messages`);
      else p.push(...inputProblems(b as Record<string, unknown>, at, actionIds));
    } else if (b.type === 'context') {
      if (!b.elements?.length || b.elements.length > 10) p.push(`${at}: ${b.elements?.length ?? 0} elements`);
      (b.elements ?? []).forEach((e, j) => {
        if (!e.text || e.text.length > 3000) p.push(`${at}.elements[${j}]: length ${e.text?.length ?? 0}`);
      });
    }
  });
  return p;
}
