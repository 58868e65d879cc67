import type { ScorerDefinition } from "../../api/scorers";

export type DiffLine = { op: "same" | "add" | "remove"; text: string };

/**
 * A line diff by longest common subsequence: definitions are a few dozen lines, so the quadratic
 * table is cheap and no library is needed (none is installed).
 */
export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  const n = before.length;
  const m = after.length;
  // lcs[i][j]: the common subsequence's length of before[i..] and after[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as number[];
    const below = lcs[i + 1] as number[];
    for (let j = m - 1; j >= 0; j--)
      row[j] = before[i] === after[j] ? (below[j + 1] ?? 0) + 1 : Math.max(below[j] ?? 0, row[j + 1] ?? 0);
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (before[i] === after[j]) {
      lines.push({ op: "same", text: before[i] as string });
      i++;
      j++;
    } else if ((lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0)) {
      lines.push({ op: "remove", text: before[i++] as string });
    } else {
      lines.push({ op: "add", text: after[j++] as string });
    }
  }
  while (i < n) lines.push({ op: "remove", text: before[i++] as string });
  while (j < m) lines.push({ op: "add", text: after[j++] as string });
  return lines;
}

/**
 * A definition as lines to compare: pretty JSON, except a judge's instructions, which are shown
 * as their own lines (a JSON string would put the whole prompt on one).
 */
export function definitionLines(definition: ScorerDefinition): string[] {
  if (definition.type !== "judge") return JSON.stringify(definition, null, 2).split("\n");
  const { instructions, ...rest } = definition;
  return [
    ...JSON.stringify(rest, null, 2).split("\n"),
    "instructions:",
    ...instructions.split("\n").map((line) => `  ${line}`),
  ];
}

export function diffDefinitions(before: ScorerDefinition | null, after: ScorerDefinition): DiffLine[] {
  return diffLines(before ? definitionLines(before) : [], definitionLines(after));
}
