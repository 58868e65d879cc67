import type { DatasetVersion, VersionKind } from "../../api/datasets";

export const KIND_LABEL: Readonly<Record<VersionKind, string>> = {
  merge: "Merge",
  edit: "Edit",
  delete: "Delete",
  import: "Import",
  from_traces: "From traces",
  restore: "Restore",
};

/** "v7 · current", "v3 · Import", "v0 · empty" for the version pickers. */
export function versionLabel(version: number, current: number, item?: DatasetVersion): string {
  if (version === 0) return "v0 · empty";
  const what = version === current ? "current" : item ? KIND_LABEL[item.kind] : null;
  return what ? `v${version} · ${what}` : `v${version}`;
}
