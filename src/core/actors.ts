// Actors: finding them by id, name or alias, and creating them on demand with a unique slug id.
import anyAscii from 'any-ascii';
import type { ReadView, WriteTx } from '../../store/types.ts';
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

/** By id (any case), then by name or alias compared by nameKey (NFKC + Unicode case folding). */
export function findActor(view: ReadView, nameOrId: string): Actor | undefined {
  const q = clean(nameOrId);
  if (!q) return undefined;
  return view.get('actors', q.toLowerCase()) ?? view.byIndex('actors', 'byName', nameKey(q))[0];
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
  let id = base;
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

/** The actor, or a UserError that says none matched. */
export function requireActor(view: ReadView, nameOrId: string): Actor {
  const a = findActor(view, nameOrId);
  if (!a) throw new UserError(`No actor is called "${short(nameOrId)}".`, 'Add one with /actor add <name> [role: <text>].');
  return a;
}

/** Display name for an actor id (the id itself when the actor is gone). */
export function actorName(view: ReadView, id: string): string {
  return view.get('actors', id)?.name ?? id;
}
