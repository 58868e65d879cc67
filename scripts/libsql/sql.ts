/**
 * A small lexical analysis of SQL text, following SQLite's tokenizer rules. The `libsql` package
 * exposes neither parameter names nor the unparsed tail of a prepared statement, so the server
 * derives them here:
 *
 * - parameter numbering (`?`, `?NNN`, `:name`, `@name`, `$name`), to bind named arguments by index;
 * - the number of statements, because `prepare()` silently ignores everything after the first one;
 * - the statement kind, because Hrana reports `affected_row_count` only for INSERT/UPDATE/DELETE and
 *   `last_insert_rowid` only for INSERT (like sqld).
 */

export type StatementKind = "insert" | "update" | "delete" | "select" | "other";

export type SqlInfo = {
  /** Name of each parameter (index 0 is parameter 1); null for anonymous `?` parameters. */
  readonly params: readonly (string | null)[];
  readonly kind: StatementKind;
  /** First keyword of the first statement, upper-cased (e.g. "SELECT", "WITH", "BEGIN"). */
  readonly keyword: string | undefined;
  readonly isExplain: boolean;
  /** Number of non-empty statements in the text. */
  readonly statementCount: number;
};

type Token = { readonly kind: "word" | "param" | "punct" | "other"; readonly text: string };

const MAX_PARAM_INDEX = 32766;

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

/** SQLite's IdChar: ASCII letters, digits, `_`, `$` and every non-ASCII character. */
function isIdChar(c: string): boolean {
  return (
    (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || isDigit(c) || c === "_" || c === "$" || c >= "\x80"
  );
}

function isIdStart(c: string): boolean {
  return isIdChar(c) && !isDigit(c) && c !== "$";
}

/** Index just after a quoted string/identifier starting at `start`; doubled quotes are escapes. */
function skipQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] !== quote) return i + 1;
      i += 2;
    } else {
      i++;
    }
  }
  return i;
}

/** Length of a `:name`/`@name`/`$name`/`#name` parameter at `start`, or 0 if it is not one. */
function namedParamLength(sql: string, start: number): number {
  let n = 0;
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (isIdChar(c)) {
      n++;
      i++;
    } else if (c === "(" && n > 0) {
      // Tcl-style `$name(index)` suffix.
      const close = sql.slice(i).search(/[\s)]/);
      return close >= 0 && sql[i + close] === ")" ? i + close + 1 - start : 0;
    } else if (c === ":" && sql[i + 1] === ":") {
      i += 2;
    } else {
      break;
    }
  }
  return n > 0 ? i - start : 0;
}

function* tokenize(sql: string): Generator<Token> {
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    const start = i;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? sql.length : end + 1;
      continue;
    }
    if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
      continue;
    }
    let kind: Token["kind"] = "other";
    if (c === "'" || c === '"' || c === "`") {
      i = skipQuoted(sql, i, c);
    } else if (c === "[") {
      const end = sql.indexOf("]", i);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === "?") {
      i++;
      while (i < sql.length && isDigit(sql[i] as string)) i++;
      kind = "param";
    } else if (c === ":" || c === "@" || c === "$" || c === "#") {
      const length = namedParamLength(sql, i);
      i += Math.max(length, 1);
      kind = length > 0 ? "param" : "punct";
    } else if (isDigit(c)) {
      while (i < sql.length && (isIdChar(sql[i] as string) || sql[i] === ".")) i++;
    } else if (isIdStart(c)) {
      while (i < sql.length && isIdChar(sql[i] as string)) i++;
      kind = "word";
    } else {
      i++;
      kind = "punct";
    }
    yield { kind, text: sql.slice(start, i) };
  }
}

const KIND_BY_KEYWORD: Record<string, StatementKind> = {
  INSERT: "insert",
  REPLACE: "insert",
  UPDATE: "update",
  DELETE: "delete",
  SELECT: "select",
  VALUES: "select",
};

