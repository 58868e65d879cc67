/**
 * Finds TEXT values that are not UTF-8 and stores them as well-formed text. SQLite's `->>` turns
 * a JSON escape of a lone surrogate ("\ud800") into the bytes ED A0 80, and the `libsql` package
 * behind the local server aborts the whole process when it reads such a value as text. So this
 * never reads one as text: SQLite picks candidates by their bytes and answers them in hex, and
 * the repaired text is written back by the row's key.
 */
import type { Client, InStatement, InValue } from "@libsql/client";

/** A table as the database describes it, with the columns a repair walks. */
export type StoredTable = {
  name: string;
  columns: { name: string; type: string }[];
  /** The primary key columns of a WITHOUT ROWID table (its rows have no rowid); else null. */
  withoutRowidKey: string[] | null;
};

const FTS5_SHADOW_SUFFIXES = ["_data", "_idx", "_content", "_docsize", "_config"];

/**
 * Every table holding Sightline's data, read from the database itself: ordinary tables and FTS5
 * tables (written through like ordinary ones), without SQLite's and drizzle's own tables and
 * without the shadow tables an FTS5 table keeps its index in.
 */
export async function listStoredTables(client: Client): Promise<StoredTable[]> {
  const { rows } = await client.execute(
    `select m.name as tbl, m.sql as ddl, p.name as col, p.type as type, p.pk as pk
     from sqlite_master m join pragma_table_info(m.name) p
     where m.type = 'table' and m.name not like 'sqlite\\_%' escape '\\' and m.name not like '\\_\\_drizzle%' escape '\\'
     order by m.name, p.cid`,
  );
  const tables = new Map<string, StoredTable & { ddl: string; pk: [number, string][] }>();
  for (const row of rows) {
    const name = String(row.tbl);
    let table = tables.get(name);
    if (table === undefined) {
      table = { name, columns: [], withoutRowidKey: null, ddl: String(row.ddl ?? ""), pk: [] };
      tables.set(name, table);
    }
    table.columns.push({ name: String(row.col), type: String(row.type ?? "") });
    if (Number(row.pk) > 0) table.pk.push([Number(row.pk), String(row.col)]);
  }
  const isVirtual = (ddl: string) => /^\s*create\s+virtual\s+table/i.test(ddl);
  const fts5 = [...tables.values()].filter((t) => isVirtual(t.ddl) && /\busing\s+fts5\b/i.test(t.ddl));
  const shadows = new Set(fts5.flatMap((t) => FTS5_SHADOW_SUFFIXES.map((suffix) => t.name + suffix)));
  return [...tables.values()]
    .filter((t) => !shadows.has(t.name) && (!isVirtual(t.ddl) || fts5.includes(t)))
    .map(({ name, columns, ddl, pk }) => ({
      name,
      columns,
      // The table options follow the column list's closing parenthesis.
      withoutRowidKey: /\bwithout\s+rowid\b[^)]*$/i.test(ddl)
        ? pk.sort((a, b) => a[0] - b[0]).map(([, column]) => column)
        : null,
    }));
}

export const quoteName = (name: string) => `"${name.replaceAll('"', '""')}"`;

const lenient = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The UTF-16 code unit of a surrogate encoded as if it were a character (ED A0..BF 80..BF) at `i`. */
function surrogateAt(bytes: Uint8Array, i: number): number | undefined {
  const [lead, second, third] = [bytes[i], bytes[i + 1], bytes[i + 2]];
  if (lead !== 0xed || second === undefined || third === undefined) return undefined;
  if ((second & 0xe0) !== 0xa0 || (third & 0xc0) !== 0x80) return undefined;
  return 0xd000 | ((second & 0x3f) << 6) | (third & 0x3f);
}

/**
 * Stored bytes as well-formed text, or undefined when they are valid UTF-8 already. An encoded
 * surrogate pair becomes its character and a lone surrogate one U+FFFD, as
 * `String.prototype.toWellFormed` does to the string that was sent; any other invalid byte
 * becomes U+FFFD as a TextDecoder would make it.
 */
export function wellFormedText(bytes: Uint8Array): string | undefined {
  try {
    strict.decode(bytes);
    return undefined;
  } catch {
    // Not UTF-8: repaired below.
  }
  let text = "";
  let from = 0;
  for (let i = 0; i < bytes.length; ) {
    const unit = surrogateAt(bytes, i);
    if (unit === undefined) {
      i += 1;
      continue;
    }
    text += lenient.decode(bytes.subarray(from, i));
    const low = unit < 0xdc00 ? surrogateAt(bytes, i + 3) : undefined;
    if (low !== undefined && low >= 0xdc00) {
      text += String.fromCharCode(unit, low);
      i += 6;
    } else {
      text += "\ufffd";
      i += 3;
    }
    from = i;
  }
  return text + lenient.decode(bytes.subarray(from));
}

