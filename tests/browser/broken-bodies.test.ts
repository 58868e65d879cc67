/**
 * Bodies that break off on the wire (issue 10, defect 8): a malformed chunked encoding or a body
 * shorter than its Content-Length made the Worker answer 503 "database unavailable" while the
 * database was fine. Sent over a raw socket to the real stack (workerd's HTTP parser), so the
 * failure is the one a real client causes.
 */
import { connect } from "node:net";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { signUpOnStack } from "../../scripts/stack-account.ts";

const baseUrl = inject("baseUrl");

/** Sends `head` + `body` as written, half-closes, and returns the status line's code (or null: no answer). */
function rawRequest(head: string[], body: string): Promise<{ status: number | null; text: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.write(`${head.join("\r\n")}\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n${body}`);
      socket.end();
    });
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    socket.on("error", reject);
    socket.on("close", () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1];
      resolve({ status: status ? Number(status) : null, text: received });
    });
    socket.setTimeout(15_000, () => socket.destroy(new Error("no answer within 15 s")));
  });
}

let key = "";

beforeAll(async () => {
  key = await (await signUpOnStack(baseUrl, "bodies")).key(["ingest"]);
});

const targets = [
  { name: "OTLP ingest", head: () => ["POST /v1/traces HTTP/1.1", `Authorization: Bearer ${key}`] },
  { name: "the JSON API", head: () => ["POST /api/v1/auth/login HTTP/1.1", `Origin: ${baseUrl}`] },
];

describe("a request body that breaks off", () => {
  for (const target of targets) {
    it(`is the client's error on ${target.name}: 400 (or no answer), never a 5xx`, async () => {
      const chunked = await rawRequest(
        [...target.head(), "Content-Type: application/json", "Transfer-Encoding: chunked"],
        '5\r\n{"res\r\nZZZ-not-a-chunk-size\r\n',
      );
      const truncated = await rawRequest(
        [...target.head(), "Content-Type: application/json", "Content-Length: 500"],
        '{"resourceSpans": [',
      );
      for (const [what, res] of [
        ["malformed chunked encoding", chunked],
        ["body shorter than its Content-Length", truncated],
      ] as const) {
        if (res.status !== null) {
          expect(res.status, `${what}: ${res.text.slice(0, 400)}`).toBe(400);
          expect(res.text, what).toContain('"code":"BAD_REQUEST"');
        }
      }
      // At least one of the two reaches the Worker's body read and is answered.
      expect([chunked.status, truncated.status]).toContain(400);
      // And the database was fine all along.
      expect((await fetch(`${baseUrl}/api/health`)).status).toBe(200);
    });
  }
});
