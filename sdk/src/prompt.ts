/**
 * A prompt version as the app uses it: fields as the registry stores them, rendered here (no
 * request), and linked to the active span when rendered, so the trace names the version it used.
 */
import { invalidInput } from "./api.ts";
import { shown } from "./assessments.ts";
import { isObject } from "./checks.ts";
import { activeSpan } from "./context.ts";
import { SightlineError } from "./errors.ts";
import {
  extractVariables,
  type PromptMessage,
  type PromptTemplate,
  renderMessages,
  renderText,
} from "./prompt-template.ts";
import { Attr } from "./types.ts";

/** How to call a model with a version (all optional, as the registry stores them). */
export interface PromptModelConfig {
  provider?: string;
  model?: string;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  stop?: string[];
  extra?: Record<string, unknown>;
}

/** A template bundled with the app, served when the registry cannot be reached on a cold start. */
export interface PromptFallback {
  template: PromptTemplate;
  responseFormat?: Record<string, unknown> | null;
  modelConfig?: PromptModelConfig | null;
}

interface PromptFields {
  name: string;
  version: number | null;
  template: PromptTemplate;
  responseFormat: Record<string, unknown> | null;
  modelConfig: PromptModelConfig | null;
  message: string;
  createdAt: string | null;
  uri: string;
  isFallback: boolean;
}

/** The server keeps at most this many prompt references per span. */
const MAX_LINKS_PER_SPAN = 20;

export class Prompt {
  readonly name: string;
  /** The version number; null for a bundled fallback (which is no stored version). */
  readonly version: number | null;
  readonly kind: "text" | "chat";
  /** Text, or chat messages `{ role, content }` (frozen: the cached copy is shared). */
  readonly template: PromptTemplate;
  /** The `{{ variable }}` names the template uses, in order of first use. */
  readonly variables: readonly string[];
  /** The JSON schema the answer must follow, if the version has one. */
  readonly responseFormat: Record<string, unknown> | null;
  readonly modelConfig: PromptModelConfig | null;
  /** The version's commit message. */
  readonly message: string;
  readonly createdAt: string | null;
  /** `prompts:/name/N` for a stored version; for a fallback, the reference asked for. */
  readonly uri: string;
  /** True when this is the app's bundled fallback, served because the registry was unreachable. */
  readonly isFallback: boolean;

  /** @internal Made by prompts.get() and register(). */
  constructor(fields: PromptFields) {
    this.name = fields.name;
    this.version = fields.version;
    this.kind = typeof fields.template === "string" ? "text" : "chat";
    this.template =
      typeof fields.template === "string"
        ? fields.template
        : (Object.freeze(
            fields.template.map((m) => Object.freeze({ role: m.role, content: m.content })),
          ) as PromptMessage[]);
    this.variables = Object.freeze(extractVariables(fields.template));
    this.responseFormat = fields.responseFormat;
    this.modelConfig = fields.modelConfig;
    this.message = fields.message;
    this.createdAt = fields.createdAt;
    this.uri = fields.uri;
    this.isFallback = fields.isFallback;
  }

  /**
   * The text of a text template with its variables filled (strings as they are, other values as
   * JSON). A chat template has no single text: this throws invalid_input pointing to toMessages().
   * A missing variable throws invalid_input naming it; variables the template does not use are ignored.
   */
  render(variables: Record<string, unknown> = {}): string {
    if (typeof this.template !== "string")
      throw new SightlineError(
        "invalid_input",
        `Prompt "${this.name}" ${this.#label()} is a chat template (${this.template.length} messages): use toMessages() for it, render() is for text templates.`,
      );
    const text = renderText(this.template, variables, this.variables, this);
    this.#link();
    return text;
  }

  /**
   * Messages ready for the `openai` client (`chat.completions.create({ messages })`): a chat
   * template's messages filled, or a text template as one `user` message.
   */
  toMessages(variables: Record<string, unknown> = {}): PromptMessage[] {
    const messages =
      typeof this.template === "string"
        ? [{ role: "user", content: renderText(this.template, variables, this.variables, this) }]
        : renderMessages(this.template, variables, this.variables, this);
    this.#link();
    return messages;
  }

