/**
 * Names a traced function's arguments, as MLflow does, by reading its parameter list from its
 * source text. Destructured parameters, unreadable sources (native or bound functions) and extra
 * arguments fall back to `{ args: [...] }`.
 */

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Parameter names, with a leading "..." for a rest parameter; undefined when unreadable. */
export function parameterNames(fn: (...args: never[]) => unknown): string[] | undefined {
  let source: string;
  try {
    source = Function.prototype.toString.call(fn);
  } catch {
    return undefined;
  }
  if (source.includes("[native code]")) return undefined;
  source = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/[^\n]*/g, "");
  const single = /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(source);
  if (single?.[1]) return [single[1]];
  const open = source.indexOf("(");
  if (open < 0) return undefined;
  let depth = 0;
  let close = -1;
  for (let i = open; i < source.length; i++) {
    if (source[i] === "(") depth++;
    else if (source[i] === ")" && --depth === 0) {
      close = i;
      break;
    }
  }
  if (close < 0) return undefined;
  const names: string[] = [];
  for (const part of splitTopLevel(source.slice(open + 1, close))) {
    const name = (splitTopLevel(part.replace(/=(?!>)/, ",")).at(0) ?? "").trim();
    const bare = name.startsWith("...") ? name.slice(3).trim() : name;
    if (!IDENTIFIER.test(bare)) return undefined;
    names.push(name.startsWith("...") ? `...${bare}` : bare);
  }
  return names;
}

/** The inputs recorded for a call: `{ paramName: value, … }`, else `{ args: [...] }`. */
export function namedInputs(names: string[] | undefined, args: unknown[]): Record<string, unknown> {
  if (names === undefined || (args.length > names.length && !names.at(-1)?.startsWith("..."))) {
    return args.length === 0 ? {} : { args };
  }
  const inputs: Record<string, unknown> = {};
  names.forEach((name, i) => {
    if (name.startsWith("...")) inputs[name.slice(3)] = args.slice(i);
    else if (i < args.length) inputs[name] = args[i];
  });
  return inputs;
}
