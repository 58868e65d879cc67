import { useState } from "preact/hooks";
import { toApiError } from "../../api/errors";
import { getPromptAlias, type Prompt, type PromptVersion, setPromptAlias } from "../../api/prompts";
import { useResource } from "../../api/useResource";
import { formatDateTime, formatRelative } from "../../app/format";
import { can } from "../../auth/permissions";
import { useSignedIn } from "../../auth/SessionProvider";
import { Alert } from "../../ui/Alert";
import { Badge } from "../../ui/Badge";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { confirm } from "../../ui/confirm";
import { Field } from "../../ui/Field";
import { Input, Select } from "../../ui/Input";
import { toast } from "../../ui/toast";
import { LoadFailed } from "../common/LoadFailed";

const ALIAS_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const v = (version: number | null) => (version === null ? "—" : `v${version}`);

/** One alias: where it points and every move, newest first. */
function AliasHistory({ projectId, prompt, alias }: { projectId: string; prompt: Prompt; alias: string }) {
  const at = prompt.aliases.find((a) => a.alias === alias)?.version ?? null;
  const [state, reload] = useResource(`prompt-alias:${prompt.id}:${alias}:${at}`, (signal) =>
    getPromptAlias(projectId, prompt.name, alias, { signal }),
  );
  return (
    <Card
      title={
        <span className="pr-chips">
          <Badge tone={alias === "production" ? "success" : "accent"}>{alias}</Badge> → {v(at)}
        </span>
      }
      data-testid="alias-card"
    >
      {state.status === "error" && (
        <LoadFailed what="the alias' history" error={state.error} onRetry={reload} />
      )}
      {state.status === "ready" && (
        <ol className="pr-history" data-testid="alias-history">
          {state.data.history.map((move) => (
            <li key={`${move.movedAt}:${move.toVersion}`} data-testid="alias-move">
              <span className="mono">
                {move.fromVersion === null ? "set to" : `${v(move.fromVersion)} →`}{" "}
                {move.toVersion === null ? "deleted" : v(move.toVersion)}
              </span>{" "}
              <span className="muted">
                by {move.movedBy},{" "}
                <time title={formatDateTime(move.movedAt)}>{formatRelative(move.movedAt)}</time>
              </span>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

/** Point an alias at a version, after a confirmation that says what apps will serve. */
function Promote({
  projectId,
  prompt,
  versions,
  onChanged,
}: {
  projectId: string;
  prompt: Prompt;
  versions: readonly PromptVersion[];
  onChanged: () => void;
}) {
  const [alias, setAlias] = useState("production");
  const [version, setVersion] = useState(String(versions[0]?.version ?? 1));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const promote = async () => {
    const name = alias.trim();
    if (!ALIAS_NAME.test(name) || name === "latest")
      return setError(
        name === "latest"
          ? "latest always names the newest version; it cannot be moved."
          : "An alias is 1–64 letters, digits, -, _ and .",
      );
    const to = Number(version);
    const from = prompt.aliases.find((a) => a.alias === name)?.version ?? null;
    if (from === to) return setError(`${name} already points at v${to}.`);
    const ok = await confirm({
      title: `Point ${name} at v${to}?`,
      message:
        `Apps fetching prompts:/${prompt.name}@${name} will serve version ${to}` +
        `${from === null ? "" : ` instead of version ${from}`} — the SDK picks the move up within a minute, without a deploy.`,
      confirmLabel: `Move ${name} to v${to}`,
    });
    if (!ok) return;
    setBusy(true);
    setError(null);
    try {
      await setPromptAlias(projectId, prompt.name, name, to);
      toast.success(`${name} now points at v${to}`);
      onChanged();
    } catch (caught) {
      setError(toApiError(caught).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      title="Promote"
      description="Move an alias to a version. Owners and admins may."
      data-testid="promote"
    >
      <div className="pr-compare__pick">
        <Field label="Alias">
          <Input value={alias} onInput={(e) => setAlias(e.currentTarget.value)} data-testid="promote-alias" />
        </Field>
        <Field label="Version">
          <Select
            options={versions.map((x) => ({ value: String(x.version), label: `v${x.version}` }))}
            value={version}
            onChange={(e) => setVersion(e.currentTarget.value)}
            data-testid="promote-version"
          />
        </Field>
        <div className="pr-compare__go">
          <Button
            variant="primary"
            loading={busy}
            onClick={() => void promote()}
            data-testid="promote-submit"
          >
            Promote
          </Button>
        </div>
      </div>
      {error && <Alert tone="danger" title={error} />}
    </Card>
  );
}

/** The prompt's aliases with their history, and (for those who may) promote. */
export function AliasesView({
  projectId,
  prompt,
  versions,
  onChanged,
}: {
  projectId: string;
  prompt: Prompt;
  versions: readonly PromptVersion[];
  onChanged: () => void;
}) {
  const { role } = useSignedIn();
  return (
    <div className="pr-aliases" data-testid="prompt-aliases-view">
      {can.promotePrompts(role) && (
        <Promote projectId={projectId} prompt={prompt} versions={versions} onChanged={onChanged} />
      )}
      {prompt.aliases.length === 0 ? (
        <p className="muted" data-testid="no-aliases">
          No aliases yet. Apps fetch <code>prompts:/{prompt.name}@latest</code> (always the newest version) or
          a numbered version until one is set; <code>production</code> is the usual one.
        </p>
      ) : (
        prompt.aliases.map(({ alias }) => (
          <AliasHistory key={alias} projectId={projectId} prompt={prompt} alias={alias} />
        ))
      )}
    </div>
  );
}
