// Actors: finding them by id, name or alias, and creating them on demand with a unique slug id.
import type { ReadView, WriteTx } from '../../store/types.ts';
import { UserError } from './errors.ts';
import { short } from './text.ts';
import type { Actor } from './types.ts';

/** `Stephen Miller` → `stephen-miller`; accents folded; never empty. */
export function slugify(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return s || 'actor';
}

/** By id, then by name or alias (case-insensitive). */
export function findActor(view: ReadView, nameOrId: string): Actor | undefined {
  const q = nameOrId.trim();
  if (!q) return undefined;
  return view.get('actors', q.toLowerCase()) ?? view.get('actors', slugify(q)) ?? view.byIndex('actors', 'byName', q.toLowerCase())[0];
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
 * replaces the role, aliases given are added. An alias that already names another actor is refused.
 */
export function upsertActor(tx: WriteTx, patch: ActorPatch, now: string): { actor: Actor; created: boolean; changed: boolean } {
  const existing = findActor(tx, patch.name);
  const selfId = existing?.id;
  const aliases = (patch.aliases ?? []).filter((a) => a.toLowerCase() !== (existing?.name ?? patch.name).toLowerCase());
  for (const a of aliases) {
    const other = findActor(tx, a);
    if (other && other.id !== selfId) {
      throw new UserError(`The alias "${a}" already names ${other.name} (${other.id}); nothing changed.`);
    }
  }
  if (!existing) {
    const actor = ensureActor(tx, patch.name, now, { role: patch.role ?? '', aliases, kind: patch.kind });
    return { actor, created: true, changed: true };
  }
  const known = new Set(existing.aliases.map((a) => a.toLowerCase()));
  const merged = [...existing.aliases, ...aliases.filter((a) => !known.has(a.toLowerCase()))];
  const role = patch.role !== undefined && patch.role !== '' ? patch.role : existing.role;
  const changed = role !== existing.role || merged.length !== existing.aliases.length || (patch.kind !== undefined && patch.kind !== existing.kind);
  if (!changed) return { actor: existing, created: false, changed: false };
  const actor = tx.put(
    'actors',
    { ...existing, role, aliases: merged, ...(patch.kind ? { kind: patch.kind } : {}), updatedAt: now },
    { expectVersion: existing.version },
  );
  return { actor, created: false, changed: true };
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
