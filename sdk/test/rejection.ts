import { expect } from "vitest";
import { SightlineError } from "../src/index.ts";

/** The SightlineError `promise` rejects with (the test fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<SightlineError> {
  const outcome = await promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(SightlineError);
  return outcome.error as SightlineError;
}
