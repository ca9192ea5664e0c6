// Claim ids (`C12`) as people type them. One place, so `/claim status`, `/claim set` and `/claim watch`
// accept the same spellings.

/** `c12`, ` C12 `, `#C12` → `C12`; anything else → undefined. */
export function parseClaimId(input: string | undefined | null): string | undefined {
  const m = /^#?c(\d{1,12})$/i.exec((input ?? '').trim());
  return m ? claimId(Number(m[1])) : undefined;
}

/** The id of the n-th claim: `C12`. */
export function claimId(n: number): string {
  return `C${n}`;
}
