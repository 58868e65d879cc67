import type { Bindings } from "../env";

declare global {
  namespace Cloudflare {
    interface GlobalProps {
      mainModule: typeof import("../index");
    }
    interface Env extends Bindings {}
  }
}
