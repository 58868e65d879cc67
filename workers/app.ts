import { OpenAPIHono } from "@hono/zod-openapi";
import { authenticate } from "./auth/authenticate";
import { ingestKeys } from "./auth/key-cache";
import { CAPABILITIES } from "./capabilities";
import type { Capability } from "./capability";
import { APP_VERSION } from "./health/service";
import { onError, onNotFound } from "./http/errors";
import type { HonoEnv } from "./http/hono-env";
import { checkJsonBody, requestId, services } from "./http/middleware";
import { renderApiReference } from "./http/reference";
import { LANGFUSE_OTLP_PREFIX } from "./ingest/paths";
import { ApiError } from "./lib/errors";

/** Cap on JSON API bodies; OTLP ingest documents its own. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** The Hono app of `capabilities` (every capability by default): middleware, their routes, the docs. */
export function createApp(capabilities: readonly Capability[] = CAPABILITIES) {
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
  const jsonBodies = checkJsonBody({ maxBytes: MAX_JSON_BODY_BYTES });
  // OTLP ingest reads its own bodies (protobuf or JSON, gzip, its own caps), wherever it is served.
  const ownBodies = capabilities.flatMap((c) => c.ownBodies ?? []);
  app.use("/api/*", (c, next) =>
    c.req.path.startsWith(LANGFUSE_OTLP_PREFIX) || ownBodies.some((p) => p.test(c.req.path))
      ? next()
      : jsonBodies(c, next),
  );
  app.use("/api/v1/*", authenticate());
  // OTLP ingest re-checks its key inside the write transaction, so it may reuse recent lookups.
  app.use("/v1/*", authenticate({ keyCache: ingestKeys }));
  app.use(`${LANGFUSE_OTLP_PREFIX}*`, authenticate({ keyCache: ingestKeys }));

  for (const capability of capabilities) {
    for (const routes of capability.routes ?? []) app.route("/", routes);
  }

  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "A project API key: `Authorization: Bearer sl_…`.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "sl_session",
    description: "The dashboard session cookie set by signup and login.",
  });

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
