import type { Assessment } from "../../../api/assessments";

/**
 * A trace's assessments (with their history) as threads: the latest assessment of a chain of
 * overrides, and the ones it replaced, newest first.
 */
export interface Thread {
  head: Assessment;
  /** What `head` replaced: its predecessor first, then that one's, … */
  older: Assessment[];
}

export interface Threads {
  /** Current feedback and expectations, in the order they were first given. */
  feedback: Thread[];
  expectations: Thread[];
  /** Chains whose latest assessment was deleted. */
  deleted: Thread[];
}

function chainOf(head: Assessment, byId: ReadonlyMap<string, Assessment>): Assessment[] {
  const older: Assessment[] = [];
  const seen = new Set([head.id]);
  let next = head.overrides ? byId.get(head.overrides) : undefined;
  // A chain the server answered only in part (or, by a bug, in a loop) stops where it breaks.
  while (next && !seen.has(next.id)) {
    seen.add(next.id);
    older.push(next);
    next = next.overrides ? byId.get(next.overrides) : undefined;
  }
  return older;
}

/** When a chain began: a thread keeps its place when its value is overridden. */
const firstCreated = (thread: Thread) => (thread.older.at(-1) ?? thread.head).createdAt;

export function threadsOf(assessments: readonly Assessment[]): Threads {
  const byId = new Map(assessments.map((assessment) => [assessment.id, assessment]));
  // A head is what nothing listed replaced: the current one, or the last of a deleted chain.
  const heads = assessments.filter(
    (assessment) => assessment.supersededBy === null || !byId.has(assessment.supersededBy),
  );
  const threads = heads
    .map((head) => ({ head, older: chainOf(head, byId) }))
    .sort((a, b) => firstCreated(a).localeCompare(firstCreated(b)));
  const current = threads.filter((thread) => thread.head.valid && !thread.head.deleted);
  return {
    feedback: current.filter((thread) => thread.head.kind === "feedback"),
    expectations: current.filter((thread) => thread.head.kind === "expectation"),
    deleted: threads.filter((thread) => !thread.head.valid || thread.head.deleted),
  };
}
