/**
 * `npm run demo`: fills a project with realistic traces of a sample support agent, run with the
 * Sightline SDK against a scripted OpenAI-compatible server (no internet needed): retrieval, tool
 * calls, chat model calls (some streamed), errors and multi-turn sessions. Uses a Sightline that is
 * already running at SIGHTLINE_URL (default http://localhost:8787), or starts the local stack
 * (like `npm start`) and keeps it running until Ctrl-C.
 */
import { join } from "node:path";
import OpenAI from "openai";
import {
  init,
  SpanType,
  shutdown,
  trace,
  updateCurrentTrace,
  withSpan,
  wrapOpenAI,
} from "../sdk/src/index.ts";
import { startOpenAIServer } from "./openai-server.ts";
import { buildDashboard, ROOT, type Stack, startStack } from "./stack.ts";

const DEMO_EMAIL = "demo@sightline.local";
const DEMO_PASSWORD = "sightline-demo";
const SESSIONS = Number(process.env.DEMO_SESSIONS ?? 12);

const QUESTIONS = [
  "Where is my refund for order 1234?",
  "Can I change the delivery address of order 5521?",
  "How do I reset my password?",
  "Do you ship to Canada?",
  "My package arrived damaged, what now?",
  "What is your return policy for electronics?",
  "Can I cancel order 7788?",
  "Why was I charged twice?",
];
const FOLLOW_UPS = [
  "Thanks! How long does that take?",
  "And if it does not arrive?",
  "Can you email me the details?",
];

const KNOWLEDGE = [
  "Refunds are issued within 2 business days and take 3-5 days to appear.",
  "Addresses can be changed until the order ships.",
  "Password resets are done from the login page.",
  "We ship to the US, Canada and the EU.",
  "Damaged items are replaced free of charge within 30 days.",
  "Electronics can be returned unopened within 14 days.",
];

async function ensureSightline(): Promise<{ url: string; stack: Stack | null }> {
  const url = process.env.SIGHTLINE_URL ?? "http://localhost:8787";
  try {
    if ((await fetch(`${url}/api/health`)).ok) return { url, stack: null };
  } catch {
    // not running: start it
  }
  console.log("No Sightline running; building the dashboard and starting the local stack (as npm start)…");
  await buildDashboard();
  const stack = await startStack({
    dataDir: join(ROOT, ".sightline"),
    port: Number(new URL(url).port || 8787),
  });
  return { url: stack.url, stack };
}

async function demoSession(url: string): Promise<{ cookie: string; orgId: string }> {
  const headers = { "content-type": "application/json", origin: url };
  let res = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers,
    body: JSON.stringify({ email: DEMO_EMAIL, password: DEMO_PASSWORD }),
  });
  if (res.status === 401) {
    res = await fetch(`${url}/api/v1/auth/signup`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        email: DEMO_EMAIL,
        password: DEMO_PASSWORD,
        name: "Demo User",
        organization: "Demo Co",
      }),
    });
  }
  if (!res.ok) throw new Error(`could not log in as the demo user: ${res.status} ${await res.text()}`);
  const cookie = /sl_session=[^;]+/.exec(res.headers.get("set-cookie") ?? "")?.[0] ?? "";
  const me = (await (await fetch(`${url}/api/v1/whoami`, { headers: { cookie } })).json()) as {
    organizations: { id: string }[];
  };
  const orgId = me.organizations[0]?.id;
  if (!orgId) throw new Error("the demo user has no organisation");
  return { cookie, orgId };
}

async function demoProject(
  url: string,
  cookie: string,
  orgId: string,
): Promise<{ projectId: string; key: string }> {
  const headers = { "content-type": "application/json", origin: url, cookie };
  const list = (await (await fetch(`${url}/api/v1/projects?orgId=${orgId}`, { headers })).json()) as {
    projects: { id: string; name: string }[];
  };
  let projectId = list.projects.find((p) => p.name === "Support agent (demo)")?.id;
  if (!projectId) {
    const created = await fetch(`${url}/api/v1/projects`, {
      method: "POST",
      headers,
      body: JSON.stringify({ orgId, name: "Support agent (demo)" }),
    });
    projectId = ((await created.json()) as { id: string }).id;
  }
  const key = await fetch(`${url}/api/v1/projects/${projectId}/api-keys`, {
    method: "POST",
    headers,
    body: JSON.stringify({ name: `demo ${new Date().toISOString()}`, scopes: ["ingest"] }),
  });
  return { projectId, key: ((await key.json()) as { key: string }).key };
}

