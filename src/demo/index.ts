// The demo newsroom built from ../shared/seeds. STUB until the demo data lands.
import type { Desk } from '../core/desk.ts';

/** Loads the demo actors and claims; returns how many claims were loaded. */
export async function loadDemo(desk: Desk): Promise<number> {
  void desk;
  return 0;
}
