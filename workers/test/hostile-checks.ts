/**
 * How the hostile-input suites judge an answer: never a 5xx; every error is the one JSON error
 * body with the request's id; the status is the one the case owes; nothing answered holds a lone
 * UTF-16 surrogate (also inside JSON text stored in a string). Pure functions over Responses and
 * rows, so they are tested on their own (http/hostile.test.ts shows each one failing).
 */
import { ERROR_STATUS, type ErrorCode } from "../lib/errors";
import type { Expectation } from "./hostile-mutations";

export type Verdict = { status: number; failure: string | null; body: unknown };

const short = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * `text` with each lone surrogate written out as \uXXXX: failure reports quote what the API
 * answered, and a lone surrogate would break the test runner's own UTF-8 channel.
 */
export function printable(text: string): string {
  return text.replace(
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16)}`,
  );
}

/**
 * Where `value` holds strings that are not well-formed UTF-16, looking inside JSON text held in
 * strings too (stored payloads are JSON text). Except inside span attributes: they are kept as
 * sent, so an attribute whose string value is itself JSON text is the client's text, well-formed
 * as a string, and its escapes are not Sightline's to rewrite (what ingest reads from such text,
 * inputs, session ids, tags, is checked where it lands).
 */
export function illFormedStrings(value: unknown, at = "$"): string[] {
  const out: string[] = [];
  type Item = { node: unknown; at: string; reparse: boolean; verbatim: boolean };
  const stack: Item[] = [{ node: value, at, reparse: true, verbatim: false }];
  while (stack.length > 0 && out.length < 20) {
    const item = stack.pop();
    if (!item) break;
    const { node, verbatim } = item;
    if (typeof node === "string") {
      if (!node.isWellFormed()) out.push(`${item.at} = ${JSON.stringify(short(node, 60))}`);
      else if (item.reparse && !verbatim && /^\s*[[{"]/.test(node) && node.length < 2_000_000) {
        try {
          const inner = item.at.endsWith(".attributes");
          stack.push({ node: JSON.parse(node), at: `${item.at}(json)`, reparse: false, verbatim: inner });
        } catch {
          // Not JSON: the text itself was checked.
        }
      }
    } else if (Array.isArray(node)) {
      node.forEach((v, i) => {
        stack.push({ node: v, at: `${item.at}[${i}]`, reparse: true, verbatim });
      });
    } else if (node !== null && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) {
        if (!k.isWellFormed()) out.push(`${item.at} has key ${JSON.stringify(k)}`);
        stack.push({
          node: v,
          at: `${item.at}.${k}`,
          reparse: true,
          verbatim: verbatim || k === "attributes",
        });
      }
    }
  }
  return out;
}

/** What is wrong with an error answer, or null: `{ error: { code, message, requestId } }` and nothing else. */
export function errorBodyProblem(res: Response, text: string): string | null {
  if (!(res.headers.get("content-type") ?? "").includes("application/json"))
    return `error answer is ${res.headers.get("content-type")}, not JSON: ${short(text)}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `error answer is not JSON: ${short(text)}`;
  }
  const error = (body as { error?: Record<string, unknown> }).error;
  if (!error || Object.keys(body as object).join() !== "error")
    return `error answer is not { error }: ${short(text)}`;
  if (Object.keys(error).sort().join() !== "code,message,requestId")
    return `error body has fields ${Object.keys(error).join(", ")}`;
  const code = error.code as ErrorCode;
  if (ERROR_STATUS[code] !== res.status)
    return `code ${String(code)} does not belong to status ${res.status}`;
  if (typeof error.message !== "string" || error.message === "") return "error message is empty";
  const requestId = res.headers.get("x-request-id");
  if (!requestId || error.requestId !== requestId)
    return `requestId ${String(error.requestId)} does not match X-Request-Id ${requestId}`;
  return null;
}

