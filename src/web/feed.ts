// The Atom feed: the latest verdicts and corrections, newest first, each linking to its claim page.
import type { ReadView } from '../core/store-port.ts';
import { shorten } from '../claimreview/export.ts';
import { actorName } from '../core/actors.ts';
import { STATUS_META } from '../core/statuses.ts';
import type { Claim } from '../core/types.ts';
import { publicHistory } from './public.ts';
import { eta, type Site } from './site.ts';

const ENTRIES = 50;

// What XML 1.0 forbids even as a character reference (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/F):
// a claim imported with one would make the whole feed unreadable to a feed reader, so they are dropped.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const xmlText = (s: string) => s.replace(NOT_XML, '');

export function feedXml(view: ReadView, site: Site, claims: Claim[], opts: { claimUrl: (id: string) => string; updated: string }): string {
  const entries = claims
    .flatMap((c) => {
      const name = actorName(view, c.claimant);
      return publicHistory(c).map((h, i) => {
        const label = STATUS_META[h.to].label;
        const text = xmlText(shorten(c.text, 100));
        return {
          at: h.at,
          id: `${opts.claimUrl(c.id)}#verdict-${i + 1}`,
          url: opts.claimUrl(c.id),
          status: h.to,
          label,
          title: h.correction ? `Correction: ${c.id} is now ${label} (was ${STATUS_META[h.from!].label}): ${text}` : `${label}: ${text}`,
          summary: xmlText(`${name} claimed: ${shorten(c.text, 300)} Verdict: ${label}.${h.note ? ` ${h.note}` : ''}`),
        };
      });
    })
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, ENTRIES);
  return eta.render('./feed', { site: { ...site, name: xmlText(site.name) }, entries, updated: entries[0]?.at ?? opts.updated });
}
