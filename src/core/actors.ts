// Actors: finding them by id, name or alias, and creating them on demand with a unique slug id.
import anyAscii from 'any-ascii';
import type { ReadView, WriteTx } from './store-port.ts';
import { UserError } from './errors.ts';
import { clean, nameKey, short } from './text.ts';
import type { Actor } from './types.ts';

// any-ascii writes one capitalised syllable per Han or Hangul character with no space (`李强` → `LiQiang`):
// spaced out, each syllable becomes a word of the slug (`li-qiang`).
const SYLLABIC = /[\p{Script=Han}\p{Script=Hangul}]/u;

/**
 * A readable ASCII slug of a name in any script, by transliteration (any-ascii): `Stephen Miller` →
 * `stephen-miller`, `Владимир Путин` → `vladimir-putin`, `李强` → `li-qiang`, `وزير المالية` → `wzyr-lmlyh`.
 * Never empty. Only a proposal for a new id: two names may share a slug, so ensureActor makes ids unique and
 * nothing ever looks an actor up by the slug of a name.
 */
export function slugify(name: string): string {
  let ascii = '';
  for (const ch of name) ascii += SYLLABIC.test(ch) ? ` ${anyAscii(ch)} ` : anyAscii(ch);
  const s = ascii
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return s || 'actor';
}

// Titles and honorifics written before a name: `by: Mr. Trump` is the actor with the alias Trump.
const TITLES = [
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'sen', 'senator', 'rep', 'representative', 'gov',
  'governor', 'president', 'pres', 'vice president', 'vp', 'prime minister', 'pm', 'secretary', 'sec', 'minister',
  'mayor', 'judge', 'justice', 'gen', 'general', 'col', 'colonel', 'lt', 'capt', 'captain', 'sgt', 'adm', 'admiral',
  'rev', 'reverend', 'sir', 'dame', 'lord', 'lady', 'hon', 'speaker', 'chancellor', 'king', 'queen', 'prince',
  'princess', 'pope', 'rabbi', 'imam', 'sheikh', 'ambassador', 'amb', 'attorney general', 'commissioner',
  'councillor', 'councilman', 'councilwoman', 'sheriff', 'former', 'ex', 'the',
];
const TITLE = new RegExp(`^(?:${TITLES.sort((a, b) => b.length - a.length).join('|')})\\.?(?:\\s+|-(?=\\p{L}))`, 'u');

/** `Mr. Trump` → `trump`, `former President Trump` → `trump` (nameKey form); the name itself when all title. */
export function withoutTitles(name: string): string {
  let k = nameKey(name);
  for (let m = TITLE.exec(k); m && m[0].length < k.length; m = TITLE.exec(k)) k = k.slice(m[0].length);
  return k;
}

/**
 * By id (any case, when it has a hyphen or digit), then by name or alias compared by nameKey (NFKC + Unicode case folding), then the same
 * with titles left out (`Mr. Trump` → the actor named or aliased `Trump`). Never by anything looser: an
 * unsure match is a "did you mean" (suggestActor), not an answer.
 */
export function findActor(view: ReadView, nameOrId: string): Actor | undefined {
  const q = clean(nameOrId);
  if (!q) return undefined;
  // only an id written as one (`stephen-miller`, `actor-2`): a one-word id is the transliteration of a name, and
  // `Jose` or `muller` typed as a name must not find José (id jose) or Müller (id muller)
  const byId = /[-\d]/.test(q) ? view.get('actors', q.toLowerCase()) : undefined;
  const exact = byId ?? view.byIndex('actors', 'byName', nameKey(q))[0];
  if (exact) return exact;
  const bare = withoutTitles(q);
  return bare !== nameKey(q) ? view.byIndex('actors', 'byName', bare)[0] : undefined;
}

/**
 * The actor `name` probably means when findActor found none, among `candidates` (e.g. search results): a
 * near miss of a name or alias (`Stephen Millr`), or the surname of a name once titles are left out
 * (`Dr. Smith` ~ Jane Smith). Only a suggestion: the caller says "did you mean".
 */
export function suggestActor(candidates: Actor[], name: string): Actor | undefined {
  const bare = withoutTitles(name);
  const typed = nameKey(name);
  return candidates.find((a) =>
    [a.name, ...a.aliases].some((n) => {
      const k = nameKey(n);
      return nearMiss(typed, k) || nearMiss(bare, k) || k.split(' ').at(-1) === bare;
    }),
  );
}

/** Typed `a` looks like a typo of `b`: an edit distance of at most a quarter of the length (at least 1). */
export function nearMiss(a: string, b: string): boolean {
  const x = [...a];
  const y = [...b];
  const max = Math.max(1, Math.floor(Math.max(x.length, y.length) / 4));
  if (Math.abs(x.length - y.length) > max) return false;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[y.length] <= max;
}

