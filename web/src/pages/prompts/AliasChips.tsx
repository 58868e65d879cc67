import { Badge } from "../../ui/Badge";

/** A prompt's aliases as chips: `production → v2`. */
export function AliasChips({ aliases }: { aliases: readonly { alias: string; version: number }[] }) {
  if (aliases.length === 0) return <span className="muted">—</span>;
  return (
    <span className="pr-chips" data-testid="prompt-aliases">
      {aliases.map(({ alias, version }) => (
        <Badge key={alias} tone={alias === "production" ? "success" : "accent"}>
          {alias} → v{version}
        </Badge>
      ))}
    </span>
  );
}
