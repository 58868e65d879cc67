import { useEffect, useState } from "preact/hooks";
import { toast } from "./toast";

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Copies `text` to the clipboard: `copied` is true for a moment after a copy, and a failure
 * (no clipboard permission) shows a toast.
 */
export function useCopy(text: string): { copied: boolean; copy: () => Promise<void> } {
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 1600);
    return () => window.clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    if (await copyText(text)) setCopied(true);
    else
      toast.error("Couldn't copy to the clipboard", { description: "Select the text and copy it manually." });
  };

  return { copied, copy };
}
