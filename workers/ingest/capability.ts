import { defineCapability } from "../capability";
import { ingestRoutes } from "./routes";

/** OTLP/HTTP trace ingest. */
export const ingestCapability = defineCapability({
  name: "ingest",
  routes: [ingestRoutes],
});
