// Digest schedules as users write them, and the pure time arithmetic the scheduler needs.
//   daily 09:00 | weekly mon 09:00 | cron 0 9 * * 1-5 | off | now      tz: Europe/Berlin
// Due times are computed here (not by node-cron) so that tests can run them against a fake clock.
import cron from 'node-cron';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export type ScheduleCommand = { kind: 'set'; spec: string; cron: string } | { kind: 'off' } | { kind: 'now' };

export const SCHEDULE_USAGE = '/claim digest <daily HH:MM | weekly <day> HH:MM | cron <expr> | off | now> [tz: <zone>]';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FULL_DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function parseTime(text: string | undefined): { h: number; m: number } | undefined {
  const m = /^(\d{1,2})[:.h](\d{2})$/.exec((text ?? '').trim());
  if (!m) return undefined;
  const h = Number(m[1]), min = Number(m[2]);
  return h <= 23 && min <= 59 ? { h, m: min } : undefined;
}

const hhmm = (t: { h: number; m: number }) => `${String(t.h).padStart(2, '0')}:${String(t.m).padStart(2, '0')}`;

export function parseScheduleSpec(input: string | undefined): Parsed<ScheduleCommand> {
  const text = (input ?? '').trim().replace(/\s+/g, ' ');
  if (!text) return { ok: false, error: 'Say when: daily 09:00, weekly mon 09:00, cron <expr>, off or now.' };
  const [word, ...rest] = text.split(' ');
  switch (word!.toLowerCase()) {
    case 'off':
    case 'now':
      if (rest.length) return { ok: false, error: `"${word}" takes nothing after it.` };
      return { ok: true, value: { kind: word!.toLowerCase() as 'off' | 'now' } };
    case 'daily': {
      const t = parseTime(rest[0]);
      if (!t || rest.length !== 1) return { ok: false, error: `"${rest.join(' ')}" is not a time; write daily HH:MM, e.g. daily 09:00.` };
      return { ok: true, value: { kind: 'set', spec: `daily ${hhmm(t)}`, cron: `${t.m} ${t.h} * * *` } };
    }
    case 'weekly': {
      const day = (rest[0] ?? '').toLowerCase();
      const d = DAYS.indexOf(day.slice(0, 3));
      if (d < 0 || (day.length > 3 && FULL_DAYS[d] !== day)) {
        return { ok: false, error: `"${rest[0] ?? ''}" is not a day; write weekly <mon…sun> HH:MM, e.g. weekly mon 09:00.` };
      }
      const t = parseTime(rest[1]);
      if (!t || rest.length !== 2) return { ok: false, error: `"${rest.slice(1).join(' ')}" is not a time; write weekly ${DAYS[d]} HH:MM.` };
      return { ok: true, value: { kind: 'set', spec: `weekly ${DAYS[d]} ${hhmm(t)}`, cron: `${t.m} ${t.h} * * ${d}` } };
    }
    case 'cron': {
      const expr = rest.join(' ');
      if (rest.length !== 5) {
        return { ok: false, error: `A cron expression has 5 fields (minute hour day-of-month month day-of-week), e.g. cron 0 9 * * 1-5; got "${expr}".` };
      }
      if (!cron.validate(expr)) {
        const why = cron.validateDetailed(expr).errors.map((e) => e.message).join('; ');
        return { ok: false, error: `"${expr}" is not a valid cron expression${why ? `: ${why}` : ''}.` };
      }
      if (nextDueAfter(expr, 'UTC', new Date(0)) === null) return { ok: false, error: `"${expr}" never happens.` };
      return { ok: true, value: { kind: 'set', spec: `cron ${expr}`, cron: expr } };
    }
    default:
      return { ok: false, error: `"${word}" is not a schedule; use daily, weekly, cron, off or now.` };
  }
}

/** The canonical IANA name (`europe/berlin` → `Europe/Berlin`), or an error naming the bad zone. */
export function parseTimeZone(input: string): Parsed<string> {
  const tz = input.trim();
  if (!tz) return { ok: false, error: 'The time zone is empty; use an IANA name like Europe/Berlin or UTC.' };
  try {
    return { ok: true, value: new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone };
  } catch {
    return { ok: false, error: `"${tz}" is not a time zone; use an IANA name like Europe/Berlin, America/New_York or UTC.` };
  }
}

// ---- due times ----

