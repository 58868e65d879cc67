/**
 * An account on a running local stack, made through its API as a person would: sign up (user,
 * organisation, "Default" project), then API keys on demand. Shared by the benchmarks and the
 * tests that run a whole stack.
 */
export type StackAccount = {
  cookie: string;
  orgId: string;
  projectId: string;
  /** A new API key of the project with these scopes. */
  key(scopes: string[]): Promise<string>;
};

export async function signUpOnStack(baseUrl: string, label: string): Promise<StackAccount> {
  const signup = await fetch(`${baseUrl}/api/v1/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({
      email: `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`,
      password: `${label} password`,
      name: label,
    }),
  });
  if (signup.status !== 201) throw new Error(`signup failed: ${signup.status} ${await signup.text()}`);
  const cookie = /sl_session=[^;]+/.exec(signup.headers.get("set-cookie") ?? "")?.[0] ?? "";
  const body = (await signup.json()) as { organization: { id: string }; project: { id: string } };
  const projectId = body.project.id;
  return {
    cookie,
    orgId: body.organization.id,
    projectId,
    async key(scopes) {
      const res = await fetch(`${baseUrl}/api/v1/projects/${projectId}/api-keys`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: baseUrl, cookie },
        body: JSON.stringify({ name: `${label} ${scopes.join("+")}`, scopes }),
      });
      if (res.status !== 201) {
        throw new Error(`creating a ${scopes.join("+")} API key failed: ${res.status} ${await res.text()}`);
      }
      return ((await res.json()) as { key: string }).key;
    },
  };
}
