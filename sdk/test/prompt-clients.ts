/**
 * SDK clients for the prompt tests, on the real local stack (stack-setup.ts): each test signs up
 * its own organization, with a key that may ingest, write and move aliases (`admin`). A client may
 * go through a SwitchableProxy; what it reports to onError is kept per client for the test to read.
 */
import { afterEach, inject } from "vitest";
import { signUpOnStack } from "../../scripts/stack-account.ts";
import { SightlineClient, type SightlineError } from "../src/index.ts";

export const baseUrl = inject("baseUrl");
const clients: SightlineClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.shutdown()));
});

export interface PromptTestClient {
  client: SightlineClient;
  reported: SightlineError[];
  key: string;
  projectId: string;
  /** Another client on the same project and key (its own cache), optionally through `via`. */
  another(options?: AnotherOptions): PromptTestClient;
}

interface AnotherOptions {
  via?: string;
  ttlMs?: number;
  waitUntil?: (promise: Promise<unknown>) => void;
}

function make(key: string, projectId: string, url: string, options: AnotherOptions = {}): PromptTestClient {
  const reported: SightlineError[] = [];
  const client = new SightlineClient({
    apiKey: key,
    baseUrl: url,
    projectId,
    flushIntervalMs: 50,
    requestTimeoutMs: 5_000,
    promptCacheTtlMs: options.ttlMs,
    waitUntil: options.waitUntil,
    onError: (e) => reported.push(e),
  });
  clients.push(client);
  return {
    client,
    reported,
    key,
    projectId,
    another: (more = {}) => make(key, projectId, more.via ?? baseUrl, more),
  };
}

/** A client on a new organization's project, straight to the stack. */
export async function promptClient(label: string): Promise<PromptTestClient> {
  const account = await signUpOnStack(baseUrl, label);
  return make(await account.key(["ingest", "admin"]), account.projectId, baseUrl);
}
