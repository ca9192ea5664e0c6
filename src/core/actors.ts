// Actors: finding them by id, name or alias, and creating them on demand with a unique slug id.
import type { ReadView, WriteTx } from '../../store/types.ts';
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
