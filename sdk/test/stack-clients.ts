/**
 * SDK clients on the real local stack (stack-setup.ts), each on a new organization's project with
 * a key that ingests, reads and writes. Errors reported to onError are collected and must be none
 * at the end of each test; clients are shut down after it.
 */
import { afterEach, expect, inject } from "vitest";
import { signUpOnStack } from "../../scripts/stack-account.ts";
import { SightlineClient, type SightlineError } from "../src/index.ts";

export const baseUrl = inject("baseUrl");
const clients: SightlineClient[] = [];
const reported: SightlineError[] = [];
const keys = new WeakMap<SightlineClient, { key: string; projectId: string; cookie: string }>();

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.shutdown()));
  expect(reported.splice(0)).toEqual([]);
});

/** A client on a new organization's project. */
export async function newClient(label: string): Promise<SightlineClient> {
  const account = await signUpOnStack(baseUrl, label);
  const key = await account.key(["ingest", "write"]);
  const client = new SightlineClient({
    apiKey: key,
    baseUrl,
    flushIntervalMs: 50,
    requestTimeoutMs: 30_000,
    onError: (e) => reported.push(e),
  });
  clients.push(client);
  keys.set(client, { key, projectId: account.projectId, cookie: account.cookie });
  return client;
}

/** The client's key and project, for calls the SDK does not make. */
export function credentialsOf(client: SightlineClient) {
  const found = keys.get(client);
  if (!found) throw new Error("not a client made by newClient()");
  return found;
}

/** GETs a path below the client's project with its key; the JSON answer, or undefined for a 404. */
export async function getInProject<T>(client: SightlineClient, path: string): Promise<T | undefined> {
  const { key, projectId } = credentialsOf(client);
  const res = await fetch(`${baseUrl}/api/v1/projects/${projectId}${path}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Waits until the API has stored a trace the client exported, and answers it. */
export async function waitForTrace<T = unknown>(client: SightlineClient, traceId: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const trace = await getInProject<T>(client, `/traces/${traceId}`);
    if (trace !== undefined) return trace;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`trace ${traceId} was not stored within 10 s`);
}
