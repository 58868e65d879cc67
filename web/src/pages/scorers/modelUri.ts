/**
 * A judge's model URI as the server checks it (workers/judges/parse.ts MODEL_URI, not imported:
 * that module brings zod into the bundle): `<provider>:/<model>`.
 */
const MODEL_URI = /^[a-z0-9][a-z0-9_-]{0,63}:\/.+$/;

/** What is wrong with a typed model URI, or null. */
export function modelProblem(model: string): string | null {
  return MODEL_URI.test(model) ? null : "Pick a model: <provider>:/<model>, as in openai:/gpt-4o-mini.";
}
