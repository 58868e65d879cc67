/** Time source passed into services so tests can control it. */
export type Clock = { now(): number };

export const systemClock: Clock = { now: () => Date.now() };
