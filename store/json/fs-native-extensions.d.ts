// The part of fs-native-extensions (no types of its own) that the lock uses.
declare module 'fs-native-extensions' {
  /** Try to take a lock on the whole file (exclusive unless `shared`); false when another holder has it. */
  export function tryLock(fd: number, opts?: { shared?: boolean }): boolean;
  export function unlock(fd: number): void;
  const fsx: { tryLock: typeof tryLock; unlock: typeof unlock };
  export default fsx;
}
