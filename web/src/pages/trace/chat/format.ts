import { isRecord, parseJsonText } from "./types";

/** Longest line of arguments or result shown beside a tool call; the rest is in Raw. */
export const LINE_LIMIT = 160;

/**
 * A value on one line, the way a person reads it: strings unquoted, objects as `key: value`
 * pairs, lists in brackets (`city: Paris`, `temperatureC: 18, conditions: sunny`), cut at
 * `limit` characters. Stops walking once past the limit, so a large result costs no more than
 * a small one.
 */
export function compactArguments(value: unknown, limit = LINE_LIMIT): string {
  const parsed = parseJsonText(value);
  const line = new Line(limit);
  if (isRecord(parsed)) line.pairs(parsed);
  else line.value(parsed);
  return line.text();
}

class Line {
  private out = "";
  constructor(private readonly limit: number) {}

  private full(): boolean {
    return this.out.length > this.limit;
  }

  private add(text: string) {
    if (!this.full()) this.out += text;
  }

  value(value: unknown) {
    if (this.full()) return;
    if (value === undefined) return;
    if (value === null) this.add("null");
    else if (typeof value === "string")
      this.add(
        value
          .slice(0, this.limit * 2)
          .replace(/\s+/g, " ")
          .trim(),
      );
    else if (Array.isArray(value)) {
      this.add("[");
      value.forEach((item, index) => {
        if (index > 0) this.add(", ");
        this.value(item);
      });
      this.add("]");
    } else if (isRecord(value)) {
      this.add("{");
      this.pairs(value);
      this.add("}");
    } else this.add(String(value));
  }

  pairs(value: Record<string, unknown>) {
    let first = true;
    for (const key of Object.keys(value)) {
      if (this.full()) return;
      if (!first) this.add(", ");
      first = false;
      this.add(`${key}: `);
      this.value(value[key]);
    }
  }

  text(): string {
    return this.out.length > this.limit ? `${this.out.slice(0, this.limit - 1).trimEnd()}…` : this.out;
  }
}
