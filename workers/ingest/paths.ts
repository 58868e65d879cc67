/**
 * Where Langfuse's OTLP exporter sends spans: its base URL + `/api/public/otel/v1/traces`. Served
 * as a drop-in for `/v1/traces`, so a Langfuse user changes only the base URL and the keys (Basic
 * auth whose password is a Sightline API key).
 */
export const LANGFUSE_OTLP_PREFIX = "/api/public/otel/v1/";
