import { describe, expect, it } from "vitest";
import { checkEveryRoute, documentedOperations, makeTenant } from "../test/security";

describe("every documented route is protected", () => {
  it("401 without or with a dead credential, 403 without the permission, 404 for another tenant, and writes nothing", async () => {
    const [acme, globex] = await Promise.all([makeTenant("Acme"), makeTenant("Globex")]);
    const checked = await checkEveryRoute(acme, globex);
    expect(checked).toBeGreaterThan(50);
  }, 120_000);

  it("covers the routes this issue requires", async () => {
    const routes = (await documentedOperations()).map((op) => `${op.method} ${op.path}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        "POST /api/v1/auth/signup",
        "POST /api/v1/auth/login",
        "POST /api/v1/auth/logout",
        "GET /api/v1/whoami",
        "GET /api/v1/projects",
        "POST /api/v1/projects",
        "GET /api/v1/projects/{projectId}/api-keys",
        "POST /api/v1/projects/{projectId}/api-keys",
        "DELETE /api/v1/projects/{projectId}/api-keys/{keyId}",
      ]),
    );
  });
});