  #label(): string {
    return this.version === null ? "(bundled fallback)" : `version ${this.version}`;
  }

  /**
   * Names this version on the active span (`sightline.prompt`: one URI, or a JSON list once a span
   * renders several). A fallback is no stored version, so it links nothing.
   */
  #link(): void {
    if (this.isFallback) return;
    const span = activeSpan();
    if (!span || span.ended) return;
    const current = span.getAttribute(Attr.prompt);
    if (current === undefined) {
      span.setAttribute(Attr.prompt, this.uri);
      return;
    }
    const uris = linkedUris(current);
    if (uris.includes(this.uri) || uris.length >= MAX_LINKS_PER_SPAN) return;
    span.setAttribute(Attr.prompt, JSON.stringify([...uris, this.uri]));
  }
}

function linkedUris(value: unknown): string[] {
  if (typeof value !== "string") return [];
  if (!value.startsWith("[")) return [value];
  try {
    const list: unknown = JSON.parse(value);
    return Array.isArray(list) ? list.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

const ROLES: readonly string[] = ["system", "developer", "user", "assistant"];

/** A template's shape (text, or messages with a known role and text content), or why not. */
export function templateProblem(template: unknown): string | null {
  if (typeof template === "string") return template === "" ? "template must not be empty" : null;
  if (!Array.isArray(template) || template.length === 0)
    return `template must be text or a non-empty list of { role, content }, got ${shown(template)}`;
  const bad = template.findIndex(
    (m: unknown) => !isObject(m) || !ROLES.includes(String(m.role)) || typeof m.content !== "string",
  );
  return bad === -1
    ? null
    : `template[${bad}] must be { role: ${ROLES.join(" | ")}, content: string }, got ${shown(template[bad])}`;
}

const objectOrNull = (value: unknown): value is Record<string, unknown> | null | undefined =>
  value === undefined || value === null || isObject(value);

/** Checks a bundled fallback once (a broken one must fail at once, not when the server is down). */
export function checkFallback(call: string, fallback: unknown): PromptFallback {
  if (!isObject(fallback))
    throw invalidInput(call, `fallback must be { template, … }, got ${shown(fallback)}`);
  const problem = templateProblem(fallback.template);
  if (problem) throw invalidInput(call, `fallback.${problem}`);
  if (!objectOrNull(fallback.responseFormat) || !objectOrNull(fallback.modelConfig))
    throw invalidInput(call, "fallback.responseFormat and fallback.modelConfig must be objects when given");
  return fallback as unknown as PromptFallback;
}

export function fallbackPrompt(name: string, uri: string, fallback: PromptFallback): Prompt {
  return new Prompt({
    name,
    version: null,
    template: fallback.template,
    responseFormat: fallback.responseFormat ?? null,
    modelConfig: fallback.modelConfig ?? null,
    message: "",
    createdAt: null,
    uri,
    isFallback: true,
  });
}

/**
 * A PromptVersion from the registry's answer, checked before it is cached and served for the
 * process' life: a malformed answer is a request_failed, never a broken prompt in the app.
 */
export function promptFromAnswer(call: string, answer: unknown): Prompt {
  const version = isObject(answer) && isObject(answer.prompt) ? answer.prompt : answer;
  const fail = (why: string) =>
    new SightlineError(
      "request_failed",
      `${call} failed: the registry's answer is not a prompt version (${why})`,
    );
  if (!isObject(version)) throw fail(`got ${shown(answer)}`);
  const { name, template, responseFormat, modelConfig, message, createdAt } = version;
  if (typeof name !== "string" || name === "") throw fail("no name");
  if (typeof version.version !== "number" || !Number.isInteger(version.version) || version.version < 1)
    throw fail("no version number");
  const problem = templateProblem(template);
  if (problem) throw fail(problem);
  if (!objectOrNull(responseFormat) || !objectOrNull(modelConfig))
    throw fail("responseFormat and modelConfig must be objects or null");
  return new Prompt({
    name,
    version: version.version,
    template: template as PromptTemplate,
    responseFormat: responseFormat ?? null,
    modelConfig: (modelConfig as PromptModelConfig | null | undefined) ?? null,
    message: typeof message === "string" ? message : "",
    createdAt: typeof createdAt === "string" ? createdAt : null,
    uri: `prompts:/${name}/${version.version}`,
    isFallback: false,
  });
}
