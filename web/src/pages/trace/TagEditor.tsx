import { useState } from "preact/hooks";
import { deleteTraceTag, setTraceTag } from "../../api/traces";
import { notifyError } from "../../app/notify";
import { Button } from "../../ui/Button";
import { Input } from "../../ui/Input";
import { IconClose, IconPlus } from "../../ui/icons";
import { toast } from "../../ui/toast";

export interface TagEditorProps {
  projectId: string;
  traceId: string;
  tags: Record<string, string>;
  /** Called with the trace's tags after a change. */
  onChange: (tags: Record<string, string>) => void;
  canEdit: boolean;
}

const MAX_KEY = 100;
const MAX_VALUE = 1000;

/** The trace's tags as chips; with `canEdit`, × removes one and "Add tag" sets one. */
export function TagEditor({ projectId, traceId, tags, onChange, canEdit }: TagEditorProps) {
  const [adding, setAdding] = useState(false);
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const entries = Object.entries(tags);
  const keyError = key.trim().length > MAX_KEY ? `At most ${MAX_KEY} characters.` : null;

  const save = async (event: Event) => {
    event.preventDefault();
    const name = key.trim();
    if (!name || keyError || value.length > MAX_VALUE) return;
    setBusy("+");
    try {
      const next = await setTraceTag(projectId, traceId, name, value.trim());
      onChange(next);
      toast.success(`Tagged ${name}`);
      setKey("");
      setValue("");
      setAdding(false);
    } catch (error) {
      notifyError("Couldn't add the tag", error);
    } finally {
      setBusy(null);
    }
  };

  const remove = async (name: string) => {
    setBusy(name);
    try {
      await deleteTraceTag(projectId, traceId, name);
      const next = { ...tags };
      delete next[name];
      onChange(next);
    } catch (error) {
      notifyError("Couldn't remove the tag", error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="tag-editor" data-testid="tag-editor">
      <ul className="tag-list" aria-label="Tags">
        {entries.length === 0 && !adding && <li className="muted tag-editor__none">No tags</li>}
        {entries.map(([name, text]) => (
          <li key={name} className="tag-chip" data-testid="tag-chip" data-key={name}>
            <span className="tag-chip__key">{name}</span>
            {text && <span className="tag-chip__value">{text}</span>}
            {canEdit && (
              <button
                type="button"
                className="tag-chip__remove"
                aria-label={`Remove tag ${name}`}
                disabled={busy !== null}
                onClick={() => void remove(name)}
                data-testid="tag-remove"
              >
                <IconClose size={12} />
              </button>
            )}
          </li>
        ))}
        {canEdit && !adding && (
          <li>
            <Button
              size="sm"
              variant="ghost"
              icon={IconPlus}
              onClick={() => setAdding(true)}
              data-testid="tag-add"
            >
              Add tag
            </Button>
          </li>
        )}
      </ul>
      {adding && (
        <form className="tag-editor__form" onSubmit={save}>
          <Input
            size="sm"
            placeholder="key"
            aria-label="Tag key"
            value={key}
            maxLength={MAX_KEY}
            aria-invalid={keyError ? "true" : undefined}
            onInput={(event) => setKey(event.currentTarget.value)}
            autoFocus
            data-testid="tag-key-input"
          />
          <Input
            size="sm"
            placeholder="value (optional)"
            aria-label="Tag value"
            value={value}
            maxLength={MAX_VALUE}
            onInput={(event) => setValue(event.currentTarget.value)}
            data-testid="tag-value-input"
          />
          <Button
            type="submit"
            size="sm"
            variant="primary"
            loading={busy === "+"}
            disabled={!key.trim()}
            data-testid="tag-save"
          >
            Add
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setAdding(false)}>
            Cancel
          </Button>
        </form>
      )}
    </div>
  );
}
