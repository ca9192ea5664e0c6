// Reading a ClaimReview document: finding its items, resolving `@id` references, comparing urls.

export interface Item {
  /** 1-based position in its array / `@graph` */
  index: number;
  node: unknown;
}

/** A schema.org document with an empty `@graph`: what the export of a ledger with no verdict yet writes. */
export function isEmptyGraph(json: unknown): boolean {
  if (!isObject(json) || !Array.isArray(json['@graph']) || json['@graph'].length > 0) return false;
  const ctx = json['@context'];
  return (Array.isArray(ctx) ? ctx : [ctx]).some((c) => typeof c === 'string' && /^https?:\/\/schema\.org\/?$/.test(c));
}

/** The ClaimReview nodes of a document, numbered by their place in it; `@id` references resolved in `@graph`. */
export function collectItems(json: unknown): Item[] {
  if (Array.isArray(json)) {
    const out: Item[] = [];
    for (let i = 0; i < json.length; i++) {
      const node: unknown = json[i];
      if (isObject(node) && Array.isArray(node['@graph'])) out.push(...collectItems(node));
      else out.push({ index: i + 1, node });
    }
    return out;
  }
  if (!isObject(json)) throw new Error('expected a JSON object or array of ClaimReview items');
  const graph = json['@graph'];
  if (graph === undefined) return [{ index: 1, node: json }];
  if (!Array.isArray(graph)) throw new Error('@graph must be an array');
  const byId = new Map<string, unknown>();
  for (const n of graph) if (isObject(n) && typeof n['@id'] === 'string') byId.set(n['@id'], n);
  const out: Item[] = [];
  graph.forEach((node, i) => {
    // Other nodes of a graph (the publisher's Organization, a WebPage…) are context, not items.
    if (isObject(node) && node['@type'] !== undefined && !hasType(node, 'ClaimReview')) return;
    out.push({ index: i + 1, node: byId.size ? resolveRefs(node, byId, 0) : node });
  });
  return out;
}

function resolveRefs(v: unknown, byId: Map<string, unknown>, depth: number): unknown {
  if (depth > 8) return v;
  if (Array.isArray(v)) return v.map((x) => resolveRefs(x, byId, depth + 1));
  if (!isObject(v)) return v;
  const keys = Object.keys(v);
  if (keys.length === 1 && typeof v['@id'] === 'string' && byId.has(v['@id'])) return resolveRefs(byId.get(v['@id']), byId, depth + 1);
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = resolveRefs(v[k], byId, depth + 1);
  return out;
}

/** `ClaimReview`, `schema:ClaimReview`, `https://schema.org/ClaimReview`, or a list holding one. */
export function hasType(node: Record<string, unknown>, type: string): boolean {
  const t = node['@type'];
  const types = Array.isArray(t) ? t : [t];
  return types.some((x) => typeof x === 'string' && (x === type || x.endsWith(`/${type}`) || x.endsWith(`:${type}`)));
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Same review url whatever the fragment, a trailing slash or the case of scheme and host. String work
 * only (no URL parse): it runs for every source of the ledger on each import.
 */
export function urlKey(url: string): string {
  let s = url.trim();
  const hash = s.indexOf('#');
  if (hash >= 0) s = s.slice(0, hash);
  if (s.endsWith('/')) s = s.slice(0, -1);
  const start = s.indexOf('://');
  if (start < 0) return s;
  let end = start + 3;
  while (end < s.length && s[end] !== '/' && s[end] !== '?') end++;
  const head = s.slice(0, end);
  const lower = head.toLowerCase();
  return lower === head ? s : lower + s.slice(end);
}

const HOST = /^https?:\/\/(?:[^/?#@]*@)?(?:www\.)?([^/?#:]+)/i;

/** `https://www.cnn.com/x` → `cnn.com` (what createClaim derives, without a URL parse per source). */
export function hostOf(url: string): string {
  return HOST.exec(url)?.[1].toLowerCase() ?? '';
}

/** `{ "publisher": { "name": "CNN" } }` → `CNN`; anything else → ''. */
export function publisherName(p: unknown): string {
  const first = Array.isArray(p) ? p[0] : p;
  if (typeof first === 'string') return first.trim().slice(0, 300);
  return isObject(first) && typeof first.name === 'string' ? first.name.trim().slice(0, 300) : '';
}

export function readableUrl(node: unknown): string | undefined {
  return isObject(node) && typeof node.url === 'string' && node.url.length <= 500 ? node.url : undefined;
}
