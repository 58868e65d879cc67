import type { Resource } from "../../api/useResource";
import { LoadFailed } from "../common/LoadFailed";
import { LoadingRows } from "../common/LoadingRows";

/** What a list card shows before its data: placeholder rows while loading, the failure with a retry. */
export function CardLoading<T>({
  state,
  what,
  onRetry,
}: {
  state: Resource<T>;
  what: string;
  onRetry: () => void;
}) {
  if (state.status === "loading") return <LoadingRows label={`Loading ${what}…`} block="settings-loading" />;
  if (state.status === "error")
    return (
      <div className="settings-pad">
        <LoadFailed what={what} error={state.error} onRetry={onRetry} />
      </div>
    );
  return null;
}
