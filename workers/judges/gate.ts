import { DurableObject } from "cloudflare:workers";

/**
 * One organization's judge gate: a Durable Object (one per organization, named by its id) that
 * holds the organization's judge concurrency across every Worker invocation, and counts its
 * judge spend per month (UTC) where the permits are held, so overspend is bounded by the calls in
 * flight. A permit expires (a crashed caller cannot hold one for ever); a caller may wait for one
 * a little (`waitMs`), after which it is told to come back later — a queue job retries then
 * instead of holding its consumer.
 */
export type GateRequest = {
  /** Permits the organization may hold at once. */
  limit: number;
  /** How long a permit lives without being released. */
  ttlMs: number;
  /** Monthly spend limit in USD, or null for none. */
  budgetUsd: number | null;
  /** How long to wait for a free permit before answering `busy`. */
  waitMs: number;
};

export type Grant =
  | { ok: true; permitId: string }
  | { ok: false; reason: "busy"; retryAfterMs: number }
  | { ok: false; reason: "budget"; spentUsd: number; budgetUsd: number };

type Waiter = {
  ttlMs: number;
  budgetUsd: number | null;
  resolve: (grant: Grant) => void;
  timer: ReturnType<typeof setTimeout>;
};

const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);

export class JudgeGate extends DurableObject {
  /** permit id → when it expires (ms). Kept in memory: a restarted gate starts empty, which only frees permits early. */
  private readonly permits = new Map<string, number>();
  private readonly waiters: Waiter[] = [];
  /**
   * The adaptive rate: the permits actually handed out, at most the organization's limit. A call
   * the provider throttled (429) halves it; each call that went through creeps it back up by one.
   */
  private allowed: number | null = null;
  private limit = 1;

  private sweep(now: number): void {
    for (const [id, expires] of this.permits) if (expires <= now) this.permits.delete(id);
  }

  /** This month's spend as last read or written: the gate is its only writer. */
  private spend: { month: string; usd: number } | null = null;

  private async spent(now: number): Promise<number> {
    const month = monthOf(now);
    if (this.spend?.month !== month)
      this.spend = { month, usd: (await this.ctx.storage.get<number>(`spend:${month}`)) ?? 0 };
    return this.spend.usd;
  }

  private grant(ttlMs: number, now: number): Grant {
    const permitId = crypto.randomUUID();
    this.permits.set(permitId, now + ttlMs);
    return { ok: true, permitId };
  }

  async acquire(req: GateRequest): Promise<Grant> {
    const now = Date.now();
    this.sweep(now);
    if (req.budgetUsd !== null) {
      const spentUsd = await this.spent(now);
      if (spentUsd >= req.budgetUsd)
        return { ok: false, reason: "budget", spentUsd, budgetUsd: req.budgetUsd };
    }
    this.limit = req.limit;
    const allowed = Math.min(req.limit, this.allowed ?? req.limit);
    if (this.permits.size < allowed) return this.grant(req.ttlMs, now);
    if (req.waitMs <= 0) return { ok: false, reason: "busy", retryAfterMs: this.nextExpiry(now) };
    return new Promise<Grant>((resolve) => {
      const waiter: Waiter = {
        ttlMs: req.ttlMs,
        budgetUsd: req.budgetUsd,
        resolve,
        timer: setTimeout(() => {
          const at = this.waiters.indexOf(waiter);
          if (at >= 0) this.waiters.splice(at, 1);
          resolve({ ok: false, reason: "busy", retryAfterMs: this.nextExpiry(Date.now()) });
        }, req.waitMs),
      };
      this.waiters.push(waiter);
    });
  }

  private nextExpiry(now: number): number {
    const soonest = Math.min(...this.permits.values());
    return Math.max(100, Math.min(Number.isFinite(soonest) ? soonest - now : 1_000, 5_000));
  }

  /**
   * Returns a permit, adds what the call cost to the month's spend, adapts the rate to how the
   * provider answered, and hands free permits on to waiters.
   */
  async release(
    permitId: string,
    costUsd: number,
    outcome: "ok" | "throttled" | "failed" = "ok",
  ): Promise<void> {
    const now = Date.now();
    this.permits.delete(permitId);
    const current = Math.min(this.limit, this.allowed ?? this.limit);
    if (outcome === "throttled") this.allowed = Math.max(1, Math.floor(current / 2));
    else if (outcome === "ok" && this.allowed !== null)
      this.allowed = current + 1 >= this.limit ? null : current + 1;
    let spentUsd = await this.spent(now);
    if (costUsd > 0) {
      spentUsd += costUsd;
      this.spend = { month: monthOf(now), usd: spentUsd };
      // Unconfirmed: the next caller's permit does not wait for the write to reach the disk. Writes
      // land in order; a gate lost before its last write lands forgets only those calls' cost.
      this.ctx.storage
        .put(`spend:${monthOf(now)}`, spentUsd, { allowUnconfirmed: true })
        .catch((err) => console.error("could not record judge spend", err));
    }
    this.sweep(now);
    const allowed = Math.min(this.limit, this.allowed ?? this.limit);
    const next = this.permits.size < allowed ? this.waiters.shift() : undefined;
    if (next) {
      clearTimeout(next.timer);
      next.resolve(
        next.budgetUsd !== null && spentUsd >= next.budgetUsd
          ? { ok: false, reason: "budget", spentUsd, budgetUsd: next.budgetUsd }
          : this.grant(next.ttlMs, now),
      );
    }
  }

  /** Calls in flight and this month's spend (for the settings page). */
  async status(): Promise<{ inFlight: number; allowed: number | null; month: string; spentUsd: number }> {
    const now = Date.now();
    this.sweep(now);
    return {
      inFlight: this.permits.size,
      allowed: this.allowed,
      month: monthOf(now),
      spentUsd: await this.spent(now),
    };
  }
}
