import { OpenAPIHono, z } from "@hono/zod-openapi";
import { projectCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "../http/openapi";
import { defineRoute } from "../http/route";
import { acknowledgeAlert, getAlert, listAlerts, muteAlert } from "./event-service";
import { createRule, deleteRule, getRule, listRules, updateRule } from "./rule-service";
import {
  AlertListQuery,
  AlertParams,
  AlertSchema,
  MuteInput,
  ProjectParams,
  RuleInput,
  RuleParams,
  RulePatch,
  RuleSchema,
  SeriesQuery,
  SeriesSchema,
} from "./schemas";
import { ruleSeries } from "./series";

const tags = ["Alerts"];
const rules = "/api/v1/projects/{projectId}/alert-rules";
const alerts = "/api/v1/projects/{projectId}/alerts";
const read = { level: "project", permission: "project:read" } as const;
const write = { level: "project", permission: "project:write" } as const;

const routes = {
  listRules: defineRoute(read, {
    method: "get",
    path: rules,
    tags,
    summary: "List alert rules",
    description: "Each with its state, its last window's numbers and its open alert.",
    request: { params: ProjectParams },
    responses: {
      200: jsonResponse("The rules, by name.", z.object({ rules: z.array(RuleSchema) })),
      ...errorResponses("INVALID_INPUT"),
    },
  }),
  createRule: defineRoute(write, {
    method: "post",
    path: rules,
    tags,
    summary: "Create an alert rule",
    description:
      "A threshold on a window's statistic with confidence (the Wilson interval's bound for rates, a t interval for means) " +
      "and a minimum of samples, or a drop against a trailing baseline (a one-sided two-sample test and a minimum effect); " +
      "m of the last n windows, a cooldown, a resolve after clear windows. Score metrics are narrowed by feedback name and " +
      "monitor, trace metrics by model: the dimensions the rollups keep. Evaluated every 5 minutes from the rollups. Audited.",
    request: { params: ProjectParams, body: jsonBody(RuleInput) },
    responses: { 201: jsonResponse("The rule.", RuleSchema), ...BODY_ERRORS },
  }),
  getRule: defineRoute(read, {
    method: "get",
    path: `${rules}/{ruleId}`,
    tags,
    summary: "Get an alert rule",
    request: { params: RuleParams },
    responses: { 200: jsonResponse("The rule.", RuleSchema), ...errorResponses("INVALID_INPUT") },
  }),
  series: defineRoute(read, {
    method: "get",
    path: `${rules}/{ruleId}/series`,
    tags,
    summary: "An alert rule's statistic over time",
    description:
      "Its last `windows` complete windows (48 when not given): the statistic, n, the 95 % band, the baseline, where it " +
      "fires, each window's verdict and the state the rule would have been in (the rule run over the rollups).",
    request: { params: RuleParams, query: SeriesQuery },
    responses: { 200: jsonResponse("The series.", SeriesSchema), ...errorResponses("INVALID_INPUT") },
  }),
  updateRule: defineRoute(write, {
    method: "patch",
    path: `${rules}/{ruleId}`,
    tags,
    summary: "Change, disable or mute an alert rule",
    description:
      "A new configuration starts the rule's window counts afresh; an open alert stays open until it resolves. Audited.",
    request: { params: RuleParams, body: jsonBody(RulePatch) },
    responses: { 200: jsonResponse("The rule.", RuleSchema), ...BODY_ERRORS },
  }),
  deleteRule: defineRoute(write, {
    method: "delete",
    path: `${rules}/{ruleId}`,
    tags,
    summary: "Delete an alert rule",
    description: "With its alerts. Audited.",
    request: { params: RuleParams },
    responses: { 204: { description: "Deleted." }, ...errorResponses("INVALID_INPUT") },
  }),
  listAlerts: defineRoute(read, {
    method: "get",
    path: alerts,
    tags,
    summary: "List alerts",
    description:
      "Newest first; `state=open` for those firing or acknowledged. Each with its numbers and links to it and its traces.",
    request: { params: ProjectParams, query: AlertListQuery },
    responses: {
      200: jsonResponse("The alerts.", z.object({ alerts: z.array(AlertSchema) })),
      ...errorResponses("INVALID_INPUT"),
    },
  }),
  getAlert: defineRoute(read, {
    method: "get",
    path: `${alerts}/{alertId}`,
    tags,
    summary: "Get an alert",
    request: { params: AlertParams },
    responses: { 200: jsonResponse("The alert.", AlertSchema), ...errorResponses("INVALID_INPUT") },
  }),
  acknowledge: defineRoute(write, {
    method: "post",
    path: `${alerts}/{alertId}/acknowledge`,
    tags,
    summary: "Acknowledge an alert",
    description: "Says someone is on it; it stays open until its rule resolves it. Audited.",
    request: { params: AlertParams },
    responses: { 200: jsonResponse("The alert.", AlertSchema), ...errorResponses("INVALID_INPUT") },
  }),
  mute: defineRoute(write, {
    method: "post",
    path: `${alerts}/{alertId}/mute`,
    tags,
    summary: "Mute an alert's rule",
    description: "For `minutes`: still evaluated, its alerts recorded, nobody notified. Audited.",
    request: { params: AlertParams, body: jsonBody(MuteInput) },
    responses: {
      200: jsonResponse(
        "The alert, and until when its rule is muted.",
        AlertSchema.extend({ mutedUntil: z.string() }),
      ),
      ...BODY_ERRORS,
    },
  }),
};

export const alertRoutes = new OpenAPIHono<HonoEnv>();

alertRoutes.openapi(routes.listRules, async (c) => c.json(await listRules({ ctx: projectCtxOf(c) }), 200));
alertRoutes.openapi(routes.createRule, async (c) =>
  c.json(await createRule({ ctx: projectCtxOf(c), input: c.req.valid("json") }), 201),
);
alertRoutes.openapi(routes.getRule, async (c) =>
  c.json(await getRule({ ctx: projectCtxOf(c), input: c.req.valid("param") }), 200),
);
alertRoutes.openapi(routes.series, async (c) => {
  const input = { ...c.req.valid("param"), ...c.req.valid("query") };
  return c.json(await ruleSeries({ ctx: projectCtxOf(c), input }), 200);
});
alertRoutes.openapi(routes.updateRule, async (c) => {
  const input = { ruleId: c.req.valid("param").ruleId, patch: c.req.valid("json") };
  return c.json(await updateRule({ ctx: projectCtxOf(c), input }), 200);
});
alertRoutes.openapi(routes.deleteRule, async (c) => {
  await deleteRule({ ctx: projectCtxOf(c), input: c.req.valid("param") });
  return c.body(null, 204);
});
alertRoutes.openapi(routes.listAlerts, async (c) =>
  c.json(await listAlerts({ ctx: projectCtxOf(c), input: c.req.valid("query") }), 200),
);
alertRoutes.openapi(routes.getAlert, async (c) =>
  c.json(await getAlert({ ctx: projectCtxOf(c), input: c.req.valid("param") }), 200),
);
alertRoutes.openapi(routes.acknowledge, async (c) =>
  c.json(await acknowledgeAlert({ ctx: projectCtxOf(c), input: c.req.valid("param") }), 200),
);
alertRoutes.openapi(routes.mute, async (c) => {
  const input = { ...c.req.valid("param"), ...c.req.valid("json") };
  return c.json(await muteAlert({ ctx: projectCtxOf(c), input }), 200);
});
