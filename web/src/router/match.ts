/** Path patterns such as "/traces/:traceId". Segments are matched exactly, params are decoded. */

export type Params = Readonly<Record<string, string>>;

function segments(path: string): string[] {
  return path.split("/").filter((segment) => segment.length > 0);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function matchPath(pattern: string, pathname: string): Params | null {
  const expected = segments(pattern);
  const actual = segments(pathname);
  if (expected.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of expected.entries()) {
    const value = actual[index] ?? "";
    if (part.startsWith(":")) {
      params[part.slice(1)] = decode(value);
    } else if (part !== value) {
      return null;
    }
  }
  return params;
}