/**
 * Whether a value holds an encoded surrogate, decided by SQLite on its bytes: every one starts
 * with ED (a cheap first filter, which valid characters U+D000–U+D7FF pass too), and SQLite's
 * own UTF-8 reader, which GLOB uses, reads it as U+FFFD. The few values holding a real U+FFFD
 * next to such a character are read and left alone.
 */
const suspect = (column: string) => {
  const c = quoteName(column);
  return `(typeof(${c}) = 'text' and instr(cast(${c} as blob), x'ed') > 0 and ${c} glob ('*' || char(65533) || '*'))`;
};

/** Rowids read per query: bounds each query's scan and answer. */
const ROWID_WINDOW = 20_000;
/** Updates sent per batch. */
const WRITE_BATCH = 200;

type Candidate = { key: InValue[]; hex: (string | null)[] };

/** Repairs every TEXT value of `table` that is not UTF-8; returns the number of rows changed. */
export async function repairTableText(client: Client, table: StoredTable): Promise<number> {
  const columns = table.columns.map((c) => c.name);
  const anySuspect = columns.map(suspect).join(" or ");
  const hexes = columns.map((c) => `case when ${suspect(c)} then hex(${quoteName(c)}) end`).join(", ");
  // A keyed table's key values are answered in hex (a text key may be broken itself) and matched
  // as those bytes cast back to text; an integer key column converts the text to its number.
  const keyColumns = table.withoutRowidKey ?? ["rowid"];
  const keyExprs = table.withoutRowidKey?.map((k) => `hex(${quoteName(k)})`).join(", ") ?? "rowid";
  const keyPredicate =
    table.withoutRowidKey?.map((k) => `${quoteName(k)} = cast(? as text)`).join(" and ") ?? "rowid = ?";
  let changed = 0;

  const repair = async (candidates: Candidate[]) => {
    const updates: InStatement[] = [];
    for (const { key, hex } of candidates) {
      const sets: string[] = [];
      const args: InValue[] = [];
      hex.forEach((value, i) => {
        const text = value === null ? undefined : wellFormedText(Buffer.from(value, "hex"));
        const column = columns[i];
        if (text === undefined || column === undefined) return;
        sets.push(`${quoteName(column)} = ?`);
        args.push(text);
      });
      if (sets.length === 0) continue;
      // Two values that differed only in broken bytes may now be equal: a unique key keeps one row.
      updates.push({
        sql: `update or replace ${quoteName(table.name)} set ${sets.join(", ")} where ${keyPredicate}`,
        args: [...args, ...key],
      });
    }
    for (let i = 0; i < updates.length; i += WRITE_BATCH) {
      await client.batch(updates.slice(i, i + WRITE_BATCH), "write");
    }
    changed += updates.length;
  };

  const toCandidates = (rows: Iterable<ArrayLike<unknown>>): Candidate[] =>
    [...rows].map((row) => {
      const values = Array.from(row);
      return {
        key: values
          .slice(0, keyColumns.length)
          .map((v) => (table.withoutRowidKey === null ? Number(v) : Buffer.from(String(v), "hex"))),
        hex: values.slice(keyColumns.length).map((v) => (v === null ? null : String(v))),
      };
    });

  if (table.withoutRowidKey !== null) {
    // Keyed tables here are small rows (facets, sessions): one query answers every candidate.
    const { rows } = await client.execute(
      `select ${keyExprs}, ${hexes} from ${quoteName(table.name)} where ${anySuspect}`,
    );
    await repair(toCandidates(rows));
    return changed;
  }

  // Windows of rowids, each starting at the first rowid past the last one: gaps cost one seek.
  const nextRowid = (from: number) => ({
    sql: `select rowid from ${quoteName(table.name)} where rowid >= ? order by rowid limit 1`,
    args: [from],
  });
  let next = (await client.execute(nextRowid(Number.MIN_SAFE_INTEGER))).rows[0];
  while (next !== undefined) {
    const from = Number(next[0]);
    const [window, following] = await client.batch(
      [
        {
          sql: `select ${keyExprs}, ${hexes} from ${quoteName(table.name)}
                where rowid >= ? and rowid < ? and (${anySuspect})`,
          args: [from, from + ROWID_WINDOW],
        },
        nextRowid(from + ROWID_WINDOW),
      ],
      "read",
    );
    if (window === undefined || following === undefined) throw new Error("a batch of two answered fewer");
    await repair(toCandidates(window.rows));
    next = following.rows[0];
  }
  return changed;
}
