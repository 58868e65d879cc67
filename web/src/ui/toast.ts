/**
 * Toast notifications, callable from anywhere (components, API helpers, event handlers):
 *   toast.success("Dataset created");
 *   toast.error("Couldn't save", { description: error.message });
 * <ToastProvider> renders them.
 */

export type ToastTone = "success" | "error" | "info";

export interface ToastOptions {
  description?: string;
  /** Auto-dismiss after this many ms (default 5s, errors 8s). 0 keeps it until dismissed. */
  duration?: number;
  /** Re-using an id replaces that toast instead of stacking a duplicate. */
  id?: string;
}

export interface ToastItem {
  id: string;
  tone: ToastTone;
  title: string;
  description?: string;
  duration: number;
  leaving: boolean;
}

type Listener = (items: readonly ToastItem[]) => void;

const MAX_VISIBLE = 4;
const EXIT_MS = 160;
const DEFAULT_DURATION: Record<ToastTone, number> = { success: 5000, info: 5000, error: 8000 };

let items: readonly ToastItem[] = [];
let counter = 0;
const listeners = new Set<Listener>();

function emit(next: readonly ToastItem[]): void {
  items = next;
  for (const listener of listeners) listener(items);
}

function show(tone: ToastTone, title: string, options: ToastOptions = {}): string {
  counter += 1;
  const id = options.id ?? `toast-${counter}`;
  const item: ToastItem = {
    id,
    tone,
    title,
    description: options.description,
    duration: options.duration ?? DEFAULT_DURATION[tone],
    leaving: false,
  };
  const others = items.filter((existing) => existing.id !== id);
  emit([...others, item].slice(-MAX_VISIBLE));
  return id;
}

export function dismissToast(id: string): void {
  if (!items.some((item) => item.id === id && !item.leaving)) return;
  emit(items.map((item) => (item.id === id ? { ...item, leaving: true } : item)));
  window.setTimeout(() => emit(items.filter((item) => item.id !== id || !item.leaving)), EXIT_MS);
}

export function getToasts(): readonly ToastItem[] {
  return items;
}

export function subscribeToasts(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export const toast = {
  success: (title: string, options?: ToastOptions) => show("success", title, options),
  error: (title: string, options?: ToastOptions) => show("error", title, options),
  info: (title: string, options?: ToastOptions) => show("info", title, options),
  dismiss: dismissToast,
} as const;
