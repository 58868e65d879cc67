/**
 * The demo's login and project, made through the HTTP API as a person would: log in as the demo
 * user (signing up the first time), then replace the demo project with a new, empty one, so a
 * second run never adds to the first. Deleting the project (rather than its traces) matters: the
 * dashboards read hourly rollups, which keep counting deleted traces.
 */
export const DEMO_EMAIL = "demo@sightline.local";
export const DEMO_PASSWORD = "sightline-demo";
export const DEMO_PROJECT = "Support agent (demo)";

export interface DemoAccount {
  cookie: string;
  orgId: string;
}

async function expectStatus(res: Response, status: number, what: string): Promise<Response> {
  if (res.status !== status) throw new Error(`${what} failed: ${res.status} ${await res.text()}`);
  return res;
}

function json(url: string, cookie?: string): Record<string, string> {
  return { "content-type": "application/json", origin: url, ...(cookie ? { cookie } : {}) };
}

const sessionCookie = (res: Response) =>
  /sl_session=[^;]+/.exec(res.headers.get("set-cookie") ?? "")?.[0] ?? "";

/**
 * Logs in as the demo user. The first time, signs up instead and deletes the empty Default project
 * that signup makes, so the organisation's only project is the demo's and logging in lands there.
 */
export async function demoLogin(url: string): Promise<DemoAccount> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: json(url),
    body: JSON.stringify({ email: DEMO_EMAIL, password: DEMO_PASSWORD }),
  });
  if (login.ok) {
    const cookie = sessionCookie(login);
    const me = (await (
      await expectStatus(await fetch(`${url}/api/v1/whoami`, { headers: { cookie } }), 200, "whoami")
    ).json()) as { organizations: { id: string; role: string | null }[] };
    const org = me.organizations.find((o) => o.role === "owner") ?? me.organizations[0];
    if (!org) throw new Error(`${DEMO_EMAIL} belongs to no organisation`);
    return { cookie, orgId: org.id };
  }
  if (login.status !== 401) await expectStatus(login, 200, `logging in as ${DEMO_EMAIL}`);
  const signup = await expectStatus(
    await fetch(`${url}/api/v1/auth/signup`, {
      method: "POST",
      headers: json(url),
      body: JSON.stringify({
        email: DEMO_EMAIL,
        password: DEMO_PASSWORD,
        name: "Demo User",
        organization: "Demo Co",
      }),
    }),
    201,
    `signing up ${DEMO_EMAIL} (if the user exists with another password, delete it or use a fresh database)`,
  );
  const cookie = sessionCookie(signup);
  const body = (await signup.json()) as { organization: { id: string }; project: { id: string } };
  await expectStatus(
    await fetch(`${url}/api/v1/projects/${body.project.id}`, {
      method: "DELETE",
      headers: json(url, cookie),
    }),
    204,
    "deleting the empty Default project",
  );
  return { cookie, orgId: body.organization.id };
}

export const DEMO_EVAL_PROJECT = "Support agent evals (demo)";

async function projectsNamed(url: string, account: DemoAccount, name: string): Promise<{ id: string }[]> {
  const list = (await (
    await expectStatus(
      await fetch(`${url}/api/v1/projects?orgId=${account.orgId}`, { headers: json(url, account.cookie) }),
      200,
      "listing projects",
    )
  ).json()) as { projects: { id: string; name: string }[] };
  return list.projects.filter((p) => p.name === name);
}

async function createProject(url: string, account: DemoAccount, name: string, description: string) {
  const created = await expectStatus(
    await fetch(`${url}/api/v1/projects`, {
      method: "POST",
      headers: json(url, account.cookie),
      body: JSON.stringify({ orgId: account.orgId, name, description }),
    }),
    201,
    `creating the project "${name}"`,
  );
  return ((await created.json()) as { id: string }).id;
}

/** An API call as the demo user that must answer `status`; its JSON body. */
export async function demoCall<T>(
  url: string,
  account: DemoAccount,
  path: string,
  init: { method?: string; json?: unknown; status?: number; what: string },
): Promise<T> {
  const res = await expectStatus(
    await fetch(`${url}${path}`, {
      method: init.method ?? "GET",
      headers: json(url, account.cookie),
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
    }),
    init.status ?? 200,
    init.what,
  );
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** The demo project made by an earlier `npm run demo`, if any, with a new ingest key (for the live mode). */
export async function existingDemoProject(
  url: string,
  account: DemoAccount,
): Promise<{ projectId: string; ingestKey: string } | null> {
  const [project] = await projectsNamed(url, account, DEMO_PROJECT);
  if (!project) return null;
  const { key } = await demoCall<{ key: string }>(url, account, `/api/v1/projects/${project.id}/api-keys`, {
    method: "POST",
    json: { name: "npm run demo -- --live", scopes: ["ingest"] },
    status: 201,
    what: "creating the live demo's ingest key",
  });
  return { projectId: project.id, ingestKey: key };
}

/** Deletes the demo project if there is one, creates it afresh, and returns it with an ingest key. */
export async function freshDemoProject(
  url: string,
  account: DemoAccount,
): Promise<{ projectId: string; ingestKey: string; replaced: boolean }> {
  const headers = json(url, account.cookie);
  const old = await projectsNamed(url, account, DEMO_PROJECT);
  for (const project of old) {
    await expectStatus(
      await fetch(`${url}/api/v1/projects/${project.id}`, { method: "DELETE", headers }),
      204,
      `deleting the previous demo project ${project.id}`,
    );
  }
  const projectId = await createProject(
    url,
    account,
    DEMO_PROJECT,
    "A week of a sample support agent's traces, made by npm run demo.",
  );
  const key = await expectStatus(
    await fetch(`${url}/api/v1/projects/${projectId}/api-keys`, {
      method: "POST",
      headers,
      body: JSON.stringify({ name: "npm run demo", scopes: ["ingest"] }),
    }),
    201,
    "creating the demo's ingest key",
  );
  return { projectId, ingestKey: ((await key.json()) as { key: string }).key, replaced: old.length > 0 };
}

/**
 * The project of the demo's evaluation runs, made the first time and kept (unlike the traces demo's,
 * which each `npm run demo` replaces): a run is compared with the runs before it.
 */
export async function demoEvalProject(url: string, account: DemoAccount): Promise<string> {
  const [existing] = await projectsNamed(url, account, DEMO_EVAL_PROJECT);
  return (
    existing?.id ??
    createProject(
      url,
      account,
      DEMO_EVAL_PROJECT,
      "Evaluation runs of the sample support agent, made by npm run demo:eval.",
    )
  );
}

/** Trace count over the demo's week, from the metrics API (what the dashboards show). */
export async function storedTraces(url: string, account: DemoAccount, projectId: string, from: number) {
  const query = new URLSearchParams({
    granularity: "day",
    from: new Date(from - 24 * 3_600_000).toISOString(),
    to: new Date(Date.now() + 3_600_000).toISOString(),
  });
  const res = await expectStatus(
    await fetch(`${url}/api/v1/projects/${projectId}/metrics?${query}`, {
      headers: json(url, account.cookie),
    }),
    200,
    "reading the demo's metrics",
  );
  return ((await res.json()) as { totals: { traces: number | null } }).totals.traces ?? 0;
}
