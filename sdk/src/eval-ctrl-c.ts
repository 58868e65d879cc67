/**
 * Ctrl-C during evaluate() in Node, when the caller passed no signal of its own: the run is
 * cancelled on the server instead of left open, then SIGINT is raised again so the process ends
 * as it would have (unless the application listens for SIGINT itself). A second Ctrl-C while the
 * run is being cancelled ends the process at once, Node's default again.
 */
import { SightlineError } from "./errors.ts";

/** The part of Node's `process` used here (the SDK builds without Node's types). */
interface SignalProcess {
  pid: number;
  once(event: "SIGINT", listener: () => void): unknown;
  off(event: "SIGINT", listener: () => void): unknown;
  listenerCount(event: "SIGINT"): number;
  kill(pid: number, signal: "SIGINT"): unknown;
}

export interface CtrlC {
  /** Aborts on Ctrl-C; undefined where there is no process to listen to. */
  signal: AbortSignal | undefined;
  /** Stops listening. */
  release(): void;
  /** After the run was cancelled: raise SIGINT again, if Ctrl-C caused it and nobody else listens. */
  reraise(): void;
}

export function listenForCtrlC(): CtrlC {
  const proc = (globalThis as { process?: Partial<SignalProcess> }).process;
  if (typeof proc?.once !== "function" || typeof proc.off !== "function" || typeof proc.kill !== "function")
    return { signal: undefined, release: () => undefined, reraise: () => undefined };
  const node = proc as SignalProcess;
  const controller = new AbortController();
  const interrupted = () =>
    controller.abort(
      new SightlineError("aborted", "evaluate() was interrupted (SIGINT): cancelling its run"),
    );
  node.once("SIGINT", interrupted);
  return {
    signal: controller.signal,
    release: () => node.off("SIGINT", interrupted),
    reraise: () => {
      if (controller.signal.aborted && node.listenerCount("SIGINT") === 0) node.kill(node.pid, "SIGINT");
    },
  };
}
