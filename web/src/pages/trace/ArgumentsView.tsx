import { JsonTree } from "../../ui/JsonTree";
import type { CallArguments } from "./chat";

function Value({ value }: { value: unknown }) {
  if (typeof value === "string") return <span className="arguments__text">{value}</span>;
  if (typeof value !== "object" || value === null) return <span className="mono">{String(value)}</span>;
  return <JsonTree value={value} openDepth={1} />;
}

/**
 * A call's arguments (Traceloop's `{ args, kwargs }`): one positional text reads as text, named
 * arguments as `name  value` rows.
 */
export function ArgumentsView({ call }: { call: CallArguments }) {
  const named = Object.entries(call.named);
  const [only] = call.positional;
  if (named.length === 0 && call.positional.length === 0)
    return <p className="muted">Called without arguments</p>;
  if (named.length === 0 && call.positional.length === 1 && typeof only === "string")
    return <pre className="payload__text">{only}</pre>;
  return (
    <dl className="kv-list arguments" data-testid="call-arguments">
      {call.positional.map((value, index) => (
        <div key={`#${index}`}>
          <dt>argument {index + 1}</dt>
          <dd>
            <Value value={value} />
          </dd>
        </div>
      ))}
      {named.map(([name, value]) => (
        <div key={name}>
          <dt className="mono">{name}</dt>
          <dd>
            <Value value={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