interface Local {
  y: number; mo: number; d: number; h: number; mi: number;
}

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function localOf(t: number, tz: string): Local {
  let f = fmtCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    fmtCache.set(tz, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(t))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { y: p.year!, mo: p.month!, d: p.day!, h: p.hour! % 24, mi: p.minute! };
}

/** UTC offset (ms) of `tz` at instant t. */
function offsetAt(t: number, tz: string): number {
  const l = localOf(t, tz);
  return Date.UTC(l.y, l.mo - 1, l.d, l.h, l.mi) - Math.floor(t / 60_000) * 60_000;
}

/**
 * The first instant whose wall time in `tz` is the given one. undefined when that wall time does not
 * exist (skipped by a spring-forward DST change; node-cron does not fire then either). When it occurs
 * twice (fall-back), the earlier one: a digest is due once.
 */
export function zonedInstant(y: number, mo: number, d: number, h: number, mi: number, tz: string): number | undefined {
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let best: number | undefined;
  for (const probe of [wall - 86_400_000, wall, wall + 86_400_000]) {
    const t = wall - offsetAt(probe, tz);
    const l = localOf(t, tz);
    if (l.y === y && l.mo === mo && l.d === d && l.h === h && l.mi === mi && (best === undefined || t < best)) best = t;
  }
  return best;
}

type Fields = ReturnType<typeof cron.parse>;

function dayMatches(f: Fields, y: number, mo: number, d: number): boolean {
  if (!f.month.includes(mo)) return false;
  const dim = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  const domOk = f.dayOfMonth.some((v) => v === d || (v === 'L' && d === dim));
  if (!domOk) return false;
  const dow = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  return f.dayOfWeek.some((v) => {
    if (typeof v === 'number') return v % 7 === dow;
    const last = /^([0-7])L$/i.exec(v);
    if (last) return Number(last[1]) % 7 === dow && d + 7 > dim;
    const nth = /^([0-7])#([1-5])$/.exec(v);
    if (nth) return Number(nth[1]) % 7 === dow && Math.floor((d - 1) / 7) + 1 === Number(nth[2]);
    return false;
  });
}

const MAX_DAYS = 366 * 8; // covers `0 9 29 2 1` (Feb 29 on a Monday) and other rare days

/** Scan local days from now in `dir` and return the nearest slot satisfying `accept`. */
function scan(expr: string, tz: string, now: Date, dir: 1 | -1, accept: (t: number) => boolean): Date | null {
  const f = cron.parse(expr);
  const hours = [...f.hour].sort((a, b) => (a - b) * dir);
  const minutes = [...f.minute].sort((a, b) => (a - b) * dir);
  const start = localOf(now.getTime(), tz);
  const day = new Date(Date.UTC(start.y, start.mo - 1, start.d));
  for (let i = 0; i < MAX_DAYS; i++, day.setUTCDate(day.getUTCDate() + dir)) {
    const y = day.getUTCFullYear(), mo = day.getUTCMonth() + 1, d = day.getUTCDate();
    if (!dayMatches(f, y, mo, d)) continue;
    // Most days have one UTC offset around them: then a wall time is simply wall - offset. Only days near a
    // DST change take the careful path (gaps and repeated hours).
    const dayWall = Date.UTC(y, mo - 1, d);
    const before = offsetAt(dayWall - 15 * 3_600_000, tz);
    const fixed = before === offsetAt(dayWall + 39 * 3_600_000, tz) ? before : undefined;
    for (const h of hours) {
      for (const mi of minutes) {
        const t = fixed !== undefined ? Date.UTC(y, mo - 1, d, h, mi) - fixed : zonedInstant(y, mo, d, h, mi, tz);
        if (t !== undefined && accept(t)) return new Date(t);
      }
    }
  }
  return null;
}

/** The latest slot of the cron expression in `tz` at or before `now` (null if none in years). */
export function lastDueBefore(expr: string, tz: string, now: Date): Date | null {
  return scan(expr, tz, now, -1, (t) => t <= now.getTime());
}

/** The first slot strictly after `now`. */
export function nextDueAfter(expr: string, tz: string, now: Date): Date | null {
  return scan(expr, tz, now, 1, (t) => t > now.getTime());
}

/** `Mon 23 Nov 09:00 (Europe/Berlin)` */
export function formatLocal(d: Date, tz: string): string {
  const s = new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  return `${s.replace(',', '')} (${tz})`;
}
