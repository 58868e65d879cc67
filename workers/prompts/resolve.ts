import { and, eq, sql } from "drizzle-orm";
import { promptAliases, prompts, promptVersions } from "../../schema";
import type { ProjectContext } from "../auth/context";
import { ApiError } from "../lib/errors";
import { LATEST, unknownAlias } from "./aliases";
import { parsePromptUri } from "./uri";
import { versionView } from "./versions";

/**
 * What a URI names now: the version, with the alias it came through, and its ETag. Apps ask this
 * on every revalidation, so it is one query: the prompt by name, the alias by its key, the version
 * it names, and the aliases pointing at that version; errors take a second look for their message.
 */
export async function resolvePrompt({ ctx, input }: { ctx: ProjectContext; input: { uri: string } }) {
  const uri = parsePromptUri(input.uri);
  if (!uri)
    throw new ApiError(
      "INVALID_INPUT",
      `"${input.uri}" is not a prompt URI: use prompts:/name/3, prompts:/name@alias or prompts:/name@latest.`,
    );
  const alias = "alias" in uri ? uri.alias : null;
  const wanted =
    "version" in uri
      ? sql`${uri.version}`
      : alias === LATEST
        ? sql`${prompts.latestVersion}`
        : sql`${promptAliases.version}`;
  const [row] = await ctx.db
    .select({
      prompt: prompts,
      aliasVersion: promptAliases.version,
      version: promptVersions,
      aliases: sql<string>`(select json_group_array(x.alias) from ${promptAliases} x
        where x.prompt_id = ${prompts.id} and x.version = ${promptVersions.version})`,
    })
    .from(prompts)
    .leftJoin(
      promptAliases,
      and(eq(promptAliases.promptId, prompts.id), eq(promptAliases.alias, alias ?? "")),
    )
    .leftJoin(
      promptVersions,
      and(eq(promptVersions.promptId, prompts.id), sql`${promptVersions.version} = ${wanted}`),
    )
    .where(and(eq(prompts.projectId, ctx.project.id), eq(prompts.name, uri.name)))
    .limit(1);
  if (!row) throw new ApiError("NOT_FOUND", `Prompt "${uri.name}" was not found.`);
  const { prompt, version } = row;
  if (alias !== null && alias !== LATEST && row.aliasVersion === null)
    throw await unknownAlias(ctx, prompt, alias);
  if (!version)
    throw new ApiError(
      "NOT_FOUND",
      `Prompt "${prompt.name}" has no version ${"version" in uri ? uri.version : "?"}; its versions are 1 to ${prompt.latestVersion}.`,
    );
  return {
    // The answer is the version: it changes only when the alias moves (or a new version is `latest`).
    etag: `"${prompt.id}.${version.version}"`,
    body: {
      uri: input.uri,
      alias,
      prompt: versionView(prompt, version, JSON.parse(row.aliases) as string[]),
    },
  };
}
