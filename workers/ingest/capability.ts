import { defineCapability } from "../capability";
import { attachPendingJob } from "./attach";
import { ingestRoutes } from "./routes";

/** OTLP/HTTP trace and log ingest. */
export const ingestCapability = defineCapability({
  name: "ingest",
  routes: [ingestRoutes],
  jobs: [attachPendingJob],
});
