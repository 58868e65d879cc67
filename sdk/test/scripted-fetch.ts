import { SightlineClient } from "../src/index.ts";

export type Handler = (
  method: string,
  path: string,
  body: string | undefined,
) => Response | Promise<Response>;

export const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** A client of project `projectId` whose requests `handle` answers; `calls` lists them as "METHOD path". */
export function scripted(projectId: string, handle: Handler) {
  const calls: string[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const path = `${url.pathname}${url.search}`;
    calls.push(`${init?.method ?? "GET"} ${path}`);
    return handle(init?.method ?? "GET", path, init?.body as string | undefined);
  };
  const client = new SightlineClient({
    apiKey: "sl_f",
    baseUrl: "http://sightline.test",
    projectId,
    fetch: fetch as typeof globalThis.fetch,
    requestTimeoutMs: 1_000,
    onError: () => undefined,
  });
  return { client, calls };
}
