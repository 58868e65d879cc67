import { integer, text } from "drizzle-orm/sqlite-core";

/** Primary key holding a typed, prefixed id from `workers/lib/ids.ts`. */
export const idColumn = () => text("id").primaryKey();

/** Milliseconds since the epoch; every time column in Sightline uses this unit. */
export const epochMs = (name: string) => integer(name, { mode: "number" });

export const createdAt = () => epochMs("created_at").notNull();
