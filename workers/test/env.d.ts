import type { Bindings } from "../env";

declare global {
  namespace Cloudflare {
    interface GlobalProps {
      mainModule: typeof import("../index");
    }
    interface Env extends Bindings {
      /** A server that accepts requests and never answers: a frozen database (test/global-setup.ts). */
      TEST_HANGING_DB_URL: string;
      /** The scripted OpenAI-compatible server's base URL, ending in /v1 (test/global-setup.ts). */
      TEST_OPENAI_URL: string;
      /** The webhook receiver's base URL (scripts/webhook-receiver.ts; test/global-setup.ts). */
      TEST_WEBHOOK_URL: string;
    }
  }
}
