import { AliasName, PromptName } from "./schemas";

/** A prompt URI read: `prompts:/name/3`, `prompts:/name@alias`, `prompts:/name@latest`. */
export type PromptUri = { name: string; version: number } | { name: string; alias: string };

const URI = /^prompts:\/([^/@]+)(?:\/([1-9]\d{0,8})|@([^/@]+))$/;

/** The URI's parts, or null when it is not a prompt URI (names and aliases checked as the API checks them). */
export function parsePromptUri(uri: string): PromptUri | null {
  const m = URI.exec(uri.trim());
  if (!m || !PromptName.safeParse(m[1]).success) return null;
  if (m[2] !== undefined) return { name: m[1] ?? "", version: Number(m[2]) };
  return AliasName.safeParse(m[3]).success ? { name: m[1] ?? "", alias: m[3] ?? "" } : null;
}