/** The existing actor for `name` (id, name or alias), else a new one with a unique slug. */
export function ensureActor(
  tx: WriteTx,
  name: string,
  now: string,
  init: Partial<Pick<Actor, 'role' | 'aliases' | 'kind'>> = {},
): Actor {
  const found = findActor(tx, name);
  if (found) return found;
  const base = slugify(name);
  // a name with no transliteration (`★★★`) gets a numbered id, never the plain word `actor`, which someone
  // may type as a name and would then find by id
  let id = base === 'actor' && nameKey(name) !== 'actor' ? 'actor-1' : base;
  for (let i = 2; tx.get('actors', id); i++) id = `${base}-${i}`;
  return tx.put('actors', {
    id,
    name: name.trim(),
    role: init.role ?? '',
    aliases: init.aliases ?? [],
    kind: init.kind ?? 'unknown',
    createdAt: now,
    updatedAt: now,
  });
}

export interface ActorPatch {
  name: string;
  role?: string;
  aliases?: string[];
  kind?: Actor['kind'];
}

/**
 * `/actor add`: create the actor, or update the existing one (found by id, name or alias): a role given
 * replaces the role, aliases given are added. An alias that already names another actor is refused, except
 * that an unknown name that transliterates to an existing actor's name, and gives that name as an alias, is
 * that actor renamed: after `/claim add … by: 李强` (id `li-qiang`), `/actor add Li Qiang aliases: 李强` names
 * the same person, who keeps 李强 as an alias. (`/actor add Greg Bovino aliases: Stephen Miller` is refused.)
 */
export function upsertActor(
  tx: WriteTx,
  patch: ActorPatch,
  now: string,
): { actor: Actor; created: boolean; changed: boolean; renamedFrom?: string } {
  let existing = findActor(tx, patch.name);
  let rename = false;
  if (!existing) {
    const owners = new Set((patch.aliases ?? []).map((a) => findActor(tx, a)).filter((a): a is Actor => !!a));
    const [only] = owners;
    if (owners.size === 1 && slugify(patch.name) === slugify(only.name) && (patch.aliases ?? []).some((a) => nameKey(a) === nameKey(only.name))) {
      existing = only;
      rename = true;
    }
  }
  const selfId = existing?.id;
  const name = rename ? patch.name : (existing?.name ?? patch.name);
  const aliases = (patch.aliases ?? []).filter((a) => nameKey(a) !== nameKey(name));
  for (const a of aliases) {
    const other = findActor(tx, a);
    if (other && other.id !== selfId) {
      throw new UserError(
        `The alias "${a}" already names ${other.name} (${other.id}); nothing changed.`,
        `To give ${other.name} more names: /actor add ${other.id} aliases: …`,
      );
    }
  }
  if (!existing) {
    const actor = ensureActor(tx, patch.name, now, { role: patch.role ?? '', aliases, kind: patch.kind });
    return { actor, created: true, changed: true };
  }
  const known = new Set(existing.aliases.map(nameKey));
  const merged = [...existing.aliases, ...aliases.filter((a) => !known.has(nameKey(a)))].filter((a) => nameKey(a) !== nameKey(name));
  const role = patch.role !== undefined && patch.role !== '' ? patch.role : existing.role;
  const changed =
    rename || role !== existing.role || merged.length !== existing.aliases.length || (patch.kind !== undefined && patch.kind !== existing.kind);
  if (!changed) return { actor: existing, created: false, changed: false };
  const actor = tx.put(
    'actors',
    { ...existing, name, role, aliases: merged, ...(patch.kind ? { kind: patch.kind } : {}), updatedAt: now },
    { expectVersion: existing.version },
  );
  return { actor, created: false, changed: true, ...(rename ? { renamedFrom: existing.name } : {}) };
}

/** The actor, or a UserError that says none matched (and which one was probably meant, from `candidates`). */
export function requireActor(view: ReadView, nameOrId: string, candidates: Actor[] = []): Actor {
  const a = findActor(view, nameOrId);
  if (a) return a;
  const guess = suggestActor(candidates, nameOrId);
  if (guess) throw new UserError(`No actor is called "${short(nameOrId)}". Did you mean ${guess.name} (${guess.id})?`);
  throw new UserError(`No actor is called "${short(nameOrId)}".`, 'Add one with /actor add <name> [role: <text>].');
}

/** Display name for an actor id (the id itself when the actor is gone). */
export function actorName(view: ReadView, id: string): string {
  return view.get('actors', id)?.name ?? id;
}
