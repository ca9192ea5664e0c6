// The templates (eta, escaping every interpolation by default), the stylesheet, and what each page shares.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import { STATUS_META } from '../core/statuses.ts';
import type { Status } from '../core/types.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const viewsDir = join(here, 'views');

export interface Site {
  /** PUBLIC_URL without a trailing slash: the base of every link */
  base: string;
  /** its path ('' or `/factchecks`), stripped from incoming requests */
  basePath: string;
  name: string;
  orgUrl?: string;
  /** changes when the templates, the stylesheet or the settings do: part of every ETag */
  stamp: string;
}

export function makeSite(publicUrl: string, org: { name: string; url?: string }): Site {
  const base = publicUrl.replace(/\/+$/, '');
  const basePath = new URL(base).pathname.replace(/\/+$/, '');
  const hash = createHash('sha1').update(JSON.stringify([base, org.name, org.url ?? '']));
  for (const f of readdirSync(viewsDir).sort()) hash.update(readFileSync(join(viewsDir, f)));
  hash.update(stylesheet());
  return { base, basePath, name: org.name, ...(org.url ? { orgUrl: org.url } : {}), stamp: hash.digest('base64url').slice(0, 10) };
}

// autoEscape is eta's default; set here so nobody turns it off unknowingly. Raw output (`<%~`) is used only
// for other rendered templates and for JSON-LD made safe by scriptJson().
export const eta = new Eta({ views: viewsDir, autoEscape: true, cache: true, defaultExtension: '.eta' });

let css: string | undefined;
/** style.css plus one rule per status, with the chat cards' colour and a text colour that stays readable. */
export function stylesheet(): string {
  if (css) return css;
  const rules = (Object.keys(STATUS_META) as Status[]).map((s) => {
    const hex = STATUS_META[s].color.toString(16).padStart(6, '0');
    return `.st-${s} { background: #${hex}; color: ${lightColour(STATUS_META[s].color) ? '#111' : '#fff'}; }`;
  });
  css = `${readFileSync(join(here, 'style.css'), 'utf8')}${rules.join('\n')}\n`;
  return css;
}

/** True when dark text has more contrast on this colour than white (WCAG relative luminance). */
function lightColour(rgb: number): boolean {
  const lin = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin((rgb >> 16) & 255) + 0.7152 * lin((rgb >> 8) & 255) + 0.0722 * lin(rgb & 255);
  return l > 0.18; // where #111 and white give the same contrast ratio
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
export function humanDate(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? dateFormat.format(t) : iso;
}

export function verdictBadge(s: Status): { status: Status; label: string } {
  return { status: s, label: STATUS_META[s].label };
}
