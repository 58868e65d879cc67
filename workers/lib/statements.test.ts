import { sql } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { revokedKeys, spans } from "../../schema";
import { acceptSpans } from "../ingest/accept";
import { decodeOtlpJson } from "../ingest/otlp/decode-json";
import { storeStatements } from "../ingest/store";
import { agentTrace, otlpJson } from "../test/otlp-builders";
import { toStatement } from "./statements";

const dialect = new SQLiteAsyncDialect();
const drizzles = (query: ReturnType<typeof sql>) => {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return { sql: text, args: params };
};

describe("toStatement", () => {
  it("writes every statement of an ingest batch as drizzle's compiler does", () => {
    const trace = agentTrace({ sessionId: "s-1" });
    const withTags = trace.spans.map((s) => ({
      ...s,
      attributes: { ...s.attributes, "sightline.tag.env": "prod", "sightline.metadata.v": 2 },
    }));
    const normalised = acceptSpans(decodeOtlpJson(otlpJson(withTags)), Date.now() * 1000).spans;
    const statements = storeStatements({ id: "prj_1", orgId: "org_1" }, normalised, [], {
      id: "key_1",
      now: 1,
    });
    expect(statements.length).toBeGreaterThan(10);
    for (const s of statements) expect(toStatement(s)).toEqual(drizzles(s));
  });

  it("handles tables, columns, lists, nested and inlined statements and every kind of value", () => {
    const cases = [
      sql`select ${spans.spanId} from ${spans} where ${spans.projectId} = ${"p"} and ${revokedKeys.keyId} in ${["a", "b", null]}`,
      sql`select ${1}, ${2.5}, ${null}, ${true}, ${sql`nested ${"x"}`}, ${sql.raw("raw text")}`,
      sql`values ${sql.join([sql`${[1, "a"]}`, sql`${[2, "b"]}`], sql`, `)}`,
      sql`select ${"inlined"} as v`.inlineParams(),
      sql`select ${sql`${"inner inlined"}`.inlineParams()}, ${"param"}`,
    ];
    for (const c of cases) expect(toStatement(c)).toEqual(drizzles(c));
  });
});