/** The parsed JSON (or JSON Lines) of a 2xx answer, or null when it has no JSON. */
function successBody(res: Response, text: string): unknown {
  const type = res.headers.get("content-type") ?? "";
  if (type.includes("ndjson"))
    return text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  if (type.includes("json") && text !== "") return JSON.parse(text);
  return null;
}

const describe = (e: Expectation) =>
  e.kind === "error" ? `${e.statuses.join("/")} ${e.code ?? ""} (${e.why})` : `${e.kind} (${e.why})`;

/** Judges one answer against what the case owes; reads the body. */
export async function judge(res: Response, expect: Expectation): Promise<Verdict> {
  const text = new TextDecoder().decode(await res.arrayBuffer());
  const status = res.status;
  const fail = (failure: string, body: unknown = null): Verdict => ({ status, failure, body });
  if (status >= 500) return fail(`${status}: ${short(text)}`);
  if (status < 200 || (status >= 300 && status < 400)) return fail(`unexpected status ${status}`);
  if (status >= 400) {
    const problem = errorBodyProblem(res, text);
    if (problem) return fail(`${status} with a bad error body: ${problem}`);
    const body = JSON.parse(text) as { error: { code: string; message: string } };
    if (
      expect.kind === "error" &&
      (!expect.statuses.includes(status) || (expect.code !== undefined && expect.code !== body.error.code))
    )
      return fail(
        `expected ${describe(expect)}, got ${status} ${body.error.code}: ${short(body.error.message)}`,
      );
    const bad = illFormedStrings(body);
    return bad.length > 0
      ? fail(`error body holds lone surrogates: ${bad.join("; ")}`)
      : { status, failure: null, body };
  }
  if (expect.kind !== "any") return fail(`expected ${describe(expect)}, got ${status}: ${short(text)}`);
  let body: unknown;
  try {
    body = successBody(res, text);
  } catch {
    return fail(`${status} answer is not the JSON it says: ${short(text)}`);
  }
  const bad = illFormedStrings(body);
  return bad.length > 0
    ? fail(`${status} answer holds lone surrogates: ${bad.join("; ")}`, body)
    : { status, failure: null, body };
}

/** Tables whose rows differ between two `tenantRows` snapshots. */
export function changedTables(before: Record<string, unknown[]>, after: Record<string, unknown[]>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => JSON.stringify(before[n] ?? []) !== JSON.stringify(after[n] ?? [])).sort();
}

/** Rows (as `tenantRows` gives them) holding lone surrogates, as "table: where" lines. */
export function illFormedRows(rows: Record<string, unknown[]>): string[] {
  const out: string[] = [];
  for (const [table, list] of Object.entries(rows)) {
    for (const row of list) {
      const value = typeof row === "string" ? JSON.parse(row) : row;
      for (const where of illFormedStrings(value)) out.push(`${table}: ${where}`);
    }
  }
  return out;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Columns of rows read with `{ hex: true }` whose bytes are not UTF-8 (a lone surrogate stored
 * through SQLite's JSON functions): reading them as text aborts the local libSQL server, so
 * suites look for them this way before any read of the API.
 */
export function notUtf8Columns(hexRows: Record<string, unknown[]>): string[] {
  const out: string[] = [];
  for (const [table, list] of Object.entries(hexRows)) {
    for (const row of list) {
      for (const [column, hex] of Object.entries(JSON.parse(String(row)) as Record<string, string | null>)) {
        if (hex === null) continue;
        const bytes = new Uint8Array((hex.match(/../g) ?? []).map((h) => Number.parseInt(h, 16)));
        try {
          strictUtf8.decode(bytes);
        } catch {
          out.push(`${table}.${column} holds bytes that are not UTF-8: ${short(hex, 80)}`);
        }
      }
    }
  }
  return out;
}

/** Rejects after `ms`, so one hung request fails its case instead of the whole run. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs `work` over `items`, at most `limit` at a time. */
export async function inPool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
