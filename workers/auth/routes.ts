import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ctxOf, publicContext, userCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { BODY_ERRORS, errorResponses, jsonBody as json, jsonResponse as ok } from "../http/openapi";
import { defineRoute } from "../http/route";
import { resetPassword } from "./password-reset";
import { EmailSchema, PasswordSchema, SignupResultSchema, UserSchema, WhoamiSchema } from "./schemas";
import { changePassword, logIn, logOut, type SessionClient, signUp } from "./service";
import { clearedSessionCookie } from "./session-cookie";
import { whoami } from "./whoami";

/** What a new session records of the client, and the URL its cookie is set for. */
const sessionClient = (c: Context<HonoEnv>): SessionClient => ({
  userAgent: c.req.header("user-agent") ?? null,
  url: c.req.url,
});

const signup = defineRoute(
  { level: "public" },
  {
    method: "post",
    path: "/api/v1/auth/signup",
    tags: ["Auth"],
    summary: "Sign up",
    description:
      "Creates the user, an organization they own and a Default project, and logs them in (session cookie).",
    request: {
      body: json(
        z
          .object({
            email: EmailSchema.openapi({ example: "ada@example.com" }),
            password: PasswordSchema.openapi({ example: "correct horse battery" }),
            name: z.string().trim().min(1).max(100).openapi({ example: "Ada Lovelace" }),
            organization: z
              .string()
              .trim()
              .min(1)
              .max(100)
              .optional()
              .openapi({ example: "Analytical Engines" }),
          })
          .strict(),
      ),
    },
    responses: {
      201: ok("Signed up and logged in.", SignupResultSchema),
      ...BODY_ERRORS,
      ...errorResponses("CONFLICT", "FORBIDDEN"),
    },
  },
);

const login = defineRoute(
  { level: "public" },
  {
    method: "post",
    path: "/api/v1/auth/login",
    tags: ["Auth"],
    summary: "Log in",
    description:
      "Sets the session cookie. Failed attempts are throttled per email and per client address (429 with Retry-After).",
    request: { body: json(z.object({ email: EmailSchema, password: z.string().min(1).max(200) }).strict()) },
    responses: {
      200: ok("Logged in.", z.object({ user: UserSchema })),
      ...BODY_ERRORS,
      ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "RATE_LIMITED"),
    },
  },
);

const logout = defineRoute(
  { level: "public" },
  {
    method: "post",
    path: "/api/v1/auth/logout",
    tags: ["Auth"],
    summary: "Log out",
    description: "Revokes the current session and clears the cookie. Succeeds without a session too.",
    responses: { 204: { description: "Logged out." }, ...errorResponses("FORBIDDEN") },
  },
);

const password = defineRoute(
  { level: "user" },
  {
    method: "post",
    path: "/api/v1/auth/password",
    tags: ["Auth"],
    summary: "Change password",
    description: "Every other session of the user is revoked; this one stays logged in.",
    request: {
      body: json(
        z.object({ currentPassword: z.string().min(1).max(200), newPassword: PasswordSchema }).strict(),
      ),
    },
    responses: { 204: { description: "Changed." }, ...BODY_ERRORS },
  },
);

const passwordReset = defineRoute(
  { level: "public" },
  {
    method: "post",
    path: "/api/v1/auth/password-reset",
    tags: ["Auth"],
    summary: "Reset a password with an admin-issued link",
    request: {
      body: json(z.object({ token: z.string().min(10).max(200), newPassword: PasswordSchema }).strict()),
    },
    responses: {
      204: { description: "Password set; all sessions revoked." },
      ...BODY_ERRORS,
      ...errorResponses("NOT_FOUND", "FORBIDDEN"),
    },
  },
);

const whoamiRoute = defineRoute(
  { level: "authenticated" },
  {
    method: "get",
    path: "/api/v1/whoami",
    tags: ["Auth"],
    summary: "Who is this credential",
    description: "The user or API key behind the request, its organizations, projects and (for keys) scopes.",
    responses: { 200: ok("The caller.", WhoamiSchema) },
  },
);

export const authRoutes = new OpenAPIHono<HonoEnv>();

authRoutes.openapi(signup, async (c) => {
  const result = await signUp({
    ctx: publicContext(c),
    input: { ...c.req.valid("json"), ...sessionClient(c) },
  });
  c.header("Set-Cookie", result.cookie);
  return c.json(result.body, 201);
});

authRoutes.openapi(login, async (c) => {
  const result = await logIn({
    ctx: publicContext(c),
    input: { ...c.req.valid("json"), ...sessionClient(c) },
  });
  c.header("Set-Cookie", result.cookie);
  return c.json(result.body, 200);
});

authRoutes.openapi(logout, async (c) => {
  // Logging out needs no credential; the session cookie, when sent, names the session to revoke.
  const principal = c.get("principal");
  const sessionId = principal?.type === "user" ? principal.sessionId : null;
  await logOut({ ctx: publicContext(c), input: { sessionId } });
  c.header("Set-Cookie", clearedSessionCookie(c.req.url));
  return c.body(null, 204);
});

authRoutes.openapi(password, async (c) => {
  await changePassword({ ctx: userCtxOf(c), input: c.req.valid("json") });
  return c.body(null, 204);
});

authRoutes.openapi(passwordReset, async (c) => {
  await resetPassword({ ctx: publicContext(c), input: c.req.valid("json") });
  c.header("Set-Cookie", clearedSessionCookie(c.req.url));
  return c.body(null, 204);
});

authRoutes.openapi(whoamiRoute, async (c) => c.json(await whoami({ ctx: ctxOf(c) }), 200));
