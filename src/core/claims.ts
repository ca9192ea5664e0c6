// Claims: creation and the edits every entry point shares (commands, flagging, demo, import).
import type { WriteTx } from '../../store/types.ts';
import type { Claim, Origin, Source, Status } from './types.ts';

export interface Author {
  key: string;
  name: string;
}

export interface NewClaim {
  text: string;
  /** actor id */
  claimant: string;
  subjects?: string[];
  tags?: string[];
  sources?: Array<Pick<Source, 'url'> & Partial<Pick<Source, 'outlet' | 'note'>>>;
  /** default `unverified` */
  status?: Status;
  /** note of the creation history entry */
  note?: string;
  origin?: Origin;
  externalRating?: string;
  /** ISO time; default `now` */
  createdAt?: string;
}

/** `https://www.cnn.com/x` → `cnn.com`; anything unparsable → ''. */
export function outletFromUrl(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

/** Allocates the next `C<n>` id and stores the claim with its creation history entry (null → status). */
export function createClaim(tx: WriteTx, input: NewClaim, by: Author, now: string): Claim {
  const id = `C${tx.nextId('claim')}`;
  const at = input.createdAt ?? now;
  const status = input.status ?? 'unverified';
  return tx.put('claims', {
    id,
    text: input.text,
    status,
    claimant: input.claimant,
    subjects: [...new Set((input.subjects ?? []).filter((s) => s !== input.claimant))],
    tags: input.tags ?? [],
    sources: (input.sources ?? []).map((s) => ({
      url: s.url,
      outlet: s.outlet || outletFromUrl(s.url),
      note: s.note ?? '',
      addedAt: at,
      addedBy: by.key,
    })),
    history: [{ at, by: by.key, byName: by.name, from: null, to: status, note: input.note ?? '' }],
    ...(input.origin ? { origin: input.origin } : {}),
    ...(input.externalRating ? { externalRating: input.externalRating } : {}),
    flagCount: 0,
    createdAt: at,
    updatedAt: at,
  });
}
