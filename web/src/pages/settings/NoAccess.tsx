import type { Role } from "../../api/types";
import { ROLE_LABEL } from "../../auth/permissions";
import { Card } from "../../ui/Card";
import { EmptyState } from "../../ui/EmptyState";
import { IconLock } from "../../ui/icons";

function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? "an" : "a"} ${word}`;
}

/** A settings tab the user's role can't see (reached by URL). */
export function NoAccess({ title, role, who }: { title: string; role: Role | null; who: string }) {
  const yours = role ? `You're ${withArticle(ROLE_LABEL[role].toLowerCase())} in this organization.` : "";
  return (
    <Card title={title}>
      <EmptyState
        headingLevel={3}
        icon={IconLock}
        title="Not available for your role"
        description={`Only ${who} can see this page. ${yours}`}
      />
    </Card>
  );
}
