import { Badge } from "../../ui/Badge";

/** What a rule or judge reads, as badges: the outputs plainly, anything more standing out. */
export function NeedBadges({ needs }: { needs: readonly string[] }) {
  return (
    <span className="badge-list" data-testid="needs">
      {needs.map((need) => (
        <Badge key={need} tone={need === "outputs" ? "neutral" : "info"}>
          needs {need}
        </Badge>
      ))}
    </span>
  );
}
