import { SightlineClient } from "./client.ts";
import { SightlineError } from "./errors.ts";
import type { InitOptions } from "./options.ts";

let defaultClient: SightlineClient | undefined;
let fallbackClient: SightlineClient | undefined;

/**
 * Creates the client used by the module-level functions (and returns it). Calling init() again
 * replaces it; the previous client is flushed and shut down in the background.
 */
export function init(options: InitOptions): SightlineClient {
  const previous = defaultClient;
  defaultClient = new SightlineClient(options);
  if (previous) void previous.shutdown();
  return defaultClient;
}

/** The client made by init(); before init(), one that records spans but exports nothing. */
export function getClient(): SightlineClient {
  if (defaultClient) return defaultClient;
  if (!fallbackClient) {
    fallbackClient = new SightlineClient();
    fallbackClient.report(
      new SightlineError(
        "not_initialized",
        "init() has not been called: spans are recorded but not exported",
      ),
    );
  }
  return fallbackClient;
}
