import { OpenAPIHono } from "@hono/zod-openapi";
import { diagnosticsRoutes } from "./diagnostics/routes";
import { healthRoutes } from "./health/routes";
import { APP_VERSION } from "./health/service";
import { ApiError } from "./lib/errors";
import { onError, onNotFound } from "./platform/errors";
import type { HonoEnv } from "./platform/hono-env";
import { jsonBody, requestId, services } from "./platform/middleware";
import { renderApiReference } from "./platform/reference";

/** Cap on JSON API bodies; OTLP ingest documents its own. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

export function createApp() {
  const app = new OpenAPIHono<HonoEnv>({
    // zod failures in params, query or body become the one error body (422).
    defaultHook: (result) => {
      if (!result.success)
        throw ApiError.fromZod(result.error, result.target === "json" ? "body" : result.target);
    },
  });

  app.use("*", requestId());
  app.use("/api/*", services());
  app.use("/v1/*", services());
  app.use("/api/*", jsonBody({ maxBytes: MAX_JSON_BODY_BYTES }));

  app.route("/", healthRoutes);
  app.route("/", diagnosticsRoutes);

  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Sightline API",
      version: APP_VERSION,
      description:
        "Tracing, evaluation and monitoring for LLM applications. Every error answers " +
        "`{ error: { code, message, requestId } }`.",
    },
  });
  app.get("/api/reference", (c) =>
    c.html(
      renderApiReference(
        app.getOpenAPI31Document({
          openapi: "3.1.0",
          info: { title: "Sightline API", version: APP_VERSION },
        }),
      ),
    ),
  );

  app.notFound(onNotFound);
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;
