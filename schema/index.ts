export * from "./accounts";
export * from "./alerts";
export * from "./api-keys";
export * from "./assessments";
export * from "./audit";
export * from "./datasets";
export * from "./evaluations";
export * from "./ingest";
export * from "./jobs";
export * from "./judges";
export * from "./maintenance";
export * from "./monitoring";
export * from "./prompts";
export * from "./scorers";
export * from "./traces";
export * from "./webhooks";
// schema/search.ts (the FTS5 `trace_text`) stays out on purpose: drizzle-kit reads this file.
