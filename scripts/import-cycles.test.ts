/**
 * No import circles in our TypeScript: every relative import of workers/, schema/, scripts/ and
 * sdk/src is followed, type-only imports and inline `import("…")` types included (a type cycle
 * still ties two modules' meanings together, and it is how a runtime cycle starts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { parseAst } from "vite";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
const FOLDERS = ["workers", "schema", "scripts", "sdk/src"];
const SOURCE = /\.(ts|tsx|mts|js|mjs)$/;
const SKIP_DIRS = new Set(["node_modules", "dist", "migrations"]);

/** Every source file under `folder` (declaration files and dependencies left out). */
function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...sourceFiles(path));
    } else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) {
      out.push(path);
    }
  }
  return out;
}

/** The module specifiers a file names: imports, re-exports, dynamic imports and `import("…")` types. */
function specifiersOf(code: string, filename: string): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    const n = node as Record<string, unknown> & { type?: unknown };
    switch (n.type) {
      case "ImportDeclaration":
      case "ExportAllDeclaration":
      case "ExportNamedDeclaration":
      case "ImportExpression":
      case "TSImportType": {
        const source = (n.source ?? n.argument) as { type?: string; value?: unknown } | null | undefined;
        // A TSImportType's argument is a literal type wrapping the string literal.
        const literal = source?.type === "TSLiteralType" ? (source as { literal?: unknown }).literal : source;
        const value = (literal as { value?: unknown } | null | undefined)?.value;
        if (typeof value === "string") found.push(value);
      }
    }
    for (const key in n) if (key !== "type") visit(n[key]);
  };
  visit(parseAst(code, { lang: filename.endsWith("x") ? "tsx" : "ts" }, filename));
  return found;
}

/** Where a relative specifier of `from` leads: a file of ours, or null (a package, an asset). */
function resolveRelative(from: string, specifier: string): string | null {
  if (!specifier.startsWith(".")) return null;
  const base = resolve(dirname(from), specifier.replace(/\?.*$/, ""));
  const candidates = [
    base,
    base.replace(/\.js$/, ".ts"),
    ...[".ts", ".tsx", ".js", ".mjs"].map((ext) => base + ext),
    ...["index.ts", "index.tsx", "index.js"].map((index) => join(base, index)),
  ];
  return candidates.find((path) => existsSync(path) && statSync(path).isFile()) ?? null;
}

type ImportGraph = Map<string, string[]>;

/** The graph of relative imports between our source files, keyed by path from the repository root. */
function importGraph(root = ROOT, folders = FOLDERS): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const folder of folders) {
    for (const file of sourceFiles(join(root, folder))) {
      const targets = specifiersOf(readFileSync(file, "utf8"), file)
        .map((specifier) => resolveRelative(file, specifier))
        .filter((target): target is string => target !== null && SOURCE.test(target))
        .map((target) => relative(root, target));
      graph.set(relative(root, file), [...new Set(targets)]);
    }
  }
  return graph;
}

/**
 * One cycle per strongly connected component of more than one module (or a module importing
 * itself), written as the loop it is: `a.ts → b.ts → a.ts`, followed by the component's other
 * members. Tarjan's algorithm finds the components; a breadth-first search inside each names
 * its shortest loop.
 */
function findCycles(graph: ImportGraph): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const connect = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        connect(target);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(target) ?? 0));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(target) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      components.push(component);
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) connect(node);

  const cycles: string[] = [];
  for (const component of components) {
    const members = new Set(component);
    const start = [...component].sort()[0];
    if (start === undefined) continue;
    if (component.length === 1 && !(graph.get(start) ?? []).includes(start)) continue;
    const loop = shortestLoop(graph, start, members);
    const others = component.filter((member) => !loop.includes(member)).sort();
    cycles.push(
      loop.join(" → ") + (others.length > 0 ? ` (the circle also takes in ${others.join(", ")})` : ""),
    );
  }
  return cycles.sort();
}

/** The shortest path from `start` back to itself through `members`. */
function shortestLoop(graph: ImportGraph, start: string, members: Set<string>): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] as string;
    for (const target of graph.get(node) ?? []) {
      if (target === start) {
        const path = [start];
        for (let at: string | undefined = node; at !== undefined && at !== start; at = cameFrom.get(at))
          path.splice(1, 0, at);
        return [...path, start];
      }
      if (members.has(target) && !cameFrom.has(target)) {
        cameFrom.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start, start];
}

describe("import cycles", () => {
  it("finds a cycle through type imports and inline import() types, and names it", () => {
    expect(specifiersOf(`import type { A } from "./a"; type B = import("./b").B;`, "x.ts")).toEqual([
      "./a",
      "./b",
    ]);
    expect(
      specifiersOf(`export * from "./c"; export { d } from "./d"; await import("./e");`, "x.ts"),
    ).toEqual(["./c", "./d", "./e"]);
    const graph: ImportGraph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts", "d.ts"]],
      ["c.ts", ["a.ts"]],
      ["d.ts", ["f.ts"]],
      ["f.ts", ["b.ts"]],
      ["e.ts", ["e.ts"]],
    ]);
    expect(findCycles(graph)).toEqual([
      "a.ts → b.ts → c.ts → a.ts (the circle also takes in d.ts, f.ts)",
      "e.ts → e.ts",
    ]);
    expect(
      findCycles(
        new Map([
          ["a.ts", ["b.ts"]],
          ["b.ts", []],
        ]),
      ),
    ).toEqual([]);
  });

  it("workers/, schema/, scripts/ and sdk/src import in no circle", () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get("workers/index.ts")).toContain("workers/app.ts");
    expect(findCycles(graph)).toEqual([]);
  });
});
