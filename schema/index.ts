export * from "./accounts";
export * from "./api-keys";
export * from "./audit";
export * from "./jobs";
export * from "./maintenance";
export * from "./traces";