type StatementState = {
  tokens: number;
  /** The first three keywords/identifiers, upper-cased. */
  lead: string[];
  /** Undefined while unknown (e.g. still inside a leading WITH clause). */
  kind: StatementKind | undefined;
  isExplain: boolean;
  depth: number;
  caseDepth: number;
  triggerEnded: boolean;
};

function newStatement(): StatementState {
  return {
    tokens: 0,
    lead: [],
    kind: undefined,
    isExplain: false,
    depth: 0,
    caseDepth: 0,
    triggerEnded: false,
  };
}

function isTrigger({ lead: [a, b, c] }: StatementState): boolean {
  return a === "CREATE" && (b === "TRIGGER" || ((b === "TEMP" || b === "TEMPORARY") && c === "TRIGGER"));
}

function onWord(statement: StatementState, word: string): void {
  if (statement.lead.length < 3) statement.lead.push(word);
  if (statement.lead.length === 1) {
    statement.isExplain = word === "EXPLAIN";
    // The main keyword of `WITH ... AS (...) <keyword>` is the first known one outside parentheses.
    if (word !== "WITH") statement.kind = statement.isExplain ? "other" : (KIND_BY_KEYWORD[word] ?? "other");
  } else if (statement.kind === undefined && statement.depth === 0) {
    statement.kind = KIND_BY_KEYWORD[word];
  }
  if (word === "CASE") {
    statement.caseDepth++;
  } else if (word === "END") {
    if (statement.caseDepth > 0) statement.caseDepth--;
    else statement.triggerEnded = true;
  }
}

function analyze(sql: string): SqlInfo {
  const params: (string | null)[] = [];
  const paramIndexByName = new Map<string, number>();
  const statements: StatementState[] = [];
  let current = newStatement();
  for (const token of tokenize(sql)) {
    if (token.kind === "punct" && token.text === ";") {
      if (current.tokens === 0) continue; // empty statement
      // Inside CREATE TRIGGER ... BEGIN ... END, semicolons separate the statements of the body.
      if (!isTrigger(current) || current.triggerEnded) {
        statements.push(current);
        current = newStatement();
        continue;
      }
    }
    current.tokens++;
    if (token.kind === "word") {
      onWord(current, token.text.toUpperCase());
    } else if (token.kind === "param") {
      addParam(token.text, params, paramIndexByName);
    } else if (token.text === "(") {
      current.depth++;
    } else if (token.text === ")") {
      current.depth = Math.max(0, current.depth - 1);
    }
  }
  if (current.tokens > 0) statements.push(current);
  const first = statements[0];
  return {
    params,
    kind: first?.kind ?? "other",
    keyword: first?.lead[0],
    isExplain: first?.isExplain ?? false,
    statementCount: statements.length,
  };
}

/** Assigns parameter indexes exactly like SQLite's sqlite3ExprAssignVarNumber. */
function addParam(text: string, params: (string | null)[], indexByName: Map<string, number>): void {
  if (text === "?") {
    params.push(null);
    return;
  }
  if (text.startsWith("?")) {
    const index = Number(text.slice(1));
    if (!Number.isInteger(index) || index < 1 || index > MAX_PARAM_INDEX) return; // prepare() reports it
    while (params.length < index) params.push(null);
    if (params[index - 1] === null && !indexByName.has(text)) {
      params[index - 1] = text;
      indexByName.set(text, index);
    }
    return;
  }
  if (indexByName.has(text)) return;
  params.push(text);
  indexByName.set(text, params.length);
}

const cache = new Map<string, SqlInfo>();
const CACHE_LIMIT = 512;

/** Analyzes (with a small cache, as the same statements are executed over and over) a SQL text. */
export function analyzeSql(sql: string): SqlInfo {
  const cached = cache.get(sql);
  if (cached !== undefined) return cached;
  const info = analyze(sql);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  if (sql.length <= 10_000) cache.set(sql, info);
  return info;
}