async function main() {
  const { url, stack } = await ensureSightline();
  const { cookie, orgId } = await demoSession(url);
  const { projectId, key } = await demoProject(url, cookie, orgId);

  const llm = await startOpenAIServer();
  llm.script([
    // The first call of a turn about an order asks for the order tool; the answer follows.
    {
      path: "/v1/chat/completions",
      when: (r) =>
        /order \d+/.test(JSON.stringify(r.body)) && !JSON.stringify(r.body).includes('"role":"tool"'),
      reply: { content: null, toolCalls: [{ name: "lookup_order", arguments: { order: "from-question" } }] },
    },
    {
      path: "/v1/chat/completions",
      bodyIncludes: "charged twice",
      reply: { status: 500, error: { message: "upstream model overloaded" } },
    },
    {
      path: "/v1/chat/completions",
      reply: {
        content:
          "Here is what I found: your request is being handled and you will hear from us within 24 hours.",
      },
    },
  ]);

  init({ apiKey: key, baseUrl: url, serviceName: "support-agent-demo" });
  const openai = wrapOpenAI(new OpenAI({ apiKey: "demo", baseURL: llm.url, maxRetries: 0 }));

  const embed = trace(
    async (text: string) =>
      (await openai.embeddings.create({ model: "text-embedding-3-small", input: text })).data[0]?.embedding,
    {
      name: "embed_query",
      spanType: SpanType.EMBEDDING,
    },
  );
  const searchKnowledge = trace(
    async (question: string) => {
      await embed(question);
      const words = question.toLowerCase().split(/\W+/);
      return KNOWLEDGE.filter((k) => words.some((w) => w.length > 4 && k.toLowerCase().includes(w))).slice(
        0,
        3,
      );
    },
    { name: "search_knowledge_base", spanType: SpanType.RETRIEVER },
  );
  const lookupOrder = trace(
    async (order: string) => {
      if (order.endsWith("88")) throw new Error(`order service timed out for ${order}`);
      return { order, status: "refunded", updated: "Monday" };
    },
    { name: "lookup_order", spanType: SpanType.TOOL },
  );

  async function turn(sessionId: string, userId: string, question: string, stream: boolean) {
    return withSpan(
      { name: "support_agent", spanType: SpanType.AGENT, inputs: { question } },
      async (span) => {
        updateCurrentTrace({
          sessionId,
          userId,
          tags: { channel: stream ? "chat-widget" : "email", env: "demo" },
          metadata: { agent_version: "1.4.2" },
        });
        const docs = await searchKnowledge(question);
        const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
          { role: "system", content: `You are a support agent. Knowledge:\n${docs.join("\n")}` },
          { role: "user", content: question },
        ];
        const first = await openai.chat.completions.create({
          model: "gpt-4o-mini",
          messages,
          temperature: 0.2,
        });
        const call = first.choices[0]?.message.tool_calls?.[0];
        if (call) {
          const order = /order (\d+)/.exec(question)?.[1] ?? "0";
          messages.push(first.choices[0]?.message as OpenAI.Chat.ChatCompletionMessageParam);
          const result = await lookupOrder(order);
          messages.push({ role: "tool", tool_call_id: call.id, content: JSON.stringify(result) });
        }
        let answer = "";
        if (stream) {
          const chunks = await openai.chat.completions.create({
            model: "gpt-4o",
            messages,
            stream: true,
            stream_options: { include_usage: true },
          });
          for await (const chunk of chunks) answer += chunk.choices[0]?.delta?.content ?? "";
        } else {
          const final = await openai.chat.completions.create({ model: "gpt-4o", messages });
          answer = final.choices[0]?.message.content ?? "";
        }
        span.setOutputs(answer);
        return answer;
      },
    );
  }

  let traces = 0;
  let failed = 0;
  for (let s = 0; s < SESSIONS; s++) {
    const sessionId = `demo-session-${Date.now().toString(36)}-${s}`;
    const userId = `customer-${(s % 5) + 1}`;
    const turns = 1 + (s % 3);
    for (let t = 0; t < turns; t++) {
      const question =
        t === 0
          ? (QUESTIONS[s % QUESTIONS.length] ?? "Hello")
          : (FOLLOW_UPS[(s + t) % FOLLOW_UPS.length] ?? "Thanks");
      process.stdout.write(
        `\r  running the support agent: session ${s + 1}/${SESSIONS}, turn ${t + 1}/${turns}   `,
      );
      try {
        await turn(sessionId, userId, question, (s + t) % 2 === 0);
      } catch {
        failed++; // recorded as an ERROR trace by the SDK
      }
      traces++;
    }
  }
  await shutdown();
  await llm.close();
  console.log(`\n\nSent ${traces} traces in ${SESSIONS} sessions (${failed} failed on purpose).`);
  console.log(`  Open ${url}/traces and log in as ${DEMO_EMAIL} / ${DEMO_PASSWORD}`);
  console.log(`  Project: "Support agent (demo)" (${projectId})`);
  if (stack) {
    console.log("  The local stack keeps running; press Ctrl-C to stop it.");
    const stop = async () => {
      await stack.stop();
      process.exit(0);
    };
    process.on("SIGINT", () => void stop());
    process.on("SIGTERM", () => void stop());
  }
}

await main();
