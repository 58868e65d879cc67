/**
 * What the demo's customers ask, what the support agent knows, and what the scripted LLM answers:
 * the rules for scripts/openai-server.ts. Faults are asked for per request with the
 * `x-demo-fault` header, so the plan (not chance inside the server) decides which calls fail.
 */
import { readFileSync } from "node:fs";
import type { Rule } from "../openai-server.ts";

export interface Topic {
  question: string;
  /** Questions about an order make the router call the lookup_order tool with this number. */
  order?: string;
  answer: string;
}

export const TOPICS: readonly Topic[] = [
  {
    question: "Where is my refund for order 1234?",
    order: "1234",
    answer:
      "I checked order 1234: the refund of $48.90 was issued on Monday to the card you paid with. Banks usually take 3 to 5 business days to show it, so you should see it by Friday at the latest.",
  },
  {
    question: "Can I change the delivery address of order 5521?",
    order: "5521",
    answer:
      "Order 5521 has not shipped yet, so the address can still be changed. Reply with the new address and I will update it; you will get a confirmation email within a few minutes.",
  },
  {
    question: "Can I cancel order 7788?",
    order: "7788",
    answer:
      "Order 7788 is still being packed, so I can cancel it for you. The full amount goes back to your original payment method within 2 business days of the cancellation.",
  },
  {
    question: "Order 3090 says delivered but I never got it.",
    order: "3090",
    answer:
      "The carrier marked order 3090 as delivered yesterday at 14:12. Please check with neighbours and your building's mail room; if it does not turn up within 48 hours, we will send a replacement at no cost.",
  },
  {
    question: "How do I reset my password?",
    answer:
      "Use 'Forgot password?' on the login page and enter your email address. The reset link is valid for one hour; if it does not arrive, check your spam folder.",
  },
  {
    question: "Do you ship to Canada?",
    answer:
      "Yes, we ship to Canada, the US and the EU. Orders to Canada take 5 to 8 business days and duties are included in the price shown at checkout.",
  },
  {
    question: "My package arrived damaged, what now?",
    answer:
      "I am sorry about that. Damaged items are replaced free of charge within 30 days: send us a photo of the damage and the packaging, and we will ship the replacement the same day.",
  },
  {
    question: "What is your return policy for electronics?",
    answer:
      "Electronics can be returned unopened within 14 days for a full refund. Opened items can be returned within 14 days if they are faulty; a prepaid label is in your order confirmation.",
  },
  {
    question: "Why was I charged twice?",
    answer:
      "The second charge is a pre-authorisation that your bank releases automatically within 3 business days; only one payment was captured. If it is still there after that, we will refund it directly.",
  },
  {
    question: "Can I pay with PayPal?",
    answer:
      "Yes, PayPal is available at checkout next to cards and Apple Pay. Payment is taken when the order ships.",
  },
];

export const FOLLOW_UPS: readonly { question: string; answer: string }[] = [
  {
    question: "Thanks! How long does that take?",
    answer: "Usually within 2 business days; I will email you as soon as it is done.",
  },
  {
    question: "And if it does not arrive?",
    answer: "Then reply to this conversation and we will send a replacement or refund you, your choice.",
  },
  {
    question: "Can you email me the details?",
    answer: "Done: a summary is on its way to the email address on your account.",
  },
  {
    question: "Can I talk to a human?",
    answer:
      "Of course. I have handed this conversation to our support team; someone will reply within an hour.",
  },
];

/** The agent's system prompt; `npm run demo:eval` can run it with another file (DEMO_PROMPT). */
export const SYSTEM_PROMPT = readFileSync(new URL("./prompts/support.txt", import.meta.url), "utf8").trim();

export const KNOWLEDGE = [
  "Refunds are issued within 2 business days and take 3-5 days to appear on the statement.",
  "Addresses can be changed until the order ships.",
  "Orders can be cancelled until they ship; the amount is refunded within 2 business days.",
  "Password resets are done from the login page; the link is valid for one hour.",
  "We ship to the US, Canada and the EU; duties are included at checkout.",
  "Damaged items are replaced free of charge within 30 days with a photo of the damage.",
  "Electronics can be returned unopened within 14 days, or opened when faulty.",
  "Duplicate charges are usually pre-authorisations released within 3 business days.",
  "We accept cards, PayPal and Apple Pay; payment is taken at shipping.",
  "Lost parcels marked delivered are replaced after 48 hours.",
];

/** The order service's answer, by order number. */
export const ORDERS: Record<string, Record<string, string>> = {
  "1234": { status: "refunded", amount: "48.90", refundedOn: "Monday" },
  "5521": { status: "processing", carrier: "DHL" },
  "7788": { status: "packing" },
  "3090": { status: "delivered", deliveredAt: "yesterday 14:12" },
};

export const FAULT_HEADER = "x-demo-fault";

const faultRule = (fault: string, reply: Rule["reply"]): Rule => ({
  path: "/v1/chat/completions",
  when: (request) => request.headers[FAULT_HEADER] === fault,
  reply,
});

/**
 * The router calls lookup_order for order questions and answers "no tool" otherwise; the answer
 * model says the topic's (or follow-up's) answer; `slowModel`, the incident's, is rate-limited.
 */
export function llmRules({ routerModel, slowModel }: { routerModel: string; slowModel: string }): Rule[] {
  const orderRules: Rule[] = TOPICS.flatMap((topic) =>
    topic.order === undefined
      ? []
      : [
          {
            path: "/v1/chat/completions",
            model: routerModel,
            lastUserMessageIncludes: topic.question,
            reply: {
              content: null,
              toolCalls: [{ name: "lookup_order", arguments: { order: topic.order } }],
            },
          },
        ],
  );
  const answers: Rule[] = [...TOPICS, ...FOLLOW_UPS].map((item) => ({
    path: "/v1/chat/completions",
    lastUserMessageIncludes: item.question,
    reply: { content: item.answer },
  }));
  return [
    faultRule("rate_limited", {
      status: 429,
      retryAfter: 20,
      error: {
        message: `Rate limit reached for ${slowModel} on tokens per min (TPM): limit 30000, used 29950.`,
        code: "rate_limit_exceeded",
      },
    }),
    faultRule("overloaded", {
      status: 503,
      error: { message: "The server is overloaded. Try again later." },
    }),
    ...orderRules,
    { path: "/v1/chat/completions", model: routerModel, reply: { content: "no_tool" } },
    ...answers,
  ];
}
