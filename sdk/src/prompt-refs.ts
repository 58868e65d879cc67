/**
 * Which prompt version a call names: a URI (`prompts:/name/3`, `prompts:/name@production`,
 * `prompts:/name@latest`) or a name with `{ version }` or `{ alias }` (neither: `latest`). The
 * name, alias and URI rules are copies of the server's (workers/prompts/schemas.ts and uri.ts),
 * checked against them by scripts/sdk-sync.test.ts, so a bad reference fails before any request.
 */
import { invalidInput } from "./api.ts";
import { shown } from "./assessments.ts";

/** A reference read: the canonical URI (the cache key) and its parts. */
export type PromptRef =
  | { uri: string; name: string; version: number; alias?: undefined }
  | { uri: string; name: string; alias: string; version?: undefined };

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const ALIAS = /^[A-Za-z0-9_.-]{1,64}$/;
const NOT_ONLY_DOTS = /[A-Za-z0-9_-]/;
/** Path segments that are routes of their own on the server. */
const RESERVED_NAMES = new Set(["resolve"]);
const URI = /^prompts:\/([^/@]+)(?:\/([1-9]\d{0,8})|@([^/@]+))$/;

export const isPromptName = (name: unknown): name is string =>
  typeof name === "string" && NAME.test(name) && NOT_ONLY_DOTS.test(name) && !RESERVED_NAMES.has(name);

export const isAliasName = (alias: unknown): alias is string =>
  typeof alias === "string" && ALIAS.test(alias) && NOT_ONLY_DOTS.test(alias);

const isVersion = (version: unknown): version is number =>
  typeof version === "number" && Number.isInteger(version) && version >= 1 && version <= 999_999_999;

/** The parts of a prompt URI, or null when it is not one (the server's rule). */
export function parsePromptUri(uri: string): PromptRef | null {
  const m = URI.exec(uri.trim());
  if (!m || !isPromptName(m[1])) return null;
  const name = m[1];
  if (m[2] !== undefined) return numberedRef(name, Number(m[2]));
  return isAliasName(m[3]) ? aliasRef(name, m[3]) : null;
}

export const numberedRef = (name: string, version: number): PromptRef => ({
  uri: `prompts:/${name}/${version}`,
  name,
  version,
});

const aliasRef = (name: string, alias: string): PromptRef => ({
  uri: `prompts:/${name}@${alias}`,
  name,
  alias,
});

/**
 * Reads `get()`'s first two arguments. A URI already names its version or alias, so giving one
 * again in the options is refused rather than guessed at.
 */
export function promptRefOf(
  call: string,
  ref: unknown,
  options: { version?: unknown; alias?: unknown },
): PromptRef {
  if (typeof ref !== "string" || ref === "")
    throw invalidInput(call, `the prompt must be a URI (prompts:/name@alias) or a name, got ${shown(ref)}`);
  const { version, alias } = options;
  if (version !== undefined && alias !== undefined)
    throw invalidInput(call, "give a version or an alias, not both");
  if (ref.startsWith("prompts:")) {
    const parsed = parsePromptUri(ref);
    if (!parsed)
      throw invalidInput(
        call,
        `${shown(ref)} is not a prompt URI (prompts:/name/3, prompts:/name@production, prompts:/name@latest)`,
      );
    if (version !== undefined || alias !== undefined)
      throw invalidInput(call, `${shown(ref)} already names its version; leave out version and alias`);
    return parsed;
  }
  if (!isPromptName(ref))
    throw invalidInput(
      call,
      `${shown(ref)} is not a prompt name (1–100 letters, digits, '-', '_' or '.') nor a prompt URI`,
    );
  if (version !== undefined) {
    if (!isVersion(version))
      throw invalidInput(call, `version must be a version number (1, 2, 3 …), got ${shown(version)}`);
    return numberedRef(ref, version);
  }
  if (alias === undefined) return aliasRef(ref, "latest");
  if (!isAliasName(alias))
    throw invalidInput(call, `alias must be 1–64 letters, digits, '-', '_' or '.', got ${shown(alias)}`);
  return aliasRef(ref, alias);
}
